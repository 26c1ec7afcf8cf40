import type { Context } from '../context.ts';
import { withSystem } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import * as store from './jobs.store.ts';
import type { JobRow, JobState } from './jobs.store.ts';

function present(row: JobRow) {
  return {
    ...row,
    run_at: row.run_at.toISOString(),
    locked_at: row.locked_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

// graphile-worker's tables are the owner's alone (row-level security without policies keeps the
// application role out), so this module reads and reschedules jobs through the owner pool
/** The job queue across all tenants: for global admins, who see what failed and why. */
export async function listJobs(ctx: Context, filter: { state?: JobState | undefined; task?: string | undefined; limit: number; offset: number }) {
  const { rows, total } = await withSystem(ctx.db.owner, (tx) => store.listJobs(tx, filter));
  return { items: rows.map(present), total, limit: filter.limit, offset: filter.offset };
}

/** Runs a failed job again now, with all its attempts restored. */
export async function retryJob(ctx: Context, actor: Actor, id: string) {
  // the audit entry is written in the same (system) transaction, so the retry and its record commit together
  return withSystem(ctx.db.owner, async (tx) => {
    const job = await store.findJob(tx, id, { lock: true });
    if (!job) throw new AppError('job_not_found', `no job with id ${id}; jobs that succeeded are removed from the queue`);
    if (job.state !== 'failed' || !(await store.rescheduleJob(tx, id))) {
      throw new AppError('job_not_retryable', `job ${id} is ${job.state === 'failed' ? 'held by a worker' : job.state}; only a failed job (attempts used up, not running) can be retried`);
    }
    await recordAudit(tx, actor, null, 'job.retried', { type: 'job', id }, { task: job.task_identifier, attempts: job.attempts, last_error: job.last_error });
    return present((await store.findJob(tx, id))!);
  });
}

export async function jobCounts(ctx: Context): Promise<Record<JobState, number>> {
  return withSystem(ctx.db.owner, (tx) => store.countJobsByState(tx));
}
