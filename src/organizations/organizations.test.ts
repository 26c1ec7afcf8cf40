import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
let tenantId: string;
let admin: { id: string; token: string };

before(async () => {
  env = await createTestEnv();
  tenantId = (await env.tenant()).id;
  admin = await env.user(tenantId, 'tenant_admin');
});
after(() => env.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, token = admin.token) => env.inject({ method, url, token, ...(payload ? { payload } : {}) });

describe('organisations', () => {
  it('are created, read, renamed and deleted, each change in the audit log', async () => {
    const created = await call('POST', '/api/v1/organizations', { name: 'Acme Ltd', external_id: 'acme-1' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.equal(created.json().member_count, 0);
    const renamed = await call('PATCH', `/api/v1/organizations/${id}`, { name: 'Acme Limited', external_id: null });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual([renamed.json().name, renamed.json().external_id], ['Acme Limited', null]);
    assert.equal((await call('DELETE', `/api/v1/organizations/${id}`)).statusCode, 204);
    assert.equal((await call('DELETE', `/api/v1/organizations/${id}`)).statusCode, 204, 'deleting again changes nothing');
    assert.equal((await call('GET', `/api/v1/organizations/${id}`)).json().code, 'organization_not_found');
    assert.equal((await call('DELETE', `/api/v1/organizations/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).json().code, 'organization_not_found');
    const { rows } = await env.ctx.db.owner.query(`select action from audit_log where tenant_id = $1 and target_id = $2 order by id`, [tenantId, id]);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['organization.created', 'organization.updated', 'organization.deleted'],
    );
  });

  it('keep external_id unique in the tenant, not across tenants', async () => {
    assert.equal((await call('POST', '/api/v1/organizations', { name: 'One', external_id: 'dup' })).statusCode, 201);
    const again = await call('POST', '/api/v1/organizations', { name: 'Two', external_id: 'dup' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'external_id_taken');
    const other = await env.tenant();
    const otherAdmin = await env.user(other.id, 'tenant_admin');
    assert.equal((await call('POST', '/api/v1/organizations', { name: 'Elsewhere', external_id: 'dup' }, otherAdmin.token)).statusCode, 201);
    const listed = await call('GET', '/api/v1/organizations?external_id=dup');
    assert.deepEqual(
      listed.json().items.map((o: { name: string }) => o.name),
      ['One'],
    );
  });

  it('hold each user at most once: putting a user in another organisation moves them', async () => {
    const user = await env.user(tenantId, 'member');
    const first = (await call('POST', '/api/v1/organizations', { name: 'First' })).json().id;
    const second = (await call('POST', '/api/v1/organizations', { name: 'Second' })).json().id;
    assert.equal((await call('PUT', `/api/v1/organizations/${first}/members/${user.id}`, { role: 'owner' })).json().member_count, 1);
    const moved = await call('PUT', `/api/v1/organizations/${second}/members/${user.id}`, {});
    assert.deepEqual(
      moved.json().members.map((m: { user_id: string; role: string }) => [m.user_id, m.role]),
      [[user.id, 'member']],
    );
    assert.equal((await call('GET', `/api/v1/organizations/${first}`)).json().member_count, 0);
    const removed = await call('DELETE', `/api/v1/organizations/${second}/members/${user.id}`);
    assert.equal(removed.json().member_count, 0);
    assert.equal((await call('DELETE', `/api/v1/organizations/${second}/members/${user.id}`)).statusCode, 200, 'one who is out stays out');
    const other = await env.tenant();
    const stranger = await env.user(other.id, 'member');
    assert.equal((await call('DELETE', `/api/v1/organizations/${second}/members/${stranger.id}`)).json().code, 'user_not_found');
  });

  it("refuse another tenant's user as a member", async () => {
    const other = await env.tenant();
    const stranger = await env.user(other.id, 'member');
    const organization = (await call('POST', '/api/v1/organizations', { name: 'Closed' })).json().id;
    const res = await call('PUT', `/api/v1/organizations/${organization}/members/${stranger.id}`, {});
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'user_not_found');
  });

  it('page by cursor, oldest first', async () => {
    const tenant = await env.tenant();
    const owner = await env.user(tenant.id, 'tenant_admin');
    for (const name of ['a', 'b', 'c']) await call('POST', '/api/v1/organizations', { name }, owner.token);
    const first = (await call('GET', '/api/v1/organizations?limit=2', undefined, owner.token)).json();
    assert.deepEqual([first.items.map((o: { name: string }) => o.name), first.total], [['a', 'b'], 3]);
    const next = (await call('GET', `/api/v1/organizations?limit=2&cursor=${first.next_cursor}`, undefined, owner.token)).json();
    assert.deepEqual([next.items.map((o: { name: string }) => o.name), next.next_cursor], [['c'], null]);
  });

  it('refuse members (403) and bad input (400), never 500', async () => {
    const member = await env.user(tenantId, 'member');
    assert.equal((await call('POST', '/api/v1/organizations', { name: 'Nope' }, member.token)).statusCode, 403);
    for (const payload of [{ name: '' }, { name: 'x'.repeat(201) }, { name: 'nul\u0000' }, { name: 'ok', external_id: 'y'.repeat(900_000) }, { name: 'ok', extra: 1 }]) {
      const res = await call('POST', '/api/v1/organizations', payload);
      assert.equal(res.statusCode, res.statusCode === 413 ? 413 : 400, `${JSON.stringify(payload).slice(0, 60)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    assert.equal((await call('PATCH', `/api/v1/organizations/${'9'.repeat(40)}`, { name: 'x' })).statusCode, 400);
  });
});

describe('a signup that names an organisation', () => {
  it('gets a new organisation owned by the new user, never an existing one of that name', async () => {
    const existing = (await call('POST', '/api/v1/organizations', { name: 'Globex' })).json().id;
    // as another system's insert (or a signup) would, with what the person typed as metadata
    const {
      rows: [user],
    } = await env.ctx.db.owner.query(`insert into users (tenant_id, email, role, metadata) values ($1, 'globex@example.test', 'member', '{"organization_name": "Globex"}') returning id`, [tenantId]);
    const { rows } = await env.ctx.db.owner.query(
      `select m.organization_id, m.role, o.name, o.created_by from organization_members m join organizations o on o.tenant_id = m.tenant_id and o.id = m.organization_id
        where m.tenant_id = $1 and m.user_id = $2`,
      [tenantId, user.id],
    );
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0].organization_id, existing);
    assert.deepEqual([rows[0].role, rows[0].name, rows[0].created_by], ['owner', 'Globex', user.id]);
    const { rows: events } = await env.ctx.db.owner.query(`select type, payload ->> 'user_id' as user_id from events where tenant_id = $1 and subject_type = 'organization' and subject_id = $2 order by id`, [tenantId, rows[0].organization_id]);
    assert.deepEqual(events, [
      { type: 'organization.created', user_id: null },
      { type: 'organization.member_added', user_id: user.id },
    ]);
  });
});
