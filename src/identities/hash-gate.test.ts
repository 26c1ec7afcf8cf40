import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HashGate } from './hash-gate.ts';
import { AppError } from '../errors.ts';

/** Work that finishes when told to, so the test decides what is running when. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { work: () => done, finish };
}

const code = (error: unknown) => (error instanceof AppError ? `${error.status} ${error.code} retry-after=${error.headers?.['retry-after']}` : String(error));

describe('HashGate', () => {
  it('runs at most `concurrency` at once, the rest in arrival order', async () => {
    const gate = new HashGate({ concurrency: 2, queue: 10, perClient: 10 });
    const order: number[] = [];
    const jobs = Array.from({ length: 5 }, () => held());
    const runs = jobs.map((job, i) =>
      gate.run(`client-${i}`, async () => {
        order.push(i);
        await job.work();
      }),
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(gate.stats(), { running: 2, waiting: 3 });
    assert.deepEqual(order, [0, 1]);
    jobs[1]!.finish();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, [0, 1, 2]);
    for (const job of jobs) job.finish();
    await Promise.all(runs);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.deepEqual(gate.stats(), { running: 0, waiting: 0 });
  });

  it('refuses at once with 503 server_busy when the queue is full, and with 429 too_many_requests a client holding its share', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 1, perClient: 2 });
    const a = held();
    const b = held();
    const running = gate.run('203.0.113.1', a.work);
    const waiting = gate.run('203.0.113.1', b.work);
    await assert.rejects(
      gate.run('203.0.113.1', async () => undefined),
      (error) => code(error) === '429 too_many_requests retry-after=1',
    );
    await assert.rejects(
      gate.run('203.0.113.2', async () => undefined),
      (error) => code(error) === '503 server_busy retry-after=1',
    );
    a.finish();
    b.finish();
    await Promise.all([running, waiting]);
    // places are given back, failures included
    await assert.rejects(
      gate.run('203.0.113.1', async () => {
        throw new Error('argon2 broke');
      }),
      /argon2 broke/,
    );
    assert.deepEqual(gate.stats(), { running: 0, waiting: 0 });
    assert.equal(await gate.run('203.0.113.1', async () => 'ok'), 'ok');
  });

  it('lets work on no client’s behalf wait its turn instead of refusing it', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 0, perClient: 1 });
    const a = held();
    const running = gate.run('203.0.113.1', a.work);
    const internal = gate.run(null, async () => 'seeded');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(gate.stats(), { running: 1, waiting: 1 });
    a.finish();
    assert.equal(await internal, 'seeded');
    await running;
  });
});
