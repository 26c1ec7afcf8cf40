import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { Logger as WorkerLogger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { quoteIdent, type Pool, type Queryable } from './pool.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
// any constant works as long as nothing else in the database takes the same advisory lock
const MIGRATION_LOCK = 7_265_110_401;

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {}

const quietWorkerLogger = new WorkerLogger(() => () => undefined);

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new MigrationError(`migration file name ${file} is not NNNN_description.sql`);
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return { id: Number(match[1]), name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
  migrations.forEach((migration, index) => {
    if (index > 0 && migration.id === migrations[index - 1]!.id) throw new MigrationError(`two migrations are numbered ${migration.id}: ${migrations[index - 1]!.name} and ${migration.name}`);
  });
  return migrations;
}

async function ensureTable(db: Queryable): Promise<void> {
  await db.query(`create table if not exists embark_migrations (
    id integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
}

export interface MigrationStatus {
  readonly applied: number;
  readonly pending: string[];
  readonly unknown: string[];
  readonly changed: string[];
}

export async function migrationStatus(db: Queryable, migrations = loadMigrations()): Promise<MigrationStatus> {
  const { rows: exists } = await db.query(`select to_regclass('embark_migrations') is not null as present`);
  const rows: { id: number; name: string; checksum: string }[] = exists[0]?.present
    ? (await db.query('select id, name, checksum from embark_migrations order by id')).rows
    : [];
  const known = new Map(migrations.map((m) => [m.id, m]));
  const appliedIds = new Set(rows.map((r) => r.id));
  return {
    applied: rows.length,
    pending: migrations.filter((m) => !appliedIds.has(m.id)).map((m) => m.name),
    unknown: rows.filter((r) => !known.has(r.id) || known.get(r.id)!.name !== r.name).map((r) => r.name),
    changed: rows.filter((r) => known.get(r.id)?.name === r.name && known.get(r.id)!.checksum !== r.checksum).map((r) => r.name),
  };
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so concurrent
 * starts do not race. Refuses a database that holds a migration this build does not know: running
 * older code against a newer schema is how data gets corrupted.
 */
export async function migrate(pool: Pool, options: { appRole: string; log: Pick<Logger, 'info'> }): Promise<string[]> {
  const migrations = loadMigrations();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ensureTable(client);
    const status = await migrationStatus(client, migrations);
    if (status.unknown.length) {
      throw new MigrationError(
        `the database holds migration(s) this build of Embark does not know: ${status.unknown.join(', ')}. ` +
          `It was migrated by a newer version; run that version, or restore a matching backup.`,
      );
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
    await grantApplicationRole(client, options.appRole);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
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
  await db.query(`grant usage, select on all sequences in schema public to ${ident}`);
  await db.query(`grant execute on all functions in schema public to ${ident}`);
  // append-only tables: the app may add rows, never change or remove them
  const { rows: appendOnly } = await db.query(`select c.relname from pg_class c join pg_description d on d.objoid = c.oid where c.relkind = 'r' and d.description like '%append-only%' and c.relnamespace = 'public'::regnamespace`);
  for (const { relname } of appendOnly) await db.query(`revoke update, delete, truncate on ${quoteIdent(relname)} from ${ident}`);
  await db.query(`revoke all on embark_migrations from ${ident}`);
  // the job queue's tables stay the owner's; the app queues jobs through queue_job() (security definer)
}
