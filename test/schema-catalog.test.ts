/**
 * The schema can be distributed by tenant (Citus, `create_distributed_table(t, 'tenant_id')`) only if
 * every tenant table keeps to a few rules, checked here on the test database's catalogue so that a table
 * added later is covered without editing this file (it fails until the table is classified):
 *
 *   - a tenant table (it has a tenant_id column) has tenant_id not null, in its primary key and in every
 *     unique index: a distributed table can enforce uniqueness only within one tenant's shard;
 *   - a foreign key from a tenant table to another tenant table includes tenant_id (colocated join);
 *   - a table without tenant_id is declared in GLOBAL_TABLES (a Citus reference table, or bookkeeping
 *     that stays on the coordinator), and never points at a tenant table;
 *   - row-level security is enabled and forced on every tenant table (the second wall).
 *
 * What the schema still breaks is listed in KNOWN_GAPS, one line each, so the list can only shrink: a new
 * breach fails the test, and so does a fixed one still listed. docs/scaling.md says what each needs.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase } from './helpers.ts';

/** Tables with no tenant_id, and what each would be on Citus. */
const GLOBAL_TABLES: Record<string, string> = {
  tenants: 'reference table: every tenant table points at it',
  embark_migrations: 'coordinator-local bookkeeping of the migration runner',
  embark_functions: 'coordinator-local bookkeeping of sql/functions',
  embark_counters: 'reference table of server-wide counters (unattributed receipts)',
  login_failures: 'coordinator-local: buckets are an account or an address, before any tenant is known',
  setup_tokens: 'coordinator-local: first-run setup of the first global admin, before any tenant exists',
  global_template_sections: 'reference table: the base every tenant composition starts from, written only by system work',
  platform_admins: "reference table: global admins, no tenant's; api_keys.created_by_admin points at it",
  platform_sessions: "coordinator-local: global admins' sessions, read by id on every request of theirs",
  platform_refresh_tokens: "coordinator-local: global admins' refresh tokens (rt_global_…)",
  platform_audit_log: "coordinator-local: audit entries of no tenant (a global admin's own actions, the CLI), ids from audit_log's sequence",
  unattributed_receipts: 'coordinator-local: receipts of webhooks tied to no tenant (an unknown number or mailbox, a bad signature), bounded per address and in all',
};

/**
 * Global tables that carry a tenant id as data, not as an owner: looked up before the tenant is known,
 * so each is a Citus reference table, checked like the other global tables.
 */
const ROUTING_TABLES: Record<string, string> = {
  inbound_addresses: 'reference table: an inbound number routes to exactly one tenant, found before the tenant is known',
};

/**
 * Where the schema does not yet keep the rules (issue 10 §9). Each needs a design, not a rename: what is
 * left is a lookup that happens before the tenant is known (a receipt's dedupe). docs/scaling.md
 * describes the way out.
 */
const KNOWN_GAPS: string[] = [];

interface Table {
  name: string;
  tenantId: { nullable: boolean } | null;
  rls: boolean;
  forced: boolean;
}
interface Index {
  table: string;
  name: string;
  primary: boolean;
  columns: string[];
}
interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  target: string;
  targetColumns: string[];
}

let tables: Table[] = [];
let indexes: Index[] = [];
let foreignKeys: ForeignKey[] = [];

before(async () => {
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    tables = (
      await client.query(
        `select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
              (select case when a.attname is null then null else json_build_object('nullable', not a.attnotnull) end
                 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as "tenantId"
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
      )
    ).rows;
    indexes = (
      await client.query(
        `select t.relname as table, i.relname as name, x.indisprimary as primary,
              array(select coalesce(a.attname::text, pg_get_indexdef(x.indexrelid, k.n::int, true))
                      from generate_subscripts(x.indkey, 1) k(n)
                      left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[k.n]
                     where k.n < x.indnkeyatts order by k.n) as columns
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
         join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = 'public' and x.indisunique order by 1, 2`,
      )
    ).rows;
    foreignKeys = (
      await client.query(
        `select t.relname as table, k.conname as name, f.relname as target,
              array(select a.attname::text from unnest(k.conkey) with ordinality u(n, o) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.o) as columns,
              array(select a.attname::text from unnest(k.confkey) with ordinality u(n, o) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.o) as "targetColumns"
         from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_class f on f.oid = k.confrelid
         join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = 'public' and k.contype = 'f' order by 1, 2`,
      )
    ).rows;
  } finally {
    await client.end();
    await database.drop();
  }
});

/** Every breach of the rules in the schema, one line each, sorted. */
function breaches(): string[] {
  const found: string[] = [];
  const tenantTables = new Set(tables.filter((t) => t.tenantId && !(t.name in ROUTING_TABLES)).map((t) => t.name));
  for (const table of tables) {
    if (table.name in ROUTING_TABLES) continue;
    if (!table.tenantId) {
      if (!(table.name in GLOBAL_TABLES)) found.push(`${table.name}: has no tenant_id and is not in GLOBAL_TABLES`);
      continue;
    }
    if (table.tenantId.nullable) found.push(`${table.name}: tenant_id is nullable`);
    if (!table.rls || !table.forced) found.push(`${table.name}: row-level security is not enabled and forced`);
    if (!indexes.some((i) => i.table === table.name && i.primary)) found.push(`${table.name}: has no primary key`);
  }
  for (const index of indexes) {
    if (!tenantTables.has(index.table) || index.columns.includes('tenant_id')) continue;
    const what = index.primary ? 'primary key' : `unique index ${index.name}`;
    found.push(`${index.table}: ${what} (${index.columns.join(', ')}) lacks tenant_id`);
  }
  for (const key of foreignKeys) {
    if (tenantTables.has(key.table)) {
      if (tenantTables.has(key.target) && !(key.columns.includes('tenant_id') && key.targetColumns.includes('tenant_id'))) {
        found.push(`${key.table}: foreign key (${key.columns.join(', ')}) -> ${key.target} lacks tenant_id`);
      }
    } else if (tenantTables.has(key.target)) {
      found.push(`${key.table}: global table points at tenant table ${key.target} (${key.name})`);
    }
  }
  return [...new Set(found)].sort();
}

describe('the schema can be distributed by tenant_id', () => {
  it('reads a catalogue with tenant tables in it', () => {
    assert.ok(tables.filter((t) => t.tenantId).length >= 20, `found ${tables.length} tables`);
    assert.ok(indexes.some((i) => i.table === 'messages' && i.primary && i.columns[0] === 'tenant_id'));
  });

  it('keeps tenant_id in every tenant key and foreign key, classifies every other table, forces RLS: only the listed gaps remain', () => {
    const actual = breaches();
    const known = [...KNOWN_GAPS].sort();
    assert.deepEqual(
      actual.filter((b) => !known.includes(b)),
      [],
      'new breaches: fix them (or, with a reason, classify the table)',
    );
    assert.deepEqual(
      known.filter((b) => !actual.includes(b)),
      [],
      'fixed gaps still listed in KNOWN_GAPS: remove them',
    );
  });

  it('lists only tables that exist as global, and none of them has tenant_id', () => {
    for (const name of Object.keys(GLOBAL_TABLES)) {
      const table = tables.find((t) => t.name === name);
      assert.ok(table, `${name} is in GLOBAL_TABLES but not in the schema`);
      assert.equal(table.tenantId, null, `${name} has tenant_id: it is a tenant table`);
    }
  });
});
