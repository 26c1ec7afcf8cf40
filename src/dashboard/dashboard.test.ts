import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { appendEvent } from '../events/events.service.ts';
import { MEMBER_FEED_TYPES } from './dashboard.service.ts';

let env: TestEnv;

interface Seeded {
  id: string;
  admin: { id: string; token: string };
  staff: { id: string; token: string };
  member: { id: string; email: string; token: string };
  failedMessageId: string;
  failedHireId: string;
  failedRunId: string;
}

/**
 * A tenant with `n` extra users (two of them created 10 days ago, so outside the recent window),
 * messages in each status, a checklist two of three subjects completed, and one failed thing of each
 * kind that needs attention. `n` differs per tenant, so a count that mixed them up would show.
 */
async function seed(n: number): Promise<Seeded> {
  const db = env.ctx.db.owner;
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  const staff = await env.user(tenant.id, 'staff');
  const member = await env.user(tenant.id, 'member');
  await db.query(`insert into users (tenant_id, email, role, created_at) select $1, 'person-' || g || '-' || $2 || '@example.test', 'member', case when g <= 2 then now() - interval '10 days' else now() end from generate_series(1, $3::int) g`, [tenant.id, tenant.subdomain, n]);
  await db.query(
    `insert into messages (tenant_id, channel, recipient, bundle, status, provider, last_error)
     select $1, 'email', 'someone@example.test', 'dashboard_test', s, 'outbox', case when s = 'failed' then 'mailbox unavailable' end
       from unnest(array['queued', 'sent', 'sent', 'delivered', 'delivered', 'delivered', 'cancelled']) s`,
    [tenant.id],
  );
  // a message that failed long ago: outside the recent counts, still needing attention
  await db.query(`insert into messages (tenant_id, channel, recipient, bundle, status, provider, created_at) values ($1, 'sms', '+15555550100', 'dashboard_test', 'failed', 'outbox', now() - interval '30 days')`, [tenant.id]);
  const { rows: failed } = await db.query(`insert into messages (tenant_id, channel, recipient, bundle, status, provider, last_error) values ($1, 'email', 'bounce@example.test', 'dashboard_test', 'failed', 'outbox', 'mailbox unavailable') returning id`, [tenant.id]);
  await db.query(`insert into checklists (tenant_id, key, version) values ($1, 'welcome', 1)`, [tenant.id]);
  await db.query(`insert into checklist_versions (tenant_id, key, version, title, scope, audience) values ($1, 'welcome', 1, 'Welcome', 'user', '{}')`, [tenant.id]);
  await db.query(
    `insert into onboarding_progress (tenant_id, subject_type, subject_id, checklist_key, version, done, required, completed_at)
     select $1, 'user', gen_random_uuid(), 'welcome', 1, case when g <= 2 then 2 else 1 end, 2, case when g <= 2 then now() end from generate_series(1, 3) g`,
    [tenant.id],
  );
  const runId = randomUUID();
  await db.query(`insert into job_runs (tenant_id, id, kind, subject_type, subject_id, state, last_error) values ($1, $2, 'hires.provision', 'hire', $3, 'failed', 'the directory refused the address')`, [tenant.id, runId, randomUUID()]);
  const { rows: hire } = await db.query(`insert into hires (tenant_id, first_name, last_name, personal_email, status, run_id) values ($1, 'Failed', 'Hire', 'failed.hire@example.test', 'failed', $2) returning id`, [tenant.id, runId]);
  const otherRun = randomUUID();
  await db.query(`insert into job_runs (tenant_id, id, kind, state, last_error) values ($1, $2, 'test.other', 'failed', 'out of attempts'), ($1, $3, 'test.other', 'succeeded', null)`, [tenant.id, otherRun, randomUUID()]);
  const hook = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: 'https://example.test/hooks' } });
  assert.equal(hook.statusCode, 201, hook.body);
  await db.query(`insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload, status, last_status_code) values ($1, $2, 'user.created', '{}', 'failed', 503), ($1, $2, 'user.created', '{}', 'succeeded', 200)`, [tenant.id, hook.json().id]);
  return { id: tenant.id, admin, staff, member, failedMessageId: failed[0].id, failedHireId: hire[0].id, failedRunId: otherRun };
}

let A: Seeded;
let B: Seeded;
before(async () => {
  env = await createTestEnv();
  A = await seed(5);
  B = await seed(11);
});
after(() => env?.close());

const dashboardOf = (token: string, tenantId?: string) => env.inject({ method: 'GET', url: '/api/v1/tenant/dashboard', token, ...(tenantId ? { tenantId } : {}) });

describe('the tenant dashboard', () => {
  it("counts the tenant's own users, signups, messages and onboarding, whoever of its staff asks", async () => {
    for (const [tenant, extra] of [
      [A, 5],
      [B, 11],
    ] as const) {
      for (const token of [tenant.admin.token, tenant.staff.token]) {
        const res = await dashboardOf(token);
        assert.equal(res.statusCode, 200, res.body);
        const d = res.json();
        // admin, staff and member, and the extra users
        assert.equal(d.users.total, 3 + extra);
        assert.equal(d.users.signups_recent, 3 + extra - 2);
        assert.equal(d.users.signups_by_day.length, 7);
        assert.equal(d.users.signups_by_day.at(-1).day, new Date().toISOString().slice(0, 10));
        assert.equal(
          d.users.signups_by_day.reduce((sum: number, day: { signups: number }) => sum + day.signups, 0),
          d.users.signups_recent,
        );
        // the failed message of 30 days ago is not in the recent counts; queued ones include the invitations of the users without a password
        assert.deepEqual({ ...d.messages.by_status, queued: undefined }, { queued: undefined, sending: 0, sent: 2, delivered: 3, failed: 1, needs_attention: 0, cancelled: 1 });
        const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from messages where tenant_id = $1 and status = 'queued' and created_at >= $2`, [tenant.id, d.since]);
        assert.ok(rows[0].n >= 1);
        assert.equal(d.messages.by_status.queued, rows[0].n);
        assert.deepEqual(d.onboarding, [{ key: 'welcome', title: 'Welcome', scope: 'user', subjects: 3, completed: 2, share: 2 / 3 }]);
      }
    }
  });

  it('lists what needs attention, newest first, each with what its page needs', async () => {
    const d = (await dashboardOf(A.admin.token)).json();
    const { failed_messages: messages, failed_provisioning: hires, failed_runs: runs, failed_webhook_deliveries: deliveries } = d.attention;
    assert.deepEqual([messages.count, messages.count_capped, messages.items.length], [2, false, 2]);
    assert.equal(messages.items[0].id, A.failedMessageId);
    assert.deepEqual([messages.items[0].recipient, messages.items[0].last_error, messages.items[1].channel], ['bounce@example.test', 'mailbox unavailable', 'sms']);
    assert.deepEqual(
      hires.items.map((h: { id: string; last_error: string }) => [h.id, h.last_error]),
      [[A.failedHireId, 'the directory refused the address']],
    );
    // the hire's run is shown by its hire, not twice
    assert.deepEqual(
      runs.items.map((r: { id: string; kind: string }) => [r.id, r.kind]),
      [[A.failedRunId, 'test.other']],
    );
    assert.deepEqual([deliveries.count, deliveries.items[0].last_status_code], [1, 503]);
  });

  it("shows a tenant nothing of another's", async () => {
    const a = (await dashboardOf(A.admin.token)).body;
    for (const id of [B.failedMessageId, B.failedHireId, B.failedRunId, B.id]) assert.ok(!a.includes(id), `${id} of B is not in A's dashboard`);
  });

  it('is there for a global admin acting as the tenant', async () => {
    const admin = await env.globalAdmin();
    const res = await dashboardOf(admin.token, B.id);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().users.total, 3 + 11);
    assert.equal(res.json().attention.failed_messages.items[0].id, B.failedMessageId);
    // without a tenant there is nothing to count
    assert.equal((await dashboardOf(admin.token)).statusCode, 400);
  });

  it('refuses members', async () => {
    const res = await dashboardOf(A.member.token);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'forbidden');
  });
});

describe("a member's own feed", () => {
  const feedOf = (token: string, query = '') => env.inject({ method: 'GET', url: `/api/v1/me/feed${query}`, token });

  before(async () => {
    const colleague = await env.user(A.id, 'member');
    const organizationId = randomUUID();
    await withTenant(env.ctx.db.app, A.id, async (tx) => {
      const actor = { kind: 'system' } as const;
      const me = A.member.id;
      await appendEvent(tx, A.id, { type: 'onboarding.task.completed', subject: { type: 'user', id: me }, actor, payload: { checklist: 'welcome', task: 'profile', user_id: me } });
      await appendEvent(tx, A.id, { type: 'message.sent', subject: { type: 'message', id: randomUUID() }, actor, payload: { channel: 'email', bundle: 'welcome_email', user_id: me } });
      // staff's note on the contact behind the account is for staff only
      await appendEvent(tx, A.id, { type: 'crm.contact.moved', subject: { type: 'contact', id: randomUUID() }, actor, payload: { from: 'onboarding', to: 'lost', note: 'staff-only note', user_id: me } });
      // the organisation's checklist names the member whose action it was: about the organisation, not them
      await appendEvent(tx, A.id, { type: 'onboarding.task.completed', subject: { type: 'organization', id: organizationId }, actor, payload: { checklist: 'team', task: 'invite', user_id: me, organization_id: organizationId } });
      await appendEvent(tx, A.id, { type: 'organization.member_added', subject: { type: 'organization', id: organizationId }, actor, payload: { organization_id: organizationId, user_id: me } });
      await appendEvent(tx, A.id, { type: 'onboarding.task.completed', subject: { type: 'user', id: colleague.id }, actor, payload: { checklist: 'welcome', task: 'colleague-task', user_id: colleague.id } });
    });
  });

  it("shows only the caller's own events, newest first, of the types a member is shown", async () => {
    const res = await feedOf(A.member.token);
    assert.equal(res.statusCode, 200, res.body);
    const feed = res.json();
    assert.deepEqual(
      feed.items.map((e: { type: string }) => e.type),
      ['organization.member_added', 'message.sent', 'onboarding.task.completed', 'onboarding.initialized', 'user.created'],
    );
    assert.ok(feed.items.every((e: { payload: { user_id: string } }) => e.payload.user_id === A.member.id));
    assert.ok(feed.items.every((e: { type: string }) => (MEMBER_FEED_TYPES as readonly string[]).includes(e.type)));
    assert.doesNotMatch(res.body, /staff-only note|colleague-task|invite/);
    assert.equal(feed.total, 5);
  });

  it('pages by cursor, and a cursor of the staff feed or of another member is refused', async () => {
    const first = (await feedOf(A.member.token, '?limit=3')).json();
    assert.equal(first.items.length, 3);
    const second = (await feedOf(A.member.token, `?limit=3&cursor=${first.next_cursor}`)).json();
    assert.deepEqual(
      second.items.map((e: { type: string }) => e.type),
      ['onboarding.initialized', 'user.created'],
    );
    assert.equal(second.next_cursor, null);
    const other = await feedOf(A.staff.token, `?limit=3&cursor=${first.next_cursor}`);
    assert.deepEqual([other.statusCode, other.json().code], [400, 'invalid_cursor']);
    const staffFeed = (await env.inject({ method: 'GET', url: '/api/v1/feed?limit=1', token: A.staff.token })).json();
    const foreign = await feedOf(A.member.token, `?cursor=${staffFeed.next_cursor}`);
    assert.deepEqual([foreign.statusCode, foreign.json().code], [400, 'invalid_cursor']);
  });

  it('takes no user to look at: the caller is the only subject', async () => {
    const res = await feedOf(A.member.token, `?user_id=${B.member.id}`);
    assert.equal(res.statusCode, 400, res.body);
    // staff have a feed of their own too; a member of B sees B's own only
    const b = (await feedOf(B.member.token)).json();
    assert.deepEqual(
      b.items.map((e: { type: string; payload: { user_id: string } }) => [e.type, e.payload.user_id]),
      [
        ['onboarding.initialized', B.member.id],
        ['user.created', B.member.id],
      ],
    );
  });
});
