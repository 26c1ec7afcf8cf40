/**
 * Multi-step runs: durable work made of named steps, each executed by the run_step task on the worker.
 * A step's result is recorded (with the step `succeeded`) in one transaction, which also queues the
 * run's next step; a step whose result is recorded is never executed again, so after a crash the run
 * resumes at its first unfinished step (step memoisation, as in Temporal or Trigger.dev).
 *
 * A step that throws is tried again after the engine's backoff (afterFailure, work.ts) until its maxAttempts, then it and its run are
 * `failed`; retryRun resumes such a run at that step. A step is executed at least once: one that
 * changes only Embark's database can ask for `transactional`, and then runs in the transaction that
 * records its result (exactly once); one that calls a vendor should pass it an idempotency key.
 */
import { randomUUID } from 'node:crypto';
import type { JobHelpers } from 'graphile-worker';
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit/audit.service.ts';
import { jobs, parsePayload, queueJob } from './tasks.ts';
import { afterFailure, retryRules, type StuckWork } from './work.ts';
import * as store from './runs.store.ts';
import type { RunRow, StepRow } from './runs.store.ts';

export interface StepArgs<Input> {
  /** The run the step belongs to. */
  readonly run: { readonly id: string; readonly tenant_id: string };
  /** Which attempt of the step this is: 1, then 2 after a failure or a crash mid-step. */
  readonly attempt: number;
  readonly input: Input;
  /** The results of the steps before this one, by step name. */
  readonly results: Readonly<Record<string, unknown>>;
  /** The transaction that records the result: given to a `transactional` step only. */
  readonly tx?: Queryable;
}

export interface StepDefinition<Input> {
  readonly name: string;
  /** Does the step's work; what it returns (JSON) is recorded as its result. */
  readonly run: (ctx: Context, args: StepArgs<Input>) => Promise<unknown>;
  readonly maxAttempts?: number;
  /** Runs in the transaction that records the result, so its database changes happen exactly once. */
  readonly transactional?: boolean;
}

export interface RunDefinition<Input> {
  readonly steps: readonly StepDefinition<Input>[];
  /** Runs in the transaction that marks the run failed (its steps out of attempts), so what follows from that commits with it. */
  readonly onFailed?: (ctx: Context, tx: Queryable, run: RunRow, reason: string) => Promise<void>;
  /** Runs in the transaction that resumes a failed run (retryRun) or cancels one (cancelRun). */
  readonly onRetried?: (tx: Queryable, run: RunRow) => Promise<void>;
  readonly onCancelled?: (tx: Queryable, run: RunRow) => Promise<void>;
}

export const DEFAULT_STEP_MAX_ATTEMPTS = 5;

/** An error no further attempt can mend (a setting missing, the subject gone): it fails its step, and the run, at once. */
export function permanentFailure(message: string): Error {
  return Object.assign(new Error(message), { retryable: false });
}
const ERROR_LIMIT = 1000;

const KINDS = new Map<string, RunDefinition<never>>();

/** Declares a kind of run and its steps, in order. A module defines its kinds once, at start-up. */
export function defineRun<Input>(kind: string, definition: RunDefinition<Input>): void {
  if (KINDS.has(kind)) throw new Error(`defineRun: the run kind ${kind} is defined twice`);
  if (!/^[a-z][a-z0-9_.]{0,99}$/.test(kind)) throw new Error(`defineRun: ${JSON.stringify(kind)} is not a run kind (lower case, digits, _ and .)`);
  const names = definition.steps.map((s) => s.name);
  if (!names.length || new Set(names).size !== names.length) throw new Error(`defineRun: ${kind} needs steps with distinct names`);
  KINDS.set(kind, definition as RunDefinition<never>);
}

/**
 * Declares the run kinds a module lists in MODULES (src/modules.ts); every entry point's context does
 * this, so declaring the same definition again is nothing, and another under a taken kind is a bug.
 */
export function defineRuns(runs: Readonly<Record<string, RunDefinition<never>>>): void {
  for (const [kind, definition] of Object.entries(runs)) {
    if (KINDS.get(kind) === definition) continue;
    defineRun(kind, definition);
  }
}

/**
 * Starts a run of `kind` in the caller's transaction (which acts for the tenant): the run, its steps,
 * and the job that executes its first step commit with whatever caused it — or not at all.
 */
export async function startRun(ctx: Context, tx: Queryable, tenantId: string, kind: string, input: unknown, actor: Actor, subject?: { type: string; id: string }): Promise<string> {
  const definition = KINDS.get(kind);
  if (!definition) throw new Error(`startRun: no run kind ${kind} (defineRun it first)`);
  const id = randomUUID();
  const steps = definition.steps.map((s) => ({ name: s.name, maxAttempts: s.maxAttempts ?? DEFAULT_STEP_MAX_ATTEMPTS }));
  await store.insertRun(tx, { tenantId, id, kind, subject, input, createdBy: actor.userId }, steps);
  await queueJob(tx, jobs.runStep(tenantId, id));
  ctx.log.debug({ tenant_id: tenantId, run_id: id, kind }, 'run started');
  return id;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).replaceAll('\0', '').slice(0, ERROR_LIMIT);

interface Claimed {
  readonly run: RunRow;
  /** The step, with this attempt counted. */
  readonly step: StepRow;
  readonly definition: StepDefinition<never>;
  readonly results: Record<string, unknown>;
  readonly last: boolean;
}

/**
 * Takes the run's first unfinished step, holding the run's row lock: counts the attempt and marks it
 * running, committed before the step executes, so a worker that dies mid-step leaves it visibly
 * running. A step running for less than the sending timeout belongs to another worker; one running
 * longer lost its worker (the sweep queued this job for it) and is taken over.
 */
async function claim(ctx: Context, tenantId: string, runId: string): Promise<Claimed | undefined> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const run = await store.findRun(tx, tenantId, runId, { lock: true });
    if (!run || (run.state !== 'pending' && run.state !== 'running')) return undefined;
    const step = await store.lockFirstUnfinishedStep(tx, tenantId, runId, ctx.config.sendingTimeout);
    const definition = KINDS.get(run.kind);
    if (!step) {
      await store.updateRun(tx, tenantId, runId, { state: 'succeeded', current_step: null, finished: true });
      return undefined;
    }
    const fail = async (reason: string) => {
      await store.failStep(tx, tenantId, runId, step.position, reason);
      await store.updateRun(tx, tenantId, runId, { state: 'failed', current_step: step.position, last_error: reason, finished: true });
      await definition?.onFailed?.(ctx, tx, run, `${step.name}: ${reason}`);
    };
    const stepDefinition = definition?.steps.find((s) => s.name === step.name);
    if (!stepDefinition) {
      await fail(`this server defines no step ${step.name} of run kind ${run.kind}`);
      return undefined;
    }
    if (step.held) return undefined;
    if (step.attempts >= step.max_attempts) {
      // its last attempt was cut off (the worker died): there is none left
      await fail(`${step.last_error ?? 'its worker stopped mid-step'}; gave up after ${step.attempts} attempts`);
      return undefined;
    }
    await store.startStep(tx, tenantId, runId, step.position);
    await store.updateRun(tx, tenantId, runId, { state: 'running', current_step: step.position, attempts_increment: 1 });
    const steps = await store.listSteps(tx, tenantId, runId);
    const results = Object.fromEntries(steps.filter((s) => s.state === 'succeeded').map((s) => [s.name, s.result]));
    return { run, step: { ...step, attempts: step.attempts + 1 }, definition: stepDefinition, results, last: step.position === steps.length - 1 };
  });
}

/** Records the step's result and moves the run on: its next step queued, or the run succeeded. */
async function recordSuccess(tx: Queryable, claimed: Claimed, result: unknown): Promise<void> {
  const { run, step } = claimed;
  const current = await store.findRun(tx, run.tenant_id, run.id, { lock: true });
  // taken over meanwhile (the sweep thought this worker dead): the attempt holding the step records it
  if (!(await store.settleStep(tx, run.tenant_id, run.id, step.position, step.attempts, { state: 'succeeded', result: result ?? null }))) return;
  // cancelled meanwhile: the step has finished, and no next one starts
  if (current?.state !== 'running') return;
  if (claimed.last) {
    await store.updateRun(tx, run.tenant_id, run.id, { state: 'succeeded', current_step: null, last_error: null, finished: true });
    return;
  }
  await store.updateRun(tx, run.tenant_id, run.id, { current_step: step.position + 1 });
  await queueJob(tx, jobs.runStep(run.tenant_id, run.id));
}

/** Records the step's error: another attempt after the backoff, or the step and its run failed. */
async function recordFailure(ctx: Context, claimed: Claimed, error: unknown): Promise<void> {
  const { run, step } = claimed;
  const reason = errorText(error);
  ctx.log.warn({ tenant_id: run.tenant_id, run_id: run.id, step: step.name, attempts: step.attempts, err: error }, 'run step failed');
  await withTenant(ctx.db.app, run.tenant_id, async (tx) => {
    const current = await store.findRun(tx, run.tenant_id, run.id, { lock: true });
    const settle = (state: 'pending' | 'failed' | 'cancelled') => store.settleStep(tx, run.tenant_id, run.id, step.position, step.attempts, { state, last_error: reason });
    if (current?.state !== 'running') {
      await settle('cancelled');
      return;
    }
    // a vendor's answer that repeating cannot change (bad credentials, a refusal) fails the step at once
    const { retryable, retryAfterSeconds } = error as { retryable?: unknown; retryAfterSeconds?: unknown };
    const next = afterFailure(retryRules.runStep(ctx.config, step.max_attempts), step.attempts, { retryable: retryable !== false, retryAfterSeconds: typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined });
    if (!next.retry) {
      if (await settle('failed')) {
        await store.updateRun(tx, run.tenant_id, run.id, { state: 'failed', last_error: `${step.name}: ${reason}`, finished: true });
        await KINDS.get(run.kind)?.onFailed?.(ctx, tx, run, `${step.name}: ${reason}`);
      }
      return;
    }
    if (!(await settle('pending'))) return;
    await store.updateRun(tx, run.tenant_id, run.id, { last_error: `${step.name}: ${reason}` });
    await queueJob(tx, jobs.runStep(run.tenant_id, run.id), next.runAt);
  });
}

/** Executes one claimed step; its errors are the step's, recorded on it, never the job's. Answers whether it succeeded. */
async function execute(ctx: Context, claimed: Claimed): Promise<boolean> {
  const { run, definition } = claimed;
  const args = { run: { id: run.id, tenant_id: run.tenant_id }, attempt: claimed.step.attempts, input: run.input as never, results: claimed.results };
  if (definition.transactional) {
    try {
      await withTenant(ctx.db.app, run.tenant_id, async (tx) => recordSuccess(tx, claimed, await definition.run(ctx, { ...args, tx })));
      return true;
    } catch (error) {
      await recordFailure(ctx, claimed, error);
      return false;
    }
  }
  let result: unknown;
  try {
    result = await definition.run(ctx, args);
  } catch (error) {
    await recordFailure(ctx, claimed, error);
    return false;
  }
  await withTenant(ctx.db.app, run.tenant_id, (tx) => recordSuccess(tx, claimed, result));
  return true;
}

/** The run_step job: executes the run's first unfinished step, then queues the next. */
export async function runStepTask(ctx: Context, payload: unknown, helpers: JobHelpers): Promise<void> {
  const job = parsePayload.runStep(payload);
  if (!job) {
    // a malformed job can never succeed: log it and let it complete instead of retrying forever
    helpers.logger.error(`run_step: malformed payload ${JSON.stringify(payload)}`);
    return;
  }
  const claimed = await claim(ctx, job.tenant_id, job.run_id);
  if (claimed) await execute(ctx, claimed);
}

/**
 * Works the tenant's unfinished runs of `kind` now, in this process, oldest first — an admin's "run
 * them now" beside the worker, which keeps running them without it. Each step is claimed as the worker
 * claims it, so the two never run one step at once; a step waiting out its backoff gets one attempt
 * now. Answers how many steps were executed.
 */
export async function advanceRuns(ctx: Context, tenantId: string, kind: string, options: { runs: number; steps: number }): Promise<number> {
  let executed = 0;
  for (const runId of await withTenant(ctx.db.app, tenantId, (tx) => store.unfinishedRuns(tx, tenantId, kind, options.runs))) {
    for (let i = 0; i < options.steps; i++) {
      const claimed = await claim(ctx, tenantId, runId);
      if (!claimed) break;
      executed++;
      // a step that failed waits out its backoff on the worker: one attempt here, not all of them
      if (!(await execute(ctx, claimed))) break;
    }
  }
  return executed;
}

/** A failed run resumes at its failed step, with that step's attempts restored. Undefined: no such run. */
export async function retryRun(tx: Queryable, tenantId: string, runId: string): Promise<RunRow | undefined> {
  const run = await store.findRun(tx, tenantId, runId, { lock: true });
  if (!run) return undefined;
  if (run.state !== 'failed') throw new AppError('run_not_retryable', `run ${runId} is ${run.state}; only a failed run can be retried`);
  await store.resetFailedSteps(tx, tenantId, runId);
  await store.updateRun(tx, tenantId, runId, { state: 'pending' });
  await queueJob(tx, jobs.runStep(tenantId, runId));
  await KINDS.get(run.kind)?.onRetried?.(tx, run);
  return run;
}

/** Stops a run that has not finished: no further step starts (one running now finishes). Undefined: no such run. */
export async function cancelRun(tx: Queryable, tenantId: string, runId: string): Promise<RunRow | undefined> {
  const run = await store.findRun(tx, tenantId, runId, { lock: true });
  if (!run) return undefined;
  if (run.state === 'succeeded' || run.state === 'cancelled') throw new AppError('run_not_cancellable', `run ${runId} has already ${run.state}`);
  await store.cancelWaitingSteps(tx, tenantId, runId);
  await store.updateRun(tx, tenantId, runId, { state: 'cancelled', finished: true });
  await KINDS.get(run.kind)?.onCancelled?.(tx, run);
  return run;
}

/**
 * Replaces a succeeded step's recorded result, in the caller's transaction: for a secret a step kept
 * only until a later step used it (a temporary password, once its email is queued).
 */
export async function redactStepResult(tx: Queryable, tenantId: string, runId: string, stepName: string, replacement: unknown): Promise<void> {
  await store.replaceStepResult(tx, tenantId, runId, stepName, replacement);
}

/** For the sweep (work.ts): runs whose worker died mid-step get their job again (the job key keeps one). */
export const stuckRuns: StuckWork = {
  what: 'runs',
  find: async (tx, olderThanSeconds) => (await store.stuckRuns(tx, olderThanSeconds)).map((run) => jobs.runStep(run.tenant_id, run.id)),
};
