import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createGoogleWorkspaceProvider, GOOGLE_DIRECTORY_SCOPES } from './google.ts';
import { foreignPrivateKeyPem, googleError, startGoogleDirectoryFake, GOOGLE_USER_SCOPE, type GoogleDirectoryFake } from '../../../test/fakes/google-directory.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const ADMIN = 'it-admin@acme.example';
const MAILBOX = { primaryEmail: 'jose.muller@acme.example', givenName: 'José', familyName: 'Müller', password: 'T3mp!pass-w0rd-Xy', idempotencyKey: 'run_1:mailbox' };

describe('Google Workspace mailbox adapter', () => {
  let fake: GoogleDirectoryFake;
  beforeEach(async () => {
    fake = await startGoogleDirectoryFake({ admins: [ADMIN], domains: ['acme.example'] });
  });
  afterEach(() => fake.close());
  const provider = (overrides: { key?: string; admin?: string } = {}) => createGoogleWorkspaceProvider({ service_account_key: overrides.key ?? fake.serviceAccountKey, admin_email: overrides.admin ?? ADMIN, base_url: fake.url });

  it('signs an RS256 assertion acting as the admin, then inserts the user with changePasswordAtNextLogin', async () => {
    const result = await provider().createMailbox(MAILBOX);

    assert.equal(fake.grants.length, 1);
    const grant = fake.grants[0]!;
    assert.equal(grant.iss, fake.clientEmail);
    assert.equal(grant.sub, ADMIN);
    assert.equal(grant.aud, `${fake.url}/token`);
    assert.equal(grant.scope, GOOGLE_DIRECTORY_SCOPES.join(' '));
    assert.equal(fake.users.length, 1);
    const user = fake.users[0]!;
    assert.equal(result.providerUserId, user.id);
    assert.equal(user.primaryEmail, MAILBOX.primaryEmail);
    assert.deepEqual(user.name, { givenName: 'José', familyName: 'Müller' });
    assert.equal(user.password, MAILBOX.password);
    assert.equal(user.changePasswordAtNextLogin, true);
    assert.deepEqual(user.externalIds, [{ type: 'custom', customType: 'embark_provisioning', value: 'run_1:mailbox' }]);
    assert.equal(provider().forcesPasswordChange, true);
    fake.assertNoViolations();
  });

  it('reuses the access token for the next call', async () => {
    const google = provider();
    await google.createMailbox(MAILBOX);
    await google.addressTaken('someone@acme.example');
    assert.equal(fake.grants.length, 1);
    fake.assertNoViolations();
  });

  it("reports a 409 for someone else's user as duplicate", async () => {
    fake.addUser(MAILBOX.primaryEmail);
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'duplicate', provider: 'google_workspace', status: 409, vendorCode: 'duplicate', message: /Entity already exists/ });
    await assertProviderError(provider().createMailbox({ ...MAILBOX, idempotencyKey: undefined }), { kind: 'duplicate', status: 409 });
    fake.assertNoViolations();
  });

  it('reports an address taken by a group as duplicate', async () => {
    fake.addGroup(MAILBOX.primaryEmail);
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'duplicate', status: 409 });
    fake.assertNoViolations();
  });

  it("returns this step's own earlier user on a 409 when it carries the same idempotency key", async () => {
    const first = await provider().createMailbox(MAILBOX);
    const again = await provider().createMailbox(MAILBOX);
    assert.deepEqual(again, first);
    assert.equal(fake.users.length, 1);
    await assertProviderError(provider().createMailbox({ ...MAILBOX, idempotencyKey: 'run_2:mailbox' }), { kind: 'duplicate' });
    fake.assertNoViolations();
  });

  it('reports a taken address whose user is not readable yet as transient, and succeeds once it is', async () => {
    fake.hideNewUsersFor(1);
    const first = await provider().createMailbox(MAILBOX);
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'transient', status: 404, message: /cannot be read yet/ });
    assert.deepEqual(await provider().createMailbox(MAILBOX), first);
    fake.assertNoViolations();
  });

  for (const reason of ['userRateLimitExceeded', 'quotaExceeded']) {
    it(`reports 403 ${reason} as rate_limited, with Retry-After when sent`, async () => {
      fake.failNext(1, googleError(403, reason, 'Rate Limit Exceeded', { 'retry-after': '30' }));
      const error = await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'rate_limited', status: 403, vendorCode: reason, retryAfterSeconds: 30 });
      assert.equal(error.retryable, true);
      fake.assertNoViolations();
    });
  }

  it('reports a 503 as transient', async () => {
    fake.failNext(1, googleError(503, 'backendError', 'Backend Error'));
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'transient', status: 503, vendorCode: 'backendError' });
    assert.equal(fake.users.length, 0);
    fake.assertNoViolations();
  });

  it('reports a key Google does not know as bad_credentials: the fake checks the signature with the public key', async () => {
    const key = JSON.stringify({ ...JSON.parse(fake.serviceAccountKey), private_key: foreignPrivateKeyPem() });
    await assertProviderError(provider({ key }).createMailbox(MAILBOX), { kind: 'bad_credentials', status: 400, vendorCode: 'invalid_grant', message: /Invalid JWT Signature/ });
    assert.match(fake.takeViolations()[0] ?? '', /Invalid JWT Signature/);
    assert.equal(fake.users.length, 0);
  });

  it('reports an admin Google does not know, or scopes delegation does not grant, as bad_credentials', async () => {
    await assertProviderError(provider({ admin: 'nobody@acme.example' }).createMailbox(MAILBOX), { kind: 'bad_credentials', status: 400, vendorCode: 'invalid_grant' });
    await fake.close();
    fake = await startGoogleDirectoryFake({ admins: [ADMIN], domains: ['acme.example'], delegatedScopes: [GOOGLE_USER_SCOPE] });
    await assertProviderError(provider().testConnection(), { kind: 'bad_credentials', status: 401, vendorCode: 'unauthorized_client' });
    fake.assertNoViolations();
  });

  it('reports a key file without its fields as bad_credentials before calling Google', async () => {
    await assertProviderError(provider({ key: '{"type":"service_account"}' }).createMailbox(MAILBOX), { kind: 'bad_credentials', status: undefined });
    assert.equal(fake.grants.length + fake.requests.length, 0);
  });

  it("reports a domain the customer does not have as rejected with Google's message", async () => {
    await assertProviderError(provider().createMailbox({ ...MAILBOX, primaryEmail: 'jose@other.example' }), { kind: 'rejected', status: 400, message: /Domain not found/ });
    fake.assertNoViolations();
  });

  it('reports an unreachable token endpoint as transient', async () => {
    const google = provider();
    await fake.close();
    await assertProviderError(google.createMailbox(MAILBOX), { kind: 'transient', status: undefined, message: /could not reach 127\.0\.0\.1/ });
    fake = await startGoogleDirectoryFake({ admins: [ADMIN], domains: ['acme.example'] });
  });

  it('finds taken addresses among users, aliases and groups', async () => {
    fake.addUser('ana.lima@acme.example', { aliases: ['ana@acme.example'] });
    fake.addGroup('sales@acme.example');
    const google = provider();
    assert.equal(await google.addressTaken('ana.lima@acme.example'), true);
    assert.equal(await google.addressTaken('ANA@acme.example'), true);
    assert.equal(await google.addressTaken('sales@acme.example'), true);
    assert.equal(await google.addressTaken('ana.lima2@acme.example'), false);
    fake.assertNoViolations();
  });

  it('tests the connection with a token grant and a one-user list, and reports a failing token endpoint as transient', async () => {
    await provider().testConnection();
    assert.equal(fake.grants.length, 1);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]!.query.get('maxResults'), '1');
    fake.failTokenNext(1, { status: 503, body: { error: 'internal_failure', error_description: 'try again' } });
    await assertProviderError(provider().testConnection(), { kind: 'transient', status: 503 });
    fake.assertNoViolations();
  });
});
