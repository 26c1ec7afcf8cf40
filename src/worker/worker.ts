import { Logger as WorkerLogger, run, type Runner, type Task, type TaskList } from 'graphile-worker';
import type { Context } from '../context.ts';
import { TASKS } from '../tasks/index.ts';
import { requeueStuckMessages } from '../messaging/recovery.ts';

export interface WorkerHandle {
  /** Stops taking jobs, lets running ones finish for up to `timeoutMs`, then gives up on them. */
  stop(timeoutMs?: number): Promise<void>;
  readonly runner: Runner;
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
 * Runs the job queue: graphile-worker in the same PostgreSQL (LISTEN/NOTIFY wake-ups, SKIP LOCKED, so
 * any number of worker processes can share it). Signals are Embark's to handle, not graphile-worker's.
 */
export async function startWorker(ctx: Context, options: { concurrency?: number; pollInterval?: number } = {}): Promise<WorkerHandle> {
  const taskList: TaskList = Object.fromEntries(
    Object.entries(TASKS).map(([name, task]) => [name, ((payload, helpers) => task(ctx, payload, helpers)) as Task]),
  );
  const runner = await run({
    pgPool: ctx.db.owner,
    taskList,
    concurrency: options.concurrency ?? ctx.config.workerConcurrency,
    pollInterval: options.pollInterval ?? 2000,
    noHandleSignals: true,
    logger: workerLogger(ctx),
  });
  const sweep = () => requeueStuckMessages(ctx).catch((err) => ctx.log.error({ err }, 'stuck-message sweep failed'));
  void sweep();
  const sweeper = setInterval(sweep, ctx.config.workerSweepInterval * 1000);
  sweeper.unref();
  return {
    runner,
    async stop(timeoutMs = 30_000) {
      clearInterval(sweeper);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
      const outcome = await Promise.race([runner.stop().then(() => 'stopped' as const), timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        ctx.log.warn({ timeoutMs }, 'jobs still running at the shutdown deadline; they will be retried after their lock expires');
        await runner.kill().catch(() => undefined);
      }
    },
  };
}
