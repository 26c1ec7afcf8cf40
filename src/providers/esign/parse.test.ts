import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { dropboxSignPayload, parseDocuSignEvent, parseDropboxSignEvent } from './parse.ts';
import { verifyDocuSignSignature } from '../../webhooks/signatures/docusign.ts';
import { verifyDropboxSignEvent, type DropboxSignEventFields } from '../../webhooks/signatures/dropbox-sign.ts';

const ENVELOPE = '93be49ab-afa0-4adf-933c-f752070d71ec';
// PROVIDERS.md 5.1 [SELF-GENERATED] vector
const DOCUSIGN_BODY = `{"event":"envelope-completed","apiVersion":"v2.1","data":{"envelopeId":"${ENVELOPE}"}}`;
const DOCUSIGN_SIGNATURE = 'vJB8d2NRReXhhHHdAI+UQlvCj0zS7b7dVq2IyCz4H3Y=';
// PROVIDERS.md 5.2: the SDK fixture's key, time and signature_request_sent hash
const DROPBOX_API_KEY = '324e3b0840f065eb51f3fd63231d0d33daa35d4ed10d27718839e81737065782';
const DROPBOX_SENT = { event_type: 'signature_request_sent', event_time: '1348177752', event_hash: '08d45a6b7677492b78be030cef18cfeaece8fe67e163cc8e526ee638ad483756' };

function docusign(event: string, data: Record<string, unknown> = {}) {
  return { event, apiVersion: 'v2.1', uri: `/restapi/v2.1/accounts/acc/envelopes/${ENVELOPE}`, retryCount: 0, configurationId: 1001, generatedDateTime: '2026-12-03T07:00:00.000Z', data: { accountId: 'acc', userId: 'usr', envelopeId: ENVELOPE, ...data } };
}

function dropbox(event: Record<string, unknown>, request?: Record<string, unknown>) {
  return {
    event: { ...event, event_metadata: { related_signature_id: 'sig_1', reported_for_account_id: 'acct_1', reported_for_app_id: null } },
    ...(request ? { signature_request: { signature_request_id: 'sr_1', is_complete: false, is_declined: false, has_error: false, signatures: [], ...request } } : {}),
  };
}

function assertInvalid(fn: () => unknown, path: string, code = 'validation_failed'): void {
  assert.throws(fn, (error: unknown) => error instanceof AppError && error.code === code && error.status < 500 && (code !== 'validation_failed' || JSON.stringify(error.extra).includes(`"path":"${path}"`)));
}

describe('parseDocuSignEvent', () => {
  it('reads the PROVIDERS.md vector body, whose signature verifies, as a completed envelope', () => {
    assert.equal(verifyDocuSignSignature(['docusign-test-secret'], { 'x-docusign-signature-1': DOCUSIGN_SIGNATURE }, DOCUSIGN_BODY), true);
    assert.deepEqual(parseDocuSignEvent(JSON.parse(DOCUSIGN_BODY)), { provider: 'docusign', eventId: `${ENVELOPE}:envelope-completed`, eventType: 'envelope-completed', envelopeId: ENVELOPE, status: 'completed' });
  });

  it('maps envelope and recipient events to document statuses, leaving a recipient completion and others without one', () => {
    const cases: [string, string | undefined][] = [
      ['envelope-sent', 'sent'],
      ['envelope-delivered', 'delivered'],
      ['envelope-declined', 'declined'],
      ['envelope-voided', 'voided'],
      ['recipient-sent', 'sent'],
      ['recipient-delivered', 'delivered'],
      ['recipient-declined', 'declined'],
      ['recipient-completed', undefined],
      ['recipient-autoresponded', undefined],
      ['envelope-created', undefined],
    ];
    for (const [event, status] of cases) assert.equal(parseDocuSignEvent(docusign(event, { recipientId: '2' })).status, status, event);
  });

  it('tells recipients apart in the event id, and envelope events apart from each other', () => {
    assert.equal(parseDocuSignEvent(docusign('recipient-completed', { recipientId: '1' })).eventId, `${ENVELOPE}:recipient-completed:1`);
    assert.equal(parseDocuSignEvent(docusign('recipient-completed', { recipientId: '2' })).eventId, `${ENVELOPE}:recipient-completed:2`);
    assert.equal(parseDocuSignEvent(docusign('envelope-completed', { recipientId: '1' })).eventId, `${ENVELOPE}:envelope-completed`);
  });

  it('reads embark_hire_id and embark_document_kind from the text or list custom fields', () => {
    const parsed = parseDocuSignEvent(
      docusign('envelope-completed', {
        envelopeSummary: {
          status: 'completed',
          customFields: {
            textCustomFields: [
              { fieldId: '1', name: 'embark_hire_id', show: 'false', required: 'false', value: 'hire_42' },
              { fieldId: '2', name: 'other', value: 'x' },
            ],
            listCustomFields: [{ fieldId: '3', name: 'embark_document_kind', value: 'w9', listItems: ['w9', 'baa'] }],
          },
        },
      }),
    );
    assert.equal(parsed.hireId, 'hire_42');
    assert.equal(parsed.documentKind, 'w9');
  });

  it('refuses a body without event or envelope id, or with fields no vendor sends, as 400 naming the field', () => {
    assertInvalid(() => parseDocuSignEvent('envelope-completed'), '');
    assertInvalid(() => parseDocuSignEvent({ data: { envelopeId: ENVELOPE } }), '/event');
    assertInvalid(() => parseDocuSignEvent({ event: 'envelope-completed' }), '/data');
    assertInvalid(() => parseDocuSignEvent(docusign('envelope-completed', { envelopeId: undefined })), '/data/envelopeId');
    assertInvalid(() => parseDocuSignEvent(docusign('envelope-completed', { envelopeId: 'x'.repeat(129) })), '/data/envelopeId');
    assertInvalid(() => parseDocuSignEvent(docusign('envelope-completed', { envelopeSummary: { customFields: { textCustomFields: [{ name: 'embark_hire_id', value: { id: 1 } }] } } })), '/data/envelopeSummary/customFields/embark_hire_id');
  });
});

describe('Dropbox Sign callbacks', () => {
  const payload = dropbox(DROPBOX_SENT, { metadata: { embark_hire_id: 'hire_42', embark_document_kind: 'baa' } });
  const expected = { provider: 'dropbox_sign', eventId: 'sr_1:signature_request_sent:1348177752:sig_1', eventType: 'signature_request_sent', envelopeId: 'sr_1', status: 'sent', hireId: 'hire_42', documentKind: 'baa' };

  it('reads a raw JSON callback carrying the SDK fixture event, whose hash verifies', () => {
    const json = dropboxSignPayload('application/json; charset=utf-8', Buffer.from(JSON.stringify(payload)));
    assert.equal(verifyDropboxSignEvent(DROPBOX_API_KEY, (json as { event: DropboxSignEventFields }).event), true);
    assert.deepEqual(parseDropboxSignEvent(json), expected);
  });

  it('reads the json field of a multipart/form-data callback, as fetch encodes one', async () => {
    const form = new FormData();
    form.append('json', JSON.stringify(payload));
    const request = new Request('http://embark.invalid/', { method: 'POST', body: form });
    const raw = Buffer.from(await request.arrayBuffer());
    assert.deepEqual(parseDropboxSignEvent(dropboxSignPayload(request.headers.get('content-type') ?? undefined, raw)), expected);
  });

  it('reads the json field of an urlencoded form', () => {
    const raw = new URLSearchParams({ json: JSON.stringify(payload) }).toString();
    assert.deepEqual(parseDropboxSignEvent(dropboxSignPayload('application/x-www-form-urlencoded', raw)), expected);
  });

  it('maps the request events to statuses, a single signature and callback_test to none', () => {
    const cases: [string, string | undefined][] = [
      ['signature_request_viewed', 'delivered'],
      ['signature_request_all_signed', 'completed'],
      ['signature_request_declined', 'declined'],
      ['signature_request_canceled', 'voided'],
      ['signature_request_signed', undefined],
      ['signature_request_downloadable', undefined],
    ];
    for (const [type, status] of cases) assert.equal(parseDropboxSignEvent(dropbox({ ...DROPBOX_SENT, event_type: type }, {})).status, status, type);
    const test = parseDropboxSignEvent(dropbox({ event_type: 'callback_test', event_time: 1348177752, event_hash: 'x' }));
    assert.deepEqual(test, { provider: 'dropbox_sign', eventId: ':callback_test:1348177752:sig_1', eventType: 'callback_test', envelopeId: undefined, status: undefined });
  });

  it('refuses a missing json field, bad JSON, a missing event type and other media types', () => {
    assertInvalid(() => dropboxSignPayload('application/x-www-form-urlencoded', 'other=1'), '/json');
    assertInvalid(() => dropboxSignPayload('application/json', '{not json'), '/json');
    assertInvalid(() => dropboxSignPayload('multipart/form-data', '--x\r\n\r\n'), '');
    assertInvalid(() => dropboxSignPayload('text/plain', '{}'), '', 'unsupported_media_type');
    assertInvalid(() => parseDropboxSignEvent({ event: { event_time: '1' } }), '/event/event_type');
    assertInvalid(() => parseDropboxSignEvent(dropbox(DROPBOX_SENT, { metadata: 'hire_42' })), '/signature_request/metadata');
  });
});
