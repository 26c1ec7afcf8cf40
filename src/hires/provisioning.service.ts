/** The admin's view of hire provisioning (issue 14 §5): the engine's runs of kind hire.provisioning, by hire. */
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { PageQuery } from '../http/pagination.ts';
import { advanceRuns } from '../jobs/runs.ts';
import * as runs from '../jobs/runs.service.ts';
import type { RunState } from '../jobs/runs.store.ts';
import { previewProvisioning, PROVISIONING_RUN } from './provisioning.ts';

export async function listProvisioningRuns(ctx: Context, tenantId: string, filter: { state?: RunState | undefined; hireId?: string | undefined }, query: PageQuery) {
  return runs.listRuns(ctx, tenantId, { kind: PROVISIONING_RUN, state: filter.state, subject: filter.hireId ? { type: 'hire', id: filter.hireId } : undefined }, query);
}

/** Retries each failed provisioning run named (or every failed one, up to 100), reporting each; a run of another kind is not found. */
export async function retryProvisioningRuns(ctx: Context, actor: Actor, tenantId: string, ids: readonly string[] | undefined) {
  const chosen = ids ?? (await listProvisioningRuns(ctx, tenantId, { state: 'failed' }, { limit: 100 })).items.map((run) => run.id);
  const results = [];
  for (const id of chosen) {
    try {
      if ((await runs.getRun(ctx, tenantId, id)).kind !== PROVISIONING_RUN) throw new AppError('run_not_found', `no provisioning run with id ${id}`);
      await runs.retryRun(ctx, actor, tenantId, id);
      results.push({ id, outcome: 'retried' });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id, outcome: error.code });
    }
  }
  return { results };
}

export async function processProvisioningNow(ctx: Context, tenantId: string) {
  return { steps_executed: await advanceRuns(ctx, tenantId, PROVISIONING_RUN, { runs: 20, steps: 10 }) };
}

export async function previewHireProvisioning(ctx: Context, tenantId: string, hireId: string) {
  const preview = await previewProvisioning(ctx, tenantId, hireId);
  if (!preview) throw new AppError('hire_not_found', `no hire with id ${hireId} in this tenant`);
  return preview;
}
