/**
 * Every list pages by cursor (src/http/pagination.ts): forward through all its rows with no duplicate
 * and no gap — rows sharing a created_at included, written in one transaction so now() is the same —
 * in the order the database gives, with and without filters; cursors work only with the list, filters
 * and tenant they came from; the count is capped at 10,000; the deprecated offset still pages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from './helpers.ts';
import { COUNT_CAP, encodeCursor, UUID_KEY } from '../src/http/pagination.ts';

const env: TestEnv = await createTestEnv();
after(async () => {
  await env.close();
});

interface Caller {
  token: string;
  tenantId?: string;
}

const A = await env.tenant('Lists A');
const B = await env.tenant('Lists B');
const adminA: Caller = { token: (await env.user(A.id, 'tenant_admin')).token };
const adminB: Caller = { token: (await env.user(B.id, 'tenant_admin')).token };
const global: Caller = { token: (await env.globalAdmin()).token };

/** Rows written in one statement share one now(): the lists must order them by id as well. */
async function seed(tenantId: string, letter: string): Promise<{ endpointId: string }> {
  const db = env.ctx.db.owner;
  await db.query(`insert into users (tenant_id, email, role) select $1, $2 || g || '@example.test', case when g % 3 = 0 then 'staff' else 'member' end from generate_series(1, 17) g`, [tenantId, `person-${letter}-`]);
  await db.query(
    `insert into messages (tenant_id, channel, recipient, bundle, status, provider)
     select $1, (array['email', 'sms', 'voice'])[1 + g % 3], '+15555550100', 'lists_test', case when g % 4 = 0 then 'failed' else 'delivered' end, 'outbox'
       from generate_series(1, 23) g`,
    [tenantId],
  );
  const caller = tenantId === A.id ? adminA : adminB;
  const hook = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: caller.token, payload: { url: 'https://example.test/hooks' } });
  assert.equal(hook.statusCode, 201, hook.body);
  const endpointId = hook.json().id;
  await db.query(
    `insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload, status)
     select $1, $2, 'user.created', '{}', case when g % 2 = 0 then 'failed' else 'succeeded' end from generate_series(1, 13) g`,
    [tenantId, endpointId],
  );
  await db.query(`insert into audit_log (tenant_id, actor_kind, action) select $1, 'system', case when g % 2 = 0 then 'lists.even' else 'lists.odd' end from generate_series(1, 19) g`, [tenantId]);
  return { endpointId };
}
const seededA = await seed(A.id, 'a');
const seededB = await seed(B.id, 'b');
// more tenants, made in one statement: the tenants list has ties too
await env.ctx.db.owner.query(`insert into tenants (name, subdomain) select 'Lists extra ' || g, 'lists-extra-' || g || '-' || $1 from generate_series(1, 9) g`, [A.id.slice(0, 8)]);

async function ids(sql: string, params: unknown[]): Promise<string[]> {
  const { rows } = await env.ctx.db.owner.query(sql, params);
  return rows.map((row) => String(row.id));
}

interface ListCase {
  name: string;
  url: string;
  caller: Caller;
  /** The ids in the list's order, straight from the database. */
  expected(): Promise<string[]>;
  /** A filter, and the ids it leaves. */
  filtered: { query: string; expected(): Promise<string[]> };
  idOf?: (item: Record<string, unknown>) => string;
  /** The audit log never took offset (it has its own deprecated before=). */
  offset?: false;
}

const LISTS: ListCase[] = [
  {
    name: 'GET /api/v1/users',
    url: '/api/v1/users',
    caller: adminA,
    expected: () => ids('select id from users where tenant_id = $1 order by created_at, id', [A.id]),
    filtered: { query: 'role=staff', expected: () => ids(`select id from users where tenant_id = $1 and role = 'staff' order by created_at, id`, [A.id]) },
  },
  {
    name: 'GET /api/v1/onboarding/users',
    url: '/api/v1/onboarding/users',
    caller: adminA,
    idOf: (item) => String(item.user_id),
    expected: () => ids('select id from users where tenant_id = $1 order by created_at, id', [A.id]),
    filtered: { query: '', expected: () => ids('select id from users where tenant_id = $1 order by created_at, id', [A.id]) },
  },
  {
    name: 'GET /api/v1/messages',
    url: '/api/v1/messages',
    caller: adminA,
    expected: () => ids('select id from messages where tenant_id = $1 order by created_at desc, id desc', [A.id]),
    filtered: {
      query: 'status=failed&channel=sms&provider=outbox',
      expected: () => ids(`select id from messages where tenant_id = $1 and status = 'failed' and channel = 'sms' and provider = 'outbox' order by created_at desc, id desc`, [A.id]),
    },
  },
  {
    name: 'GET /api/v1/tenant/webhooks/:id/deliveries',
    url: `/api/v1/tenant/webhooks/${seededA.endpointId}/deliveries`,
    caller: adminA,
    expected: () => ids('select id from webhook_deliveries where tenant_id = $1 and endpoint_id = $2 order by created_at desc, id desc', [A.id, seededA.endpointId]),
    filtered: { query: 'status=failed', expected: () => ids(`select id from webhook_deliveries where tenant_id = $1 and endpoint_id = $2 and status = 'failed' order by created_at desc, id desc`, [A.id, seededA.endpointId]) },
  },
  {
    name: 'GET /api/v1/audit (a tenant admin)',
    url: '/api/v1/audit',
    caller: adminA,
    offset: false,
    expected: () => ids('select id from audit_log where tenant_id = $1 order by id desc', [A.id]),
    filtered: { query: 'action=lists.even', expected: () => ids(`select id from audit_log where tenant_id = $1 and action = 'lists.even' order by id desc`, [A.id]) },
  },
  {
    name: 'GET /api/v1/audit (a global admin, every tenant)',
    url: '/api/v1/audit',
    caller: global,
    offset: false,
    // the tenants' entries and those of no tenant (platform_audit_log: the global admin's own), merged by id
    expected: () => ids('select id from audit_log union all select id from platform_audit_log order by id desc', []),
    filtered: { query: 'action=lists.odd', expected: () => ids(`select id from audit_log where action = 'lists.odd' order by id desc`, []) },
  },
  {
    name: 'GET /api/v1/admin/tenants',
    url: '/api/v1/admin/tenants',
    caller: global,
    expected: () => ids('select id from tenants order by created_at, id', []),
    filtered: { query: 'name=extra', expected: () => ids(`select id from tenants where name ilike '%extra%' order by created_at, id`, []) },
  },
];

function get(caller: Caller, url: string) {
  return env.inject({ method: 'GET', url, token: caller.token, tenantId: caller.tenantId });
}

function withQuery(url: string, ...parts: string[]): string {
  const query = parts.filter(Boolean).join('&');
  return query ? `${url}?${query}` : url;
}

interface Walk {
  ids: string[];
  pages: number;
  totals: { total: number; total_capped: boolean }[];
  cursors: string[];
}

/** Follows next_cursor from the first page to the last, checking each page's shape on the way. */
async function walk(list: ListCase, query: string, limit: number): Promise<Walk> {
  const out: Walk = { ids: [], pages: 0, totals: [], cursors: [] };
  let cursor: string | null = null;
  do {
    const res = await get(list.caller, withQuery(list.url, `limit=${limit}`, query, cursor ? `cursor=${cursor}` : ''));
    assert.equal(res.statusCode, 200, `${list.name} page ${out.pages + 1}: ${res.body}`);
    const page = res.json();
    assert.deepEqual(
      Object.keys(page)
        .filter((key) => key !== 'next_before')
        .sort(),
      ['items', 'limit', 'next_cursor', 'total', 'total_capped'],
    );
    assert.equal(page.limit, limit);
    out.pages++;
    out.ids.push(...page.items.map((item: Record<string, unknown>) => (list.idOf ?? ((i) => String(i.id)))(item)));
    out.totals.push({ total: page.total, total_capped: page.total_capped });
    // a page before the last is full; only the last says there is nothing more
    if (page.next_cursor !== null) {
      assert.equal(page.items.length, limit, `${list.name} page ${out.pages} is full`);
      assert.ok(page.next_cursor.length <= 200 && /^[A-Za-z0-9_-]+$/.test(page.next_cursor), page.next_cursor);
      out.cursors.push(page.next_cursor);
    }
    cursor = page.next_cursor;
    assert.ok(out.pages < 500, 'the walk ends');
  } while (cursor);
  return out;
}

describe('every list pages by cursor', () => {
  for (const list of LISTS) {
    describe(list.name, () => {
      it('pages forward through every row, rows with the same created_at too, with no duplicate and no gap', async () => {
        const expected = await list.expected();
        assert.ok(expected.length >= 9, `${list.name} has rows to page through (${expected.length})`);
        const result = await walk(list, '', 4);
        assert.deepEqual(result.ids, expected);
        assert.equal(new Set(result.ids).size, result.ids.length);
        assert.ok(result.pages >= 3);
        // counted on the first page, carried by the cursor to the others
        assert.deepEqual(
          result.totals,
          result.totals.map(() => ({ total: expected.length, total_capped: false })),
        );
      });

      it('combines its filters with cursors', async () => {
        const expected = await list.filtered.expected();
        assert.ok(expected.length >= 2, `the filter ${list.filtered.query} leaves rows (${expected.length})`);
        const result = await walk(list, list.filtered.query, 2);
        assert.deepEqual(result.ids, expected);
        assert.equal(result.totals[0]!.total, expected.length);
      });

      it('answers 400 invalid_cursor for a cursor that is not one, or that another list, another filter or another tenant gave', async () => {
        const first = await get(list.caller, withQuery(list.url, 'limit=2'));
        const cursor = first.json().next_cursor as string;
        const users = (await get(adminA, '/api/v1/users?limit=2')).json().next_cursor as string;
        const foreign = list.caller === adminA ? ((await get(adminB, withQuery(list.url.replace(seededA.endpointId, seededB.endpointId), 'limit=2'))).json().next_cursor as string) : undefined;
        const cases: [string, string][] = [
          ['garbage', 'not-a-cursor'],
          ['too long', 'a'.repeat(201)],
          ['not base64url', encodeURIComponent('a.b/c')],
          ['cut short', cursor.slice(0, -12)],
          ...(list.url === '/api/v1/users' ? [] : ([['a users cursor', users]] as [string, string][])),
          ...(list.filtered.query ? ([['the cursor with another filter', `${cursor}&${list.filtered.query}`]] as [string, string][]) : []),
          ...(foreign ? ([["tenant B's cursor", foreign]] as [string, string][]) : []),
        ];
        for (const [what, value] of cases) {
          const res = await get(list.caller, withQuery(list.url, 'limit=2', `cursor=${value}`));
          assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
          assert.equal(res.json().code, 'invalid_cursor', `${what}: ${res.body}`);
          if (foreign) assert.ok(!res.body.includes(B.id), `${what}: the answer names nothing of B`);
        }
      });

      if (list.offset !== false)
        it('still pages with the deprecated offset, and hands over a cursor from there', async () => {
          const expected = await list.expected();
          const res = await get(list.caller, withQuery(list.url, 'limit=3', 'offset=3'));
          assert.equal(res.statusCode, 200, res.body);
          const page = res.json();
          assert.deepEqual(
            page.items.map((item: Record<string, unknown>) => (list.idOf ?? ((i) => String(i.id)))(item)),
            expected.slice(3, 6),
          );
          assert.equal(page.total, expected.length);
          const next = await get(list.caller, withQuery(list.url, 'limit=3', `cursor=${page.next_cursor}`));
          assert.deepEqual(
            next.json().items.map((item: Record<string, unknown>) => (list.idOf ?? ((i) => String(i.id)))(item)),
            expected.slice(6, 9),
          );
          const both = await get(list.caller, withQuery(list.url, 'limit=3', 'offset=3', `cursor=${page.next_cursor}`));
          assert.equal(both.statusCode, 400, both.body);
          assert.equal(both.json().code, 'validation_failed');
        });
    });
  }
});

describe("a cursor whose row is not the tenant's", () => {
  it("answers 400 invalid_cursor when it names another tenant's row, even under the right list, tenant and filters", async () => {
    // forged with this tenant's scope: only the lookup inside the tenant stands between it and B's rows
    const [messageOfB] = await ids('select id from messages where tenant_id = $1 order by created_at desc, id desc limit 1', [B.id]);
    const forged = encodeCursor({ list: 'messages', scope: [A.id, undefined, undefined, undefined, undefined], keyPattern: UUID_KEY, key: () => '' }, messageOfB!, 23, false);
    const res = await get(adminA, `/api/v1/messages?cursor=${forged}`);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'invalid_cursor');
    const control = encodeCursor({ list: 'messages', scope: [A.id, undefined, undefined, undefined, undefined], keyPattern: UUID_KEY, key: () => '' }, (await ids('select id from messages where tenant_id = $1 order by created_at desc, id desc limit 1', [A.id]))[0]!, 23, false);
    assert.equal((await get(adminA, `/api/v1/messages?cursor=${control}`)).statusCode, 200);
  });

  it('answers 400 invalid_cursor once the row it names is gone', async () => {
    const tenant = await env.tenant();
    const admin = { token: (await env.user(tenant.id, 'tenant_admin')).token };
    await env.ctx.db.owner.query(`insert into messages (tenant_id, channel, recipient, bundle) select $1, 'email', 'a@example.test', 'gone' from generate_series(1, 4) g`, [tenant.id]);
    const page = (await get(admin, '/api/v1/messages?limit=2')).json();
    await env.ctx.db.owner.query('delete from messages where id = $1', [page.items[1].id]);
    const res = await get(admin, `/api/v1/messages?limit=2&cursor=${page.next_cursor}`);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'invalid_cursor');
  });
});

describe('GET /api/v1/audit', () => {
  it('still pages with the deprecated before=<id>, answering next_before', async () => {
    const expected = await ids('select id from audit_log where tenant_id = $1 order by id desc', [A.id]);
    const first = (await get(adminA, '/api/v1/audit?limit=5')).json();
    assert.equal(String(first.next_before), expected[4]);
    const res = await get(adminA, `/api/v1/audit?limit=5&before=${first.next_before}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().items.map((e: { id: number }) => String(e.id)),
      expected.slice(5, 10),
    );
    const both = await get(adminA, `/api/v1/audit?limit=5&before=${first.next_before}&cursor=${first.next_cursor}`);
    assert.equal(both.json().code, 'validation_failed');
  });

  it("shows a global admin acting in a tenant only that tenant's log, paged the same, whatever is logged meanwhile", async () => {
    const expected = await ids('select id from audit_log where tenant_id = $1 order by id desc', [A.id]);
    // acting in a tenant is itself logged, at the head of the list: the pages after the first go on where they were
    const result = await walk({ ...LISTS[4]!, caller: { ...global, tenantId: A.id } }, '', 7);
    assert.deepEqual(result.ids, expected);
    assert.ok((await ids('select id from audit_log where tenant_id = $1', [A.id])).length > expected.length, 'the walk was logged');
  });
});

describe('totals', () => {
  const C = { id: '', token: '' };
  before(async () => {
    const tenant = await env.tenant();
    C.id = tenant.id;
    C.token = (await env.user(tenant.id, 'tenant_admin')).token;
    // 10,050 messages: 10,000 delivered (exactly the cap) and 50 failed
    await env.ctx.db.owner.query(
      `insert into messages (tenant_id, channel, recipient, bundle, status, created_at)
       select $1, 'email', 'a@example.test', 'lots', case when g <= 50 then 'failed' else 'delivered' end, now() - make_interval(secs => g)
         from generate_series(1, ${COUNT_CAP + 50}) g`,
      [C.id],
    );
  });

  it('are capped at 10,000 with total_capped, on the first page and carried to later ones', async () => {
    const first = await get(C, '/api/v1/messages?limit=200');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().total, COUNT_CAP);
    assert.equal(first.json().total_capped, true);
    const second = (await get(C, `/api/v1/messages?limit=200&cursor=${first.json().next_cursor}`)).json();
    assert.deepEqual([second.total, second.total_capped], [COUNT_CAP, true]);
    assert.equal(second.items.length, 200);
  });

  it('are exact up to the cap', async () => {
    const delivered = (await get(C, '/api/v1/messages?limit=1&status=delivered')).json();
    assert.deepEqual([delivered.total, delivered.total_capped], [COUNT_CAP, false]);
    const failed = (await get(C, '/api/v1/messages?limit=1&status=failed')).json();
    assert.deepEqual([failed.total, failed.total_capped], [50, false]);
    const none = (await get(C, '/api/v1/messages?status=cancelled')).json();
    assert.deepEqual([none.items, none.next_cursor, none.total, none.total_capped], [[], null, 0, false]);
  });

  it('page deep into the list as fast as at its start: the last page is reached by cursor', async () => {
    let cursor: string | null = null;
    let seen = 0;
    let pages = 0;
    do {
      const page: { items: unknown[]; next_cursor: string | null } = (await get(C, `/api/v1/messages?limit=200&status=delivered${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen += page.items.length;
      pages++;
      cursor = page.next_cursor;
    } while (cursor);
    assert.equal(seen, COUNT_CAP);
    assert.equal(pages, COUNT_CAP / 200);
  });
});
