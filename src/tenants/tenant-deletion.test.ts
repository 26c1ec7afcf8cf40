import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withSystem } from '../db/tx.ts';
import { eraseDueTenants } from './tenants.service.ts';

let env: TestEnv;
let global: { token: string };
before(async () => {
  env = await createTestEnv();
  global = await env.globalAdmin();
});
after(() => env.close());

const admin = (method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) => env.inject({ method, url, token: global.token, ...(payload ? { payload } : {}) });

/** Rows of the tenant in every table that has a tenant_id. */
async function rowsOf(tenantId: string): Promise<Record<string, number>> {
  return withSystem(env.ctx.db.owner, async (tx) => {
    const { rows: tables } = await tx.query<{ table_name: string }>(
      `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' and c.table_name not like 'tracked_events_%' order by 1`,
    );
    const out: Record<string, number> = {};
    for (const { table_name: table } of tables) {
      const { rows } = await tx.query(`select count(*)::int as n from "${table}" where tenant_id = $1`, [tenantId]);
      if (rows[0].n) out[table] = rows[0].n;
    }
    return out;
  });
}

describe('deleting a tenant', () => {
  it('locks it out at once, can be restored, and is erased with all its data after the grace period', async () => {
    const tenant = await env.tenant();
    const member = await env.user(tenant.id, 'member');
    const tenantAdmin = await env.user(tenant.id, 'tenant_admin');
    const key = (await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: tenantAdmin.token, payload: { name: 'k', scopes: ['events:write'] } })).json().key;
    await env.inject({ method: 'POST', url: '/api/v1/organizations', token: tenantAdmin.token, payload: { name: 'Org' } });
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/events', token: key, payload: { event: 'x.happened', user_id: member.id } })).statusCode, 200);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: member.token })).statusCode, 200);

    const marked = await admin('DELETE', `/api/v1/admin/tenants/${tenant.id}`);
    assert.equal(marked.statusCode, 202, marked.body);
    assert.equal(marked.json().is_active, false);
    const eraseAfter = Date.parse(marked.json().deletion.erase_after);
    assert.ok(Math.abs(eraseAfter - Date.now() - 7 * 86_400_000) < 60_000, 'erased after the default 7 days');
    assert.deepEqual((await admin('DELETE', `/api/v1/admin/tenants/${tenant.id}`)).json().deletion, marked.json().deletion, 'asking again changes nothing');
    for (const token of [member.token, key]) {
      const res = await env.inject({ method: 'GET', url: '/api/v1/me', token });
      assert.ok([401, 403].includes(res.statusCode), `${res.statusCode} ${res.body}`);
    }
    const activate = await admin('PATCH', `/api/v1/admin/tenants/${tenant.id}`, { is_active: true });
    assert.deepEqual([activate.statusCode, activate.json().code], [409, 'tenant_marked_for_deletion']);

    // restored: active again, as it was
    const restored = await admin('POST', `/api/v1/admin/tenants/${tenant.id}/restore`);
    assert.deepEqual([restored.statusCode, restored.json().is_active, restored.json().deletion], [200, true, null]);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: member.token })).statusCode, 200);
    assert.equal((await admin('POST', `/api/v1/admin/tenants/${tenant.id}/restore`)).json().code, 'tenant_not_marked_for_deletion');

    // marked again; the sweep before the grace period erases nothing, after it everything
    await admin('DELETE', `/api/v1/admin/tenants/${tenant.id}`);
    assert.ok(Object.keys(await rowsOf(tenant.id)).length > 5);
    assert.equal(await eraseDueTenants(env.ctx), 0);
    assert.equal(await eraseDueTenants(env.ctx, new Date(Date.now() + 8 * 86_400_000)), 1);
    assert.deepEqual(await rowsOf(tenant.id), {});
    assert.equal((await env.ctx.db.owner.query(`select count(*)::int as n from tracked_events where tenant_id = $1`, [tenant.id])).rows[0].n, 0);
    assert.equal((await admin('GET', `/api/v1/admin/tenants/${tenant.id}`)).statusCode, 404);
    assert.equal((await admin('POST', `/api/v1/admin/tenants/${tenant.id}/restore`)).json().code, 'tenant_not_found');
    // who did it stays in the global audit log
    const { rows } = await withSystem(env.ctx.db.owner, (tx) => tx.query(`select action, actor_kind from platform_audit_log where target_id = $1 order by id`, [tenant.id]));
    assert.deepEqual(
      rows.map((r) => `${r.action}:${r.actor_kind}`),
      ['tenant.deletion_requested:user', 'tenant.deletion_cancelled:user', 'tenant.deletion_requested:user', 'tenant.erased:system'],
    );
  });

  it('is for global admins only', async () => {
    const tenant = await env.tenant();
    const tenantAdmin = await env.user(tenant.id, 'tenant_admin');
    assert.equal((await env.inject({ method: 'DELETE', url: `/api/v1/admin/tenants/${tenant.id}`, token: tenantAdmin.token })).statusCode, 403);
    assert.equal((await admin('DELETE', `/api/v1/admin/tenants/00000000-0000-4000-8000-000000000000`)).json().code, 'tenant_not_found');
  });
});
