/**
 * `npm run bench`: every benchmark in BENCHMARKS, against one fresh database (DATABASE_URL's server
 * if set, else an embedded PostgreSQL in a temporary directory), migrated, and dropped at the end.
 *
 *   npm run bench                  all of them
 *   npm run bench -- argon2        only those whose name contains an argument
 *   BENCH_DURATION=10 BENCH_WARMUP=3 BENCH_CONNECTIONS=16 BENCH_ROUNDS=2
 *                                  seconds measured per HTTP target, seconds of warm-up, concurrent
 *                                  connections, alternating rounds the measured time is split into
 *
 * A benchmark is a file exporting a Benchmark (types.ts); add it to BENCHMARKS. Baselines: README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import type { Context } from '../src/context.ts';
import { createContext } from '../src/modules.ts';
import { createDatabase, ownerPoolSize } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { openEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.ts';
import { createLogger } from '../src/log.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';
import { httpProfile } from './http-profile.ts';
import { argon2 } from './argon2.ts';
import { messaging } from './messaging.ts';
import { signup } from './signup.ts';
import { loginBurst } from './login-burst.ts';
import { processCost } from './process.ts';
import { lists } from './lists.ts';
import { provisioning } from './provisioning.ts';
import { approvals } from './approvals.ts';
import { analytics } from './analytics.ts';

const BENCHMARKS: readonly Benchmark[] = [httpProfile, argon2, messaging, signup, approvals, loginBurst, lists, analytics, processCost, provisioning];

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of seconds, got ${JSON.stringify(raw)}`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

function printTable(rows: readonly (Row & { bench: string })[]): void {
  const cells = rows.map((r) => [r.name, `${r.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${r.unit}`, `${r.meetsTarget === false ? 'BELOW TARGET: ' : r.meetsTarget ? 'ok: ' : ''}${r.detail ?? ''}`]);
  const header = ['benchmark', 'result', 'detail'];
  const widths = [0, 1].map((i) => Math.max(header[i]!.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `${c[0]!.padEnd(widths[0]!)}  ${c[1]!.padStart(widths[1]!)}  ${c[2]}`;
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w)).concat('------')));
  for (const c of cells) console.log(line(c));
}

const filters = process.argv.slice(2);
const selected = BENCHMARKS.filter((b) => !filters.length || filters.some((f) => b.name.includes(f)));
if (!selected.length) {
  console.error(`no benchmark matches ${filters.join(' ')}; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const log = createLogger(process.env.EMBARK_LOG_LEVEL ?? 'warn');
let embedded: EmbeddedServer | undefined;
let tempDir: string | undefined;
let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  tempDir = mkdtempSync(path.join(tmpdir(), 'embark-bench-'));
  embedded = await openEmbeddedPostgres({ dataDir: tempDir, port: await freePort(), log });
  serverUrl = embedded.url;
}
const database = `embark_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
admin.on('error', () => undefined);
await admin.connect();
let exitCode = 0;
try {
  await admin.query(`create database ${database}`);
  const url = withDatabase(serverUrl, database);
  // Embark's defaults, except logs: request logging would measure the terminal, not the server
  // the vendors are local fakes: their adapters are pointed at them with base_url
  const config = loadConfig({ ...process.env, DATABASE_URL: url, EMBARK_SECRET_KEY: randomBytes(32).toString('hex'), EMBARK_LOG_LEVEL: process.env.EMBARK_LOG_LEVEL ?? 'warn', EMBARK_ALLOW_PROVIDER_BASE_URLS: 'true' });
  const db = createDatabase({ url, appRole: config.dbAppRole, poolSize: config.dbPoolSize, ownerPoolSize: ownerPoolSize(config.workerConcurrency), log });
  try {
    await migrate(db.owner, { appRole: config.dbAppRole, log });
    const ctx: Context = createContext(config, db, log);
    const bench: BenchContext = {
      ctx,
      durationSeconds: seconds('BENCH_DURATION', 10),
      warmupSeconds: seconds('BENCH_WARMUP', 3),
      connections: Math.max(1, Math.round(seconds('BENCH_CONNECTIONS', 16))),
      rounds: Math.max(1, Math.round(seconds('BENCH_ROUNDS', 2))),
    };
    const { rows: version } = await db.owner.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
    console.log(
      `Embark benchmarks: node ${process.version}, PostgreSQL ${version[0]!.v} (${embedded ? 'embedded' : 'DATABASE_URL'}), ` +
        `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${bench.connections} connections, ` +
        `${bench.warmupSeconds} s warm-up + ${bench.durationSeconds} s per HTTP target in ${bench.rounds} alternating rounds, pool ${config.dbPoolSize}, log level ${config.logLevel}\n`,
    );
    const rows: (Row & { bench: string })[] = [];
    for (const benchmark of selected) {
      process.stderr.write(`running ${benchmark.name}…\n`);
      for (const row of await benchmark.run(bench)) rows.push({ ...row, bench: benchmark.name });
    }
    console.log('');
    printTable(rows);
    if (rows.some((r) => r.meetsTarget === false)) console.log('\nA target was missed: see bench/README.md for what costs time per request.');
  } finally {
    await db.close();
  }
} catch (error) {
  console.error('benchmark failed:', error);
  exitCode = 1;
} finally {
  await admin.query(`drop database if exists ${database} with (force)`).catch((err) => console.error(`could not drop ${database}: ${err.message}`));
  await admin.end();
  await embedded?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
process.exit(exitCode);
