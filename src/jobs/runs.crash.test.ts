/**
 * Kills a worker process (kill -9) in the middle of a run's second step, starts another, and checks that
 * the run resumes at that step and succeeds, with the first step's side effect done exactly once: its
 * result was recorded, so it is never executed again. Step 2 runs again (it never finished).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { defineRun, startRun } from './runs.ts';

const root = path.resolve(import.meta.dirname, '../..');
let env: TestEnv;
const workers: ChildProcess[] = [];

// the kind as the worker script defines it, so that this process can start one
defineRun('test.crash', { steps: ['one', 'two', 'three'].map((name) => ({ name, run: async () => null })) });

function startWorkerProcess(block: boolean): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/run-crash-worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: env.url,
      EMBARK_SECRET_KEY: env.config.secretKey.toString('hex'),
      EMBARK_LOG_LEVEL: 'error',
      EMBARK_SENDING_TIMEOUT: '1',
      EMBARK_WORKER_SWEEP_INTERVAL: '1',
      EMBARK_RETRY_BASE_SECONDS: '0',
      CRASH_BLOCK: block ? '1' : '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

async function waitFor(condition: () => Promise<boolean>, what: string, worker: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (worker.exitCode !== null) throw new Error(`the worker exited (code ${worker.exitCode}) before ${what}; its stderr is above`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const effects = async () => {
  const { rows } = await env.ctx.db.owner.query(`select step, count(*)::int as n from crash_effects group by step order by step`);
  return Object.fromEntries(rows.map((r) => [r.step, r.n])) as Record<string, number>;
};

before(async () => {
  env = await createTestEnv();
  await env.ctx.db.owner.query('create table crash_effects (step text not null, pid integer not null, at timestamptz not null default now())');
});
after(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await env.close();
});

describe('a run whose worker is killed mid-step', () => {
  it('resumes at the unfinished step on another worker, and never repeats the step that finished', async () => {
    const tenant = await env.tenant();
    const id = await withTenant(env.ctx.db.app, tenant.id, (tx) => startRun(env.ctx, tx, tenant.id, 'test.crash', {}, SYSTEM_ACTOR));

    const first = startWorkerProcess(true);
    await waitFor(async () => (await effects()).two === 1, 'step two started', first);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const { rows: midway } = await env.ctx.db.owner.query(`select name, state from job_run_steps where run_id = $1 order by position`, [id]);
    assert.deepEqual(
      midway.map((s) => [s.name, s.state]),
      [
        ['one', 'succeeded'],
        ['two', 'running'],
        ['three', 'pending'],
      ],
    );

    const second = startWorkerProcess(false);
    const state = async () => (await env.ctx.db.owner.query(`select state from job_runs where id = $1`, [id])).rows[0].state;
    await waitFor(async () => (await state()) === 'succeeded', 'the run succeeded', second);

    assert.deepEqual(await effects(), { one: 1, two: 2, three: 1 });
    const { rows: steps } = await env.ctx.db.owner.query(`select name, state, attempts, result from job_run_steps where run_id = $1 order by position`, [id]);
    assert.deepEqual(
      steps.map((s) => [s.name, s.state, s.attempts, s.result]),
      [
        ['one', 'succeeded', 1, { one: true }],
        ['two', 'succeeded', 2, { two: true }],
        ['three', 'succeeded', 1, null],
      ],
    );
    const { rows: byPid } = await env.ctx.db.owner.query(`select step from crash_effects where pid = $1 order by at`, [second.pid]);
    assert.deepEqual(
      byPid.map((r) => r.step),
      ['two', 'three'],
      'the second worker began at step two',
    );
  });
});
