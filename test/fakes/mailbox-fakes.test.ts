/**
 * The mailbox fakes must refuse, and record, what Google, Graph and WorkMail would refuse: these
 * send malformed requests by hand and check that each is caught.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSign } from 'node:crypto';
import { startGoogleDirectoryFake, type GoogleDirectoryFake } from './google-directory.ts';
import { startGraphFake, type GraphFake } from './graph.ts';
import { startWorkMailFake, type WorkMailFake } from './workmail.ts';
import { signAwsRequest } from '../../src/providers/aws-sigv4.ts';

async function expectViolation(fake: { takeViolations(): string[] }, sending: Promise<Response>, status: number, violation: RegExp): Promise<void> {
  const response = await sending;
  assert.equal(response.status, status, `status for ${violation}`);
  const recorded = fake.takeViolations();
  assert.equal(recorded.length, 1, `one violation for ${violation}: ${recorded.join(' | ')}`);
  assert.match(recorded[0]!, violation);
}

describe('Google Directory fake', () => {
  let google: GoogleDirectoryFake;
  let key: { client_email: string; private_key: string; token_uri: string };
  before(async () => {
    google = await startGoogleDirectoryFake({ admins: ['admin@acme.example'], domains: ['acme.example'] });
    key = JSON.parse(google.serviceAccountKey);
  });
  after(() => google.close());
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const assertion = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64(header)}.${b64({ iss: key.client_email, sub: 'admin@acme.example', scope: 'https://www.googleapis.com/auth/admin.directory.user', aud: key.token_uri, iat: now, exp: now + 3600, ...claims })}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(key.private_key, 'base64url')}`;
  };
  const grant = (form: Record<string, string>) => fetch(key.token_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const jwtBearer = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

  it('grants a token for a well-formed assertion', async () => {
    const response = await grant({ grant_type: jwtBearer, assertion: assertion({}) });
    assert.equal(response.status, 200);
    assert.match(((await response.json()) as { access_token: string }).access_token, /^ya29\./);
    google.assertNoViolations();
  });

  it('refuses and records a wrong grant type, alg, aud, iss, a long-lived or expired assertion, no sub, and a tampered signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tampered = assertion({}).replace(/\.([^.]+)\./, `.${b64({ iss: key.client_email, sub: 'someone@acme.example' })}.`);
    const cases: [Record<string, string>, RegExp][] = [
      [{ grant_type: 'client_credentials', assertion: assertion({}) }, /grant_type is client_credentials/],
      [{ grant_type: jwtBearer, assertion: assertion({}, { alg: 'HS256' }) }, /alg is HS256/],
      [{ grant_type: jwtBearer, assertion: assertion({ aud: 'https://oauth2.googleapis.com/token' }) }, /aud is/],
      [{ grant_type: jwtBearer, assertion: assertion({ iss: 'other@x.iam.gserviceaccount.com' }) }, /iss is/],
      [{ grant_type: jwtBearer, assertion: assertion({ exp: now + 7200 }) }, /at most an hour/],
      [{ grant_type: jwtBearer, assertion: assertion({ iat: now - 7200, exp: now - 3600 }) }, /iat is not now/],
      [{ grant_type: jwtBearer, assertion: assertion({ sub: undefined }) }, /no sub/],
      [{ grant_type: jwtBearer, assertion: tampered }, /Invalid JWT Signature/],
      [{ grant_type: jwtBearer, assertion: assertion({}), scope: 'x' }, /unexpected parameter scope/],
    ];
    for (const [form, violation] of cases) await expectViolation(google, grant(form), 400, violation);
  });

  it('refuses and records Directory calls without a token, with an unknown field, or to a method it does not have', async () => {
    const token = ((await (await grant({ grant_type: jwtBearer, assertion: assertion({}) })).json()) as { access_token: string }).access_token;
    const insert = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }) => fetch(`${google.url}/admin/directory/v1/users`, { method: 'POST', headers, body: JSON.stringify(body) });
    const user = { primaryEmail: 'a@acme.example', name: { givenName: 'A', familyName: 'B' }, password: 'long-enough-1' };
    await expectViolation(google, insert(user, { 'content-type': 'application/json' }), 401, /no Bearer/);
    await expectViolation(google, insert({ ...user, changePasswordNextLogin: true }), 400, /unexpected field changePasswordNextLogin/);
    await expectViolation(google, insert({ ...user, name: { givenName: 'A' } }), 400, /name.familyName/);
    await expectViolation(google, fetch(`${google.url}/admin/directory/v1/users/a@acme.example/aliases`, { headers: { authorization: `Bearer ${token}` } }), 404, /no such Directory API method/);
  });
});

describe('Graph fake', () => {
  let graph: GraphFake;
  const app = { tenantId: '11111111-2222-3333-4444-555555555555', clientId: '66666666-7777-8888-9999-000000000000', clientSecret: 'secret' };
  before(async () => {
    graph = await startGraphFake({ ...app, verifiedDomains: ['acme.example'] });
  });
  after(() => graph.close());
  const tokenUrl = () => `${graph.url}/${app.tenantId}/oauth2/v2.0/token`;
  const grant = (form: Record<string, string>) => fetch(tokenUrl(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const good = { client_id: app.clientId, client_secret: app.clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' };

  it('refuses and records a wrong scope, grant type or secret', async () => {
    await expectViolation(graph, grant({ ...good, scope: 'User.ReadWrite.All' }), 400, /scope is User.ReadWrite.All/);
    await expectViolation(graph, grant({ ...good, grant_type: 'password' }), 400, /grant_type is password/);
    await expectViolation(graph, grant({ ...good, client_secret: 'nope' }), 401, /wrong client secret/);
  });

  it('refuses and records a create without required fields or with unknown ones, and an any() filter without ConsistencyLevel', async () => {
    const token = ((await (await grant(good)).json()) as { access_token: string }).access_token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const user = { accountEnabled: true, displayName: 'A B', mailNickname: 'a', userPrincipalName: 'a@acme.example', passwordProfile: { password: 'Aa1!aaaaaa', forceChangePasswordNextSignIn: true } };
    const create = (body: unknown) => fetch(`${graph.url}/v1.0/users`, { method: 'POST', headers, body: JSON.stringify(body) });
    await expectViolation(graph, create({ ...user, mailNickname: undefined }), 400, /mailNickname' is required/);
    await expectViolation(graph, create({ ...user, forceChangePassword: true }), 400, /Invalid property 'forceChangePassword'/);
    await expectViolation(graph, create({ ...user, passwordProfile: { password: 'Aa1!aaaaaa' } }), 400, /forceChangePasswordNextSignIn/);
    const filter = encodeURIComponent("userPrincipalName eq 'a@acme.example' or mail eq 'a@acme.example' or proxyAddresses/any(p:p eq 'smtp:a@acme.example')");
    await expectViolation(graph, fetch(`${graph.url}/v1.0/users?$filter=${filter}&$select=id`, { headers }), 400, /ConsistencyLevel/);
    await expectViolation(graph, fetch(`${graph.url}/v1.0/users`, { method: 'POST', body: '{}' }), 401, /no Bearer/);
    assert.equal(graph.users.length, 0);
  });
});

describe('WorkMail fake', () => {
  let workmail: WorkMailFake;
  const keys = { region: 'us-east-1', accessKeyId: 'AKIAFAKE', secretAccessKey: 'secret' };
  const organizationId = 'm-0123456789abcdef0123456789abcdef';
  before(async () => {
    workmail = await startWorkMailFake({ ...keys, organizationId, mailDomains: ['acme.example'] });
  });
  after(() => workmail.close());
  const send = (target: string, body: unknown, options: { contentType?: string; service?: string; sign?: boolean } = {}) => {
    const payload = JSON.stringify(body);
    const headers = { 'content-type': options.contentType ?? 'application/x-amz-json-1.1', 'x-amz-target': target };
    const signed = options.sign === false ? {} : signAwsRequest({ method: 'POST', url: `${workmail.url}/`, headers, body: payload }, { region: keys.region, service: options.service ?? 'workmail', credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } });
    return fetch(`${workmail.url}/`, { method: 'POST', headers: { ...headers, ...signed }, body: payload });
  };

  it('accepts a well-formed signed call', async () => {
    const response = await send('WorkMailService.ListUsers', { OrganizationId: organizationId, MaxResults: 1 });
    assert.equal(response.status, 200);
    workmail.assertNoViolations();
  });

  it('refuses and records an unsigned call, another service, an unknown target, a JSON 1.0 type, unknown and missing fields', async () => {
    await expectViolation(workmail, send('WorkMailService.ListUsers', { OrganizationId: organizationId }, { sign: false }), 400, /no AWS4-HMAC-SHA256/);
    await expectViolation(workmail, send('WorkMailService.ListUsers', { OrganizationId: organizationId }, { service: 'ses' }), 400, /service ses, not workmail/);
    await expectViolation(workmail, send('WorkMailService.CreateMailbox', { OrganizationId: organizationId }), 400, /not a WorkMailService operation/);
    await expectViolation(workmail, send('WorkMailService.ListUsers', { OrganizationId: organizationId }, { contentType: 'application/json' }), 400, /instead of application\/x-amz-json-1.1/);
    await expectViolation(workmail, send('WorkMailService.CreateUser', { OrganizationId: organizationId, Name: 'a', DisplayName: 'A', Email: 'a@acme.example' }), 400, /CreateUser takes no field Email/);
    await expectViolation(workmail, send('WorkMailService.RegisterToWorkMail', { OrganizationId: organizationId, EntityId: 'x' }), 400, /RegisterToWorkMail needs Email/);
    assert.equal(workmail.users.length, 0);
  });
});
