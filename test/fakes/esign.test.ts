/**
 * The e-sign senders must sign and shape events as the vendors do: their output reproduces the
 * PROVIDERS.md vectors, and what they send is accepted by the verifiers and parsers, and only when
 * the right key is used.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { docusignConnectEvent, dropboxSignCallback, dropboxSignRequest, signedDocuSignWebhook } from './esign.ts';
import { verifyDocuSignSignature } from '../../src/webhooks/signatures/docusign.ts';
import { verifyDropboxSignEvent } from '../../src/webhooks/signatures/dropbox-sign.ts';
import { dropboxSignPayload, parseDocuSignEvent, parseDropboxSignEvent } from '../../src/providers/esign/parse.ts';

describe('DocuSign Connect sender', () => {
  it('signs the PROVIDERS.md vector body as the vector says', () => {
    const body = '{"event":"envelope-completed","apiVersion":"v2.1","data":{"envelopeId":"93be49ab-afa0-4adf-933c-f752070d71ec"}}';
    assert.equal(signedDocuSignWebhook(['docusign-test-secret'], body).headers['x-docusign-signature-1'], 'vJB8d2NRReXhhHHdAI+UQlvCj0zS7b7dVq2IyCz4H3Y=');
  });

  it('sends events the verifier accepts for either active key and the parser reads, custom fields included', () => {
    const event = docusignConnectEvent('envelope-completed', { envelopeId: 'env-1', customFields: { embark_hire_id: 'hire_1', embark_document_kind: 'w9' } });
    const { headers, body } = signedDocuSignWebhook(['key-a', 'key-b'], event);
    assert.equal(verifyDocuSignSignature(['key-b'], headers, body), true);
    assert.equal(verifyDocuSignSignature(['key-c'], headers, body), false);
    assert.deepEqual(parseDocuSignEvent(JSON.parse(body.toString())), { provider: 'docusign', eventId: 'env-1:envelope-completed', eventType: 'envelope-completed', envelopeId: 'env-1', status: 'completed', hireId: 'hire_1', documentKind: 'w9' });
  });
});

describe('Dropbox Sign sender', () => {
  it('hashes the SDK fixture event as the fixture says', () => {
    const payload = dropboxSignCallback('324e3b0840f065eb51f3fd63231d0d33daa35d4ed10d27718839e81737065782', 'account_confirmed', { eventTime: 1348177752 });
    assert.equal((payload.event as { event_hash: string }).event_hash, '6dc5b7aad93cf54915e0089d6c31d61b3833f66f51459171c69f8fa211308848');
    assert.equal(payload.signature_request, undefined);
  });

  for (const transport of ['multipart', 'form', 'json'] as const) {
    it(`sends a ${transport} callback the verifier accepts only with its key, and the parser reads`, () => {
      const payload = dropboxSignCallback('api-key-1', 'signature_request_all_signed', { signatureRequestId: 'sr_9', eventTime: 1700000000, metadata: { embark_hire_id: 'hire_2', embark_document_kind: 'baa' } });
      const { headers, body } = dropboxSignRequest(payload, transport);
      const json = dropboxSignPayload(headers['content-type'], body) as { event: Record<string, unknown> };
      assert.equal(verifyDropboxSignEvent('api-key-1', json.event), true);
      assert.equal(verifyDropboxSignEvent('api-key-2', json.event), false);
      assert.deepEqual(parseDropboxSignEvent(json), { provider: 'dropbox_sign', eventId: 'sr_9:signature_request_all_signed:1700000000:', eventType: 'signature_request_all_signed', envelopeId: 'sr_9', status: 'completed', hireId: 'hire_2', documentKind: 'baa' });
    });
  }
});
