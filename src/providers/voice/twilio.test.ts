import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwilioVoiceProvider } from './twilio.ts';
import { startTwilioFake, twilioError, type TwilioFake } from '../../../test/fakes/twilio.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const ACCOUNT_SID = 'AC' + 'fedcba9876543210'.repeat(2);
const AUTH_TOKEN = 'twilio-auth-token-0002';
const CALL = {
  to: '+15555550100',
  from: '+15555550199',
  scriptUrl: 'https://embark.example/webhooks/twilio/voice/script?tenant=t1&message=m1',
  statusCallbackUrl: 'https://embark.example/webhooks/twilio/voice/status?tenant=t1&message=m1',
  idempotencyKey: 'm1',
};

describe('Twilio voice adapter', () => {
  let fake: TwilioFake;
  beforeEach(async () => {
    fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterEach(() => fake.close());
  const provider = (authToken = AUTH_TOKEN) => createTwilioVoiceProvider({ account_sid: ACCOUNT_SID, auth_token: authToken, base_url: fake.url + '/' });

  it('posts the script URL, the status callback and all four progress events with Basic auth, and returns the call sid', async () => {
    const result = await provider().placeCall(CALL);

    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    assert.equal(request.basicAuth, `${ACCOUNT_SID}:${AUTH_TOKEN}`);
    assert.equal(request.contentType, 'application/x-www-form-urlencoded');
    assert.deepEqual(request.params, {
      To: CALL.to,
      From: CALL.from,
      Url: CALL.scriptUrl,
      StatusCallback: CALL.statusCallbackUrl,
      StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    assert.match(result.providerMessageId, /^CA[0-9a-f]{32}$/);
    assert.equal(result.status, 'queued');
    fake.assertNoViolations();
  });

  it('does not claim idempotency, because Twilio dials again on every POST', () => {
    assert.equal(provider().supportsIdempotencyKey, false);
  });

  it('reports 429 as rate_limited with the Retry-After seconds, also when given as an HTTP date', async () => {
    fake.failNext(1, twilioError(429, 20429, 'Too Many Requests', { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }));
    const error = await assertProviderError(provider().placeCall(CALL), { kind: 'rate_limited', status: 429, vendorCode: '20429' });
    assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds >= 29 && error.retryAfterSeconds <= 31, `retryAfterSeconds ${error.retryAfterSeconds}`);
    fake.assertNoViolations();
  });

  it('reports a 503 as transient', async () => {
    fake.failNext(1, { status: 503, body: 'upstream unavailable' });
    await assertProviderError(provider().placeCall(CALL), { kind: 'transient', status: 503, vendorCode: undefined, message: /upstream unavailable/ });
  });

  it('reports a wrong auth token as bad_credentials', async () => {
    await assertProviderError(provider('nope').placeCall(CALL), { kind: 'bad_credentials', status: 401, vendorCode: '20003' });
    assert.match(fake.takeViolations()[0] ?? '', /wrong account sid or auth token/);
  });

  it("reports a 400 as rejected with Twilio's code and message", async () => {
    fake.failNext(1, twilioError(400, 21215, 'Geographic permission required to call +15555550100'));
    await assertProviderError(provider().placeCall(CALL), { kind: 'rejected', status: 400, vendorCode: '21215', message: /Geographic permission required/ });
    fake.assertNoViolations();
  });
});
