import type { Queryable } from '../db/pool.ts';
import type { PageStart } from '../http/pagination.ts';

export type RunState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepState = RunState;

export interface RunRow {
  tenant_id: string;
  id: string;
  kind: string;
  subject_type: string | null;
  subject_id: string | null;
  input: unknown;
  state: RunState;
  current_step: number | null;
  attempts: number;
  last_error: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export interface StepRow {
  position: number;
  name: string;
  state: StepState;
  attempts: number;
  max_attempts: number;
  result: unknown;
  last_error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

const RUN_COLUMNS = 'tenant_id, id, kind, subject_type, subject_id, input, state, current_step, attempts, last_error, created_by, created_at, updated_at, finished_at';
const STEP_COLUMNS = 'position, name, state, attempts, max_attempts, result, last_error, started_at, finished_at';

export async function insertRun(db: Queryable, run: { tenantId: string; id: string; kind: string; subject: { type: string; id: string } | undefined; input: unknown; createdBy: string | null }, steps: { name: string; maxAttempts: number }[]): Promise<void> {
  await db.query(`insert into job_runs (tenant_id, id, kind, subject_type, subject_id, input, current_step, created_by) values ($1, $2, $3, $4, $5, $6, 0, $7)`, [run.tenantId, run.id, run.kind, run.subject?.type ?? null, run.subject?.id ?? null, JSON.stringify(run.input ?? {}), run.createdBy]);
  await db.query(
    `insert into job_run_steps (tenant_id, run_id, position, name, max_attempts)
     select $1, $2, s.position - 1, s.name, s.max_attempts from unnest($3::text[], $4::int[]) with ordinality as s (name, max_attempts, position)`,
    [run.tenantId, run.id, steps.map((s) => s.name), steps.map((s) => s.maxAttempts)],
  );
}

export async function findRun(db: Queryable, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<RunRow | undefined> {
  const { rows } = await db.query(`select ${RUN_COLUMNS} from job_runs where tenant_id = $1 and id = $2${options.lock ? ' for update' : ''}`, [tenantId, id]);
  return rows[0];
}

export async function listSteps(db: Queryable, tenantId: string, runId: string): Promise<StepRow[]> {
  const { rows } = await db.query(`select ${STEP_COLUMNS} from job_run_steps where tenant_id = $1 and run_id = $2 order by position`, [tenantId, runId]);
  return rows;
}

/**
 * The run's first step without a recorded result, locked; undefined when every step has one. `held`:
 * it has been running for less than `leaseSeconds` (by the database's clock), so a worker has it.
 */
export async function lockFirstUnfinishedStep(db: Queryable, tenantId: string, runId: string, leaseSeconds: number): Promise<(StepRow & { held: boolean }) | undefined> {
  const { rows } = await db.query(
    `select ${STEP_COLUMNS}, state = 'running' and started_at > now() - make_interval(secs => $3) as held
       from job_run_steps where tenant_id = $1 and run_id = $2 and state <> 'succeeded' order by position limit 1 for update`,
    [tenantId, runId, leaseSeconds],
  );
  return rows[0];
}

export async function updateRun(db: Queryable, tenantId: string, id: string, patch: { state?: RunState; current_step?: number | null; last_error?: string | null; attempts_increment?: number; finished?: boolean }): Promise<void> {
  await db.query(
    `update job_runs set state = coalesce($3, state),
            current_step = case when $4 then $5 else current_step end,
            last_error = case when $6 then $7 else last_error end,
            attempts = attempts + $8,
            finished_at = case when $9 then now() when $3 is not null then null else finished_at end
      where tenant_id = $1 and id = $2`,
    [tenantId, id, patch.state ?? null, patch.current_step !== undefined, patch.current_step ?? null, patch.last_error !== undefined, patch.last_error ?? null, patch.attempts_increment ?? 0, patch.finished ?? false],
  );
}

/** A step starts an attempt: running, its attempt counted, its start time now. */
export async function startStep(db: Queryable, tenantId: string, runId: string, position: number): Promise<void> {
  await db.query(
    `update job_run_steps set state = 'running', attempts = attempts + 1, started_at = now(), finished_at = null
      where tenant_id = $1 and run_id = $2 and position = $3`,
    [tenantId, runId, position],
  );
}

/**
 * Where a step's attempt ended. Only while that attempt still holds the step (it is running, with
 * `attempt` counted): false when the step was taken over after the sweep thought its worker dead.
 */
export async function settleStep(db: Queryable, tenantId: string, runId: string, position: number, attempt: number, outcome: { state: StepState; result?: unknown; last_error?: string | null }): Promise<boolean> {
  const { rowCount } = await db.query(
    `update job_run_steps set state = $5, result = coalesce($6, result), last_error = $7, finished_at = case when $8 then now() end
      where tenant_id = $1 and run_id = $2 and position = $3 and state = 'running' and attempts = $4`,
    [tenantId, runId, position, attempt, outcome.state, outcome.result === undefined ? null : JSON.stringify(outcome.result), outcome.last_error ?? null, outcome.state !== 'pending'],
  );
  return rowCount === 1;
}

/** A step that will not run again: failed (its attempts used up, or its kind gone from the server). */
export async function failStep(db: Queryable, tenantId: string, runId: string, position: number, reason: string): Promise<void> {
  await db.query(`update job_run_steps set state = 'failed', last_error = $4, finished_at = now() where tenant_id = $1 and run_id = $2 and position = $3`, [tenantId, runId, position, reason]);
}

/** Gives the failed step a fresh set of attempts, for a retry of its run. */
export async function resetFailedSteps(db: Queryable, tenantId: string, runId: string): Promise<void> {
  await db.query(`update job_run_steps set state = 'pending', attempts = 0, finished_at = null where tenant_id = $1 and run_id = $2 and state in ('failed', 'cancelled')`, [tenantId, runId]);
}

/** Steps that have not started will not: cancelled (a running one finishes and records its outcome). */
export async function cancelWaitingSteps(db: Queryable, tenantId: string, runId: string): Promise<void> {
  await db.query(`update job_run_steps set state = 'cancelled', finished_at = now() where tenant_id = $1 and run_id = $2 and state in ('pending', 'failed')`, [tenantId, runId]);
}

export interface RunFilter {
  state?: RunState | undefined;
  kind?: string | undefined;
  subject?: { type: string; id: string } | undefined;
}
const RUN_FILTER = `tenant_id = $1 and ($2::text is null or state = $2) and ($3::text is null or kind = $3)
  and ($4::text is null or (subject_type = $4 and subject_id = $5))`;
const filterParams = (tenantId: string, filter: RunFilter) => [tenantId, filter.state ?? null, filter.kind ?? null, filter.subject?.type ?? null, filter.subject?.id ?? null];

/** A page of the tenant's runs, newest first. */
export async function listRuns(db: Queryable, tenantId: string, filter: RunFilter, start: PageStart, fetch: number): Promise<RunRow[]> {
  const params = [...filterParams(tenantId, filter), fetch];
  const { rows } =
    start.after === undefined
      ? await db.query(`select ${RUN_COLUMNS} from job_runs where ${RUN_FILTER} order by created_at desc, id desc limit $6 offset $7`, [...params, start.offset])
      : await db.query(
          `select ${RUN_COLUMNS} from job_runs
        where ${RUN_FILTER} and (created_at, id) < (select created_at, id from job_runs where tenant_id = $1 and id = $7)
        order by created_at desc, id desc limit $6`,
          [...params, start.after],
        );
  return rows;
}

export async function countRuns(db: Queryable, tenantId: string, filter: RunFilter, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from job_runs where ${RUN_FILTER} limit $6) capped`, [...filterParams(tenantId, filter), cap]);
  return rows[0].n;
}

export async function runExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from job_runs where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}

/** Runs whose step has been running longer than `seconds`: their worker died mid-step. */
export async function stuckRuns(db: Queryable, seconds: number): Promise<{ tenant_id: string; id: string }[]> {
  const { rows } = await db.query(
    `-- all tenants: the sweep for every tenant's runs whose worker stopped mid-step
     select s.tenant_id, s.run_id as id from job_run_steps s join job_runs r on r.tenant_id = s.tenant_id and r.id = s.run_id
      where s.state = 'running' and s.started_at < now() - make_interval(secs => $1) and r.state = 'running'
      order by s.started_at limit 500`,
    [seconds],
  );
  return rows;
}

export async function replaceStepResult(db: Queryable, tenantId: string, runId: string, stepName: string, result: unknown): Promise<void> {
  await db.query(`update job_run_steps set result = $4 where tenant_id = $1 and run_id = $2 and name = $3 and state = 'succeeded'`, [tenantId, runId, stepName, JSON.stringify(result)]);
}

/** The tenant's unfinished runs of a kind, oldest first: what "process due runs now" works through. */
export async function unfinishedRuns(db: Queryable, tenantId: string, kind: string, limit: number): Promise<string[]> {
  const { rows } = await db.query(`select id from job_runs where tenant_id = $1 and kind = $2 and state in ('pending', 'running') order by created_at, id limit $3`, [tenantId, kind, limit]);
  return rows.map((row: { id: string }) => row.id);
}
