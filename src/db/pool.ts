import pg from 'pg';
import type { Logger } from 'pino';
import { describeDbError } from './connection-errors.ts';

export type Pool = pg.Pool;
export type Tx = pg.PoolClient;
/** Anything a store function can run SQL on: a pool, a client, or a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface Database {
  /** Connections that run as the application role, which cannot bypass row-level security. */
  readonly app: Pool;
  /**
   * Read-only connections as the application role, used only by tenant-scoped read requests: each
   * checkout first sets its tenant (session-level) in the same round trip as the session check. No
   * other code uses this pool, so a tenant left set on a connection is always overwritten before use.
   */
  readonly read: Pool;
  /** Connections as the configured (owning) user, for migrations and graphile-worker's own schema. */
  readonly owner: Pool;
  readonly url: string;
  readonly appRole: string;
  close(): Promise<void>;
}

// json/jsonb arrive parsed; int8 counts fit a JS number for anything Embark counts
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Connections the owner pool needs for a worker running `concurrency` jobs: one each, and graphile-worker's LISTEN. */
export function ownerPoolSize(concurrency: number): number {
  return Math.max(4, concurrency + 1);
}

/**
 * Settings every Embark connection starts with. JIT compilation is off: Embark's queries are short or
 * index-driven, and compiling them costs more than it saves (a 5-step funnel over 1M events spent 17 s
 * of CPU in LLVM for a query that runs in under 3 s without it).
 */
const SESSION = '-c jit=off';

export function createDatabase(options: { url: string; appRole: string; poolSize: number; log: Logger; ownerPoolSize?: number }): Database {
  const { url, appRole, poolSize, log } = options;
  // the role is part of the connection itself: a connection that cannot take it fails to open, rather
  // than running as the (possibly superuser) owner, which would bypass row-level security
  const app = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'embark', options: `${SESSION} -c role=${appRole}`, connectionTimeoutMillis: 30_000 });
  const read = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'embark-read',
    connectionTimeoutMillis: 30_000,
    // a read request that tried to write would fail instead of writing outside any transaction
    options: `${SESSION} -c role=${appRole} -c default_transaction_read_only=on`,
  });
  const owner = new pg.Pool({ connectionString: url, max: options.ownerPoolSize ?? 4, application_name: 'embark-owner', options: SESSION });
  let closed = false;
  for (const [name, pool] of [
    ['app', app],
    ['read', read],
    ['owner', owner],
  ] as const) {
    // pg-pool's end() returns before its connections have closed; one cut off after that (a dropped
    // test or benchmark database) is not news
    // an idle client losing its connection must not crash the process
    // (the pool drops that client and opens a new one when next asked)
    pool.on('error', (err) => {
      if (!closed) log.warn({ err: describeDbError(err), pool: name }, 'idle PostgreSQL connection failed');
    });
    // a checked-out client losing its connection errors its query; this keeps the event from crashing us
    pool.on('connect', (client) =>
      client.on('error', (err) => {
        if (!closed) log.warn({ err: describeDbError(err), pool: name }, 'PostgreSQL connection error');
      }),
    );
  }
  return {
    app,
    read,
    owner,
    url,
    appRole,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([app.end(), read.end(), owner.end()]);
    },
  };
}
