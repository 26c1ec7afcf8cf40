import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { twilioSignatureFor, verifyTwilioBodySignature, verifyTwilioSignature } from './twilio.ts';
import { twilioSignature } from '../../../test/fakes/webhook-signing.ts';

// PROVIDERS.md 1.4 (Twilio's docs and twilio-node spec/validation.spec.js), all [VERIFIED-LOCAL]
const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOC_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const SDK_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const BODY = '{"property": "value", "boolean": true}';
const BODY_URL = URL_ + '&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';

describe('verifyTwilioSignature', () => {
  it("accepts the documentation's worked example", () => {
    assert.equal(twilioSignatureFor(TOKEN, URL_, DOC_PARAMS), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    assert.equal(verifyTwilioSignature(TOKEN, URL_, DOC_PARAMS, '0/KCTR6DLpKmkAf8muzZqo1nDgQ='), true);
  });

  it("accepts the SDK's vector", () => {
    assert.equal(verifyTwilioSignature(TOKEN, URL_, SDK_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), true);
  });

  it('accepts a signature over the URL with the default port, for https (:443) and http (:80)', () => {
    assert.equal(verifyTwilioSignature(TOKEN, URL_, SDK_PARAMS, 'kvajT1Ptam85bY51eRf/AJRuM3w='), true);
    assert.equal(verifyTwilioSignature(TOKEN, URL_.replace('https', 'http'), SDK_PARAMS, '0ZXoZLH/DfblKGATFgpif+LLRf4='), true);
  });

  it('accepts a signature over the URL without the port when the request URL has one, as the SDK does', () => {
    assert.equal(verifyTwilioSignature(TOKEN, URL_.replace('.com', '.com:443'), SDK_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), true);
    assert.equal(verifyTwilioSignature(TOKEN, URL_.replace('.com', '.com:1234'), SDK_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), true);
    // the http vector with a non-default port is signed with the port kept
    assert.equal(verifyTwilioSignature(TOKEN, URL_.replace('.com', '.com:1234').replace('https', 'http'), SDK_PARAMS, 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU='), true);
  });

  it('accepts repeated parameters whatever the order of their values, deduplicating them', () => {
    assert.equal(verifyTwilioSignature(TOKEN, URL_, { 'MessagingBinding.Address': ['+1325xxxxxxx', '+1415xxxxxxx'] }, '83O6e2vORAoJHUNzJjDWN1jz+BA='), true);
    assert.equal(verifyTwilioSignature(TOKEN, URL_, { 'MessagingBinding.Address': ['+1415xxxxxxx', '+1325xxxxxxx'] }, '83O6e2vORAoJHUNzJjDWN1jz+BA='), true);
    assert.equal(verifyTwilioSignature(TOKEN, URL_, { Sid: 'CA123', SidAccount: 'AC123', Digits: ['5678', '1234', '1234'] }, 'IK+Dwps556ElfBT0I3Rgjkr1wJU='), true);
  });

  it('accepts URLs with credentials, with and without the default port, and special characters as given', () => {
    assert.equal(verifyTwilioSignature(TOKEN, 'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2', SDK_PARAMS, 'CukzLTc1tT5dXEDIHm/tKBanW10='), true);
    assert.equal(verifyTwilioSignature(TOKEN, 'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2', SDK_PARAMS, 'ZQFR1PTIZXF2MXB8ZnKCvnnA+rI='), true);
    assert.equal(verifyTwilioSignature(TOKEN, URL_ + "&Body=It's+amazing", SDK_PARAMS, 'dsq4Ehbj6cs+KdTkpF5sSSplOWw='), true);
  });

  it('rejects tampered params, an added param, another URL, a wrong token, and a missing signature', () => {
    const signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    assert.equal(verifyTwilioSignature(TOKEN, URL_, { ...SDK_PARAMS, Digits: '1235' }, signature), false);
    assert.equal(verifyTwilioSignature(TOKEN, URL_, { ...SDK_PARAMS, Extra: '' }, signature), false);
    assert.equal(verifyTwilioSignature(TOKEN, URL_.replace('foo=1', 'foo=2'), SDK_PARAMS, signature), false);
    assert.equal(verifyTwilioSignature(TOKEN, 'https://evil.example/myapp.php?foo=1&bar=2', SDK_PARAMS, signature), false);
    assert.equal(verifyTwilioSignature('54321', URL_, SDK_PARAMS, signature), false);
    assert.equal(verifyTwilioSignature(TOKEN, URL_, SDK_PARAMS, undefined), false);
    assert.equal(verifyTwilioSignature(TOKEN, URL_, SDK_PARAMS, ''), false);
    assert.equal(verifyTwilioSignature('', URL_, SDK_PARAMS, signature), false);
    assert.equal(verifyTwilioSignature(TOKEN, 'not a url', SDK_PARAMS, signature), false);
  });

  it('agrees with the signer the fakes use to send signed webhooks', () => {
    const url = 'https://embark.example/api/v1/webhooks/voice/twilio/status?tenant=t1';
    const params = { CallSid: 'CA1', CallStatus: 'completed', SequenceNumber: '3', StatusCallbackEvent: ['completed', 'answered'] };
    assert.equal(verifyTwilioSignature('tok', url, params, twilioSignature('tok', url, params)), true);
    assert.equal(verifyTwilioSignature('tok', url, { ...params, CallStatus: 'busy' }, twilioSignature('tok', url, params)), false);
  });
});

describe('verifyTwilioBodySignature', () => {
  it("accepts the SDK's JSON-body vector", () => {
    assert.equal(verifyTwilioBodySignature(TOKEN, BODY_URL, BODY, 'a9nBmqA0ju/hNViExpshrM61xv4='), true);
    assert.equal(verifyTwilioBodySignature(TOKEN, BODY_URL, Buffer.from(BODY), 'a9nBmqA0ju/hNViExpshrM61xv4='), true);
  });

  it('rejects a body that does not match bodySHA256, a URL without it, and a wrong signature', () => {
    assert.equal(verifyTwilioBodySignature(TOKEN, BODY_URL, BODY.replace('true', 'false'), 'a9nBmqA0ju/hNViExpshrM61xv4='), false);
    assert.equal(verifyTwilioBodySignature(TOKEN, URL_, BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), false);
    assert.equal(verifyTwilioBodySignature(TOKEN, BODY_URL, BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), false);
    assert.equal(verifyTwilioBodySignature('54321', BODY_URL, BODY, 'a9nBmqA0ju/hNViExpshrM61xv4='), false);
  });
});
