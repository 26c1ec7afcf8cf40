import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signStandardWebhook, verifyStandardWebhook, WebhookVerificationError, newWebhookSecret } from './standard-webhooks.ts';

// PROVIDERS.md 5.3, the reference library's "sign function works" vector
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks', () => {
  it('signs the reference vector', () => {
    assert.equal(signStandardWebhook(SECRET, ID, TS, BODY), SIGNATURE);
  });

  it('verifies the reference vector, also as one entry of several', () => {
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': `v1a,ignored v1,AAAA ${SIGNATURE}` };
    assert.deepEqual(verifyStandardWebhook(SECRET, headers, BODY, TS + 10), { id: ID, timestamp: TS });
  });

  it('rejects a tampered body, another id, a stale or future timestamp, and missing headers', () => {
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': SIGNATURE };
    assert.throws(() => verifyStandardWebhook(SECRET, headers, BODY.replace('2432', '2433'), TS), WebhookVerificationError);
    assert.throws(() => verifyStandardWebhook(SECRET, { ...headers, 'webhook-id': 'msg_other' }, BODY, TS), WebhookVerificationError);
    assert.throws(() => verifyStandardWebhook(SECRET, headers, BODY, TS + 301), /tolerance/);
    assert.throws(() => verifyStandardWebhook(SECRET, headers, BODY, TS - 301), /tolerance/);
    assert.throws(() => verifyStandardWebhook(SECRET, { 'webhook-id': ID, 'webhook-timestamp': String(TS) }, BODY, TS), /missing/);
    assert.throws(() => verifyStandardWebhook(newWebhookSecret(), headers, BODY, TS), /no webhook-signature/);
  });
});
