/**
 * Tenant isolation, driven by the route table: every /api/v1 route the app registers is called by
 * tenant B (its admin, a global admin acting in B, and its API key where accepted) with tenant A's
 * ids, and must neither show nor change anything of A. A route added later is covered without
 * editing this file, as long as it declares `config.isolation` for its path parameters.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from './helpers.ts';
import { withSystem, withTenant } from '../src/db/tx.ts';
import { quoteIdent } from '../src/db/pool.ts';
import { fill, pathParams, requiredQuery, setSampleMarker, uploadSample, validBody } from './schema-samples.ts';
import type { RouteEntry } from '../src/http/access.ts';
import { API_KEY_SCOPES } from '../src/identities/tokens.ts';
import { defineRun, startRun } from '../src/jobs/runs.ts';

/**
 * What a `config.isolation` entry names: 'users' is a row of users by its id (another tenant's id must
 * answer 403 or 404); 'template_sections.bundle' is a name within a tenant, which every tenant may
 * use for rows of its own (another tenant's name must show only the caller's own rows).
 */
function isolationTarget(value: string): { table: string; column: string; byName: boolean } {
  const [table, column] = value.split('.') as [string, string | undefined];
  return { table, column: column ?? 'id', byName: column !== undefined && column !== 'id' };
}
const label = (route: RouteEntry) => `${route.method} ${route.url}`;

// ---- the two tenants ----------------------------------------------------------------------------

interface Seeded {
  id: string;
  subdomain: string;
  admin: { id: string; email: string; token: string };
  member: { id: string; email: string; token: string };
  apiKey: string;
  /** Every id, name and marker of this tenant; none may appear in an answer given to the other. */
  secrets: Record<string, string>;
}

// the development switch on, so its one route (revealing what the outbox masked) is walked too
const env: TestEnv = await createTestEnv({ EMBARK_OUTBOX_REVEAL_SECRETS: 'true' });
const seedProblems: string[] = [];
// a run kind of its own, so that each tenant has a run for the runs routes to be called on
const ISOLATION_RUN = 'test.isolation';
defineRun(ISOLATION_RUN, { steps: [{ name: 'nothing', run: async () => null }] });
after(async () => {
  await env.close();
});
const routes = env.app.routeTable;

async function seed(letter: string): Promise<Seeded> {
  const marker = `marker-${letter}-${randomBytes(6).toString('hex')}`;
  const tenant = await env.tenant(`Tenant ${marker}`);
  const admin = await env.user(tenant.id, 'tenant_admin', `admin-${marker}@example.test`);
  const member = await env.user(tenant.id, 'member', `member-${marker}@example.test`);
  const staff = await env.user(tenant.id, 'staff', `staff-${marker}@example.test`);
  const profile = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token: admin.token, payload: { business_name: `Business ${marker}`, website_url: `https://${marker}.example.test`, phone_number: null, email: `hello-${marker}@example.test` } });
  assert.equal(profile.statusCode, 200, profile.body);
  // a key with every scope, so each route that takes keys is tried with one
  const key = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: `Key ${marker}`, scopes: Object.keys(API_KEY_SCOPES) } });
  assert.equal(key.statusCode, 201, key.body);
  // a second key, for the routes that revoke one to use instead of the key the tests call with
  const spare = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: `Spare ${marker}`, scopes: ['users:read'] } });
  assert.equal(spare.statusCode, 201, spare.body);
  const secrets: Record<string, string> = {
    marker,
    tenant_id: tenant.id,
    subdomain: tenant.subdomain,
    admin_id: admin.id,
    member_id: member.id,
    staff_id: staff.id,
    api_key_id: key.json().id,
    api_key_prefix: key.json().prefix,
    spare_key_id: spare.json().id,
    spare_key_prefix: spare.json().prefix,
  };
  // rows of tables declared in config.isolation that the API calls above did not create: add a seeder here
  if (routes.some((r) => label(r) === 'PUT /api/v1/tenant/templates/:bundle')) {
    // both tenants use the same bundle name; only A's text carries A's marker
    const sections = [{ section_key: 'isolation_check', position: 10, content: `Welcome from ${marker}` }];
    const res = await env.inject({ method: 'PUT', url: '/api/v1/tenant/templates/isolation_check', token: admin.token, payload: { sections } });
    assert.ok(res.statusCode < 300, res.body);
  }
  if (routes.some((r) => label(r) === 'POST /api/v1/tenant/webhooks')) {
    const hook = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: `https://${marker}.example.test/hooks`, description: `Hook ${marker}` } });
    assert.equal(hook.statusCode, 201, hook.body);
    const test = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${hook.json().id}/test`, token: admin.token, payload: {} });
    assert.equal(test.statusCode, 202, test.body);
    Object.assign(secrets, { webhook_endpoint_id: hook.json().id, webhook_secret: hook.json().secret, webhook_delivery_id: test.json().id });
  }
  if (routes.some((r) => label(r) === 'POST /api/v1/organizations')) {
    const organization = await env.inject({ method: 'POST', url: '/api/v1/organizations', token: admin.token, payload: { name: `Organisation ${marker}`, external_id: `org-${marker}` } });
    assert.equal(organization.statusCode, 201, organization.body);
    const joined = await env.inject({ method: 'PUT', url: `/api/v1/organizations/${organization.json().id}/members/${member.id}`, token: admin.token, payload: { role: 'admin' } });
    assert.equal(joined.statusCode, 200, joined.body);
    secrets.organization_id = organization.json().id;
  }
  if (routes.some((r) => label(r) === 'POST /api/v1/crm/contacts')) {
    const contact = await env.inject({ method: 'POST', url: '/api/v1/crm/contacts', token: admin.token, payload: { first_name: `Contact ${marker}`, email: `contact-${marker}@example.test` } });
    assert.equal(contact.statusCode, 201, contact.body);
    // qualified, so that approving it is the control request's success
    const qualified = await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${contact.json().id}/status`, token: admin.token, payload: { status: 'qualified' } });
    assert.equal(qualified.statusCode, 200, qualified.body);
    secrets.contact_id = contact.json().id;
  }
  if (routes.some((r) => label(r) === 'POST /api/v1/hires')) {
    const settings = await env.inject({ method: 'PUT', url: '/api/v1/tenant/hire-settings', token: admin.token, payload: { document_kinds: [{ key: 'w9', label: 'W-9' }], email_domain: `${letter}.example.test`, sign_in_url: null } });
    assert.equal(settings.statusCode, 200, settings.body);
    const hire = await env.inject({ method: 'POST', url: '/api/v1/hires', token: admin.token, payload: { first_name: 'Hire', last_name: marker, personal_email: `hire-${marker}@example.test` } });
    assert.equal(hire.statusCode, 201, hire.body);
    secrets.hire_id = hire.json().id;
  }
  if (routes.some((r) => label(r) === 'PUT /api/v1/tenant/checklists/:key')) {
    // a user checklist and an organisation one with the same manual task, so both kinds of subject have it
    // (the slug of the route's example body, which the PUT walk below writes under A's names in B)
    for (const [key, scope] of [
      [`isolation_${letter}`, 'user'],
      [`isolation_team_${letter}`, 'organization'],
    ]) {
      const res = await env.inject({ method: 'PUT', url: `/api/v1/tenant/checklists/${key}`, token: admin.token, payload: { title: `Checklist ${marker}`, scope, tasks: [{ slug: 'first-step', title: `Task ${marker}`, rule: { kind: 'manual' } }] } });
      assert.equal(res.statusCode, 200, res.body);
    }
  }
  if (routes.some((r) => label(r) === 'GET /api/v1/tenant/runs/:id')) {
    const runId = await withTenant(env.ctx.db.app, tenant.id, (tx) => startRun(env.ctx, tx, tenant.id, ISOLATION_RUN, { marker }, SYSTEM_ACTOR));
    Object.assign(secrets, { run_id: runId });
  }
  // a name-keyed table (config.isolation 'table.column') gets a row through the PUT route that names it
  for (const route of routes.filter((r) => r.method === 'PUT' && r.access.kind === 'tenant' && Object.values(r.isolation ?? {}).some((i) => isolationTarget(i).byName))) {
    if (route.url === '/api/v1/tenant/templates/:bundle' || route.url === '/api/v1/tenant/checklists/:key') continue;
    setSampleMarker(marker);
    try {
      const res = await env.inject({ method: 'PUT', url: fill(route), token: admin.token, payload: validBody(route) as object });
      if (res.statusCode >= 300) seedProblems.push(`seeding ${label(route)} as tenant ${letter}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    } catch (error) {
      seedProblems.push(`seeding ${label(route)} as tenant ${letter}: ${(error as Error).message}`);
    } finally {
      setSampleMarker('');
    }
  }
  return { id: tenant.id, subdomain: tenant.subdomain, admin, member, apiKey: key.json().key, secrets };
}

const A = await seed('a');
const B = await seed('b');
const { token: globalToken } = await env.globalAdmin();

/** Tables with a tenant_id column, which must all be row-level secured. */
const { rows: tenantTables } = await env.ctx.db.owner.query<{ table_name: string }>(
  `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' order by 1`,
);
const TENANT_TABLES = tenantTables.map((r) => r.table_name);
/** Every row of the tenant, in every tenant-owned table, as text: compared before and after. */
async function snapshot(tenantId: string): Promise<Record<string, string[]>> {
  return withSystem(env.ctx.db.owner, async (tx) => {
    const out: Record<string, string[]> = {};
    out.tenants = (await tx.query(`select to_jsonb(x)::text as row from tenants x where id = $1`, [tenantId])).rows.map((r) => r.row);
    for (const table of TENANT_TABLES) {
      out[table] = (await tx.query(`select to_jsonb(x)::text as row from ${quoteIdent(table)} x where tenant_id = $1 order by 1`, [tenantId])).rows.map((r) => r.row);
    }
    return out;
  });
}

/** A fingerprint of the whole database's tenant data, for checks where nothing at all may change. */
async function fingerprint(): Promise<Record<string, string>> {
  return withSystem(env.ctx.db.owner, async (tx) => {
    const out: Record<string, string> = {};
    for (const table of ['tenants', ...TENANT_TABLES]) {
      const { rows } = await tx.query(`select count(*)::text || ':' || coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by to_jsonb(x)::text)), '') as f from ${quoteIdent(table)} x`);
      out[table] = rows[0].f;
    }
    return out;
  });
}

/** The ids (or names) of up to 20 of the tenant's rows that an isolation entry points at. */
async function idsOf(isolation: string, tenantId: string): Promise<string[]> {
  const { table, column } = isolationTarget(isolation);
  const { rows } = await withSystem(env.ctx.db.owner, (tx) => tx.query(`select distinct ${quoteIdent(column)}::text as id from ${quoteIdent(table)} where tenant_id = $1 order by 1 limit 20`, [tenantId]));
  return rows.map((r) => r.id);
}

/**
 * B was allowed in and the body was valid: a success, or an answer about the data (a body naming a
 * row B does not have, a state conflict). Never a validation error, a refusal of B, or a crash.
 */
function servedOrDomainAnswer(status: number): boolean {
  return (status >= 200 && status < 300) || [404, 409, 422].includes(status);
}

function leaks(text: string, secrets: Record<string, string>, except: string[] = []): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => !except.includes(value) && text.includes(value))
    .map(([name]) => name);
}

/** The ways tenant B can call a route. */
function callersOfB(route: RouteEntry): { who: string; token: string; tenantId?: string }[] {
  const callers: { who: string; token: string; tenantId?: string }[] = [...(route.access.kind === 'tenant' && !route.access.roles.includes('tenant_admin') ? [] : [{ who: "B's tenant_admin", token: B.admin.token }]), { who: 'a global admin with X-Tenant-Id B', token: globalToken, tenantId: B.id }];
  if (route.access.kind === 'tenant' && route.access.apiKey) callers.push({ who: "B's API key", token: B.apiKey });
  return callers;
}

const snapshotOfA = await snapshot(A.id);

// ---- the tests ------------------------------------------------------------------------------------

describe('the route table', () => {
  it('holds the routes of every module, so the walks below are not empty', () => {
    for (const known of ['GET /api/v1/users/:id', 'PATCH /api/v1/users/:id', 'DELETE /api/v1/tenant/api-keys/:id', 'GET /api/v1/tenant/profile', 'POST /api/v1/admin/tenants']) {
      assert.ok(
        routes.some((r) => label(r) === known),
        `${known} is in the route table`,
      );
    }
  });

  it('declares in config.isolation which table every path parameter of a tenant route names', async () => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.access.kind === 'tenant')) {
      for (const param of pathParams(route.url)) {
        const declared = route.isolation?.[param];
        if (!declared) {
          problems.push(`${label(route)}: path parameter :${param} is not declared in config.isolation (a table for an id, table.column for a name)`);
          continue;
        }
        const { table, column } = isolationTarget(declared);
        const { rows } = await env.ctx.db.owner.query(`select 1 from information_schema.columns where table_schema = 'public' and table_name = $1 and column_name = $2`, [table, column]);
        if (!TENANT_TABLES.includes(table)) problems.push(`${label(route)}: config.isolation.${param} names ${table}, which is not a table with tenant_id`);
        else if (!rows.length) problems.push(`${label(route)}: config.isolation.${param} names column ${column}, which ${table} does not have`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('has seeded rows of tenant A and of tenant B in every table config.isolation names', async () => {
    assert.deepEqual(seedProblems, [], 'seeding through the API failed: give the schema an `example` the route accepts');
    const declared = new Set(routes.flatMap((r) => Object.values(r.isolation ?? {})));
    for (const isolation of declared) {
      assert.ok((await idsOf(isolation, A.id)).length > 0, `tenant A has rows in ${isolation}: add a seeder for it in seed() of test/isolation.test.ts`);
      assert.ok((await idsOf(isolation, B.id)).length > 0, `tenant B has rows in ${isolation}`);
    }
  });
});

// reads without path parameters run before the ones with A's ids: a global admin's refused requests
// are (rightly) in B's audit log with their URL, which would then hold A's ids
describe('routes without path parameters, called as tenant B, answer nothing of tenant A', () => {
  const candidates = routes.filter((r) => pathParams(r.url).length === 0 && (r.access.kind === 'tenant' || (r.access.kind === 'user' && r.method === 'GET')));
  for (const route of candidates) {
    it(`${label(route)} serves B and shows none of A's ids or markers`, async () => {
      for (const caller of callersOfB(route)) {
        // a route whose body is a file (a logo) gets a valid one of its types
        const upload = uploadSample(route);
        const body = upload ? { payload: upload.payload, headers: { 'content-type': upload.contentType } } : { payload: validBody(route) as object };
        const res = await env.inject({ method: route.method as 'GET', url: route.url + requiredQuery(route), token: caller.token, tenantId: caller.tenantId, ...body });
        assert.ok(servedOrDomainAnswer(res.statusCode), `${caller.who}: ${label(route)} answered ${res.statusCode} ${res.body}`);
        assert.deepEqual(leaks(res.body, A.secrets), [], `${caller.who}: ${label(route)} answered ${res.body}`);
      }
    });
  }

  it("GET /api/v1/audit?tenant_id=A, as B's tenant admin, still shows only B's log", async () => {
    const res = await env.inject({ method: 'GET', url: `/api/v1/audit?tenant_id=${A.id}&limit=500`, token: B.admin.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().items.length > 0);
    assert.deepEqual(
      res.json().items.filter((e: { tenant_id: string }) => e.tenant_id !== B.id),
      [],
    );
    assert.deepEqual(leaks(res.body, A.secrets, [A.id]), []);
  });

  it("GET /api/v1/tenant/events, filtered by A's tenant as subject, shows B nothing; B's own events are there", async () => {
    const own = await env.inject({ method: 'GET', url: '/api/v1/tenant/events?limit=200', token: B.admin.token });
    assert.equal(own.statusCode, 200, own.body);
    assert.ok(
      own.json().items.some((e: { type: string }) => e.type === 'tenant.updated'),
      "B's profile change is in B's log",
    );
    const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/events?subject_type=tenant&subject_id=${A.id}`, token: B.admin.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().items, []);
  });
});

describe("routes with path parameters, called as tenant B with tenant A's ids or names, give nothing of A", () => {
  for (const route of routes.filter((r) => r.access.kind === 'tenant' && pathParams(r.url).length > 0)) {
    it(`${label(route)} refuses every row of A, shows nothing of A under A's names, and serves B's own`, async () => {
      const params = pathParams(route.url);
      const declared = (param: string) => route.isolation?.[param] ?? assert.fail(`:${param} of ${label(route)} has no config.isolation entry`);
      const idsOfA = Object.fromEntries(await Promise.all(params.map(async (p) => [p, await idsOf(declared(p), A.id)] as const)));
      // B's own rows for the control request, never the admin or the API key the calls are made with
      const inUse = [B.admin.id, B.secrets.api_key_id];
      const idsOfB = Object.fromEntries(
        await Promise.all(
          params.map(async (p) => {
            const own = (await idsOf(declared(p), B.id)).find((id) => !inUse.includes(id));
            return [p, own ?? assert.fail(`tenant B has no ${declared(p)} left for the control request of ${label(route)}; seed more`)] as const;
          }),
        ),
      );
      for (const caller of callersOfB(route)) {
        for (const param of params) {
          const { table, byName } = isolationTarget(declared(param));
          for (const idOfA of idsOfA[param]!) {
            const url = fill(route, { ...idsOfB, [param]: idOfA });
            const res = await env.inject({ method: route.method as 'GET', url, token: caller.token, tenantId: caller.tenantId, payload: validBody(route) as object });
            const what = `${caller.who}: ${route.method} ${url} (A's ${table} ${byName ? 'name' : 'row'})`;
            if (byName) {
              assert.ok(res.statusCode < 500, `${what} answered ${res.statusCode} ${res.body}`);
            } else {
              assert.ok([403, 404].includes(res.statusCode), `${what} answered ${res.statusCode} ${res.body}`);
              assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
            }
            assert.deepEqual(leaks(res.body, A.secrets, [idOfA]), [], `${what} answered ${res.body}`);
          }
        }
        // the control: the same request with B's own ids reaches B's row (a success, or a conflict with
        // the row's state), so the refusals above were not validation errors or a broken route
        const own = await env.inject({ method: route.method as 'GET', url: fill(route, idsOfB), token: caller.token, tenantId: caller.tenantId, payload: validBody(route) as object });
        assert.ok(own.statusCode < 300 || [409, 422].includes(own.statusCode), `${caller.who}: ${route.method} ${fill(route, idsOfB)} with B's own ids answered ${own.statusCode} ${own.body}`);
      }
    });
  }
});

describe("the embeddable widget's routes, called with an embed token of tenant B's member, give nothing of tenant A", () => {
  const mint = async (userId: string) => env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: B.apiKey, payload: { user_id: userId } });

  it("mints no token for A's users with B's key", async () => {
    for (const userId of [A.member.id, A.admin.id]) {
      const res = await mint(userId);
      assert.equal(res.statusCode, 404, res.body);
      assert.deepEqual(leaks(res.body, A.secrets, [userId]), []);
    }
  });

  for (const route of routes.filter((r) => r.access.kind === 'embed')) {
    it(`${label(route)} serves B's member and shows none of A's ids or markers, whatever X-Tenant-Id says`, async () => {
      const minted = await mint(B.member.id);
      assert.equal(minted.statusCode, 200, minted.body);
      // the slug both tenants' isolation checklists share, and A's checklist key by name
      const url = fill(route, { slug: 'first-step' });
      for (const [query, tenantId] of [
        ['', undefined],
        ['?checklist=isolation_a', undefined],
        ['', A.id],
      ] as const) {
        const res = await env.inject({ method: route.method as 'GET', url: url + query, token: minted.json().token, tenantId });
        assert.ok(servedOrDomainAnswer(res.statusCode), `${label(route)}${query}: ${res.statusCode} ${res.body}`);
        assert.deepEqual(leaks(res.body, A.secrets), [], `${label(route)}${query}: ${res.body}`);
      }
    });
  }
});

describe("tenant A's rows after everything tenant B tried", () => {
  it('are exactly what they were, in every tenant-owned table', async () => {
    assert.ok(snapshotOfA.users!.length === 3 && snapshotOfA.api_keys!.length === 2 && snapshotOfA.tenant_profiles!.length === 1, 'the snapshot holds the seeded rows');
    assert.deepEqual(await snapshot(A.id), snapshotOfA);
  });
});

describe('access rules of every route', () => {
  let fingerprintBefore: Record<string, string>;
  const C: { id?: string; admin?: string; member?: string } = {};
  // a third tenant, so these refusals touch neither A nor B
  before(async () => {
    const tenant = await env.tenant();
    C.id = tenant.id;
    C.admin = (await env.user(tenant.id, 'tenant_admin')).token;
    C.member = (await env.user(tenant.id, 'member')).token;
    fingerprintBefore = await fingerprint();
  });

  for (const route of routes.filter((r) => r.access.kind !== 'public')) {
    it(`${label(route)} answers 401 unauthenticated without a token`, async () => {
      const res = await env.inject({ method: route.method as 'GET', url: fill(route) + requiredQuery(route), payload: validBody(route) as object });
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().code, 'unauthenticated');
      const forged = await env.inject({ method: route.method as 'GET', url: fill(route) + requiredQuery(route), token: 'not-a-token', payload: validBody(route) as object });
      assert.equal(forged.statusCode, 401, forged.body);
    });
  }

  for (const route of routes.filter((r) => r.access.kind === 'global_admin')) {
    it(`${label(route)} answers 403 forbidden to a tenant admin`, async () => {
      const res = await env.inject({ method: route.method as 'GET', url: fill(route, { id: C.id! }) + requiredQuery(route), token: C.admin, payload: validBody(route) as object });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().code, 'forbidden');
    });
  }

  for (const route of routes.filter((r) => r.access.kind === 'tenant' && !r.access.roles.includes('member'))) {
    it(`${label(route)} answers 403 forbidden to a member`, async () => {
      const res = await env.inject({ method: route.method as 'GET', url: fill(route) + requiredQuery(route), token: C.member, payload: validBody(route) as object });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().code, 'forbidden');
    });
  }

  for (const route of routes.filter((r) => r.access.kind === 'tenant')) {
    it(`${label(route)} answers 403 impersonation_forbidden to a tenant admin sending X-Tenant-Id`, async () => {
      const res = await env.inject({ method: route.method as 'GET', url: fill(route) + requiredQuery(route), token: C.admin, tenantId: A.id, payload: validBody(route) as object });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().code, 'impersonation_forbidden');
    });
  }

  it('changed nothing in the database with any of the refused requests above', async () => {
    assert.deepEqual(await fingerprint(), fingerprintBefore);
  });
});

describe('row-level security, beneath the code', () => {
  it('shows a query that forgets its tenant filter only the rows of the transaction tenant', async () => {
    const { rows } = await withTenant(env.ctx.db.app, A.id, (tx) => tx.query('select id, tenant_id from users'));
    assert.deepEqual(
      rows.map((r) => r.tenant_id).filter((t) => t !== A.id),
      [],
    );
    assert.deepEqual(rows.map((r) => r.id).sort(), [A.secrets.admin_id, A.secrets.member_id, A.secrets.staff_id].sort());
    const { rows: all } = await env.ctx.db.owner.query('select count(*)::int as n from users where tenant_id <> $1 or tenant_id is null', [A.id]);
    assert.ok(all[0].n >= 4, 'other tenants and a global admin exist, and were hidden');
  });

  it("shows no tenant's rows outside a tenant or system transaction, in tenants and every tenant-owned table", async () => {
    for (const table of ['tenants', ...TENANT_TABLES]) {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      const { rows } = await env.ctx.db.app.query(`select count(*) filter (where ${column} is not null)::int as owned, count(*) filter (where ${column} is null)::int as global from ${quoteIdent(table)}`);
      assert.equal(rows[0].owned, 0, `${table} shows ${rows[0].owned} tenant rows without a tenant context`);
      assert.equal(rows[0].global, 0, `${table} shows ${rows[0].global} global rows without a tenant context`);
    }
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from tenants');
    assert.ok(rows[0].n >= 3);
  });

  it("shows in a tenant transaction exactly that tenant's rows of every tenant-owned table", async () => {
    for (const table of TENANT_TABLES) {
      const seen = await withTenant(
        env.ctx.db.app,
        A.id,
        async (tx) => (await tx.query(`select count(*) filter (where tenant_id = $1)::int as own, count(*) filter (where tenant_id <> $1)::int as other, count(*) filter (where tenant_id is null)::int as global from ${quoteIdent(table)}`, [A.id])).rows[0],
      );
      const { rows } = await withSystem(env.ctx.db.owner, (tx) => tx.query(`select count(*)::int as n from ${quoteIdent(table)} where tenant_id = $1`, [A.id]));
      assert.equal(seen.other, 0, `${table} shows another tenant's rows in A's transaction`);
      assert.equal(seen.own, rows[0].n, `${table} shows all of A's rows`);
      assert.equal(seen.global, 0, `${table} shows global rows (tenant_id null) in A's transaction`);
    }
  });

  it('enables and forces a policy on tenants and every table with tenant_id', async () => {
    const { rows } = await env.ctx.db.owner.query(
      `select c.relname, c.relrowsecurity, c.relforcerowsecurity, (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname = any($1)`,
      [['tenants', ...TENANT_TABLES]],
    );
    assert.equal(rows.length, TENANT_TABLES.length + 1);
    assert.deepEqual(
      rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity || r.policies === 0).map((r) => r.relname),
      [],
    );
  });

  it("refuses to write a row for tenant B inside tenant A's transaction", async () => {
    await assert.rejects(
      withTenant(env.ctx.db.app, A.id, (tx) => tx.query(`insert into api_keys (tenant_id, name, prefix, key_hash) values ($1, 'planted', 'plantedx', '\\x00')`, [B.id])),
      (error: { code?: string }) => error.code === '42501',
    );
    const moved = await withTenant(env.ctx.db.app, A.id, (tx) =>
      tx.query(`update users set tenant_id = $1 where id = $2`, [B.id, A.secrets.member_id]).then(
        () => 'moved',
        (e: { code?: string }) => e.code,
      ),
    );
    assert.equal(moved, '42501', "moving A's user into B is refused by the policy's with check");
    const { rows } = await env.ctx.db.owner.query(`select tenant_id from users where id = $1`, [A.secrets.member_id]);
    assert.equal(rows[0].tenant_id, A.id);
  });

  it('runs the application as a role that is neither superuser nor exempt from row-level security', async () => {
    const { rows } = await env.ctx.db.app.query('select current_user as role, rolsuper, rolbypassrls from pg_roles where rolname = current_user');
    assert.equal(rows[0].role, env.ctx.db.appRole);
    assert.equal(rows[0].rolsuper, false);
    assert.equal(rows[0].rolbypassrls, false);
  });
});
