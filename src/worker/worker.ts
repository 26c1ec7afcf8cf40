import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, makeWorkerUtils, run, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { Context } from '../context.ts';
import { STUCK_WORK, TASKS } from '../tasks/index.ts';
import { sweepStuckWork } from '../jobs/work.ts';
import { describeDbError } from '../db/connection-errors.ts';
import { maintainTrackedEvents } from '../analytics/maintenance.ts';
import { eraseDueTenants } from '../tenants/tenants.service.ts';

export interface WorkerHandle {
  /** Stops taking jobs, lets running ones finish for up to `timeoutMs`, then gives up on them. */
  stop(timeoutMs?: number): Promise<void>;
  /** Settles once stop() has finished: the worker runs until asked to stop, whatever the database does. */
  readonly done: Promise<void>;
  /** graphile-worker's events (job:start, job:complete, …), the same emitter across restarts. */
  readonly events: WorkerEvents;
}

function workerLogger(ctx: Context): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === 'error') ctx.log.error(fields, message);
    else if (level === 'warning') ctx.log.warn(fields, message);
    else if (level === 'info') ctx.log.debug(fields, message);
  });
}

/**
 * A job locked by this process this long (or EMBARK_SENDING_TIMEOUT, if shorter), and not running
 * here, lost its lock's acknowledgement or its completion or failure with the database connection.
 */
const LOST_LOCK_SECONDS = 30;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Runs the job queue: graphile-worker in the same PostgreSQL (LISTEN/NOTIFY wake-ups, SKIP LOCKED, so
 * any number of worker processes can share it). Signals are Embark's to handle, not graphile-worker's.
 *
 * A lost database never ends the worker:
 * - graphile-worker writes a job's completion (or failure) without waiting for it; when the connection
 *   is cut under that write the job stays locked by this process (main.ts keeps the unhandled
 *   rejection from ending it), so the sweep releases jobs this process locked but is not running, and
 *   they simply run again (every task is idempotent; jobs are at-least-once anyway). graphile-worker's
 *   batched completions would retry, but in 0.17 their retry loop gives up at the first error and then
 *   hangs the pool's shutdown (graphile/worker#636).
 * - should graphile-worker stop its pool unasked, a new one is started with backoff until the
 *   database answers, and the old pool's jobs are unlocked.
 */
export async function startWorker(ctx: Context, options: { concurrency?: number; pollInterval?: number } = {}): Promise<WorkerHandle> {
  const taskList: TaskList = Object.fromEntries(Object.entries(TASKS).map(([name, task]) => [name, ((payload, helpers) => task(ctx, payload, helpers)) as Task]));
  const events: WorkerEvents = new EventEmitter();
  // the pools this process ran, whose locks a new pool releases once they are gone
  const poolIds = new Set<string>();
  events.on('pool:create', ({ workerPool }) => poolIds.add(workerPool.id));
  const running = new Set<string>();
  events.on('job:start', ({ job }) => running.add(job.id));
  events.on('job:complete', ({ job }) => running.delete(job.id));
  const stopping = new AbortController();

  const startRunner = () =>
    run({
      pgPool: ctx.db.owner,
      taskList,
      concurrency: options.concurrency ?? ctx.config.workerConcurrency,
      pollInterval: options.pollInterval ?? 2000,
      noHandleSignals: true,
      logger: workerLogger(ctx),
      events,
    });

  const releaseLocks = async (ids: string[]) => {
    const utils = await makeWorkerUtils({ pgPool: ctx.db.owner, logger: workerLogger(ctx) });
    try {
      await utils.forceUnlockWorkers(ids);
    } finally {
      await utils.release();
    }
  };

  let runner: Runner = await startRunner();
  const done = (async () => {
    for (;;) {
      const outcome = await runner.promise.then(
        () => undefined,
        (error: unknown) => error,
      );
      if (stopping.signal.aborted) return;
      ctx.log.error({ err: outcome && describeDbError(outcome) }, 'the job queue stopped unexpectedly (database connection lost?); starting it again');
      const gone = [...poolIds];
      for (let delay = 1000; !stopping.signal.aborted; delay = Math.min(delay * 2, 30_000)) {
        await sleep(delay, stopping.signal);
        if (stopping.signal.aborted) return;
        try {
          const next = await startRunner();
          if (stopping.signal.aborted) {
            await next.stop();
            return;
          }
          runner = next;
          break;
        } catch (error) {
          ctx.log.warn({ err: describeDbError(error), retry_in_ms: Math.min(delay * 2, 30_000) }, 'the job queue could not start yet');
        }
      }
      // the old pools have finished: their jobs are locked by nobody alive
      await releaseLocks(gone).then(
        () => {
          for (const id of gone) poolIds.delete(id);
          ctx.log.info({ pools: gone }, 'job queue running again; jobs the stopped pool held are free to run');
        },
        (error: unknown) => ctx.log.warn({ err: describeDbError(error) }, 'could not release the jobs the stopped pool held; they run again once graphile-worker frees them'),
      );
    }
  })();

  const releaseLostLocks = async () => {
    const { rowCount } = await ctx.db.owner.query(
      `update graphile_worker._private_jobs set locked_at = null, locked_by = null
        where locked_by = any($1) and not (id = any($2::bigint[])) and locked_at < now() - make_interval(secs => $3)`,
      [[...poolIds], [...running], Math.min(LOST_LOCK_SECONDS, ctx.config.sendingTimeout)],
    );
    if (rowCount) ctx.log.warn({ count: rowCount }, 'released jobs whose completion was lost with the database connection; they run again');
  };
  const sweep = async () => {
    // each kind's failure is logged by the sweep itself
    await sweepStuckWork(ctx, STUCK_WORK);
    await releaseLostLocks().catch((err) => ctx.log.error({ err: describeDbError(err) }, 'could not release lost job locks'));
    await maintainTrackedEvents(ctx).catch((err) => ctx.log.error({ err: describeDbError(err) }, 'tracked events upkeep failed'));
    await eraseDueTenants(ctx).then(
      (count) => count && ctx.log.info({ count }, 'erased tenants whose deletion grace period is over'),
      (err: unknown) => ctx.log.error({ err: describeDbError(err) }, 'tenant erasure failed'),
    );
  };
  void sweep();
  const sweeper = setInterval(sweep, ctx.config.workerSweepInterval * 1000);
  sweeper.unref();
  return {
    events,
    done,
    async stop(timeoutMs = 30_000) {
      clearInterval(sweeper);
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([
        runner.stop().then(
          () => 'stopped' as const,
          () => 'stopped' as const,
        ),
        timedOut,
      ]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        ctx.log.warn({ timeoutMs }, 'jobs still running at the shutdown deadline; they will be retried after their lock expires');
        await runner.kill().catch(() => undefined);
      }
      await done;
    },
  };
}
