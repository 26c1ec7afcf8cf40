import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSesEmailProvider, type SesCredentials } from './ses.ts';
import { sesError, startSesFake, type SesFake } from '../../../test/fakes/ses.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const KEYS = { region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const MESSAGE = { to: 'ada@example.com', from: 'welcome@acme.example', subject: 'Welcome, Ada', text: 'Your account is ready.', html: '<p>Your account is ready.</p>', idempotencyKey: 'msg_ses_1' };

describe('SES email adapter', () => {
  let fake: SesFake;
  beforeEach(async () => {
    fake = await startSesFake({ ...KEYS, verifiedSenders: [MESSAGE.from] });
  });
  afterEach(() => fake.close());
  const provider = (overrides: Partial<SesCredentials> = {}) => createSesEmailProvider({ region: KEYS.region, access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey, endpoint: fake.url, ...overrides });

  it('sends a SigV4-signed SendEmail with the subject, text and HTML, and returns the MessageId', async () => {
    const result = await provider().sendEmail(MESSAGE);

    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v2/email/outbound-emails');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.signatureValid, true);
    assert.deepEqual(request.credential, { accessKeyId: KEYS.accessKeyId, day: new Date().toISOString().slice(0, 10).replace(/-/g, ''), region: 'eu-west-1', service: 'ses', signedHeaders: ['content-type', 'host', 'x-amz-date'] });
    assert.deepEqual(request.body, {
      FromEmailAddress: MESSAGE.from,
      Destination: { ToAddresses: [MESSAGE.to] },
      Content: { Simple: { Subject: { Data: MESSAGE.subject, Charset: 'UTF-8' }, Body: { Text: { Data: MESSAGE.text, Charset: 'UTF-8' }, Html: { Data: MESSAGE.html, Charset: 'UTF-8' } } } },
    });
    assert.match(result.providerMessageId, /^0100018c[0-9a-f]{16}-[0-9a-f-]{36}-000000$/);
    assert.equal(result.status, 'sent');
    fake.assertNoViolations();
  });

  it('signs and sends the session token of temporary credentials', async () => {
    await fake.close();
    fake = await startSesFake({ ...KEYS, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });
    await provider({ session_token: 'FwoGZXIvYXdzEXAMPLETOKEN' }).sendEmail(MESSAGE);
    assert.equal(fake.requests[0]!.headers['x-amz-security-token'], 'FwoGZXIvYXdzEXAMPLETOKEN');
    assert.deepEqual(fake.requests[0]!.credential?.signedHeaders, ['content-type', 'host', 'x-amz-date', 'x-amz-security-token']);
    fake.assertNoViolations();
  });

  it('sends only the text part when there is no HTML', async () => {
    await provider().sendEmail({ ...MESSAGE, html: '' });
    assert.deepEqual((fake.requests[0]!.body as any).Content.Simple.Body, { Text: { Data: MESSAGE.text, Charset: 'UTF-8' } });
    fake.assertNoViolations();
  });

  it('does not claim idempotency, because SendEmail has no idempotency token', () => {
    assert.equal(provider().supportsIdempotencyKey, false);
    assert.equal(provider().id, 'ses');
  });

  it('reports TooManyRequestsException (429) as rate_limited with Retry-After', async () => {
    fake.failNext(1, sesError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.', { 'retry-after': '2' }));
    await assertProviderError(provider().sendEmail(MESSAGE), { kind: 'rate_limited', provider: 'ses', status: 429, vendorCode: 'TooManyRequestsException', retryAfterSeconds: 2, message: /Maximum sending rate exceeded/ });
    fake.assertNoViolations();
  });

  it('reads the error type from the body when the header is missing, stripping the namespace', async () => {
    fake.failNext(1, { status: 400, body: { __type: 'com.amazon.coral#SendingPausedException:http://internal', Message: 'Sending is paused for this account.' } });
    await assertProviderError(provider().sendEmail(MESSAGE), { kind: 'rejected', status: 400, vendorCode: 'SendingPausedException', message: /Sending is paused/ });
  });

  it('reports a 500 as transient', async () => {
    fake.failNext(1, sesError(500, 'InternalFailure', 'The request processing has failed because of an unknown error.'));
    await assertProviderError(provider().sendEmail(MESSAGE), { kind: 'transient', status: 500, vendorCode: 'InternalFailure' });
    fake.assertNoViolations();
  });

  it('reports a wrong secret key as bad_credentials: the fake recomputes the signature and refuses it', async () => {
    await assertProviderError(provider({ secret_access_key: 'not-the-secret' }).sendEmail(MESSAGE), { kind: 'bad_credentials', status: 403, vendorCode: 'InvalidSignatureException' });
    assert.equal(fake.requests[0]!.signatureValid, false);
    assert.match(fake.takeViolations()[0] ?? '', /signature does not match/);
  });

  it('reports an unknown access key as bad_credentials', async () => {
    await assertProviderError(provider({ access_key_id: 'AKIAUNKNOWN000000000' }).sendEmail(MESSAGE), { kind: 'bad_credentials', status: 403, vendorCode: 'UnrecognizedClientException' });
    assert.equal(fake.takeViolations().length, 1);
  });

  it('reports a signature for another region as bad_credentials', async () => {
    await assertProviderError(provider({ region: 'us-east-1' }).sendEmail(MESSAGE), { kind: 'bad_credentials', status: 403 });
    assert.match(fake.takeViolations()[0] ?? '', /region us-east-1/);
  });

  it("reports an unverified sender as rejected with SES's type and message", async () => {
    await assertProviderError(provider().sendEmail({ ...MESSAGE, from: 'someone@unverified.example' }), {
      kind: 'rejected',
      status: 400,
      vendorCode: 'MessageRejected',
      message: /Email address is not verified\. The following identities failed the check in region EU-WEST-1: someone@unverified\.example/,
    });
    fake.assertNoViolations();
  });
});
