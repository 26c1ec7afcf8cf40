/**
 * The job queue and message dispatch, each against its floor, in one run on one database:
 * 1. graphile-worker's raw throughput: N no-op jobs added in one transaction, then run() with Embark's
 *    worker concurrency, poll interval and owner pool, timed from run() until the queue is empty.
 * 2. Embark: N SMS messages queued with enqueueMessage (500 per tenant transaction) for a tenant whose
 *    sms channel is Twilio pointed at a local fake, then startWorker(), timed until every message is
 *    `sent` and the fake has N requests. Embark messages/s against the no-op jobs/s: target >= 0.4.
 * 3. Idle latency: the worker running with nothing to do, one message queued per transaction, from
 *    just before that transaction's COMMIT is sent until the fake has read the whole vendor request
 *    (target p99 < 50 ms; LISTEN/NOTIFY should make it a few ms, the poll interval would make it ~2 s).
 * Then the PostgreSQL statements one dispatch costs, by pool.
 *
 *   BENCH_MESSAGES=5000   N, the jobs and messages of 1 and 2
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import type { Actor } from '../src/audit/audit.service.ts';
import type { Context } from '../src/context.ts';
import { withTenant } from '../src/db/tx.ts';
import { putChannel } from '../src/messaging/channels.service.ts';
import { enqueueMessage } from '../src/messaging/messages.service.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import { startWorker, type WorkerHandle } from '../src/worker/worker.ts';
import { startTwilioFake, type TwilioFake, type TwilioRequest } from '../test/fakes/twilio.ts';
import { createTwilioSmsProvider } from '../src/providers/sms/twilio.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';
import { countCpu, perItem, type CpuSpent } from './cpu.ts';

const ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };
const ACCOUNT_SID = 'AC' + 'b'.repeat(32);
const AUTH_TOKEN = 'bench-auth-token-0000000000000';
const THROUGHPUT_TARGET = 0.4;
const LATENCY_TARGET_MS = 50;
const LATENCY_SAMPLES = 200;
const LATENCY_GAP_MS = 20;
const PER_TRANSACTION = 500;
const PROFILED_DISPATCHES = 50;
/** startWorker's default (src/worker/worker.ts): how often an idle worker looks for jobs without a NOTIFY. */
const POLL_INTERVAL_MS = 2000;

function messageCount(): number {
  const raw = process.env.BENCH_MESSAGES;
  if (raw === undefined || raw === '') return 5000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_MESSAGES must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

function quietLogger(ctx: Context): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    if (level === 'error') ctx.log.error(meta ?? {}, message);
    else if (level === 'warning') ctx.log.warn(meta ?? {}, message);
  });
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** Resolves once `condition` holds, checking every `everyMs`; rejects with `what` after `timeoutMs`. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 2): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

function within<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Counts completed jobs of a runner (completion itself is written a moment later, asynchronously). */
function countCompletions(runner: Pick<Runner, 'events'>): { readonly done: number; readonly failed: number; stop(): void } {
  const state = { done: 0, failed: 0 };
  const listener = ({ error }: { error: unknown }) => {
    state.done++;
    if (error) state.failed++;
  };
  runner.events.on('job:complete', listener);
  return {
    get done() {
      return state.done;
    },
    get failed() {
      return state.failed;
    },
    stop: () => runner.events.off('job:complete', listener),
  };
}

interface Throughput {
  perSecond: number;
  seconds: number;
}

/**
 * 1. Jobs through graphile-worker alone, on the same pool, concurrency and poll interval: no-ops, and
 * jobs that each make the vendor call a message makes (Twilio's adapter to the same fake), so the
 * per-message ratio compares like with like and batching alone cannot lift it above 1.
 */
async function rawThroughput(ctx: Context, observer: pg.Client, n: number, task: 'noop' | 'vendor_sms' = 'noop', twilio?: TwilioFake): Promise<Throughput & { addSeconds: number; cpu: CpuSpent }> {
  const addStart = performance.now();
  const client = await ctx.db.owner.connect();
  try {
    await client.query('begin');
    await client.query(
      `select count(*) from graphile_worker.add_jobs(array(
         select row($2::text, json_build_object('i', i), null, null, null, null, null, null)::graphile_worker.job_spec from generate_series(1, $1) i))`,
      [n, task],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const addSeconds = (performance.now() - addStart) / 1000;
  const vendor = twilio ? createTwilioSmsProvider({ account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN, base_url: twilio.url }) : undefined;
  const vendorBefore = twilio?.requests.length ?? 0;

  const stopCpu = await countCpu(observer);
  const start = performance.now();
  const runner = await run({
    pgPool: ctx.db.owner,
    taskList:
      task === 'noop'
        ? { noop: async () => undefined }
        : {
            vendor_sms: async (payload) => {
              const { i } = payload as { i: number };
              await vendor!.sendSms({ to: recipient(9_000_000 + i), from: '+15555550100', body: 'Your Embark code is 123456', idempotencyKey: `raw-${i}` });
            },
          },
    concurrency: ctx.config.workerConcurrency,
    pollInterval: POLL_INTERVAL_MS,
    noHandleSignals: true,
    logger: quietLogger(ctx),
  });
  const completions = countCompletions(runner);
  try {
    await until(() => completions.done >= n, `${n} ${task} jobs to run (${completions.done} so far)`, 120_000);
    const remaining = async () => (await observer.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = $1`, [task])).rows[0]!.n;
    await until(async () => (await remaining()) === 0, `the ${task} jobs to be marked complete`, 30_000);
    const seconds = (performance.now() - start) / 1000;
    const cpu = await stopCpu();
    if (completions.failed) throw new Error(`${completions.failed} ${task} jobs failed`);
    if (twilio && twilio.requests.length - vendorBefore !== n) throw new Error(`the fake has ${twilio.requests.length - vendorBefore} requests for ${n} vendor_sms jobs`);
    return { perSecond: n / seconds, seconds, addSeconds, cpu };
  } finally {
    completions.stop();
    await runner.stop();
  }
}

/** Queues `recipients.length` SMS messages, `PER_TRANSACTION` per tenant transaction; returns their ids. */
async function enqueueBatch(ctx: Context, tenantId: string, recipients: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < recipients.length; i += PER_TRANSACTION) {
    await withTenant(ctx.db.app, tenantId, async (tx) => {
      for (const recipient of recipients.slice(i, i + PER_TRANSACTION)) {
        ids.push(await enqueueMessage(ctx, tx, { tenantId, channel: 'sms', recipient, bundle: 'onboarding_sms', variables: { first_name: 'Bench' } }));
      }
    });
  }
  return ids;
}

async function statusCounts(observer: pg.Client, tenantId: string): Promise<Record<string, number>> {
  const { rows } = await observer.query<{ status: string; n: number }>('select status, count(*)::int as n from messages where tenant_id = $1 group by status', [tenantId]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

function recipient(i: number): string {
  return `+1555${String(i).padStart(7, '0')}`;
}

interface LatencyResult {
  /** just before COMMIT is sent → the fake has read the vendor request */
  total: number[];
  /** the COMMIT round trip */
  commit: number[];
  /** COMMIT sent → graphile-worker's job:start (NOTIFY, wake-up, get_job) */
  pickup: number[];
  /** job:start → the fake has the request (claim transaction, render, HTTP) */
  claim: number[];
}

/** 3. One message at a time into an idle worker. */
async function idleLatency(ctx: Context, worker: WorkerHandle, twilio: TwilioFake, tenantId: string, arrival: { next: () => Promise<number> }, firstRecipient: number): Promise<LatencyResult> {
  const result: LatencyResult = { total: [], commit: [], pickup: [], claim: [] };
  let started: number | undefined;
  let completed = 0;
  const onStart = () => {
    started = performance.now();
  };
  const onComplete = () => {
    completed++;
  };
  worker.events.on('job:start', onStart);
  worker.events.on('job:complete', onComplete);
  try {
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      started = undefined;
      const received = arrival.next();
      const before = twilio.requests.length;
      let commitSent = 0;
      await withTenant(ctx.db.app, tenantId, async (tx) => {
        await enqueueMessage(ctx, tx, { tenantId, channel: 'sms', recipient: recipient(firstRecipient + i), bundle: 'onboarding_sms', variables: { first_name: 'Idle' } });
        // withTenant sends COMMIT as soon as this returns
        commitSent = performance.now();
      });
      const committed = performance.now();
      const at = await within(received, 10_000, `sample ${i}: the fake got no request within 10 s`);
      if (twilio.requests.length !== before + 1) throw new Error(`sample ${i}: expected one vendor request, the fake has ${twilio.requests.length - before}`);
      result.total.push(at - commitSent);
      result.commit.push(committed - commitSent);
      if (started !== undefined) {
        result.pickup.push(started - commitSent);
        result.claim.push(at - started);
      }
      // let the record transaction finish, so the next sample finds the worker idle again
      await until(() => completed >= i + 1, `sample ${i} to complete`, 10_000, 1);
      await sleep(LATENCY_GAP_MS);
    }
  } finally {
    worker.events.off('job:start', onStart);
    worker.events.off('job:complete', onComplete);
  }
  return result;
}

/**
 * The statements dispatching sends per message, by pool (application_name), counted by wrapping
 * pg.Client#query: PROFILED_DISPATCHES messages queued in one transaction into the running worker.
 */
async function countStatements(ctx: Context, twilio: TwilioFake, observer: pg.Client, tenantId: string, firstRecipient: number): Promise<{ byPool: Record<string, number>; transactions: number; appStatements: string[] }> {
  const recipients = Array.from({ length: PROFILED_DISPATCHES }, (_, i) => recipient(firstRecipient + i));
  const seen: { pool: string; text: string }[] = [];
  const original = pg.Client.prototype.query;
  const before = twilio.requests.length;
  let queued = false;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
    const pool = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name ?? '?';
    // the queueing transaction and the benchmark's own observations are not the dispatcher's
    if (pool === 'embark' && !queued) return (original as (...a: unknown[]) => unknown).apply(this, args);
    if (this !== observer) seen.push({ pool, text: text.replace(/\s+/g, ' ').trim() });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await enqueueBatch(ctx, tenantId, recipients);
    queued = true;
    await until(() => twilio.requests.length >= before + PROFILED_DISPATCHES, `${PROFILED_DISPATCHES} profiled dispatches`, 60_000, 5);
    await until(async () => (await statusCounts(observer, tenantId)).sent === firstRecipient + PROFILED_DISPATCHES, `${PROFILED_DISPATCHES} profiled messages sent`, 10_000, 5);
    await sleep(50); // the last job completions
  } finally {
    pg.Client.prototype.query = original;
  }
  const byPool: Record<string, number> = {};
  for (const s of seen) byPool[s.pool] = (byPool[s.pool] ?? 0) + 1 / PROFILED_DISPATCHES;
  const app = seen.filter((s) => s.pool === 'embark');
  const transactions = app.filter((s) => s.text.startsWith('begin')).length / PROFILED_DISPATCHES;
  const appStatements = [...new Set(app.map((s) => s.text))].map((t) => (t.length > 48 ? t.slice(0, 45) + '...' : t));
  return { byPool, transactions, appStatements };
}

interface DispatchThroughput extends Throughput {
  tenantId: string;
  jobs: number;
  firstArrival: number;
  enqueueSeconds: number;
  cpu: CpuSpent;
}

/** 2. N SMS queued for a new tenant (Twilio, the fake), then a worker with dispatch batches of `batch`, until all are sent. */
async function dispatchThroughput(ctx: Context, observer: pg.Client, twilio: TwilioFake, arrivals: readonly number[], n: number, batch: number): Promise<DispatchThroughput> {
  const tenant = await createTenant(ctx, ACTOR, { name: `Bench Messaging ${batch}`, subdomain: `bench-msg-${randomBytes(3).toString('hex')}` });
  const from = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  await putChannel(ctx, ACTOR, tenant.id, 'sms', { provider: 'twilio', from, credentials: { account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN, base_url: twilio.url } });

  process.stderr.write(`  queueing ${n} messages, ${PER_TRANSACTION} per transaction…\n`);
  const enqueueStart = performance.now();
  await enqueueBatch(
    ctx,
    tenant.id,
    Array.from({ length: n }, (_, i) => recipient(i)),
  );
  const enqueueSeconds = (performance.now() - enqueueStart) / 1000;
  // statistics for the rows just written, as a database that grew over time would have
  await ctx.db.owner.query('analyze messages, message_events');

  process.stderr.write(`  dispatching them to the Twilio fake, batches of up to ${batch}…\n`);
  const before = twilio.requests.length;
  const stopCpu = await countCpu(observer);
  const start = performance.now();
  const worker = await startWorker({ ...ctx, config: { ...ctx.config, dispatchBatch: batch } });
  const completions = countCompletions(worker);
  let jobs = 0;
  try {
    await until(() => twilio.requests.length - before >= n, `${n} dispatches (${completions.done} jobs done, ${twilio.requests.length - before} vendor requests)`, 300_000, 5);
    await until(async () => (await statusCounts(observer, tenant.id)).sent === n, `${n} messages sent`, 10_000, 5);
    jobs = completions.done;
  } catch (error) {
    throw new Error(`${(error as Error).message}; messages by status: ${JSON.stringify(await statusCounts(observer, tenant.id))}`, { cause: error });
  } finally {
    completions.stop();
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = await stopCpu();
  await worker.stop(10_000);
  if (twilio.requests.length - before !== n) throw new Error(`the fake has ${twilio.requests.length - before} requests for ${n} messages`);
  twilio.assertNoViolations();
  return { tenantId: tenant.id, perSecond: n / seconds, seconds, jobs, firstArrival: arrivals[before]! - start, enqueueSeconds, cpu };
}

export const messaging: Benchmark = {
  name: 'messaging',
  async run(bench: BenchContext): Promise<Row[]> {
    const { ctx } = bench;
    const n = messageCount();
    // every observation on a connection of its own: the owner pool is the worker's
    const observer = new pg.Client({ connectionString: ctx.db.url, application_name: 'embark-bench' });
    await observer.connect();
    let twilio: TwilioFake | undefined;
    let worker: WorkerHandle | undefined;
    try {
      process.stderr.write(`  ${n} no-op jobs through graphile-worker…\n`);
      const raw = await rawThroughput(ctx, observer, n);

      twilio = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
      // the moment the fake has read each whole request, taken where it records it
      const arrivals: number[] = [];
      let waiting: ((at: number) => void) | undefined;
      const requests = twilio.requests;
      const push = requests.push.bind(requests);
      requests.push = (...items: TwilioRequest[]) => {
        const at = performance.now();
        for (let i = 0; i < items.length; i++) arrivals.push(at);
        const resolve = waiting;
        waiting = undefined;
        resolve?.(at);
        return push(...items);
      };
      const arrival = {
        next: () =>
          new Promise<number>((resolve) => {
            waiting = resolve;
          }),
      };

      process.stderr.write(`  ${n} jobs through graphile-worker that each make the vendor call…\n`);
      const rawVendor = await rawThroughput(ctx, observer, n, 'vendor_sms', twilio);
      const batched = await dispatchThroughput(ctx, observer, twilio, arrivals, n, ctx.config.dispatchBatch);
      const single = await dispatchThroughput(ctx, observer, twilio, arrivals, n, 1);
      const tenant = batched.tenantId;
      worker = await startWorker(ctx);

      process.stderr.write(`  ${LATENCY_SAMPLES} messages one at a time into the idle worker…\n`);
      await sleep(200);
      const latency = await idleLatency(ctx, worker, twilio, tenant, arrival, n);
      const profile = await countStatements(ctx, twilio, observer, tenant, n + LATENCY_SAMPLES);
      twilio.assertNoViolations();

      const ratio = batched.perSecond / raw.perSecond;
      const embarkRow = (t: typeof batched, what: string) => ({
        name: `Embark  SMS dispatched to the Twilio fake, ${what}`,
        value: Math.round(t.perSecond),
        unit: 'msg/s',
        detail: `${n} messages in ${t.seconds.toFixed(2)} s from startWorker() to all sent, by ${t.jobs} dispatch jobs (first vendor request after ${ms(t.firstArrival)}); queueing them took ${t.enqueueSeconds.toFixed(2)} s (${Math.round(n / t.enqueueSeconds)}/s, ${PER_TRANSACTION} per transaction); ${perItem(t.cpu, n, 'message')}, the fake's included`,
      });
      const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
      const total = sorted(latency.total);
      const p99 = percentile(total, 99);
      const pick = (values: number[]) => {
        const s = sorted(values);
        return `p50 ${ms(percentile(s, 50))}, p99 ${ms(percentile(s, 99))}`;
      };
      const pools = Object.entries(profile.byPool)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([pool, count]) => `${pool} ${count.toFixed(1)}`)
        .join(', ');
      return [
        {
          name: `raw     graphile-worker no-op jobs, concurrency ${ctx.config.workerConcurrency}`,
          value: Math.round(raw.perSecond),
          unit: 'jobs/s',
          detail: `${n} jobs in ${raw.seconds.toFixed(2)} s from run() to an empty queue (add_jobs in one transaction: ${raw.addSeconds.toFixed(2)} s), owner pool of ${ctx.db.owner.options.max}, poll ${POLL_INTERVAL_MS} ms; ${perItem(raw.cpu, n, 'job')}`,
        },
        embarkRow(batched, `concurrency ${ctx.config.workerConcurrency}, batches of up to ${ctx.config.dispatchBatch}`),
        { name: 'ratio   Embark msg/s / raw jobs/s', value: Number(ratio.toFixed(2)), unit: '×', detail: `target >= ${THROUGHPUT_TARGET}`, meetsTarget: ratio >= THROUGHPUT_TARGET },
        embarkRow(single, 'one message a job (EMBARK_DISPATCH_BATCH=1)'),
        { name: 'ratio   of which one message a job / raw jobs/s', value: Number((single.perSecond / raw.perSecond).toFixed(2)), unit: '×', detail: 'the cost of a message beyond its job: claim, render, vendor call, outcome' },
        { name: `raw     graphile-worker jobs making the vendor call, concurrency ${ctx.config.workerConcurrency}`, value: Math.round(rawVendor.perSecond), unit: 'calls/s', detail: `${n} jobs, each one Twilio adapter call to the same fake, nothing recorded; ${perItem(rawVendor.cpu, n, 'job')}` },
        { name: 'ratio   per message: one message a job / raw vendor-call jobs', value: Number((single.perSecond / rawVendor.perSecond).toFixed(2)), unit: '×', detail: 'same job count and vendor calls on both sides: what Embark adds (claim, render, outcome, events); cannot exceed 1 by batching' },
        { name: 'ratio   per message: batched / raw vendor-call jobs', value: Number((batched.perSecond / rawVendor.perSecond).toFixed(2)), unit: '×', detail: `Embark with its batches (${batched.jobs} jobs for ${n} messages) against one job a call: above 1 is batching's gain` },
        {
          name: 'idle    COMMIT sent → vendor request read, p99',
          value: Number(p99.toFixed(2)),
          unit: 'ms',
          detail: `target < ${LATENCY_TARGET_MS} ms; ${total.length} samples ${LATENCY_GAP_MS} ms apart: p50 ${ms(percentile(total, 50))}, max ${ms(total[total.length - 1]!)}`,
          meetsTarget: p99 < LATENCY_TARGET_MS,
        },
        { name: 'idle    of which COMMIT sent → job:start', value: Number(percentile(sorted(latency.pickup), 50).toFixed(2)), unit: 'ms p50', detail: `${pick(latency.pickup)} (COMMIT round trip ${pick(latency.commit)}; NOTIFY, wake-up, get_job)` },
        { name: 'idle    of which job:start → vendor request', value: Number(percentile(sorted(latency.claim), 50).toFixed(2)), unit: 'ms p50', detail: `${pick(latency.claim)} (claim transaction, render, HTTP to the fake)` },
        {
          name: 'statements to PostgreSQL per message',
          value: Number(
            Object.values(profile.byPool)
              .reduce((a, b) => a + b, 0)
              .toFixed(1),
          ),
          unit: 'queries',
          detail: `${PROFILED_DISPATCHES} messages queued in one transaction into the running worker; by pool: ${pools}; ${profile.transactions.toFixed(1)} Embark transactions; Embark's: ${profile.appStatements.join(' | ')}`,
        },
      ];
    } finally {
      await worker?.stop(10_000);
      await twilio?.close();
      await observer.end();
    }
  },
};
