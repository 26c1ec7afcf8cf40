import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { docusignSignatureFor, verifyDocuSignSignature } from './docusign.ts';

// PROVIDERS.md 5.1 [SELF-GENERATED] vector
const SECRET = 'docusign-test-secret';
const BODY = '{"event":"envelope-completed","apiVersion":"v2.1","data":{"envelopeId":"93be49ab-afa0-4adf-933c-f752070d71ec"}}';
const SIGNATURE = 'vJB8d2NRReXhhHHdAI+UQlvCj0zS7b7dVq2IyCz4H3Y=';

describe('verifyDocuSignSignature', () => {
  it('computes and accepts the PROVIDERS.md vector, as a string or Buffer body and in any header case', () => {
    assert.equal(docusignSignatureFor(SECRET, BODY), SIGNATURE);
    assert.equal(verifyDocuSignSignature([SECRET], { 'x-docusign-signature-1': SIGNATURE }, BODY), true);
    assert.equal(verifyDocuSignSignature([SECRET], { 'X-DocuSign-Signature-1': SIGNATURE }, Buffer.from(BODY)), true);
  });

  it('rejects a body changed by one byte, even a line ending', () => {
    assert.equal(verifyDocuSignSignature([SECRET], { 'x-docusign-signature-1': SIGNATURE }, BODY + '\n'), false);
    assert.equal(verifyDocuSignSignature([SECRET], { 'x-docusign-signature-1': SIGNATURE }, BODY.replace('completed', 'voided')), false);
  });

  it('passes when any header matches any active key (rotation), and only then', () => {
    const other = docusignSignatureFor('the-other-key', BODY);
    assert.equal(verifyDocuSignSignature(['the-new-key', SECRET], { 'x-docusign-signature-1': other, 'x-docusign-signature-2': SIGNATURE }, BODY), true);
    assert.equal(verifyDocuSignSignature(['the-other-key'], { 'x-docusign-signature-1': SIGNATURE, 'x-docusign-signature-2': other }, BODY), true);
    assert.equal(verifyDocuSignSignature(['the-new-key'], { 'x-docusign-signature-1': SIGNATURE, 'x-docusign-signature-2': other }, BODY), false);
  });

  it('rejects no signature header, no keys, an empty key and other headers that merely look alike', () => {
    assert.equal(verifyDocuSignSignature([SECRET], {}, BODY), false);
    assert.equal(verifyDocuSignSignature([], { 'x-docusign-signature-1': SIGNATURE }, BODY), false);
    assert.equal(verifyDocuSignSignature([''], { 'x-docusign-signature-1': docusignSignatureFor('', BODY) }, BODY), false);
    assert.equal(verifyDocuSignSignature([SECRET], { 'x-docusign-signature': SIGNATURE, 'x-docusign-signature-one': SIGNATURE }, BODY), false);
  });
});
