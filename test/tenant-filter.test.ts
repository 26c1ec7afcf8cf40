/**
 * Every statement in src/ that touches a tenant-owned table says whose rows it means: `tenant_id = $n`
 * (an insert: tenant_id among its columns), or `-- all tenants: <why>` inside its text when it spans
 * tenants on purpose. Row-level security would hide other tenants' rows anyway, but its policy is an OR
 * the planner cannot search an index with: a statement that leaves the tenant to the policy reads every
 * tenant's rows. The tenant tables come from the test database's catalogue, so a table added later is
 * covered without editing this file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase } from './helpers.ts';
import { sqlTexts, tenantFilterProblem } from './sql-scan.ts';

const root = path.resolve(import.meta.dirname, '..');
let tables: string[] = [];

before(async () => {
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' order by 1`,
    );
    tables = rows.map((row) => row.table_name);
  } finally {
    await client.end();
    await database.drop();
  }
});

describe('tenantFilterProblem', () => {
  const TABLES = ['users', 'messages', 'sms_opt_outs', 'message_events'];

  it('flags statements that leave the tenant to row-level security', () => {
    for (const sql of [
      'select * from users where id = $1',
      'select * from messages where ($1::uuid is null or tenant_id = $1)',
      'select * from messages where tenant_id is not distinct from $1',
      "update messages set status = 'queued' where id = $1",
      'delete from sms_opt_outs where phone_number = $1',
      'insert into messages (id, channel) values ($1, $2)',
      'insert into message_events (tenant_id, message_id) select $1, id from messages where id = $2',
      'select u.id from users u join messages m on m.user_id = u.id',
      '-- all tenants:\nselect * from users where id = $1',
      '-- every tenant, really\nselect * from users',
    ]) {
      assert.ok(tenantFilterProblem(sql, TABLES), `${JSON.stringify(sql)} is flagged`);
    }
  });

  it('accepts a tenant condition, a global-rows condition, an insert naming tenant_id, and an annotated cross-tenant statement', () => {
    for (const sql of [
      'select * from users where tenant_id = $1 and id = $2',
      'select * from users u left join messages m on m.tenant_id = u.tenant_id where u.tenant_id = $2',
      'select * from users where tenant_id is null and email_lower = lower($1)',
      "update messages set status = 'queued' where tenant_id = $1 and id = $2",
      'insert into messages (tenant_id, id) values ($1, $2) on conflict (tenant_id, id) do update set id = excluded.id',
      'insert into message_events (tenant_id, message_id) select $1, id from messages where tenant_id = $1 and id = $2',
      '-- all tenants: the sweep for stuck messages\nselect tenant_id, id from messages where status = $1',
      'select name from tenants where id = $1',
      'select queue_job($1, $2)',
    ]) {
      assert.equal(tenantFilterProblem(sql, TABLES), undefined, JSON.stringify(sql));
    }
  });
});

describe('sqlTexts', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'embark-sql-scan-'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(
      path.join(dir, 'src', 'sample.store.ts'),
      [
        "const WHERE = 'where tenant_id = $1';",
        'export const a = (db: any) => db.query(`select * from users ${WHERE}`);',
        'export const b = (db: any) => db.query(`-- all tenants: a sample\\n select * from users`);',
        'export const c = (db: any, column: string) => db.query(`update users set ${column} = $2 where id = $1`);',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'src', 'sample.test.ts'), "export const d = 'select * from users';\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every statement of the source with its line, reading constants into it and leaving test code out', () => {
    const found = sqlTexts(dir);
    assert.deepEqual(
      found.map((s) => [s.file, s.line]),
      [
        ['src/sample.store.ts', 2],
        ['src/sample.store.ts', 3],
        ['src/sample.store.ts', 4],
      ],
    );
    assert.equal(found[0]!.sql, 'select * from users where tenant_id = $1');
    assert.deepEqual(
      found.map((s) => tenantFilterProblem(s.sql, ['users']) === undefined),
      [true, true, false],
    );
  });
});

describe('the SQL in src/', () => {
  it('reads the tenant tables from the catalogue', () => {
    for (const table of ['users', 'messages', 'audit_log', 'webhook_deliveries']) assert.ok(tables.includes(table), `${table} has tenant_id`);
  });

  it('names tenant_id = $n (inserts: tenant_id in the columns) in every statement on a tenant table, or says "-- all tenants: <why>"', () => {
    const texts = sqlTexts(root);
    assert.ok(texts.length > 150, `the scan found ${texts.length} statements`);
    const problems = texts
      .map((text) => ({ text, problem: tenantFilterProblem(text.sql, tables) }))
      .filter(({ problem }) => problem !== undefined)
      .map(({ text, problem }) => `${text.file}:${text.line} ${problem}: ${text.sql.replace(/\s+/g, ' ').trim().slice(0, 120)}`);
    assert.deepEqual(problems, []);
  });
});
