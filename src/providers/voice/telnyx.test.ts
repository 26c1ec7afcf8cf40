import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTelnyxVoiceProvider } from './telnyx.ts';
import { startTelnyxFake, telnyxError, type TelnyxFake } from '../../../test/fakes/telnyx.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const API_KEY = 'KEY0123456789ABCDEF_voice';
const PUBLIC_KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const CONNECTION_ID = '1494404757140276705';
const CALL = {
  to: '+15555550100',
  from: '+15555550199',
  scriptUrl: 'https://embark.example/webhooks/telnyx/voice/script?tenant=t1&message=m7',
  statusCallbackUrl: 'https://embark.example/webhooks/telnyx/voice?tenant=t1&message=m7',
  idempotencyKey: 'm7',
};

describe('Telnyx voice adapter', () => {
  let fake: TelnyxFake;
  beforeEach(async () => {
    fake = await startTelnyxFake({ apiKey: API_KEY, connectionId: CONNECTION_ID });
  });
  afterEach(() => fake.close());
  const provider = (extra: { api_key?: string } = {}) => createTelnyxVoiceProvider({ api_key: API_KEY, public_key: PUBLIC_KEY, connection_id: CONNECTION_ID, base_url: fake.baseUrl, ...extra });

  it('dials with the connection, the webhook URL, the script URL as base64 client_state and the message id as command_id', async () => {
    const result = await provider().placeCall(CALL);

    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v2/calls');
    assert.equal(request.bearer, API_KEY);
    assert.equal(request.contentType, 'application/json');
    assert.deepEqual(request.body, {
      connection_id: CONNECTION_ID,
      to: CALL.to,
      from: CALL.from,
      webhook_url: CALL.statusCallbackUrl,
      client_state: Buffer.from(CALL.scriptUrl).toString('base64'),
      command_id: 'm7',
    });
    assert.equal(Buffer.from(request.body!.client_state as string, 'base64').toString(), CALL.scriptUrl);
    assert.match(result.providerMessageId, /^v3:/);
    assert.equal(result.status, 'queued');
    fake.assertNoViolations();
  });

  it('claims idempotency, and a resend with the same key starts no second call', async () => {
    assert.equal(provider().supportsIdempotencyKey, true);
    const first = await provider().placeCall(CALL);
    const again = await provider().placeCall(CALL);
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.dialed, 1);
    assert.equal(again.providerMessageId, first.providerMessageId);
    await provider().placeCall({ ...CALL, idempotencyKey: 'm8' });
    assert.equal(fake.dialed, 2);
    fake.assertNoViolations();
  });

  it('reports 429 as rate_limited, waiting the x-ratelimit-reset seconds', async () => {
    fake.failNext(1, telnyxError(429, '10011', 'Too many requests', undefined, { 'x-ratelimit-reset': '4' }));
    await assertProviderError(provider().placeCall(CALL), { kind: 'rate_limited', status: 429, vendorCode: '10011', retryAfterSeconds: 4 });
    fake.assertNoViolations();
  });

  it('reports a 502 without a JSON body as transient', async () => {
    fake.failNext(1, { status: 502, body: '<html>Bad Gateway</html>' });
    await assertProviderError(provider().placeCall(CALL), { kind: 'transient', status: 502, vendorCode: undefined, message: /Bad Gateway/ });
  });

  it('reports a wrong API key as bad_credentials', async () => {
    await assertProviderError(provider({ api_key: 'KEY_other' }).placeCall(CALL), { kind: 'bad_credentials', status: 401, vendorCode: '10009' });
    assert.equal(fake.takeViolations().length, 1);
  });

  it("reports a 422 as rejected with Telnyx's code and detail", async () => {
    await assertProviderError(provider().placeCall({ ...CALL, to: 'bogus' }), { kind: 'rejected', status: 422, vendorCode: '90015', message: /Invalid destination: bogus is not a valid number or SIP URI/ });
    fake.assertNoViolations();
  });
});
