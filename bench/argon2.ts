/** Password hashing throughput with Embark's argon2id parameters: what bounds logins and signups per second. */
import { availableParallelism } from 'node:os';
import { ARGON2_OPTIONS, hashPassword } from '../src/identities/passwords.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';

async function measure(concurrency: number, seconds: number): Promise<{ perSecond: number; meanMs: number }> {
  const stopAt = performance.now() + seconds * 1000;
  const start = performance.now();
  let hashes = 0;
  let busyMs = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        const t = performance.now();
        await hashPassword('correct horse battery staple');
        busyMs += performance.now() - t;
        hashes++;
      }
    }),
  );
  return { perSecond: hashes / ((performance.now() - start) / 1000), meanMs: busyMs / hashes };
}

export const argon2: Benchmark = {
  name: 'argon2',
  async run(bench: BenchContext): Promise<Row[]> {
    const params = `m=${ARGON2_OPTIONS.memoryCost} KiB, t=${ARGON2_OPTIONS.timeCost}, p=${ARGON2_OPTIONS.parallelism}`;
    const cores = availableParallelism();
    const seconds = Math.max(3, Math.round(bench.durationSeconds / 2));
    await measure(1, 1); // warm-up: the first hash allocates
    const rows: Row[] = [];
    for (const concurrency of [...new Set([1, 2, cores])]) {
      const result = await measure(concurrency, seconds);
      rows.push({
        name: `argon2id hashPassword, ${concurrency} at a time`,
        value: Number(result.perSecond.toFixed(1)),
        unit: 'hashes/s',
        detail: `${params}; ${result.meanMs.toFixed(1)} ms per hash; ${cores} cores, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
      });
    }
    return rows;
  },
};
