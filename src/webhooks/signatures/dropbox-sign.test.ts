import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dropboxSignEventHash, verifyDropboxSignEvent } from './dropbox-sign.ts';

// PROVIDERS.md 5.2: hellosign-openapi test_fixtures/EventCallbackHelper_AccountCallbacks.json [VERIFIED-LOCAL]
const API_KEY = '324e3b0840f065eb51f3fd63231d0d33daa35d4ed10d27718839e81737065782';
const EVENT_TIME = '1348177752';
const VECTORS: Record<string, string> = {
  signature_request_sent: '08d45a6b7677492b78be030cef18cfeaece8fe67e163cc8e526ee638ad483756',
  account_confirmed: '6dc5b7aad93cf54915e0089d6c31d61b3833f66f51459171c69f8fa211308848',
  template_created: '4a9b22fa68d5addb8b6313eea9d42ecb393903a4240b71503ef78e9dac6c100d',
  unknown_error: 'c574f5d3090c2936360b4e36cf6835cf3e2206b84fdc6347e6b28ca721ae1371',
};

describe('verifyDropboxSignEvent', () => {
  for (const [eventType, hash] of Object.entries(VECTORS)) {
    it(`computes and accepts the SDK fixture for ${eventType}`, () => {
      assert.equal(dropboxSignEventHash(API_KEY, EVENT_TIME, eventType), hash);
      assert.equal(verifyDropboxSignEvent(API_KEY, { event_time: EVENT_TIME, event_type: eventType, event_hash: hash }), true);
      // event_time as a number is the same string once concatenated
      assert.equal(verifyDropboxSignEvent(API_KEY, { event_time: Number(EVENT_TIME), event_type: eventType, event_hash: hash }), true);
    });
  }

  it('rejects another key, another type or time, and an uppercase or base64 digest', () => {
    const hash = VECTORS.signature_request_sent!;
    const event = { event_time: EVENT_TIME, event_type: 'signature_request_sent', event_hash: hash };
    assert.equal(verifyDropboxSignEvent(API_KEY.replace(/^3/, '4'), event), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, { ...event, event_type: 'signature_request_all_signed' }), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, { ...event, event_time: '1348177753' }), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, { ...event, event_hash: hash.toUpperCase() }), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, { ...event, event_hash: Buffer.from(hash, 'hex').toString('base64') }), false);
  });

  it('rejects a missing key, event or field', () => {
    const event = { event_time: EVENT_TIME, event_type: 'signature_request_sent', event_hash: VECTORS.signature_request_sent };
    assert.equal(verifyDropboxSignEvent('', event), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, undefined), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, { ...event, event_hash: undefined }), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, { ...event, event_time: undefined }), false);
    assert.equal(verifyDropboxSignEvent(API_KEY, { ...event, event_type: 42 }), false);
  });
});
