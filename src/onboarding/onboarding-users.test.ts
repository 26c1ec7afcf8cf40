import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { dispatchMessage } from '../messaging/dispatch.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

describe('GET /api/v1/onboarding/users', () => {
  it("shows each user's app role, preferences and first contact, for staff, and only the tenant's own users", async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const staff = await env.user(a.id, 'staff');
    await env.ctx.db.owner.query(`insert into users (tenant_id, email, role, metadata) values ($1, 'grace@example.test', 'member', '{"first_name": "Grace", "signup_mode": "hirer"}')`, [a.id]);
    await env.user(b.id, 'member', 'other-tenant@example.test');
    const res = await env.inject({ method: 'GET', url: '/api/v1/onboarding/users', token: staff.token });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.total, 2);
    const grace = body.items.find((u: { email: string }) => u.email === 'grace@example.test');
    assert.equal(grace.first_name, 'Grace');
    assert.equal(grace.access_role, 'member');
    assert.ok(grace.app_role, 'an app role was assigned');
    assert.equal(grace.contact.status, 'queued');
    assert.equal(grace.contact.channel, 'email');
    const { rows } = await env.ctx.db.owner.query('select status from messages where id = $1', [grace.contact.message_id]);
    assert.equal(rows[0].status, grace.contact.message_status);
    assert.equal(res.body.includes('other-tenant@example.test'), false);
    const member = await env.user(a.id, 'member');
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/onboarding/users', token: member.token })).statusCode, 403);
  });

  it("shows the first contact's real status once its message is sent, here and on the user's onboarding", async () => {
    const tenant = await env.tenant();
    const staff = await env.user(tenant.id, 'staff');
    await env.ctx.db.owner.query(`insert into users (tenant_id, email, role) values ($1, 'lin@example.test', 'member'), ($1, 'nobody@example.test', 'member')`, [tenant.id]);
    // no channel reaches this one: what onboarding decided stays
    await env.ctx.db.owner.query(`update onboarding_states set contact_status = 'no_channel', contact_channel = null, contact_message_id = null where user_id = (select id from users where email = 'nobody@example.test')`);
    const contact = async (email: string) => {
      const res = await env.inject({ method: 'GET', url: '/api/v1/onboarding/users', token: staff.token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items.find((u: { email: string }) => u.email === email).contact;
    };
    const queued = await contact('lin@example.test');
    assert.deepEqual([queued.status, queued.message_status], ['queued', 'queued']);

    await dispatchMessage(env.ctx, tenant.id, queued.message_id);
    const delivered = await contact('lin@example.test');
    assert.deepEqual([delivered.status, delivered.message_status, delivered.channel], ['delivered', 'delivered', 'email']);
    assert.equal((await contact('nobody@example.test')).status, 'no_channel');

    const { rows } = await env.ctx.db.owner.query(`select id from users where email = 'lin@example.test'`);
    const one = await env.inject({ method: 'POST', url: `/api/v1/onboarding/initialize/${rows[0].id}`, token: (await env.user(tenant.id, 'tenant_admin')).token });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().onboarding.contact.status, 'delivered');
  });
});
