import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/pool.ts';
import { limitKey } from '../http/client-address.ts';

/** Raw bodies larger than this are stored cut short (the verification used the whole body). */
export const RECEIPT_BODY_LIMIT = 64 * 1024;
const KEPT_HEADERS = /^(content-type|user-agent|x-twilio-signature|i-twilio-idempotency-token|telnyx-timestamp|telnyx-signature-ed25519|webhook-id|webhook-timestamp|webhook-signature|x-request-id)$/i;

export interface Receipt {
  readonly id: string;
  /** True when (provider, event id) was already recorded: answer as the provider expects, do nothing else. */
  readonly duplicate: boolean;
}

/**
 * Stores an inbound webhook before it is acted on, deduplicated by the provider's event id.
 * Run it in the same transaction as the effect, so a crash leaves neither or both.
 */
export async function recordReceipt(
  db: Queryable,
  input: {
    tenantId: string;
    provider: string;
    eventId: string;
    eventType?: string | undefined;
    headers: Record<string, unknown>;
    rawBody: Buffer | string;
    outcome?: string | undefined;
    error?: string | undefined;
  },
): Promise<Receipt> {
  const body = Buffer.isBuffer(input.rawBody) ? input.rawBody.toString('utf8') : input.rawBody;
  const headers = Object.fromEntries(Object.entries(input.headers).filter(([name]) => KEPT_HEADERS.test(name)));
  const { rows } = await db.query(
    `insert into webhook_receipts (tenant_id, provider, event_id, event_type, headers, body, body_truncated, outcome, error)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (tenant_id, provider, event_id) do nothing
     returning id`,
    [input.tenantId, input.provider, input.eventId.slice(0, 500), input.eventType ?? null, headers, body.slice(0, RECEIPT_BODY_LIMIT), body.length > RECEIPT_BODY_LIMIT, input.outcome ?? 'received', input.error ?? null],
  );
  if (rows[0]) return { id: rows[0].id, duplicate: false };
  const { rows: existing } = await db.query('select id from webhook_receipts where tenant_id = $1 and provider = $2 and event_id = $3', [input.tenantId, input.provider, input.eventId.slice(0, 500)]);
  return { id: existing[0]?.id, duplicate: true };
}

/**
 * Anyone can send a webhook that belongs to no tenant (an unknown number, a bad signature), so those
 * receipts are bounded: each address leaves at most UNATTRIBUTED_PER_ADDRESS an hour, their bodies are
 * kept to UNATTRIBUTED_BODY_LIMIT, and only the newest UNATTRIBUTED_CAP are kept. What is not kept
 * is counted (embark_counters: webhook_receipts_dropped:rate_limited and :capped).
 */
export const UNATTRIBUTED_PER_ADDRESS = 30;
export const UNATTRIBUTED_WINDOW_SECONDS = 3600;
export const UNATTRIBUTED_BODY_LIMIT = 4 * 1024;
export const UNATTRIBUTED_CAP = 5000;

/** Stores a receipt for a webhook tied to no tenant, within the bounds above; false when it was not kept. */
export async function recordUnattributedReceipt(
  db: Queryable,
  input: {
    provider: string;
    eventId: string;
    eventType?: string | undefined;
    headers: Record<string, unknown>;
    rawBody: Buffer | string;
    outcome: string;
    error: string;
    address: string;
  },
): Promise<boolean> {
  const body = Buffer.isBuffer(input.rawBody) ? input.rawBody.toString('utf8') : input.rawBody;
  const headers = Object.fromEntries(Object.entries(input.headers).filter(([name]) => KEPT_HEADERS.test(name)));
  const { rows } = await db.query('select record_unattributed_receipt($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) as kept', [
    input.provider,
    input.eventId.slice(0, 500),
    input.eventType?.slice(0, 100) ?? null,
    headers,
    body.slice(0, UNATTRIBUTED_BODY_LIMIT),
    body.length > UNATTRIBUTED_BODY_LIMIT,
    input.outcome,
    input.error.slice(0, 1000),
    limitKey(input.address),
    UNATTRIBUTED_PER_ADDRESS,
    UNATTRIBUTED_WINDOW_SECONDS,
    UNATTRIBUTED_CAP,
  ]);
  return rows[0].kept;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes received, for signature verification (set by acceptRawBodies). */
    rawBody?: Buffer;
  }
}

/**
 * In the calling plugin's scope only: keep JSON and form bodies as raw bytes (signatures are over the
 * exact bytes), expose them as request.rawBody, and parse them into request.body as usual.
 */
export function acceptRawBodies(app: FastifyInstance, options: { bodyLimit?: number } = {}): void {
  app.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
  const parse = (kind: 'json' | 'form') => (request: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, kind === 'json' ? undefined : {});
    if (kind === 'form') return done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      const error = new Error('the body is not valid JSON') as Error & { statusCode: number; code: string };
      error.statusCode = 400;
      error.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
      done(error);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, parse('json'));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, parse('form'));
}
