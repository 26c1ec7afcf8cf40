/**
 * The migration runner: every file in migrations/ applied once, in order, each recorded with its
 * checksum; a database it does not recognise (a newer migration, an edited one) refused; concurrent
 * runs serialised by the advisory lock; the application role created without the power to bypass
 * row-level security or rewrite the audit log; graphile-worker's schema installed alongside. Then the
 * files of sql/functions: applied again whenever they change, all or none, and the only place any
 * function of the database is defined.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Logger } from 'pino';
import { createTestDatabase } from '../../test/helpers.ts';
import { FUNCTIONS_DIR, grantApplicationRole, migrate, MigrationError, MIGRATIONS_DIR } from './migrate.ts';

const APP_ROLE = 'embark_app';
const FILES = readdirSync(MIGRATIONS_DIR)
  .filter((f) => f.endsWith('.sql'))
  .sort();
const EXPECTED = FILES.map((name) => ({
  id: Number(name.slice(0, 4)),
  name,
  checksum: createHash('sha256')
    .update(readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8'))
    .digest('hex'),
}));
const FUNCTION_FILES = readdirSync(FUNCTIONS_DIR)
  .filter((f) => f.endsWith('.sql'))
  .sort();
const FUNCTION_CHECKSUMS = FUNCTION_FILES.map((file) => ({
  file,
  checksum: createHash('sha256')
    .update(readFileSync(path.join(FUNCTIONS_DIR, file), 'utf8'))
    .digest('hex'),
}));
const WORKER_MIGRATIONS = readdirSync(path.join(path.dirname(createRequire(import.meta.url).resolve('graphile-worker/package.json')), 'sql')).filter((f) => /^\d+\.sql$/.test(f)).length;

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
  cleanups.push(async () => {
    await onServer((c) => c.query(`drop database if exists ${name} with (force)`));
  });
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

function recorder(): { log: Pick<Logger, 'info'>; applied: string[]; functionFiles: string[] } {
  const applied: string[] = [];
  const functionFiles: string[] = [];
  const log = {
    info: (obj: { migration?: string; function_file?: string }) => {
      if (obj.migration) applied.push(obj.migration);
      if (obj.function_file) functionFiles.push(obj.function_file);
    },
  } as unknown as Pick<Logger, 'info'>;
  return { log, applied, functionFiles };
}

async function recorded(p: pg.Pool): Promise<{ id: number; name: string; checksum: string }[]> {
  return (await p.query('select id, name, checksum from embark_migrations order by id')).rows;
}

async function recordedFunctions(p: pg.Pool): Promise<{ file: string; checksum: string }[]> {
  return (await p.query('select file, checksum from embark_functions order by file')).rows;
}

/** The source of a function as the database holds it (prosrc: the text between the dollar quotes). */
async function body(p: pg.Pool, name: string): Promise<string> {
  const { rows } = await p.query(`select prosrc from pg_proc where proname = $1 and pronamespace = 'public'::regnamespace`, [name]);
  assert.equal(rows.length, 1, `one function ${name}`);
  return rows[0].prosrc;
}

/** A copy of sql/functions to change: `edits` maps a file name to its new content (null: removed). */
function functionsDir(edits: Record<string, string | null>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'embark-functions-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  cpSync(FUNCTIONS_DIR, dir, { recursive: true });
  for (const [file, content] of Object.entries(edits)) {
    if (content === null) rmSync(path.join(dir, file));
    else writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function withinSeconds<T>(promise: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds} s`)), seconds * 1000);
    }),
  ]);
}

describe('migrate', () => {
  it('applies every file in migrations/ to an empty database, in order, recording each with its checksum', async () => {
    assert.ok(FILES.length >= 7, 'the migrations directory is read');
    const db = pool(await emptyDatabase());
    const { log, applied: logged, functionFiles } = recorder();
    const applied = await migrate(db, { appRole: APP_ROLE, log });
    assert.deepEqual(applied, FILES, 'returns the files applied, in file order');
    assert.deepEqual(logged, FILES, 'logs each file as it is applied, in order');
    assert.deepEqual(await recorded(db), EXPECTED);
    const { rows } = await db.query('select name from embark_migrations order by applied_at, id');
    assert.deepEqual(
      rows.map((r) => r.name),
      FILES,
      'applied one after another, in order',
    );
    // the schema the files describe is really there
    const { rows: tables } = await db.query(`select to_regclass('public.tenants') is not null as tenants, to_regclass('public.audit_log') is not null as audit_log`);
    assert.deepEqual(tables[0], { tenants: true, audit_log: true });
    // and after them every function file, recorded with its checksum
    assert.deepEqual(await recordedFunctions(db), FUNCTION_CHECKSUMS);
    assert.deepEqual(functionFiles, FUNCTION_FILES, 'logs each function file applied');
  });

  it('applies nothing when run again on a database that is up to date', async () => {
    const db = pool(await migratedDatabase());
    const before = await db.query('select id, applied_at from embark_migrations order by id');
    const functionsBefore = await db.query('select file, applied_at from embark_functions order by file');
    const { log, applied: logged, functionFiles } = recorder();
    assert.deepEqual(await migrate(db, { appRole: APP_ROLE, log }), []);
    assert.deepEqual(logged, []);
    assert.deepEqual(functionFiles, [], 'no function file applied again');
    assert.deepEqual((await db.query('select file, applied_at from embark_functions order by file')).rows, functionsBefore.rows);
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

  it("refuses a database where an applied migration's checksum differs from the file, naming the file", async () => {
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
    const results = await withinSeconds(Promise.all([migrate(a, { appRole: APP_ROLE, log: recorder().log }), migrate(b, { appRole: APP_ROLE, log: recorder().log })]), 60, 'two concurrent migrations');
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
              has_table_privilege($1, 'embark_migrations', 'select') as can_read_migrations`,
      [APP_ROLE],
    );
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

  it("installs graphile-worker's schema, whose add_job Embark's SQL calls", async () => {
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

describe('migrate: sql/functions', () => {
  it('applies a function file again when it changed since it was applied, and only that file', async () => {
    const db = pool(await migratedDatabase());
    const original = await body(db, 'count_event');
    const changed = readFileSync(path.join(FUNCTIONS_DIR, 'count_event.sql'), 'utf8').replace('updated_at = now()', 'updated_at = now() /* changed */');
    assert.notEqual(changed, readFileSync(path.join(FUNCTIONS_DIR, 'count_event.sql'), 'utf8'), 'the edit applies to the file');
    const dir = functionsDir({ 'count_event.sql': changed });
    const { log, applied, functionFiles } = recorder();
    const heard: string[] = [];
    assert.deepEqual(await migrate(db, { appRole: APP_ROLE, log, functionsDir: dir, onFunctionFile: (file) => heard.push(file) }), []);
    assert.deepEqual(applied, []);
    assert.deepEqual(functionFiles, ['count_event.sql']);
    assert.deepEqual(heard, ['count_event.sql'], 'the caller hears of it too (embark db migrate prints it)');
    assert.match(await body(db, 'count_event'), /\/\* changed \*\//);
    const { rows } = await db.query(`select checksum from embark_functions where file = 'count_event.sql'`);
    assert.equal(rows[0].checksum, createHash('sha256').update(changed).digest('hex'));
    // and back: the checkout's file is applied again, as any change is
    await migrate(db, { appRole: APP_ROLE, log: recorder().log });
    assert.equal(await body(db, 'count_event'), original);
    assert.deepEqual(await recordedFunctions(db), FUNCTION_CHECKSUMS);
  });

  it('leaves a function alone while its file is unchanged, whatever the database holds', async () => {
    const db = pool(await migratedDatabase());
    // someone replaced it by hand: the runner goes by the file's checksum, not by the database
    await db.query(`create or replace function count_event(p_name text, p_by bigint default 1) returns void language sql as $$ select $$`);
    const { log, functionFiles } = recorder();
    await migrate(db, { appRole: APP_ROLE, log });
    assert.deepEqual(functionFiles, []);
    assert.equal((await body(db, 'count_event')).trim(), 'select');
  });

  it('fails on a broken function file, naming it and the line, and leaves every function and record as it was', async () => {
    const db = pool(await migratedDatabase());
    const before = { touch: await body(db, 'touch_updated_at'), count: await body(db, 'count_event'), files: await recordedFunctions(db) };
    const dir = functionsDir({
      // a good change, in a file applied before the broken one: rolled back with it
      'count_event.sql': readFileSync(path.join(FUNCTIONS_DIR, 'count_event.sql'), 'utf8').replace('updated_at = now()', 'updated_at = now() /* changed */'),
      'touch_updated_at.sql': 'create or replace function touch_updated_at() returns trigger language plpgsql as $$\nbegin\n  new.updated_at := now()\n  retrun new;\nend $$;\n',
      'zz_new_function.sql': 'create or replace function zz_new_function() returns int language sql as $$ select 1 $$;\n',
    });
    await assert.rejects(migrate(db, { appRole: APP_ROLE, log: recorder().log, functionsDir: dir }), (error: unknown) => {
      assert.ok(error instanceof MigrationError, `a MigrationError, got ${String(error)}`);
      assert.match(error.message, /^function file \S*touch_updated_at\.sql failed at line 4: syntax error at or near "new"/);
      return true;
    });
    assert.deepEqual({ touch: await body(db, 'touch_updated_at'), count: await body(db, 'count_event'), files: await recordedFunctions(db) }, before);
    const { rows } = await db.query(`select count(*)::int as n from pg_proc where proname = 'zz_new_function'`);
    assert.equal(rows[0].n, 0, 'the new function of the same run was not created either');
    // the advisory lock was released and the checkout's files still apply
    assert.deepEqual(await withinSeconds(migrate(db, { appRole: APP_ROLE, log: recorder().log }), 15, 'a migrate after the failure'), []);
  });

  it('applies files whatever their order, so a function may call one a later file defines', async () => {
    const db = pool(await migratedDatabase());
    // a sql function's body is checked against the database when it is created: a_… needs z_…
    const dir = functionsDir({
      'a_calls_later.sql': 'create or replace function a_calls_later() returns int language sql as $$ select z_defined_later() + 1 $$;\n',
      'z_defined_later.sql': 'create or replace function z_defined_later() returns int language sql as $$ select 41 $$;\n',
    });
    const { log, functionFiles } = recorder();
    await migrate(db, { appRole: APP_ROLE, log, functionsDir: dir });
    assert.deepEqual(functionFiles, ['a_calls_later.sql', 'z_defined_later.sql'], 'in file name order');
    assert.equal((await db.query('select a_calls_later() as n')).rows[0].n, 42);
    // the application role is granted the new functions too
    const { rows } = await db.query(`select has_function_privilege($1, 'a_calls_later()', 'execute') as granted`, [APP_ROLE]);
    assert.equal(rows[0].granted, true);
  });

  it('changes a signature through a file that drops the old one first, and can apply that file again', async () => {
    const db = pool(await migratedDatabase());
    const file = [
      '-- count_event(text, bigint) became count_event(text): the old signature goes first',
      'drop function if exists count_event(text, bigint);',
      'create or replace function count_event(p_name text) returns void language sql as $$',
      '  insert into embark_counters (name, value) values (p_name, 1)',
      '  on conflict (name) do update set value = embark_counters.value + 1, updated_at = now()',
      '$$;',
      '',
    ].join('\n');
    const dir = functionsDir({ 'count_event.sql': file });
    await migrate(db, { appRole: APP_ROLE, log: recorder().log, functionsDir: dir });
    const signatures = async () => (await db.query(`select pg_get_function_identity_arguments(oid) as args from pg_proc where proname = 'count_event'`)).rows.map((r) => r.args);
    assert.deepEqual(await signatures(), ['p_name text']);
    // applied again (every file is, after a migration): the drop finds nothing, the create replaces
    await db.query(`update embark_functions set checksum = 'stale' where file = 'count_event.sql'`);
    await migrate(db, { appRole: APP_ROLE, log: recorder().log, functionsDir: dir });
    assert.deepEqual(await signatures(), ['p_name text']);
  });

  it('applies every function file again after a migration, which may have replaced a function', async () => {
    const db = pool(await migratedDatabase());
    // a new migration that (against the rule) replaces a function whose file is unchanged
    const migrationsDir = mkdtempSync(path.join(tmpdir(), 'embark-migrations-'));
    cleanups.push(async () => rmSync(migrationsDir, { recursive: true, force: true }));
    cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
    writeFileSync(path.join(migrationsDir, '9000_replaces_a_function.sql'), 'create or replace function count_event(p_name text, p_by bigint default 1) returns void language sql as $$ select $$;\n');
    const { log, applied, functionFiles } = recorder();
    await migrate(db, { appRole: APP_ROLE, log, migrationsDir });
    assert.deepEqual(applied, ['9000_replaces_a_function.sql']);
    assert.deepEqual(functionFiles, FUNCTION_FILES);
    assert.ok(readFileSync(path.join(FUNCTIONS_DIR, 'count_event.sql'), 'utf8').includes(await body(db, 'count_event')), "count_event is the file's again");
  });

  it('leaves no function defined anywhere but sql/functions: the database holds exactly the functions of its files, with their bodies', async () => {
    const db = pool(await migratedDatabase());
    const { rows } = await db.query(`
      select p.proname as name, p.prosrc as source
        from pg_proc p
       where p.pronamespace = 'public'::regnamespace
         -- an extension's functions are its own
         and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
       order by 1`);
    const files = new Map(FUNCTION_FILES.map((file) => [file, readFileSync(path.join(FUNCTIONS_DIR, file), 'utf8')]));
    const defined = new Map<string, number>();
    for (const [file, sql] of files) {
      const names = [...sql.matchAll(/^create or replace function ([a-z_][a-z0-9_]*)\s*\(/gm)].map((m) => m[1]!);
      assert.ok(names.includes(file.replace(/\.sql$/, '')), `${file} defines the function it is named after`);
      for (const name of names) {
        assert.equal(name, file.replace(/\.sql$/, ''), `${file} defines only ${file.replace(/\.sql$/, '')} (and its overloads), not ${name}`);
        defined.set(name, (defined.get(name) ?? 0) + 1);
      }
    }
    const inDatabase = new Map<string, number>();
    for (const row of rows) {
      inDatabase.set(row.name, (inDatabase.get(row.name) ?? 0) + 1);
      const file = files.get(`${row.name}.sql`);
      assert.ok(file, `function ${row.name} has its file sql/functions/${row.name}.sql`);
      assert.ok(file.includes(row.source), `the body of ${row.name} in the database is the one in sql/functions/${row.name}.sql`);
    }
    assert.deepEqual(Object.fromEntries(inDatabase), Object.fromEntries(defined), 'each function, and each of its overloads, once');
    assert.ok(rows.length >= 29, 'the functions were read');
  });
});
