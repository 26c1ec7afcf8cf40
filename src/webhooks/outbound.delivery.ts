import type { Context } from '../context.ts';
import { parseRetryAfter } from '../providers/http.ts';
import { jobs } from '../jobs/tasks.ts';
import { claimWork, retryRules, settleWork, type Claimed, type StuckWork, type WorkKind } from '../jobs/work.ts';
import { decryptSecret } from '../secrets.ts';
import { signStandardWebhook } from './standard-webhooks.ts';
import { endpointSecretContext } from './outbound.service.ts';
import * as store from './outbound.store.ts';
import type { SendableDelivery } from './outbound.store.ts';

/** Standard Webhooks recommends 15–30 s; a receiver should answer fast and work afterwards. */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** How much of a receiver's answer is kept in the delivery log. */
export const RESPONSE_BODY_LIMIT = 2048;
const ERROR_LIMIT = 1000;

type Verdict = 'succeeded' | 'gone' | 'retry' | 'failed';

/**
 * Standard Webhooks: 2xx is success; 3xx is a failure and is not followed; 410 Gone means the
 * receiver wants no more, so the endpoint is disabled; 429, 502 and 504 (and any 5xx, and 408)
 * are worth another try later. Any other 4xx will not get better by repeating it.
 */
export function verdictFor(statusCode: number | null): Verdict {
  if (statusCode === null) return 'retry';
  if (statusCode >= 200 && statusCode < 300) return 'succeeded';
  if (statusCode === 410) return 'gone';
  if (statusCode >= 300 && statusCode < 400) return 'retry';
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500) return 'retry';
  return 'failed';
}

interface Answer {
  readonly statusCode: number | null;
  readonly retryAfterSeconds: number | undefined;
  readonly responseBody: string | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** Reads at most `limit` bytes of the body and drops the rest unread: a receiver cannot make us buffer a large answer. */
async function readBounded(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  // PostgreSQL text cannot hold NUL; a binary answer is kept as what it decodes to
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8').replaceAll('\0', '').slice(0, limit);
}

function networkError(error: unknown, url: string): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  // undici hides the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause` behind "fetch failed"
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not reach ${new URL(url).host}: ${reason}`;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let response: Response;
  try {
    // redirect: 'manual' answers the 3xx itself; following it would send the signed event somewhere the tenant did not register
    response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
  } catch (error) {
    return { statusCode: null, retryAfterSeconds: undefined, responseBody: null, error: networkError(error, url).slice(0, ERROR_LIMIT), durationMs: elapsed() };
  }
  // the status decides; an answer cut short while its body is read is still that answer
  const responseBody = await readBounded(response, RESPONSE_BODY_LIMIT).catch(() => '');
  return { statusCode: response.status, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')), responseBody, error: null, durationMs: elapsed() };
}

/** Webhook deliveries as the engine claims and settles them: `delivering` is their running. */
const DELIVERIES: WorkKind<SendableDelivery> = {
  lock: store.lockSendableDelivery,
  state: (delivery) => (delivery.status === 'delivering' ? 'running' : delivery.status),
  start: async (tx, tenantId, delivery, attempts) => {
    await store.updateDelivery(tx, tenantId, delivery.id, { status: 'delivering', attempts, next_attempt_at: null });
  },
  job: (tenantId, delivery) => jobs.deliverWebhook(tenantId, delivery.id),
  retryRule: retryRules.webhook,
};

/**
 * Step 1 (claimWork): decide whether to send, and record `delivering` with the attempt counted. That
 * commits before the receiver is called, so a worker that dies mid-call leaves the delivery visibly
 * `delivering`; its job runs again and sends again (receivers deduplicate by webhook-id, which is what
 * it is for). Answers the secrets to sign with: the current one, then the previous one while a
 * rotation's grace period lasts.
 */
async function claim(ctx: Context, tenantId: string, deliveryId: string): Promise<Claimed<SendableDelivery, string[]> | undefined> {
  return claimWork(ctx, DELIVERIES, tenantId, deliveryId, async (tx, delivery) => {
    if (delivery.endpoint_deleted || !delivery.endpoint_enabled) {
      await store.updateDelivery(tx, tenantId, deliveryId, { status: 'cancelled', next_attempt_at: null, last_error: delivery.endpoint_deleted ? 'the endpoint was deleted' : 'the endpoint is disabled' });
      return undefined;
    }
    const context = endpointSecretContext(tenantId, delivery.endpoint_id);
    try {
      return [delivery.secret_encrypted, delivery.previous_secret_encrypted].filter((sealed): sealed is Buffer => sealed !== null).map((sealed) => decryptSecret(ctx.keys.credentialEncryption, sealed, context));
    } catch (error) {
      ctx.log.error({ err: error, delivery_id: deliveryId, tenant_id: tenantId }, 'webhook secret does not decrypt');
      await store.updateDelivery(tx, tenantId, deliveryId, { status: 'failed', next_attempt_at: null, last_error: 'the signing secret could not be decrypted (was EMBARK_SECRET_KEY changed?); rotate the secret, then retry' });
      return undefined;
    }
  });
}

/** Step 3 (settleWork): log the attempt and settle the delivery: done, failed, or pending again with its next job. */
async function settle(ctx: Context, tenantId: string, claimed: Claimed<SendableDelivery, string[]>, answer: Answer): Promise<void> {
  const { item: delivery } = claimed;
  const verdict = verdictFor(answer.statusCode);
  const failure = verdict === 'succeeded' ? undefined : { retryable: verdict === 'retry', retryAfterSeconds: answer.retryAfterSeconds };
  await settleWork(ctx, DELIVERIES, tenantId, delivery.id, claimed, failure, async (tx, _current, end) => {
    await store.insertAttempt(tx, tenantId, delivery.id, { status_code: answer.statusCode, error: answer.error, response_body: answer.responseBody, duration_ms: answer.durationMs });
    const outcome = { last_status_code: answer.statusCode, last_response_body: answer.responseBody };
    const answered = answer.statusCode === null ? answer.error! : `the endpoint answered ${answer.statusCode}`;
    switch (end.state) {
      case 'succeeded':
        await store.updateDelivery(tx, tenantId, delivery.id, { ...outcome, status: 'succeeded', last_error: null, next_attempt_at: null, delivered_at: new Date() });
        return;
      case 'pending':
        await store.updateDelivery(tx, tenantId, delivery.id, { ...outcome, status: 'pending', last_error: answered, next_attempt_at: end.runAt });
        return;
      case 'failed':
        if (verdict === 'gone') {
          const reason = `the endpoint answered 410 Gone to delivery ${delivery.id} at ${new Date().toISOString()}`;
          await store.updateDelivery(tx, tenantId, delivery.id, { ...outcome, status: 'failed', last_error: `${answered} (Gone): the endpoint is now disabled`, next_attempt_at: null });
          await store.disableEndpoint(tx, tenantId, delivery.endpoint_id, reason);
          ctx.log.warn({ tenant_id: tenantId, endpoint_id: delivery.endpoint_id }, 'webhook endpoint answered 410 Gone and was disabled');
          return;
        }
        await store.updateDelivery(tx, tenantId, delivery.id, { ...outcome, status: 'failed', last_error: (end.outOfAttempts ? `${answered}; gave up after ${claimed.attempts} attempts` : answered).slice(0, ERROR_LIMIT), next_attempt_at: null });
    }
  });
}

/** The deliver_webhook job: one signed POST of the delivery to its endpoint, and what follows from the answer. */
export async function deliverWebhook(ctx: Context, tenantId: string, deliveryId: string): Promise<void> {
  const claimed = await claim(ctx, tenantId, deliveryId);
  if (!claimed) return;
  const { item: delivery, prepared: secrets } = claimed;
  // rebuilt in a fixed key order: jsonb does not keep the order the event was written in
  const body = JSON.stringify({ type: delivery.payload.type, timestamp: delivery.payload.timestamp, data: delivery.payload.data });
  const timestamp = Math.floor(Date.now() / 1000);
  const answer = await post(
    delivery.url,
    {
      'content-type': 'application/json',
      'user-agent': 'Embark-Webhooks/1',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': secrets.map((secret) => signStandardWebhook(secret, delivery.id, timestamp, body)).join(' '),
    },
    body,
  );
  await settle(ctx, tenantId, claimed, answer);
}

/**
 * For the sweep (src/jobs/work.ts): deliveries still `delivering`, or `pending` past their time, for
 * longer than the sending timeout. Sending one again is safe: receivers deduplicate by webhook-id.
 */
export const stuckDeliveries: StuckWork = {
  what: 'webhook deliveries',
  async find(tx, olderThanSeconds) {
    const { rows } = await tx.query(
      `-- all tenants: the sweep for every tenant's stuck deliveries, through webhook_deliveries_unfinished (migration 0018)
       update webhook_deliveries d set updated_at = now()
        where (d.tenant_id, d.id) in (
          select tenant_id, id from webhook_deliveries
           where (status = 'delivering' or (status = 'pending' and (next_attempt_at is null or next_attempt_at < now() - make_interval(secs => $1))))
             and updated_at < now() - make_interval(secs => $1)
           order by updated_at limit 500 for update skip locked)
        returning d.tenant_id, d.id`,
      [olderThanSeconds],
    );
    return rows.map((row: { tenant_id: string; id: string }) => jobs.deliverWebhook(row.tenant_id, row.id));
  },
};
