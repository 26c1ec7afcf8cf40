import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMicrosoft365Provider, GRAPH_MARK_ATTRIBUTE, graphMark, type Microsoft365Credentials } from './microsoft.ts';
import { graphError, startGraphFake, type GraphFake } from '../../../test/fakes/graph.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const APP = { tenantId: '11111111-2222-3333-4444-555555555555', clientId: '66666666-7777-8888-9999-000000000000', clientSecret: 'graph~client~secret~0001' };
const SKU = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
const MAILBOX = { primaryEmail: 'jose.muller@acme.example', givenName: 'José', familyName: 'Müller', password: 'T3mp!pass-w0rd-Xy' };

describe('Microsoft 365 mailbox adapter', () => {
  let fake: GraphFake;
  beforeEach(async () => {
    fake = await startGraphFake({ ...APP, verifiedDomains: ['acme.example'], skus: [SKU] });
  });
  afterEach(() => fake.close());
  const provider = (overrides: Partial<Microsoft365Credentials> = {}) => createMicrosoft365Provider({ entra_tenant_id: APP.tenantId, client_id: APP.clientId, client_secret: APP.clientSecret, login_base_url: fake.url, graph_base_url: fake.url, ...overrides }, { replicationDelaysMs: [5, 5, 5] });

  it('gets a client-credentials token, then creates the user forcing a password change at next sign-in', async () => {
    const result = await provider().createMailbox(MAILBOX);

    assert.equal(fake.tokenGrants, 1);
    assert.equal(fake.users.length, 1);
    const user = fake.users[0]!;
    assert.equal(result.providerUserId, user.id);
    assert.deepEqual(user.body, {
      accountEnabled: true,
      displayName: 'José Müller',
      givenName: 'José',
      surname: 'Müller',
      mailNickname: 'jose.muller',
      userPrincipalName: MAILBOX.primaryEmail,
      passwordProfile: { password: MAILBOX.password, forceChangePasswordNextSignIn: true },
    });
    assert.deepEqual(user.licenses, []);
    fake.assertNoViolations();
  });

  it('sets the usage location at creation and then assigns the licence', async () => {
    await provider({ usage_location: 'US', license_sku: SKU }).createMailbox(MAILBOX);
    const user = fake.users[0]!;
    assert.equal(user.body.usageLocation, 'US');
    assert.deepEqual(user.licenses, [SKU]);
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /v1.0/users', `POST /v1.0/users/${user.id}/assignLicense`],
    );
    fake.assertNoViolations();
  });

  it('retries the licence through replication lag, once per configured wait', async () => {
    fake.lagNext(2);
    await provider({ usage_location: 'US', license_sku: SKU }).createMailbox(MAILBOX);
    assert.deepEqual(fake.users[0]!.licenses, [SKU]);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/assignLicense')).length, 3);
    fake.assertNoViolations();
  });

  it('reports a licence still refused after the waits as rejected, naming the user that exists', async () => {
    fake.lagNext(10);
    const error = await assertProviderError(provider({ usage_location: 'US', license_sku: SKU }).createMailbox(MAILBOX), { kind: 'rejected', status: 404, vendorCode: 'Request_ResourceNotFound' });
    assert.match(error.message, new RegExp(`user ${fake.users[0]!.id} was created but its licence was not assigned`));
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/assignLicense')).length, 4);
    fake.assertNoViolations();
  });

  it('reports a licence without a usage location as rejected after the waits', async () => {
    await assertProviderError(provider({ license_sku: SKU }).createMailbox(MAILBOX), { kind: 'rejected', status: 400, message: /invalid usage location/ });
    fake.assertNoViolations();
  });

  it('reports 400 ObjectConflict as duplicate', async () => {
    fake.addUser(MAILBOX.primaryEmail);
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'duplicate', provider: 'microsoft_365', status: 400, vendorCode: 'ObjectConflict', message: /same value for property userPrincipalName/ });
    fake.assertNoViolations();
  });

  describe('when the create answers ObjectConflict', () => {
    const KEY = 'run-0f3c6a1e';
    const keyed = { ...MAILBOX, idempotencyKey: KEY };

    it('marks the user it creates with the idempotency key in an Exchange custom attribute', async () => {
      await provider().createMailbox(keyed);
      assert.deepEqual(fake.users[0]!.body.onPremisesExtensionAttributes, { [GRAPH_MARK_ATTRIBUTE]: `embark-provisioning:${KEY}` });
      assert.equal(fake.users[0]!.onPremisesExtensionAttributes[GRAPH_MARK_ATTRIBUTE], graphMark(KEY));
      fake.assertNoViolations();
    });

    it('takes a user carrying its own mark as made (the answer to its earlier create was lost), assigning the licence again', async () => {
      const earlier = await provider({ usage_location: 'US' }).createMailbox(keyed);
      const again = await provider({ usage_location: 'US', license_sku: SKU }).createMailbox(keyed);
      assert.equal(again.providerUserId, earlier.providerUserId);
      assert.equal(fake.users.length, 1, 'no second user');
      assert.deepEqual(fake.users[0]!.licenses, [SKU], 'the licence the lost create may not have reached');
      const read = fake.requests.find((r) => r.method === 'GET' && r.path === `/v1.0/users/${encodeURIComponent(MAILBOX.primaryEmail)}`);
      assert.equal(read?.query.get('$select'), 'id,onPremisesExtensionAttributes');
      fake.assertNoViolations();
    });

    it('reports a user without the mark, or with another run’s, as duplicate', async () => {
      fake.addUser(MAILBOX.primaryEmail);
      await assertProviderError(provider().createMailbox(keyed), { kind: 'duplicate', status: 400, vendorCode: 'ObjectConflict' });
      fake.addUser('ana.lima@acme.example', { onPremisesExtensionAttributes: { [GRAPH_MARK_ATTRIBUTE]: graphMark('another-run') } });
      await assertProviderError(provider().createMailbox({ ...keyed, primaryEmail: 'ana.lima@acme.example' }), { kind: 'duplicate', vendorCode: 'ObjectConflict' });
      assert.equal(fake.users.length, 2);
      fake.assertNoViolations();
    });

    it('reports an address another object holds (a group, a proxy address) as duplicate', async () => {
      fake.addGroup(MAILBOX.primaryEmail);
      await assertProviderError(provider().createMailbox(keyed), { kind: 'duplicate', vendorCode: 'ObjectConflict' });
      fake.addUser('ana.lima@acme.example', { proxyAddresses: ['ana@acme.example'] });
      await assertProviderError(provider().createMailbox({ ...keyed, primaryEmail: 'ana@acme.example' }), { kind: 'duplicate', vendorCode: 'ObjectConflict' });
      fake.assertNoViolations();
    });

    it('asks again later (transient) when its own user is not readable yet, then takes it', async () => {
      fake.hideNewUsersFor(1);
      await provider().createMailbox(keyed);
      await assertProviderError(provider().createMailbox(keyed), { kind: 'transient', status: 404, message: /cannot be read yet|can be read yet/ });
      assert.equal((await provider().createMailbox(keyed)).providerUserId, fake.users[0]!.id);
      assert.equal(fake.users.length, 1);
      fake.assertNoViolations();
    });
  });

  it('reports 429 as rate_limited with the Retry-After seconds', async () => {
    fake.failNext(1, graphError(429, 'TooManyRequests', 'Please retry again later.', { headers: { 'retry-after': '12' } }));
    const error = await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'rate_limited', status: 429, vendorCode: 'TooManyRequests', retryAfterSeconds: 12 });
    assert.equal(error.retryable, true);
    assert.equal(fake.users.length, 0);
    fake.assertNoViolations();
  });

  it('reports a 503 as transient, keeping its Retry-After', async () => {
    fake.failNext(1, graphError(503, 'serviceNotAvailable', 'Service unavailable', { headers: { 'retry-after': '3' } }));
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'transient', status: 503, retryAfterSeconds: 3 });
    fake.assertNoViolations();
  });

  it('reports a wrong client secret as bad_credentials with the AADSTS reason', async () => {
    await assertProviderError(provider({ client_secret: 'wrong' }).createMailbox(MAILBOX), { kind: 'bad_credentials', status: 401, vendorCode: 'invalid_client', message: /^microsoft_365 token 401 invalid_client: AADSTS7000215: Invalid client secret provided\.$/ });
    assert.match(fake.takeViolations()[0] ?? '', /wrong client secret/);
    assert.equal(fake.users.length, 0);
  });

  it('reports an unknown Entra tenant as bad_credentials', async () => {
    await assertProviderError(provider({ entra_tenant_id: '00000000-0000-0000-0000-000000000000' }).testConnection(), { kind: 'bad_credentials', status: 400, vendorCode: 'invalid_request', message: /AADSTS90002/ });
    fake.assertNoViolations();
  });

  it('reports missing Graph permissions (403) as bad_credentials', async () => {
    fake.failNext(1, graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'bad_credentials', status: 403, vendorCode: 'Authorization_RequestDenied' });
    fake.assertNoViolations();
  });

  it('reports a password Entra finds too weak as rejected', async () => {
    await assertProviderError(provider().createMailbox({ ...MAILBOX, password: 'alllowercase' }), { kind: 'rejected', status: 400, message: /password complexity/ });
    fake.assertNoViolations();
  });

  it('reports an unreachable sign-in endpoint as transient', async () => {
    const graph = provider();
    await fake.close();
    await assertProviderError(graph.createMailbox(MAILBOX), { kind: 'transient', status: undefined, message: /could not reach 127\.0\.0\.1/ });
    fake = await startGraphFake({ ...APP, verifiedDomains: ['acme.example'] });
  });

  it('finds taken addresses among user names, mail, proxy addresses and groups, escaping quotes', async () => {
    fake.addUser('ana.lima@acme.example', { proxyAddresses: ['ana@acme.example'] });
    fake.addGroup('sales@acme.example');
    const graph = provider();
    assert.equal(await graph.addressTaken('ana.lima@acme.example'), true);
    assert.equal(await graph.addressTaken('ana@acme.example'), true);
    assert.equal(await graph.addressTaken('sales@acme.example'), true);
    assert.equal(await graph.addressTaken("o'neil@acme.example"), false);
    assert.equal(fake.tokenGrants, 1);
    fake.assertNoViolations();
  });

  it('tests the connection with a token and a one-user list', async () => {
    await provider().testConnection();
    assert.equal(fake.tokenGrants, 1);
    assert.equal(fake.requests[0]!.query.get('$top'), '1');
    fake.assertNoViolations();
  });
});
