import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

/** A user written by "another system" straight into the table, with a phone and signup metadata. */
async function userWithPhone(tenantId: string, phone: string | null) {
  const { rows } = await env.ctx.db.owner.query(`insert into users (tenant_id, email, phone, role, metadata) values ($1, $2, $3, 'member', $4) returning id`, [tenantId, `caller-${Math.random().toString(36).slice(2)}@example.test`, phone, { first_name: 'Grace', signup_mode: 'talent' }]);
  return rows[0].id as string;
}

describe('POST /api/v1/voice/enqueue', () => {
  it('queues a personalised onboarding call for a tenant admin', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const userId = await userWithPhone(tenant.id, '+15555550161');
    const res = await env.inject({ method: 'POST', url: '/api/v1/voice/enqueue', token: admin.token, payload: { user_id: userId } });
    assert.equal(res.statusCode, 202, res.body);
    const body = res.json();
    assert.equal(body.channel, 'voice');
    assert.equal(body.recipient, '+15555550161');
    assert.equal(body.bundle, 'onboarding_call_script');
    assert.equal(body.variables.first_name, 'Grace');
    const { rows } = await env.ctx.db.owner.query(`select 1 from graphile_worker.jobs where key = $1`, [`message:${body.id}`]);
    assert.equal(rows.length, 1);
  });

  it('is also allowed to a global admin acting in the tenant, and to no member', async () => {
    const tenant = await env.tenant();
    const userId = await userWithPhone(tenant.id, '+15555550162');
    const { token } = await env.globalAdmin();
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/voice/enqueue', token, tenantId: tenant.id, payload: { user_id: userId } })).statusCode, 202);
    const member = await env.user(tenant.id, 'member');
    const refused = await env.inject({ method: 'POST', url: '/api/v1/voice/enqueue', token: member.token, payload: { user_id: userId } });
    assert.equal(refused.statusCode, 403);
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from messages where user_id = $1 and artifacts ? 'manual'`, [userId]);
    assert.equal(rows[0].n, 1, 'the refused request queued nothing');
  });

  it('answers 409 for a user without a phone and 404 for another tenant’s user', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const adminB = await env.user(b.id, 'tenant_admin');
    const adminA = await env.user(a.id, 'tenant_admin');
    const noPhone = await userWithPhone(a.id, null);
    const withPhone = await userWithPhone(a.id, '+15555550163');
    const missing = await env.inject({ method: 'POST', url: '/api/v1/voice/enqueue', token: adminA.token, payload: { user_id: noPhone } });
    assert.equal(missing.statusCode, 409);
    assert.equal(missing.json().code, 'recipient_unreachable');
    const foreign = await env.inject({ method: 'POST', url: '/api/v1/voice/enqueue', token: adminB.token, payload: { user_id: withPhone } });
    assert.equal(foreign.statusCode, 404);
  });
});
