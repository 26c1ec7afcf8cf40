import type { Queryable } from '../db/pool.ts';

export type JobState = 'failed' | 'locked' | 'pending';

export interface JobRow {
  id: number;
  queue_name: string | null;
  task_identifier: string;
  payload: unknown;
  priority: number;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  key: string | null;
  created_at: Date;
  updated_at: Date;
  state: JobState;
}

// a job that has used all its attempts stays in the table, never picked again: that is "failed"
const STATE = `case when j.attempts >= j.max_attempts then 'failed' when j.locked_at is not null then 'locked' else 'pending' end`;
// graphile-worker's public jobs view leaves the payload out; it is read from the table behind it
const FROM = `from graphile_worker.jobs j join graphile_worker._private_jobs p on p.id = j.id`;
const COLUMNS = `j.id, j.queue_name, j.task_identifier, p.payload, j.priority, j.run_at, j.attempts, j.max_attempts, j.last_error,
  j.locked_at, j.locked_by, j.key, j.created_at, j.updated_at, ${STATE} as state`;

export async function listJobs(db: Queryable, filter: { state?: JobState | undefined; task?: string | undefined; limit: number; offset: number }): Promise<{ rows: JobRow[]; total: number }> {
  const where = `where ($1::text is null or ${STATE} = $1) and ($2::text is null or j.task_identifier = $2)`;
  const params = [filter.state ?? null, filter.task ?? null];
  // one after the other: a transaction's client runs one query at a time
  const { rows } = await db.query(`select ${COLUMNS} ${FROM} ${where} order by j.id desc limit $3 offset $4`, [...params, filter.limit, filter.offset]);
  const { rows: count } = await db.query(`select count(*)::int as total ${FROM} ${where}`, params);
  return { rows, total: count[0].total };
}

export async function findJob(db: Queryable, id: string, options: { lock?: boolean } = {}): Promise<JobRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} ${FROM} where j.id = $1${options.lock ? ' for update of p' : ''}`, [id]);
  return rows[0];
}

/** Gives the job a fresh set of attempts, due now. False when a worker holds it (graphile-worker leaves those alone). */
export async function rescheduleJob(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`select id from graphile_worker.reschedule_jobs(array[$1]::bigint[], run_at := now(), attempts := 0)`, [id]);
  return rowCount === 1;
}

/** How many jobs are in each state. */
export async function countJobsByState(db: Queryable): Promise<Record<JobState, number>> {
  const { rows } = await db.query(`select ${STATE} as state, count(*)::int as n from graphile_worker.jobs j group by 1`);
  const counts: Record<JobState, number> = { failed: 0, locked: 0, pending: 0 };
  for (const row of rows as { state: JobState; n: number }[]) counts[row.state] = row.n;
  return counts;
}
