import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Logger, runOnce } from 'graphile-worker';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

const quiet = new Logger(() => () => undefined);
const FAILING_TASK = 'test_always_fails';
let runs = 0;

/** Runs every due job of a task that always throws, the way a worker would. */
async function runFailingJobs(): Promise<void> {
  await runOnce({
    pgPool: env.ctx.db.owner,
    concurrency: 1,
    noHandleSignals: true,
    logger: quiet,
    taskList: {
      [FAILING_TASK]: async () => {
        runs++;
        throw new Error('the vendor is down');
      },
    },
  });
  // runOnce can resolve before the failed attempt is written back (the job still shows locked): wait for it
  for (let waited = 0; ; waited += 20) {
    const { rows } = await env.ctx.db.owner.query(`select 1 from graphile_worker.jobs where task_identifier = $1 and locked_at is not null`, [FAILING_TASK]);
    if (!rows.length) return;
    if (waited > 5000) throw new Error('the failed job stayed locked after runOnce');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A job that has used its only attempt. */
async function exhaustedJob(): Promise<number> {
  const { rows } = await env.ctx.db.owner.query(`select id from graphile_worker.add_job($1, json_build_object('n', 1), max_attempts => 1)`, [FAILING_TASK]);
  await runFailingJobs();
  return rows[0].id;
}

describe('GET /api/v1/admin/jobs', () => {
  it('lists a job that used all its attempts as failed, with its last error, and filters by state and task', async () => {
    const { token } = await env.globalAdmin();
    const id = await exhaustedJob();
    const {
      rows: [pending],
    } = await env.ctx.db.owner.query(`select id from graphile_worker.add_job('test_waiting', '{}', run_at => now() + interval '1 hour')`);

    const failed = await env.inject({ method: 'GET', url: '/api/v1/admin/jobs?state=failed', token });
    assert.equal(failed.statusCode, 200, failed.body);
    const job = failed.json().items.find((j: { id: number }) => j.id === id);
    assert.ok(job, failed.body);
    assert.deepEqual([job.state, job.task_identifier, job.attempts, job.max_attempts, job.payload], ['failed', FAILING_TASK, 1, 1, { n: 1 }]);
    assert.match(job.last_error, /the vendor is down/);
    assert.ok(failed.json().items.every((j: { state: string }) => j.state === 'failed'));
    assert.equal(failed.json().total, failed.json().items.length);

    const waiting = await env.inject({ method: 'GET', url: '/api/v1/admin/jobs?state=pending&task=test_waiting', token });
    assert.deepEqual(
      waiting.json().items.map((j: { id: number; state: string }) => [j.id, j.state]),
      [[pending.id, 'pending']],
    );
    const paged = await env.inject({ method: 'GET', url: '/api/v1/admin/jobs?limit=1', token });
    assert.equal(paged.json().items.length, 1);
    assert.ok(paged.json().total >= 2);
  });

  it('is for global admins only: a tenant admin gets 403', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'tenant_admin');
    const res = await env.inject({ method: 'GET', url: '/api/v1/admin/jobs', token });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'forbidden');
  });
});

describe('POST /api/v1/admin/jobs/:id/retry', () => {
  it('gives a failed job its attempts back, due now, and a worker runs it again', async () => {
    const { token } = await env.globalAdmin();
    const id = await exhaustedJob();
    const runsBefore = runs;
    const res = await env.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, token, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().id, res.json().state, res.json().attempts], [id, 'pending', 0]);
    assert.ok(Date.parse(res.json().run_at) <= Date.now());

    await runFailingJobs();
    assert.equal(runs, runsBefore + 1, 'the job ran once more');
    const { rows } = await env.ctx.db.owner.query('select attempts, max_attempts from graphile_worker.jobs where id = $1', [id]);
    assert.deepEqual(rows[0], { attempts: 1, max_attempts: 1 });
    const { rows: audit } = await env.ctx.db.owner.query(`select details->>'task' as task from platform_audit_log where action = 'job.retried' and target_id = $1`, [String(id)]);
    assert.deepEqual(audit, [{ task: FAILING_TASK }], 'the retry is in the audit log');
  });

  it('refuses a job that has attempts left with 409, an unknown id with 404, and an id that is not a positive integer with 400', async () => {
    const { token } = await env.globalAdmin();
    const {
      rows: [waiting],
    } = await env.ctx.db.owner.query(`select id from graphile_worker.add_job('test_waiting', '{}', run_at => now() + interval '1 hour')`);
    const pending = await env.inject({ method: 'POST', url: `/api/v1/admin/jobs/${waiting.id}/retry`, token, payload: {} });
    assert.equal(pending.statusCode, 409, pending.body);
    assert.equal(pending.json().code, 'job_not_retryable');
    const { rows } = await env.ctx.db.owner.query('select run_at > now() as later from graphile_worker.jobs where id = $1', [waiting.id]);
    assert.equal(rows[0].later, true, 'it was left as it was');

    const unknown = await env.inject({ method: 'POST', url: '/api/v1/admin/jobs/999999999/retry', token, payload: {} });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'job_not_found');
    for (const garbage of ['abc', '0', '-1', '1.5', '99999999999999999999', '1;drop table x']) {
      const res = await env.inject({ method: 'POST', url: `/api/v1/admin/jobs/${encodeURIComponent(garbage)}/retry`, token, payload: {} });
      assert.equal(res.statusCode, 400, `${garbage}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed');
    }
  });

  it('answers 403 to a tenant admin and leaves the job failed', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'tenant_admin');
    const id = await exhaustedJob();
    const res = await env.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, token, payload: {} });
    assert.equal(res.statusCode, 403);
    const { rows } = await env.ctx.db.owner.query('select attempts from graphile_worker.jobs where id = $1', [id]);
    assert.equal(rows[0].attempts, 1);
  });
});
