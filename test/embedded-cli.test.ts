/**
 * `npm start` and the CLI on the embedded PostgreSQL, run as a newcomer runs them (no DATABASE_URL):
 * SIGTERM to npm stops npm, the server and PostgreSQL; so does a Ctrl-C (SIGINT to the terminal's
 * process group), without an ERROR or WARN line; a start after the server was killed with SIGKILL
 * works; CLI commands beside a running server use its cluster and leave it running; two CLI commands
 * started together with no server share one cluster, which the last of them stops.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { isAlive, openEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from './net.ts';
import { commandLineOf, postmastersOf, processTree } from './processes.ts';

const root = path.resolve(import.meta.dirname, '..');
const secretKey = randomBytes(32).toString('hex');
/** The worker lets running jobs finish for up to 30 s; an idle server stops in about a second. */
const SHUTDOWN_TIMEOUT_MS = 35_000;

interface Run {
  readonly child: ChildProcess;
  output(): string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const dataDirs: string[] = [];
const runs = new Set<Run>();

function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'embark-embedded-cli-test-'));
  dataDirs.push(dir);
  return dir;
}

after(async () => {
  // whatever a failed assertion left running: only our own processes and our data dirs' postmasters
  for (const run of runs) if (run.child.pid && run.child.exitCode === null) for (const pid of processTree(run.child.pid).reverse()) kill(pid, 'SIGKILL');
  for (const dir of dataDirs) for (const pid of postmastersOf(path.join(dir, 'pg'))) kill(pid, 'SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function environment(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBARK_DATA_DIR: dataDir, EMBARK_SECRET_KEY: secretKey, EMBARK_LOG_LEVEL: 'info', ...extra };
  delete env.DATABASE_URL;
  return env;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): Run {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const run: Run = {
    child,
    output: () => output,
    exit: new Promise((resolve) =>
      child.on('close', (code, signal) => {
        runs.delete(run);
        resolve({ code, signal });
      }),
    ),
  };
  runs.add(run);
  return run;
}

/** `npm start`, as typed in a terminal; `detached` gives it a process group of its own, as a terminal's foreground job has. */
async function npmStart(dataDir: string, options: { detached?: boolean } = {}): Promise<{ run: Run; port: number; pgPort: number }> {
  const port = await freePort();
  const pgPort = await freePort();
  const run = launch('npm', ['start'], environment(dataDir, { PORT: String(port), EMBARK_PG_PORT: String(pgPort) }), options);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`npm start exited with ${run.child.exitCode}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready within 120 s:\n${run.output()}`);
    const body = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.json() as Promise<{ status?: string }>,
      () => undefined,
    );
    if (body?.status === 'ready') return { run, port, pgPort };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `npx embark …` beside it, on the same data directory. */
async function embark(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/embark.js'), ...args], {
    cwd: root,
    env: environment(dataDir, { EMBARK_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** Waits for the processes to end; those still running at the timeout, with their command lines. */
async function leftRunning(pids: number[], timeoutMs = SHUTDOWN_TIMEOUT_MS): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(isAlive).map((pid) => `${pid} ${commandLineOf(pid)}`);
}

/** npm, the server it runs, and the postmaster with its processes. */
function everything(run: Run, clusterDir: string): number[] {
  const postmasters = postmastersOf(clusterDir);
  assert.equal(postmasters.length, 1, 'one postmaster runs on the cluster');
  return [...processTree(run.child.pid!), ...processTree(postmasters[0]!)];
}

/** Lines a person would read as a problem: pino's warn (40) and above, and PostgreSQL's or npm's own. */
function problems(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (line.startsWith('{')) return (JSON.parse(line) as { level: number }).level >= 40;
    return /\b(WARN|WARNING|ERROR|FATAL|PANIC|npm error)\b/i.test(line);
  });
}

async function tenants(dataDir: string): Promise<string[]> {
  const server = await openEmbeddedPostgres({ dataDir, port: await freePort(), log: pino({ level: 'silent' }) });
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return (await client.query<{ subdomain: string }>('select subdomain from tenants order by subdomain')).rows.map((row) => row.subdomain);
  } finally {
    await client.end();
    await server.close();
  }
}

describe('npm start', () => {
  let dataDir: string;
  before(() => {
    dataDir = newDataDir();
  });

  it("is the server itself as npm's child, and SIGTERM to npm stops npm, the server and PostgreSQL", async () => {
    const { run, port } = await npmStart(dataDir);
    const [child] = processTree(run.child.pid!).slice(1);
    assert.match(commandLineOf(child!), /^node scripts\/start\.mjs/, "npm's child is node, not a shell waiting on it");
    const pids = everything(run, path.join(dataDir, 'pg'));

    run.child.kill('SIGTERM');
    const exit = await run.exit;
    assert.deepEqual(await leftRunning(pids), [], 'nothing is left running');
    assert.ok(exit.code === 143 || exit.signal === 'SIGTERM', `npm ends as its child did (143 or SIGTERM), got ${JSON.stringify(exit)}`);
    assert.match(run.output(), /"msg":"embedded PostgreSQL stopped"/);
    assert.equal(
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => 'answered',
        () => 'refused',
      ),
      'refused',
    );
  });

  it('stops npm, the server and PostgreSQL on a Ctrl-C (SIGINT to the process group), without an ERROR or WARN line', async () => {
    const { run } = await npmStart(dataDir, { detached: true });
    const pids = everything(run, path.join(dataDir, 'pg'));

    process.kill(-run.child.pid!, 'SIGINT');
    const exit = await run.exit;
    assert.deepEqual(await leftRunning(pids), [], 'nothing is left running');
    assert.ok(exit.code === 130 || exit.signal === 'SIGINT', `npm ends as its child did (130 or SIGINT), got ${JSON.stringify(exit)}`);
    assert.deepEqual(problems(run.output()), [], `no problem reported in:\n${run.output()}`);
    assert.match(run.output(), /"msg":"embedded PostgreSQL stopped"/, 'Embark stopped PostgreSQL itself');
  });

  it('starts again after the server was killed with SIGKILL, on the PostgreSQL it left running, and stops that on SIGTERM', async () => {
    const first = await npmStart(dataDir);
    const server = processTree(first.run.child.pid!)[1]!;
    const [postmaster] = postmastersOf(path.join(dataDir, 'pg'));
    kill(server, 'SIGKILL');
    await first.run.exit;
    assert.ok(isAlive(postmaster!), 'PostgreSQL, in a session of its own, outlived the server');

    const second = await npmStart(dataDir);
    assert.deepEqual(postmastersOf(path.join(dataDir, 'pg')), [postmaster], 'the new server uses the cluster that was left running');
    assert.match(second.run.output(), /using the embedded PostgreSQL already running/);
    const pids = everything(second.run, path.join(dataDir, 'pg'));
    second.run.child.kill('SIGTERM');
    await second.run.exit;
    assert.deepEqual(await leftRunning(pids), [], 'and stops it: no other Embark process uses it');
  });
});

describe('the CLI on the embedded PostgreSQL', () => {
  it('uses the cluster of a running server, for each command, and leaves it running', async () => {
    const dataDir = newDataDir();
    const { run, port } = await npmStart(dataDir);
    const clusterDir = path.join(dataDir, 'pg');
    const [postmaster] = postmastersOf(clusterDir);

    const steps: [string[], RegExp][] = [
      [['db', 'migrate'], /^the database is up to date$/m],
      [['admin', 'create', '--email', 'first@x.test'], /^created global admin first@x\.test /m],
      [['tenant', 'create', '--name', 'Beside', '--subdomain', 'beside'], /"subdomain": "beside"/],
      [['demo', '--yes'], /^demo tenant: /m],
    ];
    for (const [args, expected] of steps) {
      const { code, stdout, stderr } = await embark(dataDir, args);
      assert.equal(code, 0, `embark ${args.join(' ')} exits 0; stderr: ${stderr}`);
      assert.match(stdout, expected);
      assert.deepEqual(postmastersOf(clusterDir), [postmaster], `after embark ${args.join(' ')}, the server's PostgreSQL still runs, the only one`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.json() as Promise<{ status: string }>);
      assert.equal(ready.status, 'ready', 'and the server still answers');
    }

    const pids = everything(run, clusterDir);
    run.child.kill('SIGTERM');
    await run.exit;
    assert.deepEqual(await leftRunning(pids), []);
    assert.deepEqual(await tenants(dataDir), ['beside', 'demo'], "what the commands wrote is in the server's cluster");
  });

  it('runs two commands started at the same moment with no server: one starts the cluster, the other uses it, the last stops it', async () => {
    const dataDir = newDataDir();
    const [a, b] = await Promise.all([embark(dataDir, ['tenant', 'create', '--name', 'One', '--subdomain', 'one']), embark(dataDir, ['tenant', 'create', '--name', 'Two', '--subdomain', 'two'])]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(postmastersOf(path.join(dataDir, 'pg')), [], 'no PostgreSQL is left running');
    assert.equal(readFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), 'utf8').trim(), '17', 'one cluster was initialised');
    assert.deepEqual(await tenants(dataDir), ['one', 'two']);
  });
});
