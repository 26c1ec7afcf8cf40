/**
 * `npm test`: prepares PostgreSQL once, then runs every *.test.ts with Node's test runner.
 * With DATABASE_URL: a fresh template database is created on that server and every database made
 * from it is dropped at the end. Without: an embedded PostgreSQL in a temporary directory.
 * Each test file clones the migrated template (test/helpers.ts), so files never share state.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createLogger } from '../src/log.ts';
import { openEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.ts';
import { createDatabase } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { freePort } from './net.ts';
import { buildServer } from '../scripts/build-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const log = createLogger(process.env.EMBARK_TEST_LOG_LEVEL ?? 'warn');

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (entry.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))]
  // matched against the path inside the checkout: the checkout's own path (say wt-embedded) must not match
  .filter((file) => filters.length === 0 || filters.some((f) => path.relative(root, file).includes(f)))
  .sort();
if (!files.length) {
  console.error('no test files match', filters);
  process.exit(1);
}
// the CLI tests run bin/embark.js as users do, which runs dist/ when it is current (else src/ via tsx)
await buildServer({ ifNeeded: true, quiet: true });

const runId = `embark_t${Date.now().toString(36)}${process.pid.toString(36)}`;
let embedded: EmbeddedServer | undefined;
let tempDir: string | undefined;
let serverUrl: string;
if (process.env.DATABASE_URL) {
  serverUrl = process.env.DATABASE_URL;
} else {
  tempDir = mkdtempSync(path.join(tmpdir(), 'embark-test-'));
  embedded = await openEmbeddedPostgres({ dataDir: tempDir, port: await freePort(), log });
  serverUrl = embedded.url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

const admin = new pg.Client({ connectionString: serverUrl });
admin.on('error', () => undefined);
await admin.connect();
const templateName = `${runId}_template`;
let exitCode = 1;
try {
  await admin.query(`create database ${templateName}`);
  const templateUrl = withDatabase(serverUrl, templateName);
  const db = createDatabase({ url: templateUrl, appRole: 'embark_app', poolSize: 2, log });
  try {
    await migrate(db.owner, { appRole: 'embark_app', log });
  } finally {
    await db.close();
  }

  const concurrency = Number(process.env.EMBARK_TEST_CONCURRENCY ?? 2);
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
      stdio: 'inherit',
      env: { ...process.env, EMBARK_TEST_SERVER_URL: serverUrl, EMBARK_TEST_TEMPLATE: templateName, EMBARK_TEST_RUN_ID: runId },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} finally {
  const { rows } = await admin.query(`select datname from pg_database where datname like $1`, [`${runId}%`]);
  for (const { datname } of rows) {
    await admin.query(`drop database if exists "${datname}" with (force)`).catch((err) => console.error(`could not drop ${datname}: ${err.message}`));
  }
  await admin.end();
  await embedded?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
process.exit(exitCode);
