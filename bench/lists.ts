/**
 * Lists as a tenant feels them (issue 11): the users, messages and audit lists of a 10-user tenant and
 * of a 100,000-row tenant, in a database holding BENCH_LIST_ROWS rows a table (default 1,000,000)
 * across 1,000 tenants — the first page and a page 50,000 rows deep, one request at a time over
 * HTTP, p50/p99 and req/s; the small tenant's lists are measured first in the empty database too.
 * Targets: the 10-user tenant's list within 2× its time in the empty database; the big tenant's
 * first page p99 under 10 ms.
 *
 * The other tenants' rows are written with SQL (triggers off: no onboarding, no notifications), then
 * `analyze`, as a database that grew over time would have statistics.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import type { Actor } from '../src/audit/audit.service.ts';
import { createUser } from '../src/identities/users.service.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import { driveLoad, type LoadSummary } from './load.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';

const ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };
const PASSWORD = 'bench lists password';
const TENANTS = 1000;
const SMALL = 10;
/** How deep the deep page is: half the big tenant, at most 50,000 rows. */
const PAGE = 50;
const SMALL_TARGET = 2;
const FIRST_PAGE_P99_TARGET_MS = 10;
const LISTS = { users: '/api/v1/users', messages: '/api/v1/messages', audit: '/api/v1/audit' } as const;
type List = keyof typeof LISTS;

function totalRows(): number {
  const raw = process.env.BENCH_LIST_ROWS;
  const n = raw ? Number(raw) : 1_000_000;
  if (!Number.isInteger(n) || n < 200_000) throw new Error(`BENCH_LIST_ROWS must be an integer of at least 200000, got ${raw}`);
  return n;
}

/** Rows of `tenant` (`count`, created over the past days) into the three listed tables, as the owner. */
function fill(table: List, tenants: string, perTenant: string): string {
  const spread = `now() - ((g * 37 % 864000) || ' seconds')::interval`;
  switch (table) {
    case 'users':
      return `insert into users (tenant_id, email, role, created_at, updated_at)
              select t.id, 'u' || g || '@' || t.subdomain || '.bench', 'member', ${spread}, now() from ${tenants} t, generate_series(1, ${perTenant}) g order by g`;
    case 'messages':
      return `insert into messages (tenant_id, channel, recipient, bundle, status, created_at, updated_at)
              select t.id, 'email', 'r' || g || '@' || t.subdomain || '.bench', 'onboarding_email', case when g % 7 = 0 then 'failed' else 'sent' end, ${spread}, now()
                from ${tenants} t, generate_series(1, ${perTenant}) g order by g`;
    case 'audit':
      return `insert into audit_log (tenant_id, actor_kind, action, target_type, target_id, created_at)
              select t.id, 'system', 'user.created', 'user', g::text, ${spread} from ${tenants} t, generate_series(1, ${perTenant}) g order by g`;
  }
}

interface Measured {
  first: LoadSummary;
  deep?: LoadSummary;
}

async function login(base: string, email: string, subdomain: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD, tenant: subdomain }) });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * The query string of the page `depth` rows in: by following the list's cursor (next_cursor, or the
 * audit log's next_before) 200 rows at a time, or by offset when the list has no cursor.
 */
async function deepPage(base: string, list: List, headers: Record<string, string>, depth: number): Promise<string> {
  let query = '';
  for (let seen = 0; seen < depth; seen += 200) {
    const res = await fetch(`${base}${LISTS[list]}?limit=200${query}`, { headers });
    if (res.status !== 200) throw new Error(`${list} page: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { next_cursor?: string | null; next_before?: number | null };
    if (body.next_cursor) query = `&cursor=${encodeURIComponent(body.next_cursor)}`;
    else if (body.next_before) query = `&before=${body.next_before}`;
    else if (body.next_cursor === undefined && body.next_before === undefined) return `&offset=${depth}`;
    else throw new Error(`${list}: the list ended before ${depth} rows`);
  }
  return query;
}

const one = { connections: 1, warmupSeconds: 0.3, durationSeconds: 1.5 };
const row = (name: string, load: LoadSummary, extra = ''): Row => ({
  name,
  value: Number(load.p50.toFixed(2)),
  unit: 'ms p50',
  detail: `p99 ${load.p99.toFixed(2)} ms, ${Math.round(load.requestsPerSecond)} req/s one at a time, ${load.errors} errors${extra}`,
});

export const lists: Benchmark = {
  name: 'lists',
  async run(bench: BenchContext): Promise<Row[]> {
    const { ctx } = bench;
    const total = totalRows();
    const bigRows = Math.floor(total / 10);
    const DEEP = Math.min(50_000, bigRows / 2);
    const otherRows = Math.floor((total - bigRows - SMALL) / (TENANTS - 2));
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const rows: Row[] = [];
    try {
      const tag = randomBytes(3).toString('hex');
      const small = await createTenant(ctx, ACTOR, { name: 'Ten people', subdomain: `small${tag}` });
      const big = await createTenant(ctx, ACTOR, { name: 'Big tenant', subdomain: `big${tag}` });
      await createUser(ctx, ACTOR, small.id, { email: `admin@small${tag}.bench`, role: 'tenant_admin', password: PASSWORD });
      await createUser(ctx, ACTOR, big.id, { email: `admin@big${tag}.bench`, role: 'tenant_admin', password: PASSWORD });
      const owner = ctx.db.owner;
      const client = await owner.connect();
      try {
        await client.query(`set session_replication_role = replica`);
        for (const list of Object.keys(LISTS) as List[]) {
          await client.query(fill(list, `(select id, subdomain from tenants where id = '${small.id}')`, String(SMALL - (list === 'users' ? 1 : 0))));
        }
      } finally {
        await client.query('reset session_replication_role');
        client.release();
      }
      await owner.query('analyze');
      const smallHeaders = { authorization: `Bearer ${await login(base, `admin@small${tag}.bench`, small.subdomain)}` };
      const bigHeaders = { authorization: `Bearer ${await login(base, `admin@big${tag}.bench`, big.subdomain)}` };

      const empty: Partial<Record<List, LoadSummary>> = {};
      for (const list of Object.keys(LISTS) as List[]) empty[list] = await driveLoad(`${base}${LISTS[list]}?limit=${PAGE}`, { ...one, headers: smallHeaders });

      process.stderr.write(`  loading ${total.toLocaleString('en-US')} rows into each of users, messages and audit_log across ${TENANTS} tenants…\n`);
      const loadStart = performance.now();
      const loader = await owner.connect();
      try {
        await loader.query(`set session_replication_role = replica`);
        await loader.query(`create temporary table bench_others as
          with made as (insert into tenants (name, subdomain) select 'Other ' || i, 'other${tag}-' || i from generate_series(1, ${TENANTS - 2}) i returning id, subdomain)
          select * from made`);
        for (const list of Object.keys(LISTS) as List[]) {
          await loader.query(fill(list, 'bench_others', String(otherRows)));
          await loader.query(fill(list, `(select id, subdomain from tenants where id = '${big.id}')`, String(bigRows)));
        }
        await loader.query('drop table bench_others');
      } finally {
        await loader.query('reset session_replication_role');
        loader.release();
      }
      await owner.query('vacuum analyze users, messages, audit_log');
      const loadSeconds = (performance.now() - loadStart) / 1000;

      const measured: Record<'small' | 'big', Partial<Record<List, Measured>>> = { small: {}, big: {} };
      for (const list of Object.keys(LISTS) as List[]) {
        measured.small[list] = { first: await driveLoad(`${base}${LISTS[list]}?limit=${PAGE}`, { ...one, headers: smallHeaders }) };
        const deep = await deepPage(base, list, bigHeaders, DEEP);
        measured.big[list] = {
          first: await driveLoad(`${base}${LISTS[list]}?limit=${PAGE}`, { ...one, headers: bigHeaders }),
          deep: await driveLoad(`${base}${LISTS[list]}?limit=${PAGE}${deep}`, { ...one, headers: bigHeaders }),
        };
      }
      const crowded = await driveLoad(`${base}${LISTS.users}?limit=${PAGE}`, { connections: bench.connections, warmupSeconds: 1, durationSeconds: 3, headers: smallHeaders });

      rows.push({ name: 'lists: rows loaded', value: total, unit: 'rows a table', detail: `${TENANTS} tenants: one of ${bigRows.toLocaleString('en-US')}, one of ${SMALL}, ${TENANTS - 2} of ${otherRows.toLocaleString('en-US')}; in ${loadSeconds.toFixed(0)} s with vacuum analyze` });
      for (const list of Object.keys(LISTS) as List[]) {
        const before = empty[list]!;
        const after = measured.small[list]!.first;
        const growth = after.p50 / before.p50;
        rows.push({ ...row(`${list}: ${SMALL}-row tenant, empty database`, before) });
        rows.push({ ...row(`${list}: ${SMALL}-row tenant, ${total.toLocaleString('en-US')} rows in the table`, after), meetsTarget: growth <= SMALL_TARGET, detail: `${row('', after).detail}; ${growth.toFixed(2)}× the empty database's p50 (target <= ${SMALL_TARGET}×)` });
        const first = measured.big[list]!.first;
        const perDecade = Math.pow(first.p50 / after.p50, 1 / Math.log10(bigRows / SMALL));
        rows.push({ ...row(`${list}: ${bigRows.toLocaleString('en-US')}-row tenant, first page`, first), meetsTarget: first.p99 < FIRST_PAGE_P99_TARGET_MS, detail: `${row('', first).detail}; target p99 < ${FIRST_PAGE_P99_TARGET_MS} ms; ${perDecade.toFixed(2)}× per 10× the tenant's rows` });
        rows.push(row(`${list}: ${bigRows.toLocaleString('en-US')}-row tenant, page ${DEEP.toLocaleString('en-US')} rows deep`, measured.big[list]!.deep!));
      }
      rows.push({ name: `users: ${SMALL}-row tenant, ${bench.connections} connections`, value: Math.round(crowded.requestsPerSecond), unit: 'req/s', detail: `p50 ${crowded.p50.toFixed(2)} ms, p99 ${crowded.p99.toFixed(2)} ms, ${crowded.errors} errors` });
    } finally {
      await app.close();
    }
    return rows;
  },
};
