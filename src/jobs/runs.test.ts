import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, drainJobs, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { defineRun, startRun, stuckRuns } from './runs.ts';
import { sweepStuckWork } from './work.ts';

let env: TestEnv;
// retries at once, so one drain runs a failing step through all its attempts
before(async () => {
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0' });
});
after(async () => {
  await env.close();
});

const drain = () => drainJobs(env.ctx);

/** How many times each step executed, by run kind and step name. */
const executed: Record<string, number> = {};
const count = (key: string) => {
  executed[key] = (executed[key] ?? 0) + 1;
};

defineRun<{ n: number }>('test.three_steps', {
  steps: [
    {
      name: 'first',
      run: async (_ctx, { input }) => {
        count('three.first');
        return { doubled: input.n * 2 };
      },
    },
    {
      name: 'second',
      run: async (_ctx, { results }) => {
        count('three.second');
        return { plus_one: (results.first as { doubled: number }).doubled + 1 };
      },
    },
    {
      name: 'third',
      transactional: true,
      // in the transaction that records its result: its write and the result commit together
      run: async (_ctx, { results, tx }) => {
        count('three.third');
        const { rows } = await tx!.query(`select $1::int * 10 as total`, [(results.second as { plus_one: number }).plus_one]);
        return rows[0];
      },
    },
  ],
});

let flakyFixed = false;
defineRun('test.flaky', {
  steps: [
    {
      name: 'prepare',
      run: async () => {
        count('flaky.prepare');
        return 'ready';
      },
    },
    {
      name: 'call_vendor',
      maxAttempts: 2,
      run: async () => {
        count('flaky.call_vendor');
        if (!flakyFixed) throw new Error('the vendor answered 503');
        return { ok: true };
      },
    },
    {
      name: 'finish',
      run: async () => {
        count('flaky.finish');
        return null;
      },
    },
  ],
});

let release: () => void = () => undefined;
let started: () => void = () => undefined;
defineRun('test.blocking', {
  steps: [
    {
      name: 'slow',
      run: async () => {
        count('blocking.slow');
        started();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return 'done';
      },
    },
    {
      name: 'after',
      run: async () => {
        count('blocking.after');
        return 'never';
      },
    },
  ],
});

// blocks on its first execution only: the attempt that a takeover overtakes
let releaseFirst: () => void = () => undefined;
let firstStarted: () => void = () => undefined;
defineRun('test.takeover', {
  steps: [
    {
      name: 'slow_once',
      run: async () => {
        count('takeover.slow_once');
        if (executed['takeover.slow_once'] === 1) {
          firstStarted();
          await new Promise<void>((resolve) => {
            releaseFirst = resolve;
          });
          return 'first attempt';
        }
        return 'second attempt';
      },
    },
    {
      name: 'next',
      run: async () => {
        count('takeover.next');
        return null;
      },
    },
  ],
});

async function start(tenantId: string, kind: string, input: unknown = {}): Promise<string> {
  return withTenant(env.ctx.db.app, tenantId, (tx) => startRun(env.ctx, tx, tenantId, kind, input, SYSTEM_ACTOR, { type: 'user', id: 'u1' }));
}

async function admin() {
  const tenant = await env.tenant();
  const { token } = await env.user(tenant.id, 'tenant_admin');
  const get = (id: string) => env.inject({ method: 'GET', url: `/api/v1/tenant/runs/${id}`, token });
  const post = (id: string, action: 'retry' | 'cancel') => env.inject({ method: 'POST', url: `/api/v1/tenant/runs/${id}/${action}`, token, payload: {} });
  return { tenant, token, get, post };
}

describe('a run', () => {
  it('executes its steps in order, each once, passing earlier results on, and succeeds', async () => {
    const { tenant, get } = await admin();
    const id = await start(tenant.id, 'test.three_steps', { n: 4 });
    const queued = await get(id);
    assert.equal(queued.statusCode, 200, queued.body);
    assert.deepEqual([queued.json().state, queued.json().steps.map((s: { state: string }) => s.state)], ['pending', ['pending', 'pending', 'pending']]);

    await drain();
    const res = await get(id);
    const run = res.json();
    assert.deepEqual([run.state, run.current_step, run.attempts, run.kind, run.input, run.subject], ['succeeded', null, 3, 'test.three_steps', { n: 4 }, { type: 'user', id: 'u1' }]);
    assert.ok(run.finished_at);
    assert.deepEqual(
      run.steps.map((s: { name: string; state: string; attempts: number; result: unknown }) => [s.name, s.state, s.attempts, s.result]),
      [
        ['first', 'succeeded', 1, { doubled: 8 }],
        ['second', 'succeeded', 1, { plus_one: 9 }],
        ['third', 'succeeded', 1, { total: 90 }],
      ],
    );
    assert.deepEqual([executed['three.first'], executed['three.second'], executed['three.third']], [1, 1, 1]);
    await drain();
    assert.equal(executed['three.first'], 1, 'a finished run is not executed again');
  });

  it('tries a step that throws again up to its maxAttempts, then fails the step and the run; retry resumes at that step only', async () => {
    const { tenant, get, post } = await admin();
    flakyFixed = false;
    const before = { prepare: executed['flaky.prepare'] ?? 0, call: executed['flaky.call_vendor'] ?? 0 };
    const id = await start(tenant.id, 'test.flaky');
    await drain();
    const failed = (await get(id)).json();
    assert.equal(failed.state, 'failed');
    assert.match(failed.last_error, /call_vendor: the vendor answered 503/);
    assert.deepEqual(
      failed.steps.map((s: { state: string; attempts: number }) => [s.state, s.attempts]),
      [
        ['succeeded', 1],
        ['failed', 2],
        ['pending', 0],
      ],
    );
    assert.equal(failed.steps[1].last_error, 'the vendor answered 503');
    assert.equal(executed['flaky.call_vendor']! - before.call, 2);

    flakyFixed = true;
    const retried = await post(id, 'retry');
    assert.equal(retried.statusCode, 200, retried.body);
    assert.deepEqual([retried.json().state, retried.json().steps[1].state, retried.json().steps[1].attempts], ['pending', 'pending', 0]);
    await drain();
    const done = (await get(id)).json();
    assert.equal(done.state, 'succeeded');
    assert.deepEqual(
      done.steps.map((s: { state: string; attempts: number }) => [s.state, s.attempts]),
      [
        ['succeeded', 1],
        ['succeeded', 1],
        ['succeeded', 1],
      ],
    );
    assert.equal(executed['flaky.prepare']! - before.prepare, 1, 'the step that had succeeded did not run again');
    assert.equal(executed['flaky.call_vendor']! - before.call, 3);
    const { rows } = await env.ctx.db.owner.query(`select action from audit_log where tenant_id = $1 and target_id = $2`, [tenant.id, id]);
    assert.deepEqual(rows, [{ action: 'run.retried' }]);

    const again = await post(id, 'retry');
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'run_not_retryable');
    const cancel = await post(id, 'cancel');
    assert.equal(cancel.statusCode, 409);
    assert.equal(cancel.json().code, 'run_not_cancellable');
  });

  it('cancelled before it starts, executes no step', async () => {
    const { tenant, get, post } = await admin();
    const firsts = executed['three.first'] ?? 0;
    const id = await start(tenant.id, 'test.three_steps', { n: 1 });
    const res = await post(id, 'cancel');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().state, res.json().steps.map((s: { state: string }) => s.state)], ['cancelled', ['cancelled', 'cancelled', 'cancelled']]);
    await drain();
    assert.equal(executed['three.first'] ?? 0, firsts);
    assert.equal((await get(id)).json().state, 'cancelled');
    assert.equal((await post(id, 'retry')).json().code, 'run_not_retryable');
  });

  it('cancelled mid-step, lets that step finish and starts no next one', async () => {
    const { tenant, get, post } = await admin();
    const id = await start(tenant.id, 'test.blocking');
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const draining = drain();
    await running;
    assert.equal((await get(id)).json().steps[0].state, 'running');
    const res = await post(id, 'cancel');
    assert.equal(res.statusCode, 200, res.body);
    release();
    await draining;
    const run = (await get(id)).json();
    assert.deepEqual([run.state, run.steps[0].state, run.steps[0].result, run.steps[1].state], ['cancelled', 'succeeded', 'done', 'cancelled']);
    assert.equal(executed['blocking.after'], undefined);
  });
});

describe('a run whose worker seems dead', () => {
  it('is taken over after the sending timeout; the overtaken attempt records nothing, and the next step runs once', async () => {
    const { tenant, get } = await admin();
    const id = await start(tenant.id, 'test.takeover');
    const running = new Promise<void>((resolve) => {
      firstStarted = resolve;
    });
    const firstWorker = drain();
    await running;
    // as if the worker had been silent for longer than EMBARK_SENDING_TIMEOUT: the sweep queues the run again
    await env.ctx.db.owner.query(`update job_run_steps set started_at = now() - interval '1 hour' where run_id = $1 and position = 0`, [id]);
    assert.equal(await sweepStuckWork(env.ctx, [stuckRuns]), 1);
    await drain();
    const takenOver = (await get(id)).json();
    assert.deepEqual([takenOver.state, takenOver.steps[0].attempts, takenOver.steps[0].result], ['succeeded', 2, 'second attempt']);

    releaseFirst();
    await firstWorker;
    const run = (await get(id)).json();
    assert.deepEqual([run.state, run.steps[0].result, run.steps[1].state], ['succeeded', 'second attempt', 'succeeded']);
    assert.deepEqual([executed['takeover.slow_once'], executed['takeover.next']], [2, 1]);
  });
});

describe('the runs API', () => {
  it("lists the tenant's runs newest first, by state and kind, a page at a time", async () => {
    const { tenant, token } = await admin();
    const ids = [await start(tenant.id, 'test.three_steps', { n: 1 }), await start(tenant.id, 'test.three_steps', { n: 2 }), await start(tenant.id, 'test.flaky')];
    const list = (query: string) => env.inject({ method: 'GET', url: `/api/v1/tenant/runs${query}`, token });
    const all = await list('');
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(
      all.json().items.map((r: { id: string }) => r.id),
      [...ids].reverse(),
    );
    assert.equal(all.json().total, 3);
    const byKind = await list('?kind=test.flaky&state=pending');
    assert.deepEqual(
      byKind.json().items.map((r: { id: string }) => r.id),
      [ids[2]],
    );
    assert.equal((await list('?state=failed')).json().total, 0);
    const first = await list('?limit=2');
    assert.equal(first.json().items.length, 2);
    const second = await list(`?limit=2&cursor=${first.json().next_cursor}`);
    assert.deepEqual(
      second.json().items.map((r: { id: string }) => r.id),
      [ids[0]],
    );
    assert.equal(second.json().next_cursor, null);
  });

  it('answers 404 run_not_found to another tenant, and changes nothing of the run', async () => {
    const a = await admin();
    const b = await admin();
    const id = await start(a.tenant.id, 'test.three_steps', { n: 1 });
    for (const res of [await b.get(id), await b.post(id, 'retry'), await b.post(id, 'cancel')]) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().code, 'run_not_found');
    }
    assert.equal((await a.get(id)).json().state, 'pending');
    const list = await env.inject({ method: 'GET', url: '/api/v1/tenant/runs', token: b.token });
    assert.deepEqual(list.json().items, []);
  });

  it('refuses odd input with a 4xx and a stable code', async () => {
    const { token, get, post } = await admin();
    for (const id of ['x'.repeat(900 * 1024), 'not-a-uuid', '%00', `${'0'.repeat(8)}-0000-0000-0000-000000000000%00`]) {
      for (const res of [await get(id), await post(id, 'retry'), await post(id, 'cancel')]) {
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${id.slice(0, 40)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.ok(res.json().code, res.body.slice(0, 200));
      }
    }
    const unknown = await get('6f1d1c2e-8a6b-4c4e-9d1e-3b7f0c1a2b3c');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'run_not_found');
    for (const query of ['?state=done', '?kind=%00', `?kind=${'a'.repeat(900 * 1024)}`, '?cursor=bogus', '?limit=0']) {
      const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/runs${query}`, token });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${query.slice(0, 40)}: ${res.statusCode}`);
    }
    const body = await env.inject({ method: 'POST', url: '/api/v1/tenant/runs/6f1d1c2e-8a6b-4c4e-9d1e-3b7f0c1a2b3c/retry', token, payload: { force: true } });
    assert.equal(body.statusCode, 400);
  });

  it('is for tenant admins: a member gets 403', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'member');
    const res = await env.inject({ method: 'GET', url: '/api/v1/tenant/runs', token });
    assert.equal(res.statusCode, 403);
  });
});
