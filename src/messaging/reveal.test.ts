/**
 * EMBARK_OUTBOX_REVEAL_SECRETS, the development switch: with it on, a global admin can read what the
 * built-in outbox masked (a temporary password, an invitation link), and each reading is audited; with
 * it off (the default) nobody can.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { dispatchMessage, MASK } from './dispatch.ts';

let on: TestEnv;
let off: TestEnv;
before(async () => {
  on = await createTestEnv({ EMBARK_OUTBOX_REVEAL_SECRETS: 'true', EMBARK_PUBLIC_URL: 'https://embark.example.test' });
  off = await createTestEnv();
});
after(async () => {
  await on.close();
  await off.close();
});

async function invitedThroughOutbox(env: TestEnv) {
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  const created = await env.inject({ method: 'POST', url: '/api/v1/users', token: admin.token, payload: { email: `invited-${tenant.subdomain}@example.test`, role: 'member' } });
  assert.equal(created.statusCode, 201, created.body);
  const messageId = created.json().invitation.message_id;
  await dispatchMessage(env.ctx, tenant.id, messageId);
  return { tenant, admin, messageId };
}

describe('GET /api/v1/messages/:id/reveal', () => {
  it('shows a global admin the link the outbox masked, and records that it did', async () => {
    const { tenant, admin, messageId } = await invitedThroughOutbox(on);
    const { token } = await on.globalAdmin();
    const shown = await on.inject({ method: 'GET', url: `/api/v1/messages/${messageId}`, token: admin.token });
    assert.equal(shown.json().status, 'delivered');
    assert.ok(shown.json().content.includes(MASK));
    assert.equal(shown.json().revealable, true);
    const revealed = await on.inject({ method: 'GET', url: `/api/v1/messages/${messageId}/reveal`, token, tenantId: tenant.id });
    assert.equal(revealed.statusCode, 200, revealed.body);
    assert.match(revealed.json().content, /https:\/\/embark\.example\.test\/reset-password\?token=pwl_/);
    const { rows } = await on.ctx.db.owner.query(`select count(*)::int as n from audit_log where action = 'message.secrets_revealed' and target_id = $1`, [messageId]);
    assert.equal(rows[0].n, 1);
    // the tenant's own admin may not, nor anyone without X-Tenant-Id
    assert.equal((await on.inject({ method: 'GET', url: `/api/v1/messages/${messageId}/reveal`, token: admin.token })).statusCode, 403);
    assert.equal((await on.inject({ method: 'GET', url: '/api/v1/me', token })).json().server.outbox_reveal_secrets, true);
  });

  it("shows a global admin the temporary password of a CRM approval's welcome email, which crm_provision_contact queued itself", async () => {
    const tenant = await on.tenant();
    const staff = await on.user(tenant.id, 'staff');
    const contact = (await on.inject({ method: 'POST', url: '/api/v1/crm/contacts', token: staff.token, payload: { email: `approved-${tenant.subdomain}@example.test` } })).json().id;
    await on.inject({ method: 'POST', url: `/api/v1/crm/contacts/${contact}/status`, token: staff.token, payload: { status: 'qualified' } });
    const approved = await on.inject({ method: 'POST', url: `/api/v1/crm/contacts/${contact}/provision`, token: staff.token });
    assert.equal(approved.statusCode, 201, approved.body);
    const { rows } = await on.ctx.db.owner.query(`select id from messages where tenant_id = $1 and bundle = 'temporary_password_email'`, [tenant.id]);
    assert.equal(rows.length, 1);
    await dispatchMessage(on.ctx, tenant.id, rows[0].id);
    const { token } = await on.globalAdmin();
    const shown = await on.inject({ method: 'GET', url: `/api/v1/messages/${rows[0].id}`, token: staff.token });
    assert.ok(shown.json().content.includes(MASK));
    const revealed = await on.inject({ method: 'GET', url: `/api/v1/messages/${rows[0].id}/reveal`, token, tenantId: tenant.id });
    assert.equal(revealed.statusCode, 200, revealed.body);
    const password = /temporary password is:\s+(\S+)/.exec(revealed.json().content)?.[1] ?? '';
    assert.ok(password.length >= 16, revealed.json().content);
    const login = await on.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `approved-${tenant.subdomain}@example.test`, password, tenant: tenant.subdomain } });
    assert.equal(login.statusCode, 200, 'the revealed password is the one the account was made with');
  });

  it('reveals nothing while the switch is off (the default)', async () => {
    const { tenant, messageId } = await invitedThroughOutbox(off);
    const { token } = await off.globalAdmin();
    const res = await off.inject({ method: 'GET', url: `/api/v1/messages/${messageId}/reveal`, token, tenantId: tenant.id });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'reveal_disabled');
    const { rows } = await off.ctx.db.owner.query('select revealable_secrets_encrypted, secret_variables_encrypted from messages where id = $1', [messageId]);
    assert.deepEqual(rows[0], { revealable_secrets_encrypted: null, secret_variables_encrypted: null }, 'no copy of the link is kept');
  });
});
