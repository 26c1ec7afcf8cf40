import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwilioSmsProvider } from './twilio.ts';
import { startTwilioFake, twilioError, type TwilioFake } from '../../../test/fakes/twilio.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);
const AUTH_TOKEN = 'twilio-auth-token-0001';
const MESSAGE = { to: '+15555550100', from: '+15555550199', body: 'Your code is 123456 — welcome', idempotencyKey: 'msg_1', statusCallbackUrl: 'https://embark.example/webhooks/twilio/sms/status?tenant=t1' };

describe('Twilio SMS adapter', () => {
  let fake: TwilioFake;
  beforeEach(async () => {
    fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterEach(() => fake.close());
  const provider = (authToken = AUTH_TOKEN) => createTwilioSmsProvider({ account_sid: ACCOUNT_SID, auth_token: authToken, base_url: fake.url });

  it('posts To, From, Body and StatusCallback as a form with Basic auth and returns the message sid', async () => {
    const result = await provider().sendSms(MESSAGE);

    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    assert.equal(request.basicAuth, `${ACCOUNT_SID}:${AUTH_TOKEN}`);
    assert.equal(request.contentType, 'application/x-www-form-urlencoded');
    assert.deepEqual(request.params, { To: MESSAGE.to, From: MESSAGE.from, Body: MESSAGE.body, StatusCallback: MESSAGE.statusCallbackUrl });
    assert.match(result.providerMessageId, /^SM[0-9a-f]{32}$/);
    assert.equal(result.status, 'queued');
    fake.assertNoViolations();
  });

  it('leaves StatusCallback out when the message has no callback URL', async () => {
    await provider().sendSms({ ...MESSAGE, statusCallbackUrl: undefined });
    assert.deepEqual(fake.requests[0]!.params, { To: MESSAGE.to, From: MESSAGE.from, Body: MESSAGE.body });
    fake.assertNoViolations();
  });

  it('does not claim idempotency, because Twilio creates a new message on every POST', () => {
    assert.equal(provider().supportsIdempotencyKey, false);
    assert.equal(provider().id, 'twilio');
  });

  it('reports 429 as rate_limited with the Retry-After seconds and Twilio code 20429', async () => {
    fake.failNext(1, twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '7' }));
    await assertProviderError(provider().sendSms(MESSAGE), { kind: 'rate_limited', provider: 'twilio', status: 429, vendorCode: '20429', retryAfterSeconds: 7, message: /Too Many Requests/ });
    fake.assertNoViolations();
  });

  it('reports 429 without Retry-After as rate_limited with no wait of its own', async () => {
    fake.failNext(1, twilioError(429, 20429, 'Too Many Requests'));
    await assertProviderError(provider().sendSms(MESSAGE), { kind: 'rate_limited', retryAfterSeconds: undefined });
  });

  it('reports a 500 as transient', async () => {
    fake.failNext(1, twilioError(500, 20500, 'Internal Server Error'));
    const error = await assertProviderError(provider().sendSms(MESSAGE), { kind: 'transient', status: 500, vendorCode: '20500' });
    assert.equal(error.retryable, true);
    fake.assertNoViolations();
  });

  it('reports a wrong auth token as bad_credentials (the fake refuses it like Twilio, with 401 and code 20003)', async () => {
    const error = await assertProviderError(provider('wrong-token').sendSms(MESSAGE), { kind: 'bad_credentials', status: 401, vendorCode: '20003', message: /Authenticate/ });
    assert.equal(error.retryable, false);
    assert.equal(fake.takeViolations().length, 1);
  });

  it("reports a 400 as rejected with Twilio's code and message", async () => {
    await assertProviderError(provider().sendSms({ ...MESSAGE, to: '555-not-a-number' }), {
      kind: 'rejected',
      status: 400,
      vendorCode: '21211',
      message: /The 'To' number 555-not-a-number is not a valid phone number\./,
    });
    fake.assertNoViolations();
  });

  it('reports an unreachable API as transient', async () => {
    const url = fake.url;
    await fake.close();
    await assertProviderError(createTwilioSmsProvider({ account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN, base_url: url }).sendSms(MESSAGE), { kind: 'transient', status: undefined, message: /could not reach 127\.0\.0\.1/ });
    fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
});
