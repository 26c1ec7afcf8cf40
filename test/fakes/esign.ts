/**
 * DocuSign Connect and Dropbox Sign as senders (PROVIDERS.md 5.1, 5.2): events shaped as the
 * vendors send them, signed as they sign them, in the transports they use, so tests can post
 * requests that only a correct verifier and parser accept. Written independently of
 * src/webhooks/signatures/ and src/providers/esign/ on purpose, like webhook-signing.ts.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export interface DocuSignEventOptions {
  readonly envelopeId?: string;
  readonly recipientId?: string;
  /** Text custom fields on the envelope (embark_hire_id, embark_document_kind…); sent only with "Include Custom Fields". */
  readonly customFields?: Readonly<Record<string, string>>;
}

/** A Connect JSON SIM event: `event`, the standard data, and the envelope summary when custom fields are included. */
export function docusignConnectEvent(event: string, options: DocuSignEventOptions = {}): Record<string, unknown> {
  const envelopeId = options.envelopeId ?? randomUUID();
  const accountId = '0d5a1e3c-0000-4000-8000-000000000001';
  const summary = options.customFields
    ? { envelopeSummary: { status: event.replace(/^envelope-/, ''), customFields: { textCustomFields: Object.entries(options.customFields).map(([name, value], i) => ({ fieldId: String(10_000 + i), name, show: 'false', required: 'false', value })), listCustomFields: [] } } }
    : {};
  return {
    event,
    apiVersion: 'v2.1',
    uri: `/restapi/v2.1/accounts/${accountId}/envelopes/${envelopeId}`,
    retryCount: 0,
    configurationId: 10_500_001,
    generatedDateTime: new Date().toISOString(),
    data: { accountId, userId: '0d5a1e3c-0000-4000-8000-000000000002', envelopeId, ...(options.recipientId ? { recipientId: options.recipientId } : {}), ...summary },
  };
}

/** The body as Connect posts it, with one X-DocuSign-Signature-N per active key (base64 HMAC-SHA256 of the exact bytes). */
export function signedDocuSignWebhook(hmacKeys: readonly string[], event: Record<string, unknown> | string): SignedRequest {
  const body = Buffer.from(typeof event === 'string' ? event : JSON.stringify(event));
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-authorization-digest': 'HMACSHA256' };
  hmacKeys.forEach((key, i) => {
    headers[`x-docusign-signature-${i + 1}`] = createHmac('sha256', Buffer.from(key, 'utf8')).update(body).digest('base64');
  });
  return { headers, body };
}

export interface DropboxSignEventOptions {
  readonly signatureRequestId?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Unix seconds; default now. */
  readonly eventTime?: number;
  readonly relatedSignatureId?: string;
}

/** A callback payload whose event_hash is lowercase hex HMAC-SHA256(API key, event_time + event_type); account events (callback_test, account_confirmed…) carry no signature_request. */
export function dropboxSignCallback(apiKey: string, eventType: string, options: DropboxSignEventOptions = {}): Record<string, unknown> {
  const eventTime = String(options.eventTime ?? Math.floor(Date.now() / 1000));
  const eventHash = createHmac('sha256', apiKey)
    .update(eventTime + eventType)
    .digest('hex');
  const requestId = options.signatureRequestId ?? (eventType.startsWith('signature_request_') ? randomBytes(20).toString('hex') : undefined);
  return {
    event: { event_type: eventType, event_time: eventTime, event_hash: eventHash, event_metadata: { related_signature_id: options.relatedSignatureId ?? null, reported_for_account_id: '63522885f9261e2b04eea043933ee7313eb674fd', reported_for_app_id: null, event_message: null } },
    ...(requestId ? { signature_request: { signature_request_id: requestId, title: 'Onboarding document', is_complete: eventType === 'signature_request_all_signed', is_declined: eventType === 'signature_request_declined', has_error: false, metadata: options.metadata ?? {}, signatures: [] } } : {}),
  };
}

/** The callback as posted: multipart/form-data with a `json` field (the documented handler reads $_POST['json']), a form, or raw JSON. */
export function dropboxSignRequest(payload: Record<string, unknown>, transport: 'multipart' | 'form' | 'json' = 'multipart'): SignedRequest {
  const json = JSON.stringify(payload);
  if (transport === 'json') return { headers: { 'content-type': 'application/json' }, body: Buffer.from(json) };
  if (transport === 'form') return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(new URLSearchParams({ json }).toString()) };
  const boundary = `------------------------${randomBytes(8).toString('hex')}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="json"\r\n\r\n${json}\r\n--${boundary}--\r\n`;
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.from(body) };
}
