import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTelnyxSmsProvider } from './telnyx.ts';
import { startTelnyxFake, telnyxError, type TelnyxFake } from '../../../test/fakes/telnyx.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const API_KEY = 'KEY0123456789ABCDEF_telnyx';
const PUBLIC_KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const MESSAGE = { to: '+15555550100', from: '+15555550199', body: 'Welcome aboard ✓', idempotencyKey: 'msg_9', statusCallbackUrl: 'https://embark.example/webhooks/telnyx/sms?tenant=t1' };

describe('Telnyx SMS adapter', () => {
  let fake: TelnyxFake;
  beforeEach(async () => {
    fake = await startTelnyxFake({ apiKey: API_KEY });
  });
  afterEach(() => fake.close());
  const provider = (extra: { api_key?: string; messaging_profile_id?: string } = {}) => createTelnyxSmsProvider({ api_key: API_KEY, public_key: PUBLIC_KEY, base_url: fake.baseUrl, ...extra });

  it('posts from, to, text and the status webhook as JSON with the Bearer key, and returns the message id', async () => {
    const result = await provider().sendSms(MESSAGE);

    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v2/messages');
    assert.equal(request.bearer, API_KEY);
    assert.equal(request.contentType, 'application/json');
    assert.deepEqual(request.body, { from: MESSAGE.from, to: MESSAGE.to, text: MESSAGE.body, webhook_url: MESSAGE.statusCallbackUrl });
    assert.match(result.providerMessageId, /^[0-9a-f-]{36}$/);
    assert.equal(result.status, 'queued');
    fake.assertNoViolations();
  });

  it('adds the messaging profile when the channel has one, and no webhook_url without a callback', async () => {
    await provider({ messaging_profile_id: '4001767e-ce0f-4cae-9d5f-0d5e636e7809' }).sendSms({ ...MESSAGE, statusCallbackUrl: undefined });
    assert.deepEqual(fake.requests[0]!.body, { from: MESSAGE.from, to: MESSAGE.to, text: MESSAGE.body, messaging_profile_id: '4001767e-ce0f-4cae-9d5f-0d5e636e7809' });
    fake.assertNoViolations();
  });

  it('does not claim idempotency, because /v2/messages has no idempotency key', () => {
    assert.equal(provider().supportsIdempotencyKey, false);
  });

  it('reports 429 as rate_limited, waiting the x-ratelimit-reset seconds', async () => {
    fake.failNext(1, telnyxError(429, '10011', 'Too many requests', 'You have exceeded the maximum number of allowed requests.', { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '12' }));
    await assertProviderError(provider().sendSms(MESSAGE), { kind: 'rate_limited', provider: 'telnyx', status: 429, vendorCode: '10011', retryAfterSeconds: 12, message: /Too many requests/ });
    fake.assertNoViolations();
  });

  it('reports 429 with only Retry-After as rate_limited, waiting those seconds', async () => {
    fake.failNext(1, telnyxError(429, '10011', 'Too many requests', undefined, { 'retry-after': '3' }));
    await assertProviderError(provider().sendSms(MESSAGE), { kind: 'rate_limited', retryAfterSeconds: 3 });
  });

  it('reports a 500 as transient', async () => {
    fake.failNext(1, telnyxError(500, '10001', 'Unexpected error'));
    await assertProviderError(provider().sendSms(MESSAGE), { kind: 'transient', status: 500, vendorCode: '10001' });
    fake.assertNoViolations();
  });

  it('reports a wrong API key as bad_credentials', async () => {
    await assertProviderError(provider({ api_key: 'KEY_wrong' }).sendSms(MESSAGE), { kind: 'bad_credentials', status: 401, vendorCode: '10009', message: /Authentication failed/ });
    assert.match(fake.takeViolations()[0] ?? '', /wrong API key/);
  });

  it("reports a 400 as rejected with Telnyx's code, title and detail", async () => {
    await assertProviderError(provider().sendSms({ ...MESSAGE, to: '12' }), { kind: 'rejected', status: 400, vendorCode: '40310', message: /Invalid 'to' address: The destination number 12 is not a valid phone number\./ });
    fake.assertNoViolations();
  });
});
