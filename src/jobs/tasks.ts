/**
 * The durable-work engine's one table of tasks: each graphile-worker task identifier, the job key that
 * keeps one pending job per subject, the payload the job carries (and how a worker checks it), and how
 * many times graphile-worker runs a job that throws. SQL queues the same tasks through queue_job, which
 * reads its attempts from sql/functions/job_max_attempts.sql; src/jobs/tasks.test.ts keeps the two equal.
 */
import type { Config } from '../config.ts';
import type { Queryable } from '../db/pool.ts';
import { isUuid } from '../db/tx.ts';

export const TASK = {
  dispatchMessage: 'dispatch_message',
  deliverWebhook: 'deliver_webhook',
  runStep: 'run_step',
} as const;
export type TaskName = (typeof TASK)[keyof typeof TASK];

/**
 * How many times graphile-worker runs a job whose task throws (a lost database, a bug). The work's own
 * retries (a vendor's 503, a step that throws) are counted on its row, not here: a task that settles
 * its work returns normally, so these attempts are only for failures of the engine itself.
 */
export const JOB_MAX_ATTEMPTS: Readonly<Record<TaskName, number>> = {
  dispatch_message: 25,
  deliver_webhook: 10,
  run_step: 25,
};

export interface DispatchMessagePayload {
  tenant_id: string;
  message_id: string;
}
export interface DeliverWebhookPayload {
  tenant_id: string;
  delivery_id: string;
}
export interface RunStepPayload {
  tenant_id: string;
  run_id: string;
}

const WEBHOOK_MESSAGE_ID = /^msg_[0-9a-z]{1,60}$/;

/** A job of each task: its identifier, key and payload, as SQL and TypeScript both queue it. */
export const jobs = {
  dispatchMessage: (tenantId: string, messageId: string) => ({ task: TASK.dispatchMessage, key: `message:${messageId}`, payload: { tenant_id: tenantId, message_id: messageId } satisfies DispatchMessagePayload }),
  deliverWebhook: (tenantId: string, deliveryId: string) => ({ task: TASK.deliverWebhook, key: `webhook:${deliveryId}`, payload: { tenant_id: tenantId, delivery_id: deliveryId } satisfies DeliverWebhookPayload }),
  runStep: (tenantId: string, runId: string) => ({ task: TASK.runStep, key: `run:${runId}`, payload: { tenant_id: tenantId, run_id: runId } satisfies RunStepPayload }),
};

export type Job = ReturnType<(typeof jobs)[keyof typeof jobs]>;

/**
 * Queues (or, under the same key, re-schedules) the job in the caller's transaction, through queue_job:
 * the application role cannot write graphile-worker's tables itself. run_at null means now.
 */
export async function queueJob(db: Queryable, job: Job, runAt: Date | null = null): Promise<void> {
  await db.query('select queue_job($1, $2, $3, $4)', [job.task, JSON.stringify(job.payload), job.key, runAt]);
}

const fields = (payload: unknown) => (payload ?? {}) as Record<string, unknown>;

/** Each task's payload check: the payload, or undefined for one that can never succeed. */
export const parsePayload = {
  dispatchMessage(payload: unknown): DispatchMessagePayload | undefined {
    const { tenant_id, message_id } = fields(payload);
    return isUuid(tenant_id) && isUuid(message_id) ? { tenant_id, message_id } : undefined;
  },
  deliverWebhook(payload: unknown): DeliverWebhookPayload | undefined {
    const { tenant_id, delivery_id } = fields(payload);
    return isUuid(tenant_id) && typeof delivery_id === 'string' && WEBHOOK_MESSAGE_ID.test(delivery_id) ? { tenant_id, delivery_id } : undefined;
  },
  runStep(payload: unknown): RunStepPayload | undefined {
    const { tenant_id, run_id } = fields(payload);
    return isUuid(tenant_id) && isUuid(run_id) ? { tenant_id, run_id } : undefined;
  },
};

// a vendor asking for more than a day is not going to be there
export const MAX_RETRY_AFTER_SECONDS = 86_400;

const honouring = (delay: number, retryAfterSeconds: number | undefined) => Math.max(delay, Math.min(retryAfterSeconds ?? 0, MAX_RETRY_AFTER_SECONDS));

/**
 * Seconds to wait after `attempts` failed attempts: exponential from `baseSeconds`, capped at
 * `capSeconds`, with full jitter (a random delay up to that) so that work failing together does not
 * retry together — and never sooner than the vendor's Retry-After.
 */
export function backoffSeconds(attempts: number, options: { baseSeconds: number; capSeconds?: number; retryAfterSeconds?: number | undefined }): number {
  const exponential = Math.min(options.capSeconds ?? 3600, options.baseSeconds * 2 ** Math.max(0, attempts - 1));
  return honouring(Math.ceil(Math.random() * exponential), options.retryAfterSeconds);
}

/**
 * Standard Webhooks' example schedule, the delays after the first (immediate) attempt, in seconds:
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. It applies as is at the default
 * EMBARK_RETRY_BASE_SECONDS of 10 and scales with it (5 halves every delay; 0, for tests, retries at
 * once). EMBARK_MESSAGE_MAX_ATTEMPTS bounds the attempts, as it does for messages.
 */
export const WEBHOOK_RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400] as const;
const DEFAULT_RETRY_BASE_SECONDS = 10;

/** Seconds before a webhook delivery's next attempt after `attempts` failed ones: the schedule, or longer when the receiver asked (Retry-After). */
export function webhookRetryDelaySeconds(config: Pick<Config, 'messageRetryBaseSeconds'>, attempts: number, retryAfterSeconds?: number): number {
  const step = WEBHOOK_RETRY_SCHEDULE_SECONDS[Math.min(Math.max(attempts, 1), WEBHOOK_RETRY_SCHEDULE_SECONDS.length) - 1]!;
  return honouring(Math.round((step * config.messageRetryBaseSeconds) / DEFAULT_RETRY_BASE_SECONDS), retryAfterSeconds);
}
