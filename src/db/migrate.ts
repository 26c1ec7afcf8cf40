import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { Logger as WorkerLogger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { quoteIdent, type Pool, type Queryable } from './pool.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
/** The current body of every function, one file each: re-applied when it changes (docs/database.md). */
export const FUNCTIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql/functions');
// any constant works as long as nothing else in the database takes the same advisory lock
const MIGRATION_LOCK = 7_265_110_401;

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** A file of sql/functions: the current definition of one function (or a small family of overloads). */
export interface FunctionFile {
  readonly name: string;
  /** Where it is, for messages: sql/functions/<name> in a checkout. */
  readonly path: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const quietWorkerLogger = new WorkerLogger(() => () => undefined);

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new MigrationError(`migration file name ${file} is not NNNN_description.sql`);
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return { id: Number(match[1]), name: file, sql, checksum: sha256(sql) };
    });
  migrations.forEach((migration, index) => {
    if (index > 0 && migration.id === migrations[index - 1]!.id) throw new MigrationError(`two migrations are numbered ${migration.id}: ${migrations[index - 1]!.name} and ${migration.name}`);
  });
  return migrations;
}

export function loadFunctionFiles(dir = FUNCTIONS_DIR): FunctionFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      if (!/^[a-z][a-z0-9_]*\.sql$/.test(file)) throw new MigrationError(`function file name ${path.join(dir, file)} is not <function_name>.sql`);
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return { name: file, path: dir === FUNCTIONS_DIR ? `sql/functions/${file}` : path.join(dir, file), sql, checksum: sha256(sql) };
    });
}

async function ensureTables(db: Queryable): Promise<void> {
  await db.query(`create table if not exists embark_migrations (
    id integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  // which content of each sql/functions file the database's functions were last made from
  await db.query(`create table if not exists embark_functions (
    file text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
}

export interface MigrationStatus {
  readonly applied: number;
  readonly pending: string[];
  readonly unknown: string[];
  readonly changed: string[];
  /** sql/functions files whose current content the database's functions were not made from. */
  readonly functionsChanged: string[];
}

export async function migrationStatus(db: Queryable, migrations = loadMigrations(), functionFiles = loadFunctionFiles()): Promise<MigrationStatus> {
  const { rows: exists } = await db.query(`select to_regclass('embark_migrations') is not null as present, to_regclass('embark_functions') is not null as functions`);
  const rows: { id: number; name: string; checksum: string }[] = exists[0]?.present ? (await db.query('select id, name, checksum from embark_migrations order by id')).rows : [];
  const appliedFunctions = new Map<string, string>(exists[0]?.functions ? (await db.query('select file, checksum from embark_functions')).rows.map((r: { file: string; checksum: string }) => [r.file, r.checksum]) : []);
  const known = new Map(migrations.map((m) => [m.id, m]));
  const appliedIds = new Set(rows.map((r) => r.id));
  return {
    applied: rows.length,
    pending: migrations.filter((m) => !appliedIds.has(m.id)).map((m) => m.name),
    unknown: rows.filter((r) => !known.has(r.id) || known.get(r.id)!.name !== r.name).map((r) => r.name),
    changed: rows.filter((r) => known.get(r.id)?.name === r.name && known.get(r.id)!.checksum !== r.checksum).map((r) => r.name),
    functionsChanged: functionFiles.filter((f) => appliedFunctions.get(f.name) !== f.checksum).map((f) => f.name),
  };
}

/**
 * Applies pending migrations, each in its own transaction, then the sql/functions files that changed,
 * together in one more, all under an advisory lock so concurrent starts do not race. Refuses a
 * database that holds a migration this build does not know: running older code against a newer
 * schema is how data gets corrupted. Answers the migrations applied; `onFunctionFile` hears of each
 * sql/functions file applied.
 */
export async function migrate(pool: Pool, options: { appRole: string; log: Pick<Logger, 'info'>; migrationsDir?: string; functionsDir?: string; onFunctionFile?: (file: string) => void }): Promise<string[]> {
  const migrations = loadMigrations(options.migrationsDir);
  const functionFiles = loadFunctionFiles(options.functionsDir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ensureTables(client);
    const status = await migrationStatus(client, migrations, functionFiles);
    if (status.unknown.length) {
      throw new MigrationError(`the database holds migration(s) this build of Embark does not know: ${status.unknown.join(', ')}. ` + `It was migrated by a newer version; run that version, or restore a matching backup.`);
    }
    if (status.changed.length) {
      throw new MigrationError(`migration(s) ${status.changed.join(', ')} changed after they were applied; migrations are forward-only and never edited once landed`);
    }
    // the job queue lives in the same database; Embark's SQL (enqueue_message) calls graphile_worker.add_job
    await runWorkerMigrations({ pgPool: pool, logger: quietWorkerLogger });
    for (const migration of migrations.filter((m) => status.pending.includes(m.name))) {
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into embark_migrations (id, name, checksum) values ($1, $2, $3)', [migration.id, migration.name, migration.checksum]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      options.log.info({ migration: migration.name }, 'applied migration');
      applied.push(migration.name);
    }
    // a migration may have replaced or dropped a function (0001-0017 define their bodies of the time),
    // so after any migration every file is applied again; otherwise only the files that changed
    const due = applied.length ? functionFiles : functionFiles.filter((f) => status.functionsChanged.includes(f.name));
    for (const file of await applyFunctionFiles(client, due, functionFiles)) {
      options.log.info({ function_file: file }, 'applied function file');
      options.onFunctionFile?.(file);
    }
    // the tracked events' months exist from the start (the worker's sweep keeps them coming)
    // (not in an install migrated only part of the way, as an upgrade test does)
    await client.query(`select maintain_tracked_events() where to_regclass('tracked_events') is not null`);
    await grantApplicationRole(client, options.appRole);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/**
 * Applies `due` in one transaction and records their checksums (and forgets files no longer in
 * `all`): all of them or, when one fails, none, with an error naming the file. Twice over: first
 * without checking bodies, so that every function exists whatever order the files come in, then with
 * the checks, now that whatever a body refers to exists — a file must therefore be safe to apply again
 * (create or replace, drop … if exists), which deploys rely on anyway.
 */
async function applyFunctionFiles(client: Queryable, due: readonly FunctionFile[], all: readonly FunctionFile[]): Promise<string[]> {
  const { rows } = await client.query('select file from embark_functions where not (file = any($1))', [all.map((f) => f.name)]);
  if (!due.length && !rows.length) return [];
  await client.query('begin');
  try {
    for (const checkBodies of [false, true]) {
      // set local: the setting ends with this transaction
      await client.query(`set local check_function_bodies = ${checkBodies ? 'on' : 'off'}`);
      for (const file of due) {
        try {
          await client.query(file.sql);
        } catch (error) {
          throw new MigrationError(`function file ${file.path} failed${atLine(file.sql, error)}: ${(error as Error).message}`, { cause: error });
        }
      }
    }
    for (const file of due) {
      await client.query(
        `insert into embark_functions (file, checksum) values ($1, $2)
         on conflict (file) do update set checksum = excluded.checksum, applied_at = now()`,
        [file.name, file.checksum],
      );
    }
    await client.query('delete from embark_functions where not (file = any($1))', [all.map((f) => f.name)]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  return due.map((f) => f.name);
}

/** ` at line N` when PostgreSQL said where in the file it stopped (a syntax error), else nothing. */
function atLine(sql: string, error: unknown): string {
  const position = Number((error as { position?: string }).position);
  if (!position) return '';
  return ` at line ${sql.slice(0, position - 1).split('\n').length}`;
}

/**
 * The application queries as a role without superuser or BYPASSRLS, so row-level security applies
 * to every query it makes. The role is created when missing and granted what the app needs.
 */
export async function grantApplicationRole(db: Queryable, role: string): Promise<void> {
  const ident = quoteIdent(role);
  const { rows } = await db.query('select rolsuper, rolbypassrls from pg_roles where rolname = $1', [role]);
  if (!rows.length) {
    try {
      await db.query(`create role ${ident} nologin nosuperuser nobypassrls`);
    } catch (error) {
      // another database in the same cluster may have created it at the same moment
      if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  } else if (rows[0].rolsuper || rows[0].rolbypassrls) {
    throw new MigrationError(`role ${role} is a superuser or has BYPASSRLS; EMBARK_DB_APP_ROLE must name a role that row-level security applies to`);
  }
  const { rows: member } = await db.query(`select pg_has_role(current_user, $1, 'member') as ok`, [role]);
  if (!member[0].ok) await db.query(`grant ${ident} to current_user`);
  await db.query(`grant usage on schema public to ${ident}`);
  await db.query(`grant select, insert, update, delete on all tables in schema public to ${ident}`);
  // and the tables made later by the owner: the tracked events' months the worker's upkeep adds
  await db.query(`alter default privileges in schema public grant select, insert, update, delete on tables to ${ident}`);
  await db.query(`grant usage, select on all sequences in schema public to ${ident}`);
  await db.query(`grant execute on all functions in schema public to ${ident}`);
  // append-only tables: the app may add rows, never change or remove them
  const { rows: appendOnly } = await db.query(`select c.relname from pg_class c join pg_description d on d.objoid = c.oid where c.relkind = 'r' and d.description like '%append-only%' and c.relnamespace = 'public'::regnamespace`);
  for (const { relname } of appendOnly) await db.query(`revoke update, delete, truncate on ${quoteIdent(relname)} from ${ident}`);
  await db.query(`revoke all on embark_migrations, embark_functions from ${ident}`);
  // the job queue's tables stay the owner's; the app queues jobs through queue_job() (security definer)
}
