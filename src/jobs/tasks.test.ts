import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withSystem } from '../db/tx.ts';
import { TASKS } from '../tasks/index.ts';
import { backoffSeconds, JOB_MAX_ATTEMPTS, jobs, MAX_RETRY_AFTER_SECONDS, parsePayload, queueJob, TASK } from './tasks.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

describe('the task table', () => {
  it('gives SQL (job_max_attempts) the same attempts as TypeScript, and refuses a task that is not in it', async () => {
    const { rows } = await env.ctx.db.owner.query(`select t as task, job_max_attempts(t) as n from unnest($1::text[]) t`, [Object.keys(JOB_MAX_ATTEMPTS)]);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.task, r.n])), JOB_MAX_ATTEMPTS);
    const { rows: unknown } = await env.ctx.db.owner.query(`select job_max_attempts('no_such_task') as n`);
    assert.equal(unknown[0].n, null);
    await assert.rejects(env.ctx.db.owner.query(`select queue_job('no_such_task', '{}')`), /not one of Embark's tasks/);
  });

  it('is what the SQL that queues jobs spells out: each queue_job call names a task, its payload and its key as jobs does', () => {
    const dir = path.resolve(import.meta.dirname, '../../sql/functions');
    const calls = readdirSync(dir)
      .filter((file) => file !== 'queue_job.sql')
      .flatMap((file) => [...readFileSync(path.join(dir, file), 'utf8').matchAll(/queue_job\('([a-z_]+)', json_build_object\(([^)]*)\), '([a-z]+):' \|\|/g)].map((m) => ({ file, task: m[1]!, keys: [...m[2]!.matchAll(/'([a-z_]+)'/g)].map((k) => k[1]), prefix: m[3]! })));
    assert.ok(calls.length >= 3, `found ${calls.length} queue_job calls in sql/functions`);
    const byTask = Object.fromEntries(
      Object.values(jobs).map((make) => {
        const job = make('t', 'x');
        return [job.task, { keys: Object.keys(job.payload), prefix: job.key.split(':')[0] }];
      }),
    );
    for (const call of calls) assert.deepEqual({ keys: call.keys, prefix: call.prefix }, byTask[call.task], `${call.file} queues ${call.task}`);
  });

  it('has a worker task for every task identifier', () => {
    assert.deepEqual(Object.keys(TASKS).sort(), Object.values(TASK).sort());
  });

  it("queues a job under its key with its task's attempts, which no caller chooses", async () => {
    const tenant = await env.tenant();
    const job = jobs.deliverWebhook(tenant.id, 'msg_abc');
    await withSystem(env.ctx.db.app, async (tx) => {
      await queueJob(tx, job, new Date(Date.now() + 3_600_000));
    });
    await assert.rejects(env.ctx.db.owner.query(`select queue_job($1, $2, $3, null, 99)`, [job.task, JSON.stringify(job.payload), job.key]), /does not exist/);
    const { rows } = await env.ctx.db.owner.query(`select j.task_identifier, j.max_attempts, p.payload from graphile_worker.jobs j join graphile_worker._private_jobs p on p.id = j.id where j.key = $1`, ['webhook:msg_abc']);
    assert.deepEqual(rows, [{ task_identifier: 'deliver_webhook', max_attempts: JOB_MAX_ATTEMPTS.deliver_webhook, payload: { tenant_id: tenant.id, delivery_id: 'msg_abc' } }]);
  });

  it('parses each payload it makes and refuses malformed ones', () => {
    const id = '6f1d1c2e-8a6b-4c4e-9d1e-3b7f0c1a2b3c';
    assert.deepEqual(parsePayload.dispatchMessage(jobs.dispatchMessage(id, id).payload), { tenant_id: id, message_id: id });
    assert.deepEqual(parsePayload.runStep(jobs.runStep(id, id).payload), { tenant_id: id, run_id: id });
    for (const bad of [null, 'x', {}, { tenant_id: id, delivery_id: 'msg_' }, { tenant_id: 'x', delivery_id: 'msg_a' }]) {
      assert.equal(parsePayload.deliverWebhook(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(parsePayload.runStep({ tenant_id: id, run_id: `${id}\0` }), undefined);
  });
});

describe('backoffSeconds', () => {
  it('waits a random delay up to base × 2^(attempts-1), capped, and never less than Retry-After (itself capped at a day)', () => {
    for (let i = 0; i < 200; i++) {
      const third = backoffSeconds(3, { baseSeconds: 10 });
      assert.ok(third >= 1 && third <= 40, String(third));
      assert.ok(backoffSeconds(30, { baseSeconds: 10, capSeconds: 600 }) <= 600);
      assert.ok(backoffSeconds(1, { baseSeconds: 10, retryAfterSeconds: 120 }) === 120);
    }
    assert.equal(backoffSeconds(1, { baseSeconds: 0 }), 0, 'a base of 0 (tests) retries at once');
    assert.equal(backoffSeconds(1, { baseSeconds: 1, retryAfterSeconds: 10 * 86_400 }), MAX_RETRY_AFTER_SECONDS);
    const spread = new Set(Array.from({ length: 50 }, () => backoffSeconds(8, { baseSeconds: 10 })));
    assert.ok(spread.size > 10, 'jittered, not one fixed delay');
  });
});
