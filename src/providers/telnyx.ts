import { httpErrorKind, jsonField, joinUrl, parseRetryAfter, vendorFetch } from './http.ts';
import { ProviderError } from './types.ts';
import { VENDOR_LIMITS, vendorText } from '../webhooks/vendor-fields.ts';

/** What Telnyx's messaging and call-control adapters share: credentials, the JSON request, error mapping. */

export interface TelnyxCredentials {
  readonly api_key: string;
  /** Base64 of the account's raw 32-byte Ed25519 key; used to verify Telnyx's webhooks, not to send. */
  readonly public_key: string;
  readonly messaging_profile_id?: string | undefined;
  /** The Call Control App id; required for voice. */
  readonly connection_id?: string | undefined;
  /** Default https://api.telnyx.com/v2; tests point it at test/fakes/telnyx.ts. */
  readonly base_url?: string | undefined;
}

export const TELNYX_BASE_URL = 'https://api.telnyx.com/v2';

/** Seconds to wait: Telnyx documents x-ratelimit-reset (seconds until the window resets); Retry-After as a fallback. */
function retryAfter(headers: Headers): number | undefined {
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset);
  return parseRetryAfter(headers.get('retry-after'));
}

/** POSTs JSON to `{base_url}{path}` and returns the response's `data` object. */
export async function postTelnyx(credentials: TelnyxCredentials, path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await vendorFetch('telnyx', joinUrl(credentials.base_url ?? TELNYX_BASE_URL, path), {
    method: 'POST',
    headers: { authorization: `Bearer ${credentials.api_key}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 200 && response.status < 300) {
    const data = jsonField(response.json, 'data');
    // not retried: Telnyx took the request, so a retry could send or dial twice
    if (data === null || typeof data !== 'object') throw new ProviderError('telnyx', 'rejected', `telnyx answered ${response.status} without a data object`, { status: response.status });
    return data as Record<string, unknown>;
  }
  // JSON:API errors: {errors: [{code: "10011", title, detail, source?}]}; the first one names the cause
  const first = jsonField(response.json, 'errors', 0);
  const code = jsonField(first, 'code');
  const vendorCode = typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
  const reason = [jsonField(first, 'title'), jsonField(first, 'detail')].filter((part) => typeof part === 'string' && part).join(': ') || response.text.slice(0, 200) || 'no error body';
  throw new ProviderError('telnyx', httpErrorKind(response.status), `telnyx ${response.status}${vendorCode ? ` (code ${vendorCode})` : ''}: ${reason}`, {
    status: response.status,
    vendorCode,
    retryAfterSeconds: retryAfter(response.headers),
  });
}

/** The fields of a Telnyx webhook event (messaging or call control) that Embark reads. */
export interface TelnyxEventFields {
  readonly id: string | undefined;
  readonly eventType: string | undefined;
  readonly occurredAt: string | undefined;
  readonly from: string | undefined;
  /** The first recipient of an inbound message. */
  readonly to: string | undefined;
  readonly text: string | undefined;
  readonly callControlId: string | undefined;
  readonly hangupCause: string | undefined;
}

/** Reads a Telnyx event `{data: {id, event_type, occurred_at, payload}}`, each field bounded (400 naming it otherwise). */
export function parseTelnyxEvent(event: unknown): TelnyxEventFields {
  const { id, status, phone, text } = VENDOR_LIMITS;
  const object = (value: unknown) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const data = object(object(event).data);
  const payload = object(data.payload);
  const firstTo = Array.isArray(payload.to) ? payload.to[0] : undefined;
  return {
    id: vendorText(data.id, '/data/id', id),
    eventType: vendorText(data.event_type, '/data/event_type', status),
    occurredAt: vendorText(data.occurred_at, '/data/occurred_at', status),
    from: vendorText(object(payload.from).phone_number, '/data/payload/from/phone_number', phone),
    to: vendorText(object(firstTo).phone_number, '/data/payload/to/0/phone_number', phone),
    text: vendorText(payload.text, '/data/payload/text', text),
    callControlId: vendorText(payload.call_control_id, '/data/payload/call_control_id', 256),
    hangupCause: vendorText(payload.hangup_cause, '/data/payload/hangup_cause', status),
  };
}
