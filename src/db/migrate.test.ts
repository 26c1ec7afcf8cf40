/**
 * The migration runner: every file in migrations/ applied once, in order, each recorded with its
 * checksum; a database it does not recognise (a newer migration, an edited one) refused; concurrent
 * runs serialised by the advisory lock; the application role created without the power to bypass
 * row-level security or rewrite the audit log; graphile-worker's schema installed alongside.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Logger } from 'pino';
import { createTestDatabase } from '../../test/helpers.ts';
import { grantApplicationRole, migrate, MigrationError, MIGRATIONS_DIR } from './migrate.ts';

const APP_ROLE = 'embark_app';
const FILES = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
const EXPECTED = FILES.map((name) => ({
  id: Number(name.slice(0, 4)),
  name,
  checksum: createHash('sha256').update(readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8')).digest('hex'),
}));
const WORKER_MIGRATIONS = readdirSync(path.join(path.dirname(createRequire(import.meta.url).resolve('graphile-worker/package.json')), 'sql'))
  .filter((f) => /^\d+\.sql$/.test(f)).length;

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error(err));
});

function serverUrl(): string {
  const url = process.env.EMBARK_TEST_SERVER_URL;
  if (!url) throw new Error('EMBARK_TEST_SERVER_URL is not set: run the tests with npm test');
  return url;
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A database with nothing in it (named after the run, so `npm test` drops it even if we do not). */
async function emptyDatabase(): Promise<string> {
  const name = `${process.env.EMBARK_TEST_RUN_ID}_empty_${randomBytes(4).toString('hex')}`;
  await onServer((c) => c.query(`create database ${name}`));
  cleanups.push(async () => { await onServer((c) => c.query(`drop database if exists ${name} with (force)`)); });
  const url = new URL(serverUrl());
  url.pathname = '/' + name;
  return url.toString();
}

/** A database cloned from the template `npm test` migrated. */
async function migratedDatabase(): Promise<string> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  return database.url;
}

function pool(url: string): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max: 4 });
  // as createDatabase does: a connection failing while idle or checked out must not crash the run
  p.on('error', () => undefined);
  p.on('connect', (client) => client.on('error', () => undefined));
  cleanups.push(() => p.end());
  return p;
}

function recorder(): { log: Pick<Logger, 'info'>; applied: string[] } {
  const applied: string[] = [];
  const log = { info: (obj: { migration?: string }) => { if (obj.migration) applied.push(obj.migration); } } as unknown as Pick<Logger, 'info'>;
  return { log, applied };
}

async function recorded(p: pg.Pool): Promise<{ id: number; name: string; checksum: string }[]> {
  return (await p.query('select id, name, checksum from embark_migrations order by id')).rows;
}

function withinSeconds<T>(promise: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds} s`)), seconds * 1000); }),
  ]);
}

describe('migrate', () => {
  it('applies every file in migrations/ to an empty database, in order, recording each with its checksum', async () => {
    assert.ok(FILES.length >= 7, 'the migrations directory is read');
    const db = pool(await emptyDatabase());
    const { log, applied: logged } = recorder();
    const applied = await migrate(db, { appRole: APP_ROLE, log });
    assert.deepEqual(applied, FILES, 'returns the files applied, in file order');
    assert.deepEqual(logged, FILES, 'logs each file as it is applied, in order');
    assert.deepEqual(await recorded(db), EXPECTED);
    const { rows } = await db.query('select name from embark_migrations order by applied_at, id');
    assert.deepEqual(rows.map((r) => r.name), FILES, 'applied one after another, in order');
    // the schema the files describe is really there
    const { rows: tables } = await db.query(`select to_regclass('public.tenants') is not null as tenants, to_regclass('public.audit_log') is not null as audit_log`);
    assert.deepEqual(tables[0], { tenants: true, audit_log: true });
  });

  it('applies nothing when run again on a database that is up to date', async () => {
    const db = pool(await migratedDatabase());
    const before = await db.query('select id, applied_at from embark_migrations order by id');
    const { log, applied: logged } = recorder();
    assert.deepEqual(await migrate(db, { appRole: APP_ROLE, log }), []);
    assert.deepEqual(logged, []);
    assert.deepEqual((await db.query('select id, applied_at from embark_migrations order by id')).rows, before.rows, 'no row rewritten');
    assert.deepEqual(await recorded(db), EXPECTED);
  });

  it('refuses a database holding a migration this build does not know, naming it, and changes nothing', async () => {
    const url = await migratedDatabase();
    const db = pool(url);
    await db.query(`insert into embark_migrations (id, name, checksum) values (9999, '9999_from_the_future.sql', 'abc')`);
    const before = await recorded(db);
    await assert.rejects(migrate(db, { appRole: APP_ROLE, log: recorder().log }), (error: unknown) => {
      assert.ok(error instanceof MigrationError, `a MigrationError, got ${String(error)}`);
      assert.match(error.message, /does not know: 9999_from_the_future\.sql\b/);
      assert.match(error.message, /newer version/);
      return true;
    });
    assert.deepEqual(await recorded(db), before);
    // the advisory lock was released: a run from another connection pool is not left waiting for it
    await db.query('delete from embark_migrations where id = 9999');
    assert.deepEqual(await withinSeconds(migrate(pool(url), { appRole: APP_ROLE, log: recorder().log }), 15, 'a migrate after the refusal'), []);
  });

  it('refuses a database where a known migration number carries another file name', async () => {
    const db = pool(await migratedDatabase());
    const last = EXPECTED.at(-1)!;
    await db.query(`update embark_migrations set name = $2 where id = $1`, [last.id, `${String(last.id).padStart(4, '0')}_renamed_elsewhere.sql`]);
    await assert.rejects(migrate(db, { appRole: APP_ROLE, log: recorder().log }), (error: unknown) => {
      assert.ok(error instanceof MigrationError, `a MigrationError, got ${String(error)}`);
      assert.ok(error.message.includes('_renamed_elsewhere.sql'), error.message);
      return true;
    });
  });

  it('refuses a database where an applied migration\'s checksum differs from the file, naming the file', async () => {
    const db = pool(await migratedDatabase());
    const first = EXPECTED[0]!;
    await db.query(`update embark_migrations set checksum = $2 where id = $1`, [first.id, '0'.repeat(64)]);
    await assert.rejects(migrate(db, { appRole: APP_ROLE, log: recorder().log }), (error: unknown) => {
      assert.ok(error instanceof MigrationError, `a MigrationError, got ${String(error)}`);
      assert.ok(error.message.includes(first.name), `names ${first.name}: ${error.message}`);
      assert.match(error.message, /changed after they were applied/);
      return true;
    });
    const { rows } = await db.query('select checksum from embark_migrations where id = $1', [first.id]);
    assert.equal(rows[0].checksum, '0'.repeat(64), 'the record is left for a person to look at');
  });

  it('lets two runs started at once on an empty database both succeed, applying each file exactly once', async () => {
    const url = await emptyDatabase();
    const [a, b] = [pool(url), pool(url)];
    const results = await withinSeconds(Promise.all([
      migrate(a, { appRole: APP_ROLE, log: recorder().log }),
      migrate(b, { appRole: APP_ROLE, log: recorder().log }),
    ]), 60, 'two concurrent migrations');
    assert.deepEqual(results.map((r) => r.length).sort(), [0, FILES.length], 'one run applied everything, the other found nothing left to do');
    assert.deepEqual([...results[0]!, ...results[1]!], FILES);
    assert.deepEqual(await recorded(a), EXPECTED);
    const { rows } = await a.query('select count(*)::int as n, count(distinct id)::int as distinct_ids from graphile_worker.migrations');
    assert.equal(rows[0].n, rows[0].distinct_ids);
  });

  it('creates an application role that is neither superuser nor BYPASSRLS and cannot update, delete or truncate the audit log', async () => {
    const url = await emptyDatabase();
    const db = pool(url);
    await migrate(db, { appRole: APP_ROLE, log: recorder().log });
    const { rows: roles } = await db.query('select rolsuper, rolbypassrls from pg_roles where rolname = $1', [APP_ROLE]);
    assert.deepEqual(roles, [{ rolsuper: false, rolbypassrls: false }]);
    const { rows: privileges } = await db.query(
      `select has_table_privilege($1, 'audit_log', 'insert') as can_insert, has_table_privilege($1, 'audit_log', 'select') as can_select,
              has_table_privilege($1, 'audit_log', 'update') as can_update, has_table_privilege($1, 'audit_log', 'delete') as can_delete,
              has_table_privilege($1, 'audit_log', 'truncate') as can_truncate, has_table_privilege($1, 'users', 'update') as can_update_users,
              has_table_privilege($1, 'embark_migrations', 'select') as can_read_migrations`, [APP_ROLE]);
    assert.deepEqual(privileges[0], { can_insert: true, can_select: true, can_update: false, can_delete: false, can_truncate: false, can_update_users: true, can_read_migrations: false });

    // and as that role, PostgreSQL itself refuses (insufficient_privilege, before any trigger runs)
    const app = new pg.Client({ connectionString: url, options: `-c role=${APP_ROLE}` });
    app.on('error', () => undefined);
    await app.connect();
    try {
      const { rows } = await app.query('select current_user');
      assert.equal(rows[0].current_user, APP_ROLE);
      for (const sql of [`update audit_log set action = 'rewritten'`, 'delete from audit_log', 'truncate audit_log']) {
        await assert.rejects(app.query(sql), (error: { code?: string }) => {
          assert.equal(error.code, '42501', `${sql} is refused for lack of privilege`);
          return true;
        });
      }
    } finally {
      await app.end();
    }
  });

  it('refuses to use an application role that has BYPASSRLS', async () => {
    const role = `${process.env.EMBARK_TEST_RUN_ID}_bypass_${randomBytes(3).toString('hex')}`;
    await onServer((c) => c.query(`create role ${role} nologin bypassrls`));
    try {
      const db = pool(await migratedDatabase());
      await assert.rejects(migrate(db, { appRole: role, log: recorder().log }), (error: unknown) => {
        assert.ok(error instanceof MigrationError, `a MigrationError, got ${String(error)}`);
        assert.ok(error.message.includes(`role ${role} is a superuser or has BYPASSRLS`), error.message);
        return true;
      });
      await assert.rejects(grantApplicationRole(db, role), MigrationError);
      const { rows } = await db.query(`select has_table_privilege($1, 'users', 'select') as granted`, [role]);
      assert.equal(rows[0].granted, false, 'nothing was granted to it');
    } finally {
      await onServer((c) => c.query(`drop role if exists ${role}`));
    }
  });

  it('installs graphile-worker\'s schema, whose add_job Embark\'s SQL calls', async () => {
    const db = pool(await emptyDatabase());
    await migrate(db, { appRole: APP_ROLE, log: recorder().log });
    const { rows } = await db.query(`select
      (select count(*)::int from graphile_worker.migrations) as migrations,
      exists (select 1 from pg_proc where proname = 'add_job' and pronamespace = 'graphile_worker'::regnamespace) as add_job`);
    assert.deepEqual(rows[0], { migrations: WORKER_MIGRATIONS, add_job: true });
    // Embark's own function that queues through it works on the fresh database
    const { rows: fns } = await db.query(`select count(*)::int as n from pg_proc where proname = 'enqueue_message' and pronamespace = 'public'::regnamespace`);
    assert.equal(fns[0].n, 1);
  });
});
