import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Dropbox Sign (HelloSign) callbacks (PROVIDERS.md 5.2): the body's event.event_hash is
 * lowercase hex HMAC-SHA256(API key, event_time + event_type), as the official SDKs'
 * EventCallbackHelper checks it. Nothing else in the payload is covered, so what Embark acts on
 * beyond the event type and time must be checked against Embark's own records (the envelope id it
 * registered, the metadata it expects).
 */

export function dropboxSignEventHash(apiKey: string, eventTime: string | number, eventType: string): string {
  return createHmac('sha256', apiKey).update(`${eventTime}${eventType}`, 'utf8').digest('hex');
}

export interface DropboxSignEventFields {
  readonly event_time?: unknown;
  readonly event_type?: unknown;
  readonly event_hash?: unknown;
}

/** True when the event's event_hash is the one `apiKey` gives its event_time and event_type. */
export function verifyDropboxSignEvent(apiKey: string, event: DropboxSignEventFields | undefined): boolean {
  if (!apiKey || !event) return false;
  const { event_time: time, event_type: type, event_hash: hash } = event;
  if ((typeof time !== 'string' && typeof time !== 'number') || typeof type !== 'string' || typeof hash !== 'string') return false;
  const expected = Buffer.from(dropboxSignEventHash(apiKey, time, type));
  const given = Buffer.from(hash);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
