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

describe('domain events for outbound webhooks', () => {
  it('delivers user.created and onboarding.initialized for a user inserted by another system, and tenant.updated for a profile change', async () => {
    const tenant = await env.tenant();
    const other = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const otherAdmin = await env.user(other.id, 'tenant_admin');
    const subscribe = (token: string) => env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token, payload: { url: 'https://hooks.example.test/events', event_types: ['user.created', 'onboarding.initialized', 'tenant.updated'] } });
    const endpoint = await subscribe(admin.token);
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    assert.equal((await subscribe(otherAdmin.token)).statusCode, 201);

    const {
      rows: [user],
    } = await env.ctx.db.owner.query(`insert into users (tenant_id, email, role, metadata) values ($1, 'direct@example.test', 'member', '{"first_name": "Direct"}') returning id`, [tenant.id]);
    const profile = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token: admin.token, payload: { business_name: 'Events Inc', website_url: null, phone_number: null, email: null } });
    assert.equal(profile.statusCode, 200, profile.body);

    const { rows } = await env.ctx.db.owner.query(`select tenant_id, event_type, payload from webhook_deliveries where endpoint_id = $1 order by created_at, id`, [endpoint.json().id]);
    assert.deepEqual(
      rows.map((r) => r.event_type),
      ['user.created', 'onboarding.initialized', 'tenant.updated'],
    );
    assert.equal(rows[0].payload.data.user_id, user.id);
    assert.equal(rows[1].payload.data.contact.status, 'queued');
    assert.equal(rows[2].payload.data.profile.business_name, 'Events Inc');
    const { rows: jobs } = await env.ctx.db.owner.query(`select count(*)::int as n from graphile_worker.jobs where key in (select 'webhook:' || id from webhook_deliveries where endpoint_id = $1)`, [endpoint.json().id]);
    assert.equal(jobs[0].n, 3, 'each delivery has its job');
    const { rows: leaked } = await env.ctx.db.owner.query(`select 1 from webhook_deliveries where tenant_id = $1 and payload::text like '%direct@example.test%'`, [other.id]);
    assert.equal(leaked.length, 0, 'the other tenant hears nothing of it');
  });
});
