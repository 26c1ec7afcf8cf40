import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';

let env: TestEnv;
after(() => env.close());

interface Tenant {
  id: string;
  admin: { id: string; token: string };
  key: string;
}

async function tenantWithKey(): Promise<Tenant> {
  const id = (await env.tenant()).id;
  const admin = await env.user(id, 'tenant_admin');
  const key = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: 'backend', scopes: ['events:write', 'analytics:read'] } });
  assert.equal(key.statusCode, 201, key.body);
  return { id, admin, key: key.json().key };
}

const get = (tenant: Tenant, url: string, token = tenant.admin.token) => env.inject({ method: 'GET', url, token });
async function ok(tenant: Tenant, url: string, token?: string) {
  const res = await get(tenant, url, token);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.json();
}
async function track(tenant: Tenant, batch: object[]) {
  const res = await env.inject({ method: 'POST', url: '/api/v1/events', token: tenant.key, payload: { batch } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().stored, batch.length);
}
async function organization(tenant: Tenant, name: string, members: string[]) {
  const res = await env.inject({ method: 'POST', url: '/api/v1/organizations', token: tenant.admin.token, payload: { name } });
  assert.equal(res.statusCode, 201, res.body);
  for (const user of members) assert.equal((await env.inject({ method: 'PUT', url: `/api/v1/organizations/${res.json().id}/members/${user}`, token: tenant.admin.token, payload: {} })).statusCode, 200);
  return res.json().id as string;
}
const rollUp = (tenant: Tenant, from?: string) => withTenant(env.ctx.db.app, tenant.id, async (tx) => (await tx.query('select analytics_rollup($1, null, $2) as days', [tenant.id, from ?? null])).rows[0].days as number);

// ---- a funnel with numbers worked out by hand -----------------------------------------------------
// steps signup.done → service.created → invite.sent, window 7 days, entering in October 2026:
//   u1  enters 10-01 10:00, service a day later, invite a day after that      reaches 3
//   u2  enters 10-01 12:00, service 6 h later, invite 19 days later (too late) reaches 2
//   u3  enters 10-05, its service came the day before (does not count)         reaches 1
//   u4  enters 10-10, service 2 days later, invite 6 days after entering       reaches 3
//   ext an external id: enters 10-11, service an hour later                    reaches 2
//   u5  never signs up; u6 signed up in September (outside the range)          not in it
let funnelTenant: Tenant;
let u: Record<string, { id: string; token: string }>;
let acme: string;
let beta: string;
const FUNNEL = '/api/v1/analytics/funnel?steps=signup.done,service.created,invite.sent&from=2026-10-01&to=2026-10-31&window=7d';

before(async () => {
  env = await createTestEnv();
  funnelTenant = await tenantWithKey();
  u = {};
  for (const name of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) u[name] = await env.user(funnelTenant.id, 'member');
  acme = await organization(funnelTenant, 'Acme', [u.u1!.id, u.u2!.id, u.u3!.id]);
  beta = await organization(funnelTenant, 'Beta', [u.u4!.id]);
  const at = (user: string, event: string, timestamp: string) => ({ event, user_id: u[user]!.id, timestamp });
  await track(funnelTenant, [
    at('u1', 'signup.done', '2026-10-01T10:00:00Z'),
    at('u1', 'service.created', '2026-10-02T10:00:00Z'),
    at('u1', 'invite.sent', '2026-10-03T10:00:00Z'),
    at('u1', 'signup.done', '2026-10-04T10:00:00Z'),
    at('u2', 'signup.done', '2026-10-01T12:00:00Z'),
    at('u2', 'service.created', '2026-10-01T18:00:00Z'),
    at('u2', 'invite.sent', '2026-10-20T12:00:00Z'),
    at('u3', 'service.created', '2026-10-04T09:00:00Z'),
    at('u3', 'signup.done', '2026-10-05T09:00:00Z'),
    at('u4', 'signup.done', '2026-10-10T00:00:00Z'),
    at('u4', 'service.created', '2026-10-12T00:00:00Z'),
    at('u4', 'invite.sent', '2026-10-16T00:00:00Z'),
    { event: 'signup.done', external_user_id: 'ext-1', timestamp: '2026-10-11T08:00:00Z' },
    { event: 'service.created', external_user_id: 'ext-1', timestamp: '2026-10-11T09:00:00Z' },
    at('u5', 'service.created', '2026-10-06T00:00:00Z'),
    at('u6', 'signup.done', '2026-09-30T23:00:00Z'),
    at('u6', 'service.created', '2026-10-01T01:00:00Z'),
  ]);
});

describe('GET /api/v1/analytics/funnel', () => {
  it('counts who entered each step and converted to the next within the window, with the median time it took', async () => {
    const body = await ok(funnelTenant, FUNNEL);
    assert.deepEqual([body.entered, body.converted, body.conversion_rate], [5, 2, 0.4]);
    assert.deepEqual(body.steps, [
      { step: 1, event: 'signup.done', entered: 5, converted: 4, dropped: 1, conversion_rate: 0.8, median_seconds_to_convert: 54_000 },
      { step: 2, event: 'service.created', entered: 4, converted: 2, dropped: 2, conversion_rate: 0.5, median_seconds_to_convert: 216_000 },
      { step: 3, event: 'invite.sent', entered: 2, converted: null, dropped: null, conversion_rate: null, median_seconds_to_convert: null },
    ]);
    assert.deepEqual(body.groups, []);
  });

  it('answers the same through an API key with analytics:read, and refuses a member', async () => {
    assert.equal((await ok(funnelTenant, FUNNEL, funnelTenant.key)).converted, 2);
    const res = await get(funnelTenant, FUNNEL, u.u1!.token);
    assert.equal(res.statusCode, 403, res.body);
  });

  it('a shorter window converts fewer people: u4 took 6 days to the last step', async () => {
    const body = await ok(funnelTenant, FUNNEL.replace('window=7d', 'window=5d'));
    assert.deepEqual(
      body.steps.map((s: { entered: number }) => s.entered),
      [5, 4, 1],
    );
  });

  it('splits by the organisation people entered with, keeping the total', async () => {
    const body = await ok(funnelTenant, `${FUNNEL}&by=organization`);
    assert.equal(body.converted, 2);
    const groups = Object.fromEntries(body.groups.map((g: { key: string | null; label: string | null; steps: { entered: number }[] }) => [g.label ?? 'none', [g.key, g.steps.map((s) => s.entered)]]));
    assert.deepEqual(groups, { Acme: [acme, [3, 2, 1]], Beta: [beta, [1, 1, 1]], none: [null, [1, 1, 0]] });
  });

  it('splits by application role from the onboarding state', async () => {
    await env.ctx.db.owner.query(`insert into onboarding_states (tenant_id, user_id, role_key) values ($1, $2, 'developer') on conflict (tenant_id, user_id) do update set role_key = 'developer'`, [funnelTenant.id, u.u4!.id]);
    const body = await ok(funnelTenant, `${FUNNEL}&by=role`);
    const groups = Object.fromEntries(body.groups.map((g: { key: string | null; steps: { entered: number }[] }) => [g.key ?? 'none', g.steps.map((s) => s.entered)]));
    // everyone else is a member; the external id has no onboarding state
    assert.deepEqual(groups, { developer: [1, 1, 1], member: [3, 2, 1], none: [1, 1, 0] });
  });

  it('reads domain events as steps too, named by their type', async () => {
    // each user's organization.member_added is a domain event about them, logged today
    const today = new Date().toISOString().slice(0, 10);
    const body = await ok(funnelTenant, `/api/v1/analytics/funnel?steps=user.created,organization.member_added&from=${today}&to=${today}`);
    // the admin and u1–u6 were created; u1–u4 joined an organisation after
    assert.deepEqual([body.entered, body.converted], [7, 4]);
  });

  it('refuses bad input with a code that says what was wrong', async () => {
    const cases: [string, number, string][] = [
      [FUNNEL.replace('from=2026-10-01', 'from=2026-11-01'), 400, 'analytics_range_invalid'],
      [FUNNEL.replace('from=2026-10-01', 'from=2020-01-01'), 400, 'analytics_range_too_long'],
      [`/api/v1/analytics/funnel?steps=${Array.from({ length: 11 }, (_, i) => `e${i}`).join(',')}`, 400, 'funnel_steps_invalid'],
      ['/api/v1/analytics/funnel?steps=only.one', 400, 'funnel_steps_invalid'],
      ['/api/v1/analytics/funnel?steps=a,,b', 400, 'funnel_steps_invalid'],
      ['/api/v1/analytics/funnel?from=2026-10-01', 400, 'validation_failed'],
      [FUNNEL.replace('/funnel?', '/funnel/people?'), 400, 'validation_failed'],
      ['/api/v1/analytics/funnel/people?cursor=bm90LWEtY3Vyc29y', 400, 'invalid_cursor'],
      [FUNNEL.replace('window=7d', 'window=91d'), 400, 'funnel_window_invalid'],
      [FUNNEL.replace('window=7d', 'window=0m'), 400, 'funnel_window_invalid'],
      [FUNNEL.replace('window=7d', 'window=week'), 400, 'funnel_window_invalid'],
      [`${FUNNEL}&by=planet`, 400, 'validation_failed'],
      [FUNNEL.replace('to=2026-10-31', 'to=2026-13-01'), 400, 'validation_failed'],
      [`${FUNNEL.replace('/funnel?', '/funnel/people?')}&step=3`, 400, 'funnel_step_out_of_range'],
    ];
    for (const [url, status, code] of cases) {
      const res = await get(funnelTenant, url);
      assert.deepEqual([res.statusCode, res.json().code], [status, code], `${url}: ${res.body}`);
    }
  });
});

describe('GET /api/v1/analytics/funnel/people', () => {
  const people = FUNNEL.replace('/funnel?', '/funnel/people?');

  it('lists who stopped at a step, page by page', async () => {
    const first = await ok(funnelTenant, `${people}&step=1`);
    assert.deepEqual(
      first.items.map((p: { user_id: string }) => p.user_id),
      [u.u3!.id],
    );
    assert.deepEqual(first.items[0].reached_at, ['2026-10-05T09:00:00.000Z']);
    const page1 = await ok(funnelTenant, `${people}&step=2&limit=1`);
    assert.equal(page1.total, 2);
    assert.ok(page1.next_cursor);
    const page2 = await ok(funnelTenant, `${people}&step=2&limit=1&cursor=${page1.next_cursor}`);
    assert.equal(page2.next_cursor, null);
    const stopped = [...page1.items, ...page2.items].map((p: { user_id: string | null; external_user_id: string | null }) => p.user_id ?? p.external_user_id).sort();
    assert.deepEqual(stopped, [u.u2!.id, 'ext-1'].sort());
    const ext = [...page1.items, ...page2.items].find((p: { external_user_id: string | null }) => p.external_user_id === 'ext-1');
    assert.deepEqual(ext.reached_at, ['2026-10-11T08:00:00.000Z', '2026-10-11T09:00:00.000Z']);
  });

  it('refuses a cursor read with another step', async () => {
    const page1 = await ok(funnelTenant, `${people}&step=2&limit=1`);
    const res = await get(funnelTenant, `${people}&step=1&cursor=${page1.next_cursor}`);
    assert.deepEqual([res.statusCode, res.json().code], [400, 'invalid_cursor']);
  });
});

// ---- active users, live and rolled up --------------------------------------------------------------
// a, b in organisation X, c in none: Mon 11-02 a b; 11-03 a (twice); Mon 11-09 c; 11-10 a; 12-01 b
describe('GET /api/v1/analytics/active-users', () => {
  let t: Tenant;
  let users: Record<string, string>;
  let orgX: string;
  const DAILY = '/api/v1/analytics/active-users?from=2026-11-02&to=2026-11-10';
  const dailyCounts = [2, 1, 0, 0, 0, 0, 0, 1, 1];
  const counts = (body: { items: { active_users: number }[] }) => body.items.map((i) => i.active_users);

  before(async () => {
    t = await tenantWithKey();
    users = {};
    for (const name of ['a', 'b', 'c']) users[name] = (await env.user(t.id, 'member')).id;
    orgX = await organization(t, 'X', [users.a!, users.b!]);
    const at = (user: string, timestamp: string, event = 'page.viewed') => ({ event, user_id: users[user]!, timestamp });
    await track(t, [at('a', '2026-11-02T08:00:00Z'), at('b', '2026-11-02T23:59:59Z'), at('a', '2026-11-03T00:00:00Z'), at('a', '2026-11-03T12:00:00Z', 'service.created'), at('c', '2026-11-09T10:00:00Z'), at('a', '2026-11-10T10:00:00Z'), at('b', '2026-12-01T10:00:00Z')]);
  });

  it('counts distinct users per day, week and month, live before any rollup', async () => {
    const daily = await ok(t, DAILY);
    assert.deepEqual(
      daily.items.map((i: { bucket: string }) => i.bucket),
      ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09', '2026-11-10'],
    );
    assert.deepEqual(counts(daily), dailyCounts);
    assert.deepEqual(counts(await ok(t, '/api/v1/analytics/active-users?interval=week&from=2026-11-02&to=2026-11-15')), [2, 2]);
    assert.deepEqual(counts(await ok(t, '/api/v1/analytics/active-users?interval=month&from=2026-11-01&to=2026-12-01')), [3, 1]);
  });

  it('counts by organisation', async () => {
    const body = await ok(t, `${DAILY}&by=organization`);
    assert.deepEqual(
      body.items.map((i: { bucket: string; organization_id: string | null; organization_name: string | null; active_users: number }) => [i.bucket, i.organization_name, i.active_users]),
      [
        ['2026-11-02', 'X', 2],
        ['2026-11-03', 'X', 1],
        ['2026-11-09', null, 1],
        ['2026-11-10', 'X', 1],
      ],
    );
    assert.equal(body.items[0].organization_id, orgX);
  });

  it('counts the domain events of today: each user created and joined today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    // the admin, a, b, c were created today
    assert.deepEqual(counts(await ok(t, `/api/v1/analytics/active-users?from=${today}&to=${today}`)), [4]);
  });

  it('answers the same from the rollups, and sees an event sent late for a rolled day at once', async () => {
    const days = await rollUp(t);
    assert.ok(days >= 30, `rolled from the first event's day: ${days}`);
    const { rows } = await env.ctx.db.owner.query('select day::text, active_users, events from analytics_daily_totals where tenant_id = $1 order by day limit 3', [t.id]);
    assert.deepEqual(rows, [
      { day: '2026-11-02', active_users: 2, events: 2 },
      { day: '2026-11-03', active_users: 1, events: 2 },
      { day: '2026-11-09', active_users: 1, events: 1 },
    ]);
    assert.deepEqual(counts(await ok(t, DAILY)), dailyCounts);
    assert.deepEqual(counts(await ok(t, '/api/v1/analytics/active-users?interval=week&from=2026-11-02&to=2026-11-15')), [2, 2]);
    assert.deepEqual(counts(await ok(t, '/api/v1/analytics/active-users?interval=month&from=2026-11-01&to=2026-12-01')), [3, 1]);

    // c sends an event for 11-03, long rolled: read live until the next rollup rewrites the day
    await track(t, [{ event: 'page.viewed', user_id: users.c!, timestamp: '2026-11-03T05:00:00Z' }]);
    const stale = await env.ctx.db.owner.query('select stale_from::text from analytics_rollups where tenant_id = $1', [t.id]);
    assert.equal(stale.rows[0].stale_from, '2026-11-03');
    const late = [2, 2, 0, 0, 0, 0, 0, 1, 1];
    assert.deepEqual(counts(await ok(t, DAILY)), late);
    assert.deepEqual(counts(await ok(t, '/api/v1/analytics/active-users?interval=month&from=2026-11-01&to=2026-12-01')), [3, 1]);
    await rollUp(t);
    assert.equal((await env.ctx.db.owner.query('select stale_from from analytics_rollups where tenant_id = $1', [t.id])).rows[0].stale_from, null);
    assert.deepEqual(counts(await ok(t, DAILY)), late);
    // a rerun rewrites the same numbers
    await rollUp(t, '2026-11-01');
    assert.deepEqual(counts(await ok(t, DAILY)), late);
  });

  it('the view analytics_daily_active_users shows the same, and only the tenant’s own rows', async () => {
    const rows = await withTenant(env.ctx.db.app, t.id, async (tx) => (await tx.query(`select day::text, active_users from analytics_daily_active_users where tenant_id = $1 and day between '2026-11-02' and '2026-11-10' order by day`, [t.id])).rows);
    assert.deepEqual(rows, [
      { day: '2026-11-02', active_users: 2 },
      { day: '2026-11-03', active_users: 2 },
      { day: '2026-11-09', active_users: 1 },
      { day: '2026-11-10', active_users: 1 },
    ]);
    const leaked = await withTenant(env.ctx.db.app, funnelTenant.id, async (tx) => (await tx.query(`select count(*)::int as n from analytics_daily_active_users where tenant_id = $1`, [t.id])).rows[0].n);
    assert.equal(leaked, 0);
  });
});

// ---- onboarding completion by organisation, and per task by day -----------------------------------
describe('GET /api/v1/analytics/onboarding-completion and onboarding-funnel', () => {
  let t: Tenant;
  let users: Record<string, string>;
  let orgX: string;

  before(async () => {
    t = await tenantWithKey();
    users = {};
    for (const name of ['a', 'b', 'c']) users[name] = (await env.user(t.id, 'member')).id;
    orgX = await organization(t, 'X', [users.a!, users.b!]);
    const put = await env.inject({
      method: 'PUT',
      url: '/api/v1/tenant/checklists/start',
      token: t.admin.token,
      payload: {
        title: 'Get started',
        scope: 'user',
        tasks: [
          { slug: 'service', title: 'Create a service', rule: { kind: 'event', event: 'service.created' } },
          { slug: 'invite', title: 'Invite someone', rule: { kind: 'event', event: 'invite.sent' } },
          { slug: 'project', title: 'Keep a project', required: false, rule: { kind: 'live_count', object: 'project' } },
        ],
      },
    });
    assert.equal(put.statusCode, 200, put.body);
    await track(t, [
      { event: 'service.created', user_id: users.a! },
      { event: 'invite.sent', user_id: users.a! },
      { event: 'service.created', user_id: users.b! },
      { event: 'project.created', user_id: users.b! },
      { event: 'project.deleted', user_id: users.b! },
    ]);
  });

  it('gives the completion rate per organisation; users in none are one row', async () => {
    const body = await ok(t, '/api/v1/analytics/onboarding-completion?by=organization');
    // X: a (complete) and b; no organisation: the admin and c, neither complete
    assert.deepEqual(body.items, [
      { checklist_key: 'start', organization_id: orgX, organization_name: 'X', subjects: 2, completed: 1, completion_rate: 0.5 },
      { checklist_key: 'start', organization_id: null, organization_name: null, subjects: 2, completed: 0, completion_rate: 0 },
    ]);
    assert.deepEqual(await ok(t, '/api/v1/analytics/onboarding-completion', t.key), body);
  });

  it('gives per task how many had it complete today, as the view does', async () => {
    const body = await ok(t, '/api/v1/analytics/onboarding-funnel');
    const tasks = body.items.map((i: { task_slug: string; subjects: number; completed: number; completion_rate: number }) => [i.task_slug, i.subjects, i.completed, i.completion_rate]);
    // b's project was created and deleted: not complete
    assert.deepEqual(tasks, [
      ['service', 4, 2, 0.5],
      ['invite', 4, 1, 0.25],
      ['project', 4, 0, 0],
    ]);
    const view = await withTenant(env.ctx.db.app, t.id, async (tx) => (await tx.query('select task_slug, subjects, completed, completed_today from analytics_onboarding_funnel_today where tenant_id = $1 order by position', [t.id])).rows);
    assert.deepEqual(view, [
      { task_slug: 'service', subjects: 4, completed: 2, completed_today: 2 },
      { task_slug: 'invite', subjects: 4, completed: 1, completed_today: 1 },
      { task_slug: 'project', subjects: 4, completed: 0, completed_today: 0 },
    ]);
  });

  it('replays the task events for a past day: what was complete at its end', async () => {
    // history written as the evaluator writes it, on days gone by: c completed service on 11-15 and lost it on 11-20
    const change = (type: string, at: string) =>
      env.ctx.db.owner.query(`insert into events (tenant_id, type, subject_type, subject_id, actor, payload, occurred_at) values ($1, $2, 'user', $3, '{"kind": "system"}', jsonb_build_object('checklist', 'start', 'task', 'service', 'user_id', $3::text), $4)`, [t.id, type, users.c!, at]);
    await change('onboarding.task.completed', '2026-11-15T10:00:00Z');
    await change('onboarding.task.uncompleted', '2026-11-20T10:00:00Z');
    const at = async (date: string) => (await ok(t, `/api/v1/analytics/onboarding-funnel?date=${date}`)).items.map((i: { task_slug: string; completed: number }) => `${i.task_slug}:${i.completed}`);
    assert.deepEqual(await at('2026-11-14'), ['service:0', 'invite:0', 'project:0']);
    assert.deepEqual(await at('2026-11-15'), ['service:1', 'invite:0', 'project:0']);
    assert.deepEqual(await at('2026-11-20'), ['service:0', 'invite:0', 'project:0']);
  });

  it('the completion view under row-level security shows another tenant nothing', async () => {
    const own = await withTenant(env.ctx.db.app, t.id, async (tx) => (await tx.query('select count(*)::int as n from analytics_onboarding_completion_by_org where tenant_id = $1', [t.id])).rows[0].n);
    const other = await withTenant(env.ctx.db.app, funnelTenant.id, async (tx) => (await tx.query('select count(*)::int as n from analytics_onboarding_completion_by_org where tenant_id = $1', [t.id])).rows[0].n);
    assert.deepEqual([own, other], [2, 0]);
  });
});
