import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyTelnyxSignature } from './telnyx.ts';
import { WebhookVerificationError } from '../standard-webhooks.ts';
import { signedTelnyxWebhook, telnyxPublicKey, telnyxSign, TELNYX_TEST_PUBLIC_KEY, TELNYX_TEST_SEED_HEX } from '../../../test/fakes/webhook-signing.ts';

// PROVIDERS.md 2.4 [SELF-GENERATED] vector, key = RFC 8032 §7.1 TEST 1
const PUBLIC_KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const TIMESTAMP = 1700000000;
const BODY = '{"data":{"event_type":"message.received","id":"evt_1","payload":{"text":"hi"}}}';
const SIGNATURE = 'osZS1nmSXI0wp4NkvXkjEQ8kAwLWTl2hEdwu02wRNS8TOZUnTQHhiFxdvWcpi/Y1tFwzrImgRPdck44eLNTmCA==';
const HEADERS = { 'telnyx-signature-ed25519': SIGNATURE, 'telnyx-timestamp': String(TIMESTAMP) };

describe('verifyTelnyxSignature', () => {
  it('accepts the PROVIDERS.md vector, as a string or Buffer body and with headers in any case', () => {
    verifyTelnyxSignature(PUBLIC_KEY, HEADERS, BODY, TIMESTAMP);
    verifyTelnyxSignature(PUBLIC_KEY, HEADERS, Buffer.from(BODY), TIMESTAMP + 300);
    verifyTelnyxSignature(PUBLIC_KEY, { 'Telnyx-Signature-Ed25519': SIGNATURE, 'Telnyx-Timestamp': String(TIMESTAMP) }, BODY, TIMESTAMP - 300);
  });

  it('rejects a tampered body or a changed timestamp', () => {
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, HEADERS, BODY.replace('"hi"', '"ho"'), TIMESTAMP), /does not match/);
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, { ...HEADERS, 'telnyx-timestamp': String(TIMESTAMP + 1) }, BODY, TIMESTAMP), /does not match/);
  });

  it('rejects a stale or future timestamp beyond 300 seconds', () => {
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, HEADERS, BODY, TIMESTAMP + 301), /tolerance/);
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, HEADERS, BODY, TIMESTAMP - 301), /tolerance/);
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, HEADERS, BODY), /tolerance/);
  });

  it("rejects another account's key and a key that is not 32 bytes", () => {
    const otherKey = telnyxPublicKey('00'.repeat(32));
    assert.throws(() => verifyTelnyxSignature(otherKey, HEADERS, BODY, TIMESTAMP), /does not match/);
    assert.throws(() => verifyTelnyxSignature(Buffer.alloc(31).toString('base64'), HEADERS, BODY, TIMESTAMP), /32 bytes/);
    assert.throws(() => verifyTelnyxSignature('', HEADERS, BODY, TIMESTAMP), /32 bytes/);
  });

  it('rejects missing headers, a non-numeric timestamp and a signature that is not 64 bytes', () => {
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, { 'telnyx-timestamp': String(TIMESTAMP) }, BODY, TIMESTAMP), /missing/);
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, { ...HEADERS, 'telnyx-timestamp': '1700000000.0' }, BODY, TIMESTAMP), /not a unix timestamp/);
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, { ...HEADERS, 'telnyx-signature-ed25519': SIGNATURE.slice(0, 40) }, BODY, TIMESTAMP), /64-byte/);
    assert.throws(() => verifyTelnyxSignature(PUBLIC_KEY, {}, BODY, TIMESTAMP), WebhookVerificationError);
  });

  it('accepts what the fakes sign now with the test seed, whose public key is the vector key', () => {
    assert.equal(telnyxPublicKey(TELNYX_TEST_SEED_HEX), TELNYX_TEST_PUBLIC_KEY);
    assert.equal(telnyxSign(TELNYX_TEST_SEED_HEX, TIMESTAMP, BODY), SIGNATURE);
    const { headers, body } = signedTelnyxWebhook(TELNYX_TEST_SEED_HEX, { data: { event_type: 'call.answered', id: 'evt_2' } });
    verifyTelnyxSignature(TELNYX_TEST_PUBLIC_KEY, headers, body);
  });
});
