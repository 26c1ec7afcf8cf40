import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { ONCE, onboardingMessage, onboardingRows, roleOf, tenantWithSignup, type OnboardingTenant } from './test-fixtures.ts';

let env: TestEnv;
let tenant: OnboardingTenant;
before(async () => {
  env = await createTestEnv();
  tenant = await tenantWithSignup(env);
});
after(async () => {
  await env.close();
});

/** A connection as the database owner with nothing set: what another system sharing the database has. */
async function asOtherSystem<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: env.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('POST /api/v1/users (created by an admin)', () => {
  it('initialises the new user once, with the default role and an email contact', async () => {
    const res = await env.inject({ method: 'POST', url: '/api/v1/users', token: tenant.admin.token, payload: { email: 'made-by-admin@example.test', role: 'staff' } });
    assert.equal(res.statusCode, 201, res.body);
    const userId = res.json().id;
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
    assert.deepEqual(await roleOf(env, userId), { app: ['member'], access: 'staff' });
    const message = await onboardingMessage(env, userId);
    assert.equal(message.channel, 'email');
    assert.equal(message.bundle, 'onboarding_email');
    assert.equal(message.recipient, 'made-by-admin@example.test');
    assert.equal(message.variant, '');
  });
});

describe('a users row inserted with SQL by another system', () => {
  it('is initialised by the trigger although the session set no tenant', async () => {
    const userId = await asOtherSystem(async (client) => {
      const { rows: settings } = await client.query(`select current_setting('app.tenant_id', true) as tenant, current_setting('app.system', true) as system`);
      assert.ok(!settings[0].tenant && !settings[0].system, 'nothing is set on this session');
      const { rows } = await client.query(`insert into users (tenant_id, phone, role, metadata) values ($1, '+15555550123', 'member', '{"signup_mode": "hirer", "first_name": "Dorothy", "organization_name": "Vaughan & Co"}') returning id`, [tenant.id]);
      const { rows: after } = await client.query(`select coalesce(current_setting('app.system', true), '') as system`);
      assert.equal(after[0].system, '', 'the trigger left the session as it found it');
      return rows[0].id as string;
    });
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
    assert.deepEqual(await roleOf(env, userId), { app: ['hirer'], access: 'member' });
    const message = await onboardingMessage(env, userId);
    assert.equal(message.channel, 'voice');
    assert.equal(message.variant, 'hirer');
    assert.equal(message.variables.organization_name, 'Vaughan & Co');
    assert.deepEqual(message.artifacts, { signup_mode: 'hirer', role: 'hirer' });
  });

  it('initialises every row of a multi-row insert, and rolls back with the insert', async () => {
    await asOtherSystem(async (client) => {
      await client.query('begin');
      await client.query(`insert into users (tenant_id, email, role) select $1, 'rolled' || g || '@example.test', 'member' from generate_series(1, 3) g`, [tenant.id]);
      await client.query('rollback');
      await client.query(`insert into users (tenant_id, email, role) select $1, 'bulk' || g || '@example.test', 'member' from generate_series(1, 25) g`, [tenant.id]);
    });
    const { rows } = await env.ctx.db.owner.query(
      `select count(*)::int as users, count(s.user_id)::int as states, count(m.id)::int as messages
         from users u left join onboarding_states s on s.user_id = u.id left join messages m on m.id = s.contact_message_id
        where u.email like 'bulk%' or u.email like 'rolled%'`,
    );
    assert.deepEqual(rows[0], { users: 25, states: 25, messages: 25 });
    const { rows: orphans } = await env.ctx.db.owner.query(`select count(*)::int as n from messages where recipient like 'rolled%'`);
    assert.equal(orphans[0].n, 0);
  });

  it('skips global admins, which belong to no tenant', async () => {
    const admin = await env.globalAdmin();
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from onboarding_states where user_id = $1', [admin.id]);
    assert.equal(rows[0].n, 0);
  });

  it('refuses a row with neither email nor phone, and a malformed phone', async () => {
    await asOtherSystem(async (client) => {
      await assert.rejects(client.query(`insert into users (tenant_id, role) values ($1, 'member')`, [tenant.id]), /users_email_or_phone/);
      await assert.rejects(client.query(`insert into users (tenant_id, phone, role) values ($1, '555-0123', 'member')`, [tenant.id]), /users_phone_check/);
    });
  });
});

describe('initialize_user_onboarding()', () => {
  it('changes nothing when run again, in any context', async () => {
    const res = await env.inject({ method: 'POST', url: '/api/v1/users', token: tenant.admin.token, payload: { email: 'rerun@example.test', role: 'member' } });
    const userId = res.json().id;
    const before = await env.ctx.db.owner.query('select * from onboarding_states where user_id = $1', [userId]);
    const again = await withTenant(env.ctx.db.app, tenant.id, (tx) => tx.query('select initialize_user_onboarding($1) as done', [userId]));
    assert.equal(again.rows[0].done, false);
    const asOwner = await env.ctx.db.owner.query(`select initialize_user_onboarding($1) as done`, [userId]);
    assert.equal(asOwner.rows[0].done, false);
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
    assert.deepEqual((await env.ctx.db.owner.query('select * from onboarding_states where user_id = $1', [userId])).rows, before.rows);
  });

  it('runs concurrently for one user and creates everything once', async () => {
    const userId = await asOtherSystem(async (client) => {
      // the trigger disabled for this one insert, as a restore from a backup would leave a user
      await client.query('begin');
      await client.query('alter table users disable trigger on_user_created_onboarding');
      const { rows } = await client.query(`insert into users (tenant_id, email, role) values ($1, 'restored@example.test', 'member') returning id`, [tenant.id]);
      await client.query('alter table users enable trigger on_user_created_onboarding');
      await client.query('commit');
      return rows[0].id as string;
    });
    assert.deepEqual(await onboardingRows(env, userId), { profiles: 0, preferences: 0, roles: 0, states: 0, messages: 0, jobs: 0 });
    const results = await Promise.all(Array.from({ length: 5 }, () => withTenant(env.ctx.db.app, tenant.id, async (tx) => (await tx.query('select initialize_user_onboarding($1) as done', [userId])).rows[0].done)));
    assert.deepEqual(results.sort(), [false, false, false, false, true]);
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
  });

  it("cannot reach another tenant's user from a tenant's context", async () => {
    const other = await tenantWithSignup(env);
    const res = await env.inject({ method: 'POST', url: '/api/v1/users', token: other.admin.token, payload: { email: 'elsewhere@example.test', role: 'member' } });
    const otherUser = res.json().id;
    await env.ctx.db.owner.query('delete from onboarding_states where user_id = $1', [otherUser]);
    const done = await withTenant(env.ctx.db.app, tenant.id, async (tx) => (await tx.query('select initialize_user_onboarding($1) as done', [otherUser])).rows[0].done);
    assert.equal(done, false);
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from onboarding_states where user_id = $1', [otherUser]);
    assert.equal(rows[0].n, 0);
  });
});

describe('POST /api/v1/onboarding/initialize/:userId', () => {
  it('answers what exists for an initialised user and creates nothing twice', async () => {
    const created = await env.inject({ method: 'POST', url: '/api/v1/users', token: tenant.admin.token, payload: { email: 'endpoint@example.test', role: 'member' } });
    const userId = created.json().id;
    const res = await env.inject({ method: 'POST', url: `/api/v1/onboarding/initialize/${userId}`, token: tenant.admin.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().initialized_now, false);
    assert.equal(res.json().onboarding.user_id, userId);
    assert.equal(res.json().onboarding.role, 'member');
    assert.equal(res.json().onboarding.contact.channel, 'email');
    assert.equal(res.json().onboarding.contact.message_status, 'queued');
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
  });

  it('initialises a user whose onboarding is missing, once, for a tenant admin and a global admin', async () => {
    const userId = await asOtherSystem(async (client) => {
      await client.query('begin');
      await client.query('alter table users disable trigger on_user_created_onboarding');
      const { rows } = await client.query(`insert into users (tenant_id, phone, role, metadata) values ($1, '+15555550150', 'member', '{"signup_mode":"talent"}') returning id`, [tenant.id]);
      await client.query('alter table users enable trigger on_user_created_onboarding');
      await client.query('commit');
      return rows[0].id as string;
    });
    const first = await env.inject({ method: 'POST', url: `/api/v1/onboarding/initialize/${userId}`, token: tenant.admin.token });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().initialized_now, true);
    assert.equal(first.json().onboarding.role, 'talent');
    assert.equal(first.json().onboarding.contact.channel, 'voice');
    const { token } = await env.globalAdmin();
    const second = await env.inject({ method: 'POST', url: `/api/v1/onboarding/initialize/${userId}`, token, tenantId: tenant.id });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().initialized_now, false);
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from audit_log where action = 'onboarding.initialized' and target_id = $1`, [userId]);
    assert.equal(rows[0].n, 1);
  });

  it('answers 403 to a member and to staff, who cannot trigger onboarding or queue calls', async () => {
    const member = await env.user(tenant.id, 'member');
    const staff = await env.user(tenant.id, 'staff');
    for (const who of [member, staff]) {
      const res = await env.inject({ method: 'POST', url: `/api/v1/onboarding/initialize/${member.id}`, token: who.token });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().code, 'forbidden');
    }
  });

  it("answers 404 for another tenant's user and for an unknown id", async () => {
    const other = await tenantWithSignup(env);
    for (const id of [other.admin.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await env.inject({ method: 'POST', url: `/api/v1/onboarding/initialize/${id}`, token: tenant.admin.token });
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().code, 'user_not_found');
    }
  });
});
