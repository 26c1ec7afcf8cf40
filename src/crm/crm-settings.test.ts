import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { roleOf, TALENT_HIRER_SETTINGS, tenantWithSignup, type OnboardingTenant } from '../onboarding/test-fixtures.ts';

let env: TestEnv;
let tenant: OnboardingTenant;

before(async () => {
  env = await createTestEnv();
  tenant = await tenantWithSignup(env);
  // two checklists with different audiences: the mapped role decides which one a provisioned user gets
  for (const [key, audience] of [
    ['talent_start', { roles: ['talent'] }],
    ['hirer_start', { roles: ['hirer'], signup_modes: ['hirer'] }],
  ] as const) {
    const res = await env.inject({
      method: 'PUT',
      url: `/api/v1/tenant/checklists/${key}`,
      token: tenant.admin.token,
      payload: { title: key, scope: 'user', audience, tasks: [{ slug: 'intro', title: 'Read the introduction', rule: { kind: 'manual' } }] },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
});
after(() => env.close());

const settingsUrl = '/api/v1/tenant/crm-settings';
const put = (payload: object, token = tenant.admin.token) => env.inject({ method: 'PUT', url: settingsUrl, token, payload });

let contacts = 0;
async function approve(): Promise<{ userId: string; contactId: string }> {
  const email = `mapped-${++contacts}@example.test`;
  const id = (await env.inject({ method: 'POST', url: '/api/v1/crm/contacts', token: tenant.admin.token, payload: { first_name: 'Mapped', email } })).json().id;
  assert.equal((await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${id}/status`, token: tenant.admin.token, payload: { status: 'qualified' } })).statusCode, 200);
  const res = await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${id}/provision`, token: tenant.admin.token });
  assert.equal(res.statusCode, 201, res.body);
  return { userId: res.json().user_id, contactId: id };
}

async function checklistsOf(userId: string): Promise<string[]> {
  const res = await env.inject({ method: 'GET', url: `/api/v1/onboarding/status?user_id=${userId}`, token: tenant.admin.token });
  assert.equal(res.statusCode, 200, res.body);
  return res
    .json()
    .items.map((c: { key: string }) => c.key)
    .sort();
}

describe('the role a tenant maps contacts to', () => {
  it('is a member with the app role and mode of any new user until saved', async () => {
    const res = await env.inject({ method: 'GET', url: settingsUrl, token: tenant.admin.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { access_role: 'member', app_role: null, signup_mode: null, updated_at: null });
    const { userId } = await approve();
    assert.deepEqual(await roleOf(env, userId), { app: ['member'], access: 'member' });
    assert.deepEqual(await checklistsOf(userId), [], 'neither checklist is for the default role');
  });

  it("decides which checklists the provisioned user's onboarding is: the mapped role's, and no other", async () => {
    const saved = await put({ access_role: 'member', app_role: 'talent', signup_mode: null });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual([saved.json().app_role, saved.json().signup_mode], ['talent', null]);
    const talent = await approve();
    assert.deepEqual(await roleOf(env, talent.userId), { app: ['talent'], access: 'member' });
    assert.deepEqual(await checklistsOf(talent.userId), ['talent_start']);
    const { rows: source } = await env.ctx.db.owner.query('select source from role_assignments where user_id = $1', [talent.userId]);
    assert.deepEqual(source, [{ source: 'crm' }]);

    // the hirer checklist needs the role and the mode; a staff account this time
    assert.equal((await put({ access_role: 'staff', app_role: 'hirer', signup_mode: 'hirer' })).statusCode, 200);
    const hirer = await approve();
    assert.deepEqual(await roleOf(env, hirer.userId), { app: ['hirer'], access: 'staff' });
    assert.deepEqual(await checklistsOf(hirer.userId), ['hirer_start']);
    const { rows: state } = await env.ctx.db.owner.query('select signup_mode, role_key from onboarding_states where user_id = $1', [hirer.userId]);
    assert.deepEqual(state, [{ signup_mode: 'hirer', role_key: 'hirer' }]);
    const { rows: progress } = await env.ctx.db.owner.query('select subject_id, checklist_key, done, required from onboarding_progress where tenant_id = $1 and subject_id = any($2) order by checklist_key', [tenant.id, [talent.userId, hirer.userId]]);
    assert.deepEqual(
      progress.map((p) => [p.subject_id === talent.userId ? 'talent' : 'hirer', p.checklist_key, p.done, p.required]),
      [
        ['hirer', 'hirer_start', 0, 1],
        ['talent', 'talent_start', 0, 1],
      ],
    );
    // the mapping outlives nothing: a signup that follows is initialised as before
    const signup = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: tenant.subdomain, email: 'after-mapping@example.test', password: 'a long enough password', metadata: { signup_mode: 'talent' } } });
    assert.equal(signup.statusCode, 201, signup.body);
    const { rows: signed } = await env.ctx.db.owner.query("select r.source, r.role_key from role_assignments r join users u on u.id = r.user_id where u.email = 'after-mapping@example.test'");
    assert.deepEqual(signed, [{ source: 'signup', role_key: 'talent' }]);
  });

  it('is audited in the same transaction, with what it now is', async () => {
    assert.equal((await put({ access_role: 'member', app_role: 'moderator', signup_mode: 'insider' })).statusCode, 200);
    const { rows } = await env.ctx.db.owner.query(`select actor_user_id, details from audit_log where tenant_id = $1 and action = 'crm.settings_updated' order by id desc limit 1`, [tenant.id]);
    assert.deepEqual(rows, [{ actor_user_id: tenant.admin.id, details: { access_role: 'member', app_role: 'moderator', signup_mode: 'insider' } }]);
    const got = (await env.inject({ method: 'GET', url: settingsUrl, token: tenant.admin.token })).json();
    assert.deepEqual([got.access_role, got.app_role, got.signup_mode, typeof got.updated_at], ['member', 'moderator', 'insider', 'string']);
  });

  it("takes only the tenant's own roles and modes, member or staff, with a code for each refusal", async () => {
    const before = (await env.inject({ method: 'GET', url: settingsUrl, token: tenant.admin.token })).json();
    const role = await put({ access_role: 'member', app_role: 'astronaut', signup_mode: null });
    assert.deepEqual([role.statusCode, role.json().code], [422, 'crm_role_unknown']);
    assert.match(role.json().detail, /astronaut/);
    const mode = await put({ access_role: 'member', app_role: null, signup_mode: 'nowhere' });
    assert.deepEqual([mode.statusCode, mode.json().code], [422, 'crm_mode_unknown']);
    for (const payload of [
      { access_role: 'tenant_admin', app_role: null, signup_mode: null },
      { access_role: 'global_admin', app_role: null, signup_mode: null },
      { access_role: 'member', app_role: 'Not A Key', signup_mode: null },
      { access_role: 'member', app_role: null },
      { access_role: 'member', app_role: null, signup_mode: null, extra: true },
      { access_role: 'member', app_role: 7, signup_mode: null },
    ]) {
      const res = await put(payload);
      assert.deepEqual([res.statusCode, res.json().code], [400, 'validation_failed'], `${JSON.stringify(payload)}: ${res.body}`);
    }
    assert.deepEqual((await env.inject({ method: 'GET', url: settingsUrl, token: tenant.admin.token })).json(), before, 'nothing refused was saved');
  });

  it('refuses an approval while the mapping names what the signup settings no longer define (409), creating nothing', async () => {
    assert.equal((await put({ access_role: 'member', app_role: 'hirer', signup_mode: 'hirer' })).statusCode, 200);
    const without = { ...TALENT_HIRER_SETTINGS, modes: TALENT_HIRER_SETTINGS.modes.filter((m) => m.key !== 'hirer') };
    assert.equal((await env.inject({ method: 'PUT', url: '/api/v1/tenant/signup-settings', token: tenant.admin.token, payload: without })).statusCode, 200);
    const id = (await env.inject({ method: 'POST', url: '/api/v1/crm/contacts', token: tenant.admin.token, payload: { email: 'stale@example.test' } })).json().id;
    await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${id}/status`, token: tenant.admin.token, payload: { status: 'qualified' } });
    const refused = await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${id}/provision`, token: tenant.admin.token });
    assert.deepEqual([refused.statusCode, refused.json().code], [409, 'crm_settings_outdated']);
    assert.match(refused.json().detail, /signup mode "hirer"/);
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from users where tenant_id = $1 and email = 'stale@example.test'`, [tenant.id]);
    assert.equal(rows[0].n, 0);
    // the tenant admin fixes the mapping, and the approval goes through
    assert.equal((await put({ access_role: 'member', app_role: 'hirer', signup_mode: null })).statusCode, 200);
    assert.equal((await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${id}/provision`, token: tenant.admin.token })).statusCode, 201);
    await env.inject({ method: 'PUT', url: '/api/v1/tenant/signup-settings', token: tenant.admin.token, payload: TALENT_HIRER_SETTINGS });
  });

  it('is for tenant admins: members and staff get 403 on both routes', async () => {
    const member = await env.user(tenant.id, 'member');
    const staff = await env.user(tenant.id, 'staff');
    for (const who of [member, staff]) {
      assert.equal((await env.inject({ method: 'GET', url: settingsUrl, token: who.token })).statusCode, 403);
      assert.equal((await put({ access_role: 'staff', app_role: null, signup_mode: null }, who.token)).statusCode, 403);
    }
    const { rows } = await env.ctx.db.owner.query('select access_role from crm_settings where tenant_id = $1', [tenant.id]);
    assert.notEqual(rows[0]?.access_role, 'staff', 'nothing they sent was saved');
  });

  it("is each tenant's own", async () => {
    const other = await tenantWithSignup(env);
    assert.equal((await env.inject({ method: 'PUT', url: settingsUrl, token: other.admin.token, payload: { access_role: 'staff', app_role: 'talent', signup_mode: 'talent' } })).statusCode, 200);
    const mine = (await env.inject({ method: 'GET', url: settingsUrl, token: tenant.admin.token })).json();
    assert.notDeepEqual([mine.access_role, mine.app_role, mine.signup_mode], ['staff', 'talent', 'talent']);
  });
});
