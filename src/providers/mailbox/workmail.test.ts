import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAwsWorkMailProvider, type AwsWorkMailCredentials } from './workmail.ts';
import { startWorkMailFake, workmailError, type WorkMailFake } from '../../../test/fakes/workmail.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const KEYS = { region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const MAILBOX = { primaryEmail: 'jose.muller@acme.example', givenName: 'José', familyName: 'Müller', password: 'T3mp!pass-w0rd-Xy' };

describe('AWS WorkMail mailbox adapter', () => {
  let fake: WorkMailFake;
  beforeEach(async () => {
    fake = await startWorkMailFake({ ...KEYS, organizationId: ORG, mailDomains: ['acme.example'] });
  });
  afterEach(() => fake.close());
  const provider = (overrides: Partial<AwsWorkMailCredentials> = {}) => createAwsWorkMailProvider({ organization_id: ORG, region: KEYS.region, access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey, endpoint: fake.url, ...overrides });

  it('creates the user then registers its address, each a SigV4-signed JSON 1.1 call', async () => {
    const result = await provider().createMailbox(MAILBOX);

    assert.deepEqual(fake.operations, ['CreateUser', 'RegisterToWorkMail']);
    assert.ok(fake.requests.every((r) => r.signatureValid));
    assert.deepEqual(fake.requests[0]!.signedHeaders, ['content-type', 'host', 'x-amz-date', 'x-amz-target']);
    assert.deepEqual(fake.requests[0]!.body, { OrganizationId: ORG, Name: 'jose.muller', DisplayName: 'José Müller', FirstName: 'José', LastName: 'Müller', Password: MAILBOX.password });
    const user = fake.users[0]!;
    assert.equal(result.providerUserId, user.UserId);
    assert.deepEqual(fake.requests[1]!.body, { OrganizationId: ORG, EntityId: user.UserId, Email: MAILBOX.primaryEmail });
    assert.equal(user.Email, MAILBOX.primaryEmail);
    assert.equal(user.State, 'ENABLED');
    fake.assertNoViolations();
  });

  it('says it cannot force a password change at next sign-in', () => {
    assert.equal(provider().forcesPasswordChange, false);
    assert.equal(provider().id, 'aws_workmail');
  });

  it('reports a taken user name (NameAvailabilityException) as duplicate', async () => {
    fake.addUser('jose.muller');
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'duplicate', provider: 'aws_workmail', status: 400, vendorCode: 'NameAvailabilityException' });
    assert.deepEqual(fake.operations, ['CreateUser']);
    fake.assertNoViolations();
  });

  it('reports a taken address (EmailAddressInUseException) as duplicate and deletes the user it just created', async () => {
    fake.addUser('jmuller', MAILBOX.primaryEmail);
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'duplicate', status: 400, vendorCode: 'EmailAddressInUseException' });
    assert.deepEqual(fake.operations, ['CreateUser', 'RegisterToWorkMail', 'DeleteUser']);
    assert.deepEqual(
      fake.users.map((u) => u.Name),
      ['jmuller'],
    );
    fake.assertNoViolations();
  });

  describe('when a retried create meets NameAvailabilityException', () => {
    const retried = { ...MAILBOX, retrying: true };
    const sameNames = { DisplayName: 'José Müller', FirstName: 'José', LastName: 'Müller' };

    it('takes the user its cut-off create left (same names, no address yet) and registers it', async () => {
      const left = fake.addUser('jose.muller', undefined, sameNames);
      const result = await provider().createMailbox(retried);
      assert.equal(result.providerUserId, left.UserId);
      assert.deepEqual(fake.operations, ['CreateUser', 'DescribeUser', 'RegisterToWorkMail']);
      assert.deepEqual(fake.requests[1]!.body, { OrganizationId: ORG, UserId: 'jose.muller' });
      assert.deepEqual([fake.users.length, left.Email, left.State], [1, MAILBOX.primaryEmail, 'ENABLED']);
      fake.assertNoViolations();
    });

    it('takes the user its earlier create made and registered at this address', async () => {
      const left = fake.addUser('jose.muller', MAILBOX.primaryEmail, sameNames);
      assert.equal((await provider().createMailbox(retried)).providerUserId, left.UserId);
      assert.equal(fake.users.length, 1);
      fake.assertNoViolations();
    });

    it('reports someone else’s user as duplicate: other names, another address, or a first attempt', async () => {
      fake.addUser('jose.muller', undefined, { DisplayName: 'José Müller (contractor)', FirstName: 'José', LastName: 'Müller' });
      await assertProviderError(provider().createMailbox(retried), { kind: 'duplicate', vendorCode: 'NameAvailabilityException' });
      fake.users.splice(0);
      fake.addUser('jose.muller', 'jm@acme.example', sameNames);
      await assertProviderError(provider().createMailbox(retried), { kind: 'duplicate', vendorCode: 'NameAvailabilityException' });
      fake.users.splice(0);
      fake.addUser('jose.muller', undefined, sameNames);
      const before = fake.operations.length;
      await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'duplicate', vendorCode: 'NameAvailabilityException' });
      assert.deepEqual(fake.operations.slice(before), ['CreateUser'], 'a first attempt does not look: the name cannot be its own');
      assert.deepEqual(
        fake.users.map((u) => u.State),
        ['DISABLED'],
        'nothing registered',
      );
      fake.assertNoViolations();
    });
  });

  it('reads a namespaced ThrottlingException as rate_limited', async () => {
    fake.failNext(1, workmailError('ThrottlingException', 'Rate exceeded', { namespaced: true }));
    const error = await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'rate_limited', status: 400, vendorCode: 'ThrottlingException', retryAfterSeconds: undefined });
    assert.equal(error.retryable, true);
    assert.equal(fake.users.length, 0);
    fake.assertNoViolations();
  });

  it('reports a 500 as transient', async () => {
    fake.failNext(1, workmailError('InternalFailure', 'Internal error', { status: 500 }));
    await assertProviderError(provider().createMailbox(MAILBOX), { kind: 'transient', status: 500, vendorCode: 'InternalFailure' });
    fake.assertNoViolations();
  });

  it('reports a wrong secret key as bad_credentials: the fake recomputes the signature', async () => {
    await assertProviderError(provider({ secret_access_key: 'not-the-secret' }).createMailbox(MAILBOX), { kind: 'bad_credentials', status: 400, vendorCode: 'InvalidSignatureException' });
    assert.equal(fake.requests[0]!.signatureValid, false);
    assert.match(fake.takeViolations()[0] ?? '', /signature does not match/);
    assert.equal(fake.users.length, 0);
  });

  it('reports an unknown access key as bad_credentials', async () => {
    await assertProviderError(provider({ access_key_id: 'AKIAUNKNOWN000000000' }).testConnection(), { kind: 'bad_credentials', vendorCode: 'UnrecognizedClientException' });
    assert.match(fake.takeViolations()[0] ?? '', /unknown access key/);
  });

  it('reports another organization as rejected', async () => {
    await assertProviderError(provider({ organization_id: 'm-ffffffffffffffffffffffffffffffff' }).createMailbox(MAILBOX), { kind: 'rejected', vendorCode: 'OrganizationNotFoundException' });
    fake.assertNoViolations();
  });

  it('reports an address outside the mail domains as rejected and leaves no user behind', async () => {
    await assertProviderError(provider().createMailbox({ ...MAILBOX, primaryEmail: 'jose@other.example' }), { kind: 'rejected', vendorCode: 'MailDomainNotFoundException' });
    assert.deepEqual(fake.users, []);
    fake.assertNoViolations();
  });

  it('reports an unreachable endpoint as transient', async () => {
    const url = fake.url;
    await fake.close();
    await assertProviderError(provider({ endpoint: url }).createMailbox(MAILBOX), { kind: 'transient', status: undefined, message: /could not reach 127\.0\.0\.1/ });
    fake = await startWorkMailFake({ ...KEYS, organizationId: ORG, mailDomains: ['acme.example'] });
  });

  it('finds taken addresses of users and groups with DescribeEntity', async () => {
    fake.addUser('ana.lima', 'ana.lima@acme.example');
    fake.addGroup('sales@acme.example');
    const workmail = provider();
    assert.equal(await workmail.addressTaken('ana.lima@acme.example'), true);
    assert.equal(await workmail.addressTaken('sales@acme.example'), true);
    assert.equal(await workmail.addressTaken('ana.lima2@acme.example'), false);
    assert.deepEqual(new Set(fake.operations), new Set(['DescribeEntity']));
    fake.assertNoViolations();
  });

  it('tests the connection with a one-user ListUsers', async () => {
    await provider().testConnection();
    assert.deepEqual(
      fake.requests.map((r) => r.body),
      [{ OrganizationId: ORG, MaxResults: 1 }],
    );
    fake.assertNoViolations();
  });
});
