import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { jobs } from './tasks.ts';
import { afterFailure, retryRules, sweepStuckWork, type RetryRule, type StuckWork } from './work.ts';

const CONFIG = { messageMaxAttempts: 3, messageRetryBaseSeconds: 10 };
const NOW = Date.parse('2026-12-03T10:00:00Z');

describe('afterFailure', () => {
  const rule: RetryRule = { maxAttempts: 3, delaySeconds: (attempts, retryAfterSeconds) => Math.max(attempts * 10, retryAfterSeconds ?? 0) };

  it('retries a retryable failure after the rule’s delay, at the time it names', () => {
    assert.deepEqual(afterFailure(rule, 2, { retryable: true }, NOW), { retry: true, delaySeconds: 20, runAt: new Date(NOW + 20_000) });
  });

  it('gives up on the last attempt, and says it ran out of attempts', () => {
    assert.deepEqual(afterFailure(rule, 3, { retryable: true }, NOW), { retry: false, outOfAttempts: true });
  });

  it('fails at once what repeating cannot mend, with attempts left', () => {
    assert.deepEqual(afterFailure(rule, 1, { retryable: false }, NOW), { retry: false, outOfAttempts: false });
  });

  it('never retries sooner than the vendor’s Retry-After, under every rule', () => {
    for (const kind of [retryRules.message(CONFIG), retryRules.webhook(CONFIG), retryRules.runStep(CONFIG, 5)]) {
      const next = afterFailure(kind, 1, { retryable: true, retryAfterSeconds: 7200 }, NOW);
      assert.ok(next.retry);
      assert.equal(next.delaySeconds, 7200);
    }
  });

  it('bounds messages and webhooks by EMBARK_MESSAGE_MAX_ATTEMPTS and a run step by its own maxAttempts', () => {
    assert.equal(retryRules.message(CONFIG).maxAttempts, 3);
    assert.equal(retryRules.webhook(CONFIG).maxAttempts, 3);
    assert.equal(retryRules.runStep(CONFIG, 8).maxAttempts, 8);
    // Standard Webhooks' schedule: 5 s after the first attempt, 5 min after the second
    assert.equal(retryRules.webhook(CONFIG).delaySeconds(1, undefined), 5);
    assert.equal(retryRules.webhook(CONFIG).delaySeconds(2, undefined), 300);
  });
});

describe('sweepStuckWork', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv();
  });
  after(() => env.close());

  it('queues the job of every stuck item of every kind, and a kind that fails stops none of the others', async () => {
    const tenant = await env.tenant();
    const runId = '00000000-0000-4000-8000-000000000001';
    const broken: StuckWork = {
      what: 'broken things',
      find: async (tx) => {
        await tx.query('select no_such_column from messages');
        return [];
      },
    };
    const found: StuckWork = { what: 'runs', find: async () => [jobs.runStep(tenant.id, runId)] };
    assert.equal(await sweepStuckWork(env.ctx, [broken, found]), 1);
    const { rows } = await env.ctx.db.owner.query(`select t.identifier as task_identifier, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.key = $1`, [`run:${runId}`]);
    assert.deepEqual(rows, [{ task_identifier: 'run_step', payload: { tenant_id: tenant.id, run_id: runId } }]);
  });
});
