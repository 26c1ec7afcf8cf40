/**
 * The embedded PostgreSQL that `npm start` and `npm test` use without DATABASE_URL: it initialises and
 * starts (as root too, by running postgres as the `postgres` user from a copy of the binaries it can
 * reach, with the cluster moved out of a data directory it cannot enter), answers on the `embark`
 * database, is shared by everyone who opens the same data directory and stopped by the last of them,
 * and leaves no process behind; a postmaster.pid or lock left by a killed run does not stand in the
 * way; a binary that cannot run and a failed start say what went wrong.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { EmbeddedPostgresError, isAlive, openEmbeddedPostgres, ROOT_RUNTIME_DIR, type EmbeddedOptions, type EmbeddedServer } from '../src/db/embedded.ts';
import { packagedInstallation } from '../src/db/embedded-binaries.ts';
import { freePort } from './net.ts';
import { postmastersOf, processTree } from './processes.ts';

const root = path.resolve(import.meta.dirname, '..');
const isRoot = userInfo().uid === 0;
const tempDirs: string[] = [];
const running = new Set<EmbeddedServer>();
const logLines: { level: number; msg: string; [key: string]: unknown }[] = [];

const log = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  }),
);

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'embark-embedded-test-'));
  tempDirs.push(dir);
  return dir;
}

async function start(dataDir: string, port?: number, options: Partial<EmbeddedOptions> = {}): Promise<EmbeddedServer> {
  const server = await openEmbeddedPostgres({ dataDir, port: port ?? (await freePort()), log, ...options });
  running.add(server);
  return server;
}

async function stop(server: EmbeddedServer): Promise<void> {
  await server.close();
  running.delete(server);
}

/** A directory the postgres user can enter, as a runtime directory must be. */
function openTempDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  return dir;
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
  for (const server of running) await server.close().catch((err: unknown) => console.error('could not stop an embedded postgres:', err));
  // anything a failed assertion left running on one of our directories (or where their pg symlink points)
  for (const dir of tempDirs) {
    const pg = path.join(dir, 'pg');
    const cluster = lstatSync(pg, { throwIfNoEntry: false })?.isSymbolicLink() ? readlinkSync(pg) : pg;
    for (const pid of postmastersOf(cluster)) process.kill(pid, 'SIGINT');
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('initialises a cluster, answers queries on the embark database, and leaves no postgres process once stopped', async () => {
    const server = await start(dataDir);
    assert.equal(server.clusterDir, clusterDir);
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
      const executable = readlinkSync(`/proc/${postmaster}/exe`);
      assert.ok(executable.startsWith(`${ROOT_RUNTIME_DIR}/postgresql-`), `root runs postgres from its copy of the binaries, not from node_modules: ${executable}`);
    }
    assert.equal(statSync(path.join(dataDir, 'pg-password')).mode & 0o777, 0o600, 'the generated password file is private');

    await stop(server);
    assert.deepEqual(postmastersOf(clusterDir), [], 'no postmaster runs on the cluster directory after stop');
    assert.deepEqual(tree.filter(isAlive), [], "none of the postmaster's processes outlives stop");
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
      assert.equal(warning.postgres_pid, stalePid);
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
        assert.ok(logLines.slice(logged).some((l) => /stale postmaster\.pid/.test(l.msg) && l.postgres_pid === other.pid));
        assert.deepEqual(await query(server.url, 'select 1 as one'), { one: 1 });
      } finally {
        await stop(server);
      }
      assert.ok(isAlive(other.pid), 'the unrelated process was left alone');
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('uses the cluster already running on the data directory, on its port, and the last user to close stops it', async () => {
    const first = await start(dataDir);
    const [postmaster] = postmastersOf(clusterDir);
    const firstPort = new URL(first.url).port;
    const otherPort = await freePort();
    const second = await start(dataDir, otherPort);
    assert.deepEqual(postmastersOf(clusterDir), [postmaster], 'no second postmaster was started');
    assert.equal(new URL(second.url).port, firstPort, "the second user connects to the running cluster's port, not its own");
    assert.deepEqual(await query(second.url, 'select current_database() as db'), { db: 'embark' });

    await stop(first);
    assert.deepEqual(postmastersOf(clusterDir), [postmaster], 'the cluster keeps running while the second user has it open');
    assert.deepEqual(await query(second.url, 'select 1 as one'), { one: 1 }, 'and still answers it');
    await stop(second);
    assert.deepEqual(postmastersOf(clusterDir), [], 'the last user to close stops it');
    assert.ok(!isAlive(postmaster!));
  });

  it('starts one cluster for two users opening a stopped data directory at the same moment', async () => {
    const fresh = tempDir();
    const [a, b] = await Promise.all([start(fresh), start(fresh)]);
    const cluster = path.join(fresh, 'pg');
    assert.equal(postmastersOf(cluster).length, 1, 'one postmaster');
    assert.equal(a.url, b.url);
    assert.deepEqual(await query(b.url, 'select current_database() as db'), { db: 'embark' });
    await stop(a);
    await stop(b);
    assert.deepEqual(postmastersOf(cluster), []);
  });

  it('takes over from a user that was killed: its lock and its registration do not keep the cluster open', async () => {
    const dead = await exitedPid();
    // what a process killed while starting the cluster leaves behind, with a pid no process has now
    writeFileSync(path.join(dataDir, 'pg.lock'), `${dead} 1`);
    mkdirSync(path.join(dataDir, 'pg-users'), { recursive: true });
    writeFileSync(path.join(dataDir, 'pg-users', `${dead}-00000000`), `${dead} 1`);
    const server = await start(dataDir);
    assert.ok(!existsSync(path.join(dataDir, 'pg.lock')), 'the lock is released');
    const [postmaster] = postmastersOf(clusterDir);
    await stop(server);
    assert.ok(!isAlive(postmaster!), 'the dead user does not count: closing the only live one stops the cluster');
    assert.deepEqual(readdirSync(path.join(dataDir, 'pg-users')), [], 'and its registration is gone');
  });

  it('runs PostgreSQL in a session of its own, so a Ctrl-C in the terminal reaches Embark alone', async () => {
    const server = await start(dataDir);
    try {
      const [postmaster] = postmastersOf(clusterDir);
      const fields = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // fields after the command: state ppid pgrp session
      const [, , group, session] = fields(postmaster!);
      assert.equal(Number(session), postmaster, 'the postmaster leads its own session');
      assert.equal(Number(group), postmaster, 'and its own process group');
      assert.notEqual(fields(process.pid)[3], session, 'not ours');
    } finally {
      await stop(server);
    }
  });

  // through the CLI, as a person meets it: the message main.ts prints
  it('fails to start on a port already taken with Postgres\'s own log line, never "undefined", and leaves nothing behind', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve, reject) => blocker.once('error', reject).listen(0, '127.0.0.1', resolve));
    const takenPort = (blocker.address() as { port: number }).port;
    let result: { code: number | null; stdout: string; stderr: string };
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, EMBARK_DATA_DIR: dataDir, EMBARK_PG_PORT: String(takenPort), EMBARK_SECRET_KEY: 'a'.repeat(64), EMBARK_LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL;
      const child = spawn(process.execPath, [path.join(root, 'bin/embark.js'), 'db', 'migrate'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    assert.match(message, /the port is in use by another program .*set EMBARK_PG_PORT to a free port/, `says what to do: ${message}`);
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

  it('as root, keeps the cluster of a data directory inside a closed directory where postgres can reach it, and finds it again', { skip: !isRoot && 'only meaningful as root' }, async () => {
    const closed = tempDir(); // mkdtemp makes it 0700, like /root: the postgres user cannot enter it
    assert.equal(statSync(closed).mode & 0o777, 0o700);
    const inside = path.join(closed, '.embark');
    const runtimeDir = openTempDir();
    const server = await start(inside, undefined, { rootRuntimeDir: runtimeDir });
    const link = path.join(inside, 'pg');
    try {
      assert.ok(lstatSync(link).isSymbolicLink(), '<dataDir>/pg is a symlink');
      const cluster = readlinkSync(link);
      assert.equal(server.clusterDir, cluster);
      assert.equal(path.dirname(cluster), path.join(runtimeDir, 'clusters'), 'to a cluster under the runtime directory');
      assert.equal(readFileSync(`${cluster}.data-dir`, 'utf8').trim(), inside, 'which names the data directory it belongs to');
      assert.equal(statSync(closed).mode & 0o777, 0o700, 'the closed directory was left closed');
      const [postmaster] = postmastersOf(cluster);
      assert.ok(postmaster);
      assert.equal(uidOf(postmaster), statSync(cluster).uid);
      assert.notEqual(uidOf(postmaster), 0);
      await query(server.url, 'create table kept (n int)');
    } finally {
      await stop(server);
    }
    assert.deepEqual(postmastersOf(readlinkSync(link)), []);

    const again = await start(inside, undefined, { rootRuntimeDir: runtimeDir });
    try {
      assert.equal(again.clusterDir, readlinkSync(link), 'the next start follows the symlink');
      assert.deepEqual(await query(again.url, 'select count(*)::int as n from kept'), { n: 0 }, 'to the same cluster');
    } finally {
      await stop(again);
    }
  });

  it('says which binary cannot be run and why, instead of an unhandled spawn error', async () => {
    const broken = openTempDir();
    const installation = path.join(broken, 'native');
    cpSync(packagedInstallation().dir, installation, { recursive: true, verbatimSymlinks: true });
    chmodSync(path.join(installation, 'bin', 'initdb'), 0o644);
    await assert.rejects(start(tempDir(), undefined, { installation: { dir: installation, version: 'broken' }, rootRuntimeDir: openTempDir() }), (error: unknown) => {
      assert.ok(error instanceof EmbeddedPostgresError, `an EmbeddedPostgresError, got ${String(error)}`);
      assert.match(error.message, /^cannot run \S+\/bin\/initdb: spawn \S+ EACCES\. /);
      assert.match(error.message, isRoot ? /'postgres' system user/ : /npm ci|DATABASE_URL/, 'says what to do');
      return true;
    });
  });
});
