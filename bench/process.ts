/**
 * What the `embark serve` process costs the machine (issue 11): how long it takes from spawn to
 * ready, and its resident memory idle, at peak and idle again after traffic — for the compiled build
 * (dist/, what `npm start` runs) and for src/ through tsx (what ran before), alternating.
 *
 * Traffic: logins (argon2id verifies, the memory-hungry part: 19 MiB each) and profile reads, in
 * parallel. Target: idle resident memory after that traffic under 150 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createUser } from '../src/identities/users.service.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import type { Actor } from '../src/audit/audit.service.ts';
import { buildServer } from '../scripts/build-server.mjs';
import { freePort } from '../test/net.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';

const ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };
const PASSWORD = 'correct horse battery staple';
const ROOT = path.resolve(import.meta.dirname, '..');
const RSS_TARGET_MB = 150;
const LOGINS = 200;
const LOGIN_CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 8);
const READS = 4000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident and peak resident memory of a process, in MB, from /proc (Linux). */
function memory(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

async function waitReady(base: string, child: ChildProcess, startedAt: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`embark serve exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.status === 200) return performance.now() - startedAt;
    } catch {
      /* not listening yet */
    }
    await sleep(10);
  }
}

/** `count` calls of `fn`, `concurrency` at a time. */
async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

interface Sample {
  startMs: number;
  idleMb: number;
  peakMb: number;
  afterMb: number;
}

async function measure(bench: BenchContext, source: boolean, tenant: { subdomain: string }, email: string): Promise<Sample> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/embark.js'), 'serve', '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: bench.ctx.config.databaseUrl,
      EMBARK_SECRET_KEY: bench.ctx.config.secretKey.toString('hex'),
      EMBARK_LOG_LEVEL: 'warn',
      EMBARK_RUN_SOURCE: source ? '1' : '0',
      EMBARK_TRUST_PROXY: 'true',
    },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    const startMs = await waitReady(base, child, startedAt);
    await sleep(3000);
    const idle = memory(child.pid!);
    let token = '';
    await pool(LOGINS, LOGIN_CONCURRENCY, async (i) => {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        // each login from an address of its own, as many people's are
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ email, password: PASSWORD, tenant: tenant.subdomain }),
      });
      if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
      token = ((await res.json()) as { access_token: string }).access_token;
    });
    await pool(READS, 16, async () => {
      const res = await fetch(`${base}/api/v1/tenant/profile`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`profile read answered ${res.status}`);
      await res.arrayBuffer();
    });
    await sleep(5000);
    const after = memory(child.pid!);
    if (!idle || !after) throw new Error('no /proc/<pid>/status: resident memory is measured on Linux only');
    return { startMs, idleMb: idle.rss, peakMb: after.peak, afterMb: after.rss };
  } catch (error) {
    throw new Error(`${(error as Error).message}\nembark serve's stderr: ${stderr}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[], digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

export const processCost: Benchmark = {
  name: 'process',
  async run(bench: BenchContext): Promise<Row[]> {
    await buildServer({ ifNeeded: true, quiet: true });
    const subdomain = `proc${randomBytes(3).toString('hex')}`;
    const tenant = await createTenant(bench.ctx, ACTOR, { name: 'Process cost', subdomain });
    const email = `person@${subdomain}.example.test`;
    await createUser(bench.ctx, ACTOR, tenant.id, { email, role: 'member', password: PASSWORD });
    const runs: Record<'compiled' | 'source', Sample[]> = { compiled: [], source: [] };
    // alternating, so a burst of other work on the machine hits both alike
    for (let round = 0; round < Math.max(2, bench.rounds); round++) {
      for (const kind of ['compiled', 'source'] as const) runs[kind].push(await measure(bench, kind === 'source', tenant, email));
    }
    const rows: Row[] = [];
    for (const [kind, label] of [
      ['compiled', 'dist/ (npm start)'],
      ['source', 'src/ through tsx'],
    ] as const) {
      const samples = runs[kind];
      rows.push({
        name: `serve ${label}: spawn to ready`,
        value: Math.round(median(samples.map((s) => s.startMs))),
        unit: 'ms',
        detail: `${range(samples.map((s) => s.startMs))} ms over ${samples.length} starts (with the worker, on DATABASE_URL)`,
      });
      rows.push({ name: `serve ${label}: resident memory idle`, value: Math.round(median(samples.map((s) => s.idleMb))), unit: 'MB', detail: `${range(samples.map((s) => s.idleMb))} MB, 3 s after ready` });
      const after = samples.map((s) => s.afterMb);
      rows.push({
        name: `serve ${label}: resident memory after traffic`,
        value: Math.round(median(after)),
        unit: 'MB',
        detail: `${range(after)} MB, 5 s after ${LOGINS} logins (${LOGIN_CONCURRENCY} at a time) and ${READS} reads; peak ${range(samples.map((s) => s.peakMb))} MB`,
        ...(kind === 'compiled' ? { meetsTarget: Math.max(...after) < RSS_TARGET_MB } : {}),
      });
    }
    return rows;
  },
};
