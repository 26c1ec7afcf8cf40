/**
 * The durable-work engine's rules, the same for every kind of work it carries — a message to send, a
 * webhook delivery, a step of a run (runs.ts): one visible state, one way to claim and settle an
 * attempt, one attempts limit and one backoff that honours Retry-After (afterFailure), and one sweep for
 * work whose worker stopped mid-attempt (sweepStuckWork). docs/jobs.md describes them.
 *
 * An attempt is three steps. Claim, holding the work's row lock: count the attempt and mark the work
 * running, and commit — so a worker that dies mid-attempt leaves it visibly running, never silently
 * lost. Do the work, outside any transaction. Settle, holding the lock again and only while this
 * attempt still holds the work: succeeded, failed, or pending again with its job queued for after the
 * backoff. claimWork and settleWork do this for work kept by a TypeScript store (webhook deliveries);
 * message dispatch does the same in SQL, a batch in one statement each (claim_messages_for_dispatch,
 * record_message_outcomes: its fast path), and decides its retries with afterFailure like the rest.
 */
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { describeDbError } from '../db/connection-errors.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { backoffSeconds, queueJob, webhookRetryDelaySeconds, type Job } from './tasks.ts';

/** Where any piece of work stands, whatever its own statuses are called (docs/jobs.md maps them). */
export type WorkState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** How often a kind of work is attempted, and how long it waits between attempts. */
export interface RetryRule {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** Seconds before the next attempt after `attempts` failed ones; never sooner than `retryAfterSeconds`. */
  readonly delaySeconds: (attempts: number, retryAfterSeconds: number | undefined) => number;
}

type RetryConfig = Pick<Config, 'messageMaxAttempts' | 'messageRetryBaseSeconds'>;

/** The rule of each kind of work: EMBARK_MESSAGE_MAX_ATTEMPTS and EMBARK_RETRY_BASE_SECONDS for messages and webhooks alike. */
export const retryRules = {
  /** Exponential from the base, with full jitter. */
  message: (config: RetryConfig): RetryRule => ({
    maxAttempts: config.messageMaxAttempts,
    delaySeconds: (attempts, retryAfterSeconds) => backoffSeconds(attempts, { baseSeconds: config.messageRetryBaseSeconds, retryAfterSeconds }),
  }),
  /** Standard Webhooks' schedule (WEBHOOK_RETRY_SCHEDULE_SECONDS), scaled by the base. */
  webhook: (config: RetryConfig): RetryRule => ({
    maxAttempts: config.messageMaxAttempts,
    delaySeconds: (attempts, retryAfterSeconds) => webhookRetryDelaySeconds(config, attempts, retryAfterSeconds),
  }),
  /** A step's own attempts (its definition's maxAttempts), exponential from the base. */
  runStep: (config: RetryConfig, maxAttempts: number): RetryRule => ({
    maxAttempts,
    delaySeconds: (attempts, retryAfterSeconds) => backoffSeconds(attempts, { baseSeconds: config.messageRetryBaseSeconds, retryAfterSeconds }),
  }),
};

/** What the engine needs to know of a failed attempt. */
export interface AttemptFailure {
  /** False when repeating cannot help (bad credentials, a refusal, a 4xx): the work fails at once. */
  readonly retryable: boolean;
  /** The vendor's Retry-After, in seconds. */
  readonly retryAfterSeconds?: number | undefined;
}

export type AfterFailure = { readonly retry: true; readonly delaySeconds: number; readonly runAt: Date } | { readonly retry: false; readonly outOfAttempts: boolean };

/** The one rule after a failed attempt (the `attempts`-th): another one after the backoff, or none — not retryable, or out of attempts. */
export function afterFailure(rule: RetryRule, attempts: number, failure: AttemptFailure, now = Date.now()): AfterFailure {
  if (!failure.retryable) return { retry: false, outOfAttempts: false };
  if (attempts >= rule.maxAttempts) return { retry: false, outOfAttempts: true };
  const delaySeconds = rule.delaySeconds(attempts, failure.retryAfterSeconds);
  return { retry: true, delaySeconds, runAt: new Date(now + delaySeconds * 1000) };
}

/** A kind of work kept in a table of its own, claimed and settled through its store. */
export interface WorkKind<Item extends { readonly attempts: number }> {
  /** The item, its row locked by `tx`; undefined when there is none. */
  lock(tx: Queryable, tenantId: string, id: string): Promise<Item | undefined>;
  state(item: Item): WorkState;
  /** Records the claim: running, with `attempts` attempts counted. */
  start(tx: Queryable, tenantId: string, item: Item, attempts: number): Promise<void>;
  /** The job that attempts the item again. */
  job(tenantId: string, item: Item): Job;
  readonly retryRule: (config: RetryConfig) => RetryRule;
}

export interface Claimed<Item, Prepared> {
  /** The item as it was locked, with this attempt counted. */
  readonly item: Item;
  readonly attempts: number;
  readonly prepared: Prepared;
}

/**
 * Claims the item for one attempt, in one transaction of the tenant holding its lock: nothing when it
 * is gone or finished; else `prepare` (in the same transaction) reads what the attempt needs, or
 * settles the item itself and answers undefined (an endpoint deleted, a secret that will not open);
 * else the attempt is counted and the item marked running, committed before the work is done.
 */
export async function claimWork<Item extends { readonly attempts: number }, Prepared>(ctx: Context, kind: WorkKind<Item>, tenantId: string, id: string, prepare: (tx: Queryable, item: Item) => Promise<Prepared | undefined>): Promise<Claimed<Item, Prepared> | undefined> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const item = await kind.lock(tx, tenantId, id);
    // running: an attempt whose worker stopped (the sweep queued this job again), taken over
    if (!item || (kind.state(item) !== 'pending' && kind.state(item) !== 'running')) return undefined;
    const prepared = await prepare(tx, item);
    if (prepared === undefined) return undefined;
    const attempts = item.attempts + 1;
    await kind.start(tx, tenantId, item, attempts);
    return { item: { ...item, attempts }, attempts, prepared };
  });
}

/** Where an attempt leaves the item, as settleWork decides it. */
export type WorkEnd = { readonly state: 'succeeded' } | { readonly state: 'pending'; readonly runAt: Date } | { readonly state: 'failed'; readonly outOfAttempts: boolean };

/**
 * Settles the claimed attempt, in one transaction of the tenant holding the item's lock, only while it
 * is still running (cancelled or settled meanwhile: nothing): `failure` undefined is success; a failure
 * is retried after the kind's backoff while attempts and `retryable` allow, else the item fails.
 * `record` writes the end on the item (and whatever goes with it); a retry's job is queued here.
 */
export async function settleWork<Item extends { readonly attempts: number }>(
  ctx: Context,
  kind: WorkKind<Item>,
  tenantId: string,
  id: string,
  claimed: { readonly attempts: number },
  failure: AttemptFailure | undefined,
  record: (tx: Queryable, current: Item, end: WorkEnd) => Promise<void>,
): Promise<WorkEnd | undefined> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const current = await kind.lock(tx, tenantId, id);
    if (!current || kind.state(current) !== 'running') return undefined;
    let end: WorkEnd = { state: 'succeeded' };
    if (failure) {
      const next = afterFailure(kind.retryRule(ctx.config), claimed.attempts, failure);
      end = next.retry ? { state: 'pending', runAt: next.runAt } : { state: 'failed', outOfAttempts: next.outOfAttempts };
    }
    await record(tx, current, end);
    if (end.state === 'pending') await queueJob(tx, kind.job(tenantId, current), end.runAt);
    return end;
  });
}

/**
 * Work of one kind left unfinished for longer than EMBARK_SENDING_TIMEOUT — claimed by a worker that
 * died, or queued with no job run: what the sweep queues again. Dispatch and delivery find out whether
 * an interrupted attempt may be repeated (message dispatch resends only where the vendor deduplicates).
 */
export interface StuckWork {
  /** For the log: "messages", "webhook deliveries", "runs". */
  readonly what: string;
  /**
   * The jobs of the stuck items of every tenant (system work), up to a page of them. A kind may touch
   * what it found so that the next sweep does not find it again straight away.
   */
  find(tx: Queryable, olderThanSeconds: number): Promise<Job[]>;
}

/**
 * The one sweep: queues again the job of every kind's stuck work, a kind in a transaction of its own
 * (one failing does not stop the others: it is logged). Safe from every worker at once: the job key
 * keeps one job per item. Answers how many jobs it queued.
 */
export async function sweepStuckWork(ctx: Context, kinds: readonly StuckWork[]): Promise<number> {
  let queued = 0;
  for (const kind of kinds) {
    try {
      const jobs = await withSystem(ctx.db.app, async (tx) => {
        const found = await kind.find(tx, ctx.config.sendingTimeout);
        for (const job of found) await queueJob(tx, job);
        return found;
      });
      if (jobs.length) ctx.log.warn({ count: jobs.length, work: kind.what }, `requeued ${kind.what} whose worker stopped before finishing them`);
      queued += jobs.length;
    } catch (error) {
      ctx.log.error({ err: describeDbError(error), work: kind.what }, `the sweep for stuck ${kind.what} failed`);
    }
  }
  return queued;
}
