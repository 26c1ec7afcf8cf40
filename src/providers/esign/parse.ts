import { AppError } from '../../errors.ts';
import { VENDOR_LIMITS, vendorText } from '../../webhooks/vendor-fields.ts';

/**
 * DocuSign Connect (JSON SIM) events and Dropbox Sign callbacks read into one shape, for the e-sign
 * webhooks of issue 14 §3 (PROVIDERS.md 5.1, 5.2). Only the signature checks in
 * src/webhooks/signatures/ say a payload is genuine; this only reads it, every field bounded, and
 * an event it has no status for (a recipient signing one of several signatures, callback_test) has
 * `status: undefined` rather than being refused: the vendor must still get its acknowledgement.
 */

export type EsignProvider = 'docusign' | 'dropbox_sign';
export type DocumentStatus = 'sent' | 'delivered' | 'completed' | 'declined' | 'voided';

export interface EsignEvent {
  readonly provider: EsignProvider;
  /** The event's identity at the vendor: a receipt with one seen before is a duplicate. */
  readonly eventId: string;
  /** The vendor's event name as sent: envelope-completed, signature_request_all_signed… */
  readonly eventType: string;
  /** DocuSign envelopeId, Dropbox Sign signature_request_id; undefined for account events (callback_test). */
  readonly envelopeId: string | undefined;
  /** What the event makes of the document, when it settles or moves it. */
  readonly status: DocumentStatus | undefined;
  /** From the envelope's custom fields (DocuSign) or metadata (Dropbox Sign), when the sender set them. */
  readonly hireId?: string;
  readonly documentKind?: string;
}

export const HIRE_ID_FIELD = 'embark_hire_id';
export const DOCUMENT_KIND_FIELD = 'embark_document_kind';

/**
 * DocuSign event → document status. A recipient's completion is not the envelope's (other signers
 * may follow): only envelope-completed completes; any recipient declining declines the envelope.
 */
const DOCUSIGN_STATUS: Readonly<Record<string, DocumentStatus>> = {
  'envelope-sent': 'sent',
  'envelope-delivered': 'delivered',
  'envelope-completed': 'completed',
  'envelope-declined': 'declined',
  'envelope-voided': 'voided',
  'recipient-sent': 'sent',
  'recipient-delivered': 'delivered',
  'recipient-declined': 'declined',
};

/** Dropbox Sign event → document status; signature_request_signed is one signer of possibly several. */
const DROPBOX_SIGN_STATUS: Readonly<Record<string, DocumentStatus>> = {
  signature_request_sent: 'sent',
  signature_request_viewed: 'delivered',
  signature_request_all_signed: 'completed',
  signature_request_declined: 'declined',
  signature_request_canceled: 'voided',
};

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', `invalid body: ${path} ${message}`, { extra: { errors: [{ in: 'body', path, message }] } });
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(path, 'must be an object');
  return value as Record<string, unknown>;
}

/** An optional nested object: absent is undefined, anything but an object is a 400. */
function optionalObject(value: unknown, path: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : object(value, path);
}

function required(value: string | undefined, path: string): string {
  if (value === undefined) throw invalid(path, 'is required');
  return value;
}

/** The embark_* fields a sender put on the envelope, bounded like any vendor field. */
function embarkFields(lookup: (name: string) => unknown, path: string): Pick<EsignEvent, 'hireId' | 'documentKind'> {
  const hireId = vendorText(lookup(HIRE_ID_FIELD), `${path}/${HIRE_ID_FIELD}`, VENDOR_LIMITS.id);
  const documentKind = vendorText(lookup(DOCUMENT_KIND_FIELD), `${path}/${DOCUMENT_KIND_FIELD}`, VENDOR_LIMITS.status);
  return { ...(hireId ? { hireId } : {}), ...(documentKind ? { documentKind } : {}) };
}

/** DocuSign's text and list custom fields, `{name, value}` each, as one lookup by name. */
function docusignCustomFields(summary: Record<string, unknown> | undefined): (name: string) => unknown {
  const customFields = optionalObject(summary?.customFields, '/data/envelopeSummary/customFields');
  const entries = [customFields?.textCustomFields, customFields?.listCustomFields].flatMap((list) => (Array.isArray(list) ? list : []));
  return (name) => (entries.find((entry) => (entry as { name?: unknown } | null)?.name === name) as { value?: unknown } | undefined)?.value;
}

/** A DocuSign Connect JSON SIM event (the body already parsed from the raw bytes that were verified). */
export function parseDocuSignEvent(body: unknown): EsignEvent {
  const event = object(body, '');
  const eventType = required(vendorText(event.event, '/event', VENDOR_LIMITS.status), '/event');
  const data = object(event.data, '/data');
  const envelopeId = required(vendorText(data.envelopeId, '/data/envelopeId', VENDOR_LIMITS.id), '/data/envelopeId');
  const recipientId = vendorText(data.recipientId, '/data/recipientId', VENDOR_LIMITS.id);
  const summary = optionalObject(data.envelopeSummary, '/data/envelopeSummary');
  return {
    provider: 'docusign',
    // Connect numbers no events: an envelope reaches each state once, a recipient too
    eventId: [envelopeId, eventType, ...(recipientId && eventType.startsWith('recipient-') ? [recipientId] : [])].join(':'),
    eventType,
    envelopeId,
    status: DOCUSIGN_STATUS[eventType],
    ...embarkFields(docusignCustomFields(summary), '/data/envelopeSummary/customFields'),
  };
}

function multipartField(rawBody: string, boundary: string, field: string): string | undefined {
  for (const part of rawBody.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const disposition = /^content-disposition:[^\r\n]*;\s*name="([^"]*)"/im.exec(part.slice(0, headerEnd));
    if (disposition?.[1] === field) return part.slice(headerEnd + 4).replace(/\r\n$/, '');
  }
  return undefined;
}

/**
 * The JSON of a Dropbox Sign callback, however it came: sources disagree (PROVIDERS.md 5.2), so a
 * multipart/form-data or urlencoded form with a `json` field, or a raw application/json body.
 */
export function dropboxSignPayload(contentType: string | undefined, rawBody: Buffer | string): unknown {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody;
  let json: string | undefined;
  if (type === 'application/json') {
    json = text;
  } else if (type === 'application/x-www-form-urlencoded') {
    json = new URLSearchParams(text).get('json') ?? undefined;
  } else if (type === 'multipart/form-data') {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    if (!boundary) throw invalid('', 'is multipart/form-data without a boundary');
    json = multipartField(text, boundary[1] ?? boundary[2]!, 'json');
  } else {
    throw new AppError('unsupported_media_type', `a Dropbox Sign callback is multipart/form-data, a form or application/json, not ${type || 'untyped'}`);
  }
  if (json === undefined) throw invalid('/json', 'is required: the callback carries its event in a field named json');
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw invalid('/json', 'is not JSON');
  }
}

/** A Dropbox Sign callback's JSON (from dropboxSignPayload). */
export function parseDropboxSignEvent(payload: unknown): EsignEvent {
  const body = object(payload, '');
  const event = object(body.event, '/event');
  const eventType = required(vendorText(event.event_type, '/event/event_type', VENDOR_LIMITS.status), '/event/event_type');
  const eventTime = required(vendorText(event.event_time, '/event/event_time', VENDOR_LIMITS.status), '/event/event_time');
  const metadata = optionalObject(event.event_metadata, '/event/event_metadata');
  const signatureId = vendorText(metadata?.related_signature_id, '/event/event_metadata/related_signature_id', VENDOR_LIMITS.id);
  const request = optionalObject(body.signature_request, '/signature_request');
  const envelopeId = vendorText(request?.signature_request_id, '/signature_request/signature_request_id', VENDOR_LIMITS.id);
  const requestMetadata = optionalObject(request?.metadata, '/signature_request/metadata');
  return {
    provider: 'dropbox_sign',
    // no event id either: the request, the event, its time and the signer it is about name it
    eventId: [envelopeId ?? '', eventType, eventTime, signatureId ?? ''].join(':'),
    eventType,
    envelopeId,
    status: envelopeId ? DROPBOX_SIGN_STATUS[eventType] : undefined,
    ...embarkFields((name) => requestMetadata?.[name], '/signature_request/metadata'),
  };
}

/** What Dropbox Sign must read back, exactly, or it retries the callback for days. */
export const DROPBOX_SIGN_ACK = 'Hello API Event Received';
