import type { Context } from '../context.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { mapPage, readPage, type ListSpec, type Page, type PageQuery } from '../http/pagination.ts';
import type { Queryable } from '../db/pool.ts';
import * as runs from './runs.ts';
import * as store from './runs.store.ts';
import type { RunFilter, RunRow, StepRow } from './runs.store.ts';

const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const iso = (date: Date | null) => date?.toISOString() ?? null;

function presentRun(row: RunRow) {
  const { tenant_id: _tenant, subject_type, subject_id, created_at, updated_at, finished_at, ...rest } = row;
  return {
    ...rest,
    subject: subject_type && subject_id ? { type: subject_type, id: subject_id } : null,
    created_at: created_at.toISOString(),
    updated_at: updated_at.toISOString(),
    finished_at: iso(finished_at),
  };
}

function presentStep(row: StepRow) {
  return { ...row, started_at: iso(row.started_at), finished_at: iso(row.finished_at) };
}

export type Run = ReturnType<typeof presentRun>;

/** The tenant's runs, newest first, by state and kind. */
export async function listRuns(ctx: Context, tenantId: string, filter: RunFilter, query: PageQuery): Promise<Page<Run>> {
  const spec: ListSpec<RunRow> = { list: 'runs', scope: [tenantId, filter.state, filter.kind, filter.subject?.type, filter.subject?.id], keyPattern: UUID_KEY, key: (row) => row.id };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listRuns(tx, tenantId, filter, start, fetch),
      count: (cap) => store.countRuns(tx, tenantId, filter, cap),
      exists: (id) => store.runExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, presentRun);
}

async function runWithSteps(tx: Queryable, tenantId: string, id: string) {
  const run = await store.findRun(tx, tenantId, id);
  if (!run) throw new AppError('run_not_found', `no run with id ${id} in this tenant`);
  return { ...presentRun(run), steps: (await store.listSteps(tx, tenantId, id)).map(presentStep) };
}

/** A run with its steps: each one's state, attempts, result and last error. */
export async function getRun(ctx: Context, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, (tx) => runWithSteps(tx, tenantId, id));
}

/** Resumes a failed run at its failed step; the audit entry commits with it. */
export async function retryRun(ctx: Context, actor: Actor, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const run = await runs.retryRun(tx, tenantId, id);
    if (!run) throw new AppError('run_not_found', `no run with id ${id} in this tenant`);
    await recordAudit(tx, actor, tenantId, 'run.retried', { type: 'run', id }, { kind: run.kind, step: run.current_step, last_error: run.last_error });
    return runWithSteps(tx, tenantId, id);
  });
}

/** Cancels a run that has not finished; the audit entry commits with it. */
export async function cancelRun(ctx: Context, actor: Actor, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const run = await runs.cancelRun(tx, tenantId, id);
    if (!run) throw new AppError('run_not_found', `no run with id ${id} in this tenant`);
    await recordAudit(tx, actor, tenantId, 'run.cancelled', { type: 'run', id }, { kind: run.kind, state: run.state, step: run.current_step });
    return runWithSteps(tx, tenantId, id);
  });
}
