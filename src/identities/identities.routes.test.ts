import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verify as argon2Verify } from '@node-rs/argon2';
import { createTestEnv, SYSTEM_ACTOR, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { createUser } from './users.service.ts';
import { generateTemporaryPassword } from './passwords.ts';
import { API_KEY_SCOPES } from './tokens.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv({ EMBARK_LOGIN_MAX_FAILURES: '3' });
});
after(async () => {
  await env.close();
});

const login = (payload: Record<string, unknown>, ip = '10.0.0.1') => env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress: ip });

describe('POST /api/v1/auth/login', () => {
  it('answers the same 401 for an unknown email, a wrong password and an unknown tenant', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const answers = await Promise.all([
      login({ email: 'nobody@example.test', password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.1.1'),
      login({ email: user.email, password: 'wrong password!', tenant: tenant.subdomain }, '10.0.1.2'),
      login({ email: user.email, password: TEST_PASSWORD, tenant: 'no-such-tenant' }, '10.0.1.3'),
      login({ email: user.email, password: TEST_PASSWORD }, '10.0.1.4'),
    ]);
    for (const res of answers) {
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'invalid_credentials');
      assert.equal(res.json().detail, 'the email, password or tenant is not right');
    }
  });

  it('finds the email case-insensitively and stores the password as argon2id at OWASP parameters', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'staff', 'Mixed.Case@Example.test');
    const res = await login({ email: 'mixed.case@example.TEST', password: TEST_PASSWORD, tenant: tenant.subdomain });
    assert.equal(res.statusCode, 200);
    const { rows } = await env.ctx.db.owner.query('select password_hash from users where id = $1', [user.id]);
    const [, algorithm, version, params] = rows[0].password_hash.split('$');
    assert.equal(algorithm, 'argon2id');
    assert.equal(version, 'v=19');
    assert.deepEqual(params.split(',').sort(), ['m=19456', 'p=1', 't=2']);
    assert.ok(await argon2Verify(rows[0].password_hash, TEST_PASSWORD));
  });

  it('locks an account after too many failures, even for the right password, and says when to retry', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    for (let i = 0; i < 3; i++) assert.equal((await login({ email: user.email, password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, `10.0.2.${i}`)).statusCode, 401);
    const locked = await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.2.9');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().code, 'too_many_attempts');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    // another account is not affected
    const other = await env.user(tenant.id, 'member');
    assert.equal((await login({ email: other.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.2.9')).statusCode, 200);
  });

  it('limits one address trying many accounts', async () => {
    const tenant = await env.tenant();
    for (let i = 0; i < 30; i++) await login({ email: `spray${i}@example.test`, password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, '10.0.3.1');
    const user = await env.user(tenant.id, 'member');
    const res = await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.3.1');
    assert.equal(res.statusCode, 429);
  });

  it('checks at most the limit of passwords for 200 concurrent wrong guesses at one account', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const answers = await Promise.all(Array.from({ length: 200 }, () => login({ email: user.email, password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, '10.1.6.1')));
    const checked = answers.filter((res) => res.statusCode === 401).length;
    assert.ok(checked >= 1 && checked <= 3, `${checked} passwords were checked; the limit is 3`);
    for (const res of answers) {
      if (res.statusCode === 401) continue;
      assert.equal(res.statusCode, 429, res.body);
      assert.ok(['too_many_attempts', 'too_many_requests'].includes(res.json().code), res.body);
      assert.ok(Number(res.headers['retry-after']) > 0);
    }
    // and the right password is refused too now: the account is locked
    assert.equal((await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.1.6.2')).statusCode, checked === 3 ? 429 : 200);
  });

  it('lets a user through an address locked by others’ failures from a browser they signed in from before', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const other = await env.user(tenant.id, 'member');
    const first = await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.1.7.9');
    const deviceToken = first.json().device_token;
    assert.match(deviceToken, /^dev_[A-Za-z0-9_-]{48}\.[A-Za-z0-9_-]{43}$/);
    const otherToken = (await login({ email: other.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.1.7.9')).json().device_token;
    // someone behind the office's address sprays passwords until the address is locked (3 × 10)
    for (let i = 0; i < 30; i++) await login({ email: `spray${i}@example.test`, password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, '10.1.7.1');
    const attempt = (token?: string) => login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain, ...(token ? { device_token: token } : {}) }, '10.1.7.1');
    assert.equal((await attempt()).statusCode, 429, 'a browser unknown to this account waits like the sprayer');
    assert.equal((await attempt(otherToken)).statusCode, 429, 'another user’s device token does not count');
    assert.equal((await attempt(deviceToken.slice(0, -2) + (deviceToken.endsWith('AA') ? 'AB' : 'AA'))).statusCode, 429, 'nor a forged one');
    assert.equal((await attempt(deviceToken + '=')).statusCode, 429, 'nor one with something appended');
    const known = await attempt(deviceToken);
    assert.equal(known.statusCode, 200, known.body);
    // a wrong password from the known browser still counts against the account
    assert.equal((await login({ email: user.email, password: 'wrong-wrong-wrong', tenant: tenant.subdomain, device_token: deviceToken }, '10.1.7.1')).statusCode, 401);
  });

  it('lets a user in from a browser they signed in from before while others have locked their account', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const deviceToken = (await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.1.9.1')).json().device_token;
    for (let i = 0; i < 3; i++) await login({ email: user.email, password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, `10.1.9.${10 + i}`);
    assert.equal((await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.1.9.2')).statusCode, 429, 'a new browser waits');
    const known = await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain, device_token: deviceToken }, '10.1.9.2');
    assert.equal(known.statusCode, 200, known.body);
    // and the known browser's own failures are limited on their own
    for (let i = 0; i < 3; i++) assert.equal((await login({ email: user.email, password: 'wrong-wrong-wrong', tenant: tenant.subdomain, device_token: deviceToken }, '10.1.9.3')).statusCode, 401);
    assert.equal((await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain, device_token: deviceToken }, '10.1.9.3')).statusCode, 429);
  });

  it('counts one person’s failures once, whether they are named by email or by phone', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    await env.ctx.db.owner.query(`update users set phone = '+15555550661' where id = $1`, [user.id]);
    const answers = [];
    for (let i = 0; i < 2; i++) answers.push((await login({ email: user.email, password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, `10.1.10.${i}`)).statusCode);
    for (let i = 0; i < 2; i++) answers.push((await login({ phone: '+15555550661', password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, `10.1.10.${5 + i}`)).statusCode);
    assert.deepEqual(answers, [401, 401, 401, 429]);
  });

  it('keeps serving another address’s login during a burst of anonymous logins from one address', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const burst = Array.from({ length: 300 }, (_, i) => login({ email: `burst${i}@example.test`, password: 'wrong-wrong-wrong', tenant: tenant.subdomain }, '10.1.8.1'));
    const mine = await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.1.8.2');
    assert.equal(mine.statusCode, 200, mine.body);
    const answers = await Promise.all(burst);
    const statuses = new Set(answers.map((res) => `${res.statusCode} ${res.json().code}`));
    for (const status of statuses) assert.ok(['401 invalid_credentials', '429 too_many_attempts', '429 too_many_requests'].includes(status), status);
    assert.ok(answers.filter((res) => res.statusCode === 401).length <= 30, 'no more password checks than the address limit');
  });

  it('refuses a disabled user like a wrong password', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const user = await env.user(tenant.id, 'member');
    assert.equal((await env.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, token: admin.token, payload: { disabled: true } })).statusCode, 200);
    assert.equal((await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.4.1')).statusCode, 401);
    const old = await env.inject({ method: 'GET', url: '/api/v1/me', token: user.token });
    assert.equal(old.statusCode, 401, 'disabling ends the sessions already open');
  });
});

describe('refresh tokens', () => {
  it('rotate: each works once, and presenting a used one revokes the whole session', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const first = (await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.5.1')).json();
    const { rows } = await env.ctx.db.owner.query('select token_hash from refresh_tokens where session_id = (select id from sessions order by created_at desc limit 1)');
    assert.equal(
      rows.some((r) => r.token_hash.toString('utf8').includes(first.refresh_token)),
      false,
      'only hashes are stored',
    );

    const second = await env.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: first.refresh_token } });
    assert.equal(second.statusCode, 200);
    assert.notEqual(second.json().refresh_token, first.refresh_token);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: second.json().access_token })).statusCode, 200);

    const replay = await env.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: first.refresh_token } });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().code, 'refresh_token_invalid');
    // the thief's replay ended the session: the legitimate, newer tokens stop working too
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: second.json().access_token })).statusCode, 401);
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: second.json().refresh_token } })).statusCode, 401);
  });

  it('logout revokes the session, and is idempotent', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const pair = (await login({ email: user.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.6.1')).json();
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refresh_token: pair.refresh_token } })).statusCode, 204);
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refresh_token: pair.refresh_token } })).statusCode, 204);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: pair.access_token })).statusCode, 401);
  });

  it('refuses a tampered or foreign access token', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const [header, payload] = user.token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'global_admin' })).toString('base64url')}.${user.token.split('.')[2]}`;
    const res = await env.inject({ method: 'GET', url: '/api/v1/admin/tenants', token: forged });
    assert.equal(res.statusCode, 401);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } })).statusCode, 401);
  });
});

describe('temporary passwords', () => {
  it('are 16+ characters with upper, lower, digit and symbol, and different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generateTemporaryPassword();
      assert.ok(password.length >= 16);
      assert.match(password, /[A-Z]/);
      assert.match(password, /[a-z]/);
      assert.match(password, /[0-9]/);
      assert.match(password, /[^A-Za-z0-9]/);
      seen.add(password);
    }
    assert.equal(seen.size, 200);
  });

  it('allow only POST /api/v1/auth/password until changed, and are never returned or logged', async () => {
    const tenant = await env.tenant();
    const { user, temporaryPassword } = await createUser(env.ctx, SYSTEM_ACTOR, tenant.id, { email: 'temp@example.test', role: 'staff' });
    assert.ok(temporaryPassword);
    const { rows } = await env.ctx.db.owner.query(`select (select row_to_json(u)::text from users u where id = $1) || (select coalesce(string_agg(details::text, ''), '') from audit_log) as text`, [user.id]);
    assert.equal(rows[0].text.includes(temporaryPassword), false);
    const pair = (await login({ email: 'temp@example.test', password: temporaryPassword, tenant: tenant.subdomain }, '10.0.7.1')).json();
    assert.equal(pair.must_change_password, true);
    for (const url of ['/api/v1/me', '/api/v1/users', '/api/v1/tenant/profile']) {
      const res = await env.inject({ method: 'GET', url, token: pair.access_token });
      assert.equal(res.statusCode, 403, url);
      assert.equal(res.json().code, 'password_change_required');
    }
    const wrong = await env.inject({ method: 'POST', url: '/api/v1/auth/password', token: pair.access_token, payload: { current_password: 'not it at all', new_password: 'a brand new passphrase' } });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().code, 'current_password_incorrect');
    const same = await env.inject({ method: 'POST', url: '/api/v1/auth/password', token: pair.access_token, payload: { current_password: temporaryPassword, new_password: temporaryPassword } });
    assert.equal(same.json().code, 'weak_password');
    const changed = await env.inject({ method: 'POST', url: '/api/v1/auth/password', token: pair.access_token, payload: { current_password: temporaryPassword, new_password: 'a brand new passphrase' } });
    assert.equal(changed.statusCode, 200);
    assert.equal(changed.json().must_change_password, false);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: changed.json().access_token })).statusCode, 200);
  });
});

describe('X-Tenant-Id', () => {
  it('lets a global admin act in a tenant, and records every such request with the admin’s id', async () => {
    const tenant = await env.tenant();
    const admin = await env.globalAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/users', token: admin.token, tenantId: tenant.id, payload: { email: 'made-by-admin@example.test', role: 'tenant_admin', password: TEST_PASSWORD } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().tenant_id, tenant.id);
    const { rows } = await env.ctx.db.owner.query(`select action, actor_user_id, impersonating, details from audit_log where tenant_id = $1 and impersonating order by id`, [tenant.id]);
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor_user_id]),
      [
        ['user.created', admin.id],
        ['impersonated_request', admin.id],
      ],
    );
    assert.equal(rows[1].details.status, 201);
  });

  it('is refused to everyone else with 403 impersonation_forbidden, and must name an existing tenant', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const adminA = await env.user(a.id, 'tenant_admin');
    const res = await env.inject({ method: 'GET', url: '/api/v1/users', token: adminA.token, tenantId: b.id });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'impersonation_forbidden');
    const { token } = await env.globalAdmin();
    const missing = await env.inject({ method: 'GET', url: '/api/v1/users', token, tenantId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'tenant_not_found');
    const malformed = await env.inject({ method: 'GET', url: '/api/v1/users', token, headers: { 'x-tenant-id': 'tenant-1' } });
    assert.equal(malformed.statusCode, 400);
    const without = await env.inject({ method: 'GET', url: '/api/v1/users', token });
    assert.equal(without.statusCode, 400);
    assert.equal(without.json().code, 'tenant_required');
  });
});

describe('/api/v1/users', () => {
  it('refuses a second user with the same email in a tenant, whatever its case, but not in another tenant', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const adminA = await env.user(a.id, 'tenant_admin');
    const adminB = await env.user(b.id, 'tenant_admin');
    const body = { email: 'Same@Example.test', role: 'member', password: TEST_PASSWORD };
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/users', token: adminA.token, payload: body })).statusCode, 201);
    const dupe = await env.inject({ method: 'POST', url: '/api/v1/users', token: adminA.token, payload: { ...body, email: 'same@example.TEST' } });
    assert.equal(dupe.statusCode, 409);
    assert.equal(dupe.json().code, 'email_taken');
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/users', token: adminB.token, payload: body })).statusCode, 201);
  });

  it('does not let staff create users, nor anyone create a global admin', async () => {
    const tenant = await env.tenant();
    const staff = await env.user(tenant.id, 'staff');
    const admin = await env.user(tenant.id, 'tenant_admin');
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/users', token: staff.token, payload: { email: 'x@example.test', role: 'member' } })).statusCode, 403);
    const escalate = await env.inject({ method: 'POST', url: '/api/v1/users', token: admin.token, payload: { email: 'y@example.test', role: 'global_admin' } });
    assert.equal(escalate.statusCode, 400);
    const patch = await env.inject({ method: 'PATCH', url: `/api/v1/users/${staff.id}`, token: admin.token, payload: { role: 'global_admin' } });
    assert.equal(patch.statusCode, 400);
  });
});

describe('GET /api/v1/users/:id', () => {
  it("tells the user's app role and signup mode from their signup, and their organisation as it changes", async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const call = async (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
      const res = await env.inject({ method, url, token: admin.token, ...(payload ? { payload } : {}) });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
      return res.json();
    };
    await call('PUT', '/api/v1/tenant/signup-settings', {
      self_signup_open: true,
      modes: [{ key: 'hirer', label: 'Hiring', role: 'hirer', template_variant: 'hirer' }],
      roles: [
        { key: 'member', label: 'Member', self_assignable: false },
        { key: 'hirer', label: 'Hirer', self_assignable: true },
      ],
      default_role: 'member',
      contact_policy: { channels: ['email'] },
    });
    const signup = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: tenant.subdomain, email: 'hirer@example.test', password: TEST_PASSWORD, metadata: { signup_mode: 'hirer' } } });
    assert.equal(signup.statusCode, 201, signup.body);
    const id = signup.json().id as string;
    const read = async () => (await env.inject({ method: 'GET', url: `/api/v1/users/${id}`, token: admin.token })).json();
    const before = await read();
    assert.deepEqual([before.app_role, before.signup_mode, before.organization], ['hirer', 'hirer', null]);

    const organization = await call('POST', '/api/v1/organizations', { name: 'Initech' });
    await call('PUT', `/api/v1/organizations/${organization.id}/members/${id}`, { role: 'admin' });
    assert.deepEqual((await read()).organization, { id: organization.id, name: 'Initech', role: 'admin' });
    await call('DELETE', `/api/v1/organizations/${organization.id}/members/${id}`);
    assert.equal((await read()).organization, null);

    // an admin-made user signed up with no mode
    const made = await env.user(tenant.id, 'member');
    const plain = (await env.inject({ method: 'GET', url: `/api/v1/users/${made.id}`, token: admin.token })).json();
    assert.equal(plain.signup_mode, null);
    assert.equal(plain.organization, null);
  });
});

describe('/api/v1/users/:id/sessions', () => {
  it("lists a user's open sessions and signs them out everywhere, keeping the admin's own current one", async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const member = await env.user(tenant.id, 'member');
    const again = await login({ email: member.email, password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.9.0.1');
    assert.equal(again.statusCode, 200, again.body);

    const listed = await env.inject({ method: 'GET', url: `/api/v1/users/${member.id}/sessions`, token: admin.token });
    assert.equal(listed.statusCode, 200, listed.body);
    const items: { ip: string | null; current: boolean }[] = listed.json().items;
    assert.equal(items.length, 2);
    assert.ok(items.every((s) => !s.current));
    assert.equal(items[0]!.ip, '10.9.0.1', 'newest first, with the address it signed in from');

    const ended = await env.inject({ method: 'DELETE', url: `/api/v1/users/${member.id}/sessions`, token: admin.token });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.deepEqual(ended.json(), { ended: 2 });
    for (const token of [member.token, again.json().access_token]) {
      assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token })).statusCode, 401);
    }
    assert.equal((await env.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: again.json().refresh_token } })).statusCode, 401);
    assert.deepEqual((await env.inject({ method: 'GET', url: `/api/v1/users/${member.id}/sessions`, token: admin.token })).json().items, []);
    const { rows } = await env.ctx.db.owner.query(`select actor_user_id, details from audit_log where tenant_id = $1 and action = 'user.sessions_revoked' and target_id = $2`, [tenant.id, member.id]);
    assert.deepEqual(rows, [{ actor_user_id: admin.id, details: { sessions: 2 } }]);

    const own = await env.inject({ method: 'GET', url: `/api/v1/users/${admin.id}/sessions`, token: admin.token });
    assert.deepEqual(
      own.json().items.map((s: { current: boolean }) => s.current),
      [true],
    );
    assert.deepEqual((await env.inject({ method: 'DELETE', url: `/api/v1/users/${admin.id}/sessions`, token: admin.token })).json(), { ended: 0 });
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: admin.token })).statusCode, 200, 'the admin is still signed in');
  });

  it("is for tenant admins only, and another tenant's user is not found", async () => {
    const tenant = await env.tenant();
    const staff = await env.user(tenant.id, 'staff');
    const member = await env.user(tenant.id, 'member');
    const other = await env.user((await env.tenant()).id, 'tenant_admin');
    for (const method of ['GET', 'DELETE'] as const) {
      assert.equal((await env.inject({ method, url: `/api/v1/users/${member.id}/sessions`, token: staff.token })).statusCode, 403);
      const foreign = await env.inject({ method, url: `/api/v1/users/${member.id}/sessions`, token: other.token });
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().code, 'user_not_found');
    }
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: member.token })).statusCode, 200, 'nothing ended');
  });
});

describe('/api/v1/tenant/api-keys', () => {
  it('shows a key once with its scopes, stores only its hash, and stops when revoked', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const created = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: 'CRM sync', scopes: ['users:read', 'users:read', 'messages:read'] } });
    assert.equal(created.statusCode, 201, created.body);
    const { id, key, scopes } = created.json();
    assert.match(key, new RegExp(`^emb_${tenant.id.replace(/-/g, '')}_[A-Za-z0-9]{8}_`));
    assert.deepEqual(scopes, ['messages:read', 'users:read']);
    const list = await env.inject({ method: 'GET', url: '/api/v1/tenant/api-keys', token: admin.token });
    assert.equal(list.body.includes(key), false);
    assert.deepEqual(list.json().items.find((k: { id: string }) => k.id === id).scopes, ['messages:read', 'users:read']);
    const { rows } = await env.ctx.db.owner.query('select key_hash from api_keys where id = $1', [id]);
    assert.equal(rows[0].key_hash.length, 32);
    const users = await env.inject({ method: 'GET', url: '/api/v1/users', token: key });
    assert.equal(users.statusCode, 200, users.body);
    assert.ok(
      users.json().items.some((u: { id: string }) => u.id === admin.id),
      'the key reads its own tenant',
    );
    assert.equal((await env.inject({ method: 'DELETE', url: `/api/v1/tenant/api-keys/${id}`, token: admin.token })).statusCode, 200);
    const revoked = await env.inject({ method: 'GET', url: '/api/v1/users', token: key });
    assert.equal(revoked.statusCode, 401);
    const wrong = await env.inject({ method: 'GET', url: '/api/v1/users', token: key.slice(0, -2) + 'xx' });
    assert.equal(wrong.statusCode, 401);
  });

  it('lists the scopes a key can be given, for tenant admins only', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const member = await env.user(tenant.id, 'member');
    const res = await env.inject({ method: 'GET', url: '/api/v1/tenant/api-keys/scopes', token: admin.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().items.map((s: { scope: string }) => s.scope),
      Object.keys(API_KEY_SCOPES),
    );
    assert.ok(res.json().items.every((s: { description: string }) => s.description.length > 0));
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/tenant/api-keys/scopes', token: member.token })).statusCode, 403);
  });

  it('needs a scope, and an unknown scope is refused', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    for (const payload of [{ name: 'no scopes' }, { name: 'empty', scopes: [] }, { name: 'admin', scopes: ['tenants:write'] }]) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
    }
  });

  it('calls a route only with the scope it declares, and never an admin route, whatever its scopes', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const member = await env.user(tenant.id, 'member');
    const make = async (scopes: string[]) => (await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: scopes.join(' '), scopes } })).json().key as string;
    const reader = await make(['users:read']);
    const everything = await make(['users:read', 'users:write', 'messages:read', 'messages:write']);

    const missing = await env.inject({ method: 'GET', url: '/api/v1/messages', token: reader });
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().code, 'scope_missing');
    assert.equal(missing.json().required_scope, 'messages:read');
    const patch = await env.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, token: reader, payload: { role: 'staff' } });
    assert.equal(patch.json().code, 'scope_missing');

    const written = await env.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, token: everything, payload: { role: 'staff' } });
    assert.equal(written.statusCode, 200, written.body);
    const created = await env.inject({ method: 'POST', url: '/api/v1/users', token: everything, payload: { email: 'from-the-backend@example.test', role: 'member' } });
    assert.equal(created.statusCode, 201, created.body);
    const { rows } = await env.ctx.db.owner.query(`select actor_kind from audit_log where action = 'user.created' and target_id = $1`, [created.json().id]);
    assert.deepEqual(rows, [{ actor_kind: 'api_key' }], 'the audit log says a key did it');

    // a tenant's backend manages its people, not its administrators
    const tenantAdminByKey = await env.inject({ method: 'POST', url: '/api/v1/users', token: everything, payload: { email: 'backdoor@example.test', role: 'tenant_admin', password: 'a backdoor passphrase' } });
    assert.equal(tenantAdminByKey.statusCode, 403, tenantAdminByKey.body);
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/users', token: everything, payload: { email: 'backdoor2@example.test', role: 'tenant_admin' } })).statusCode, 403);
    assert.equal((await env.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, token: everything, payload: { role: 'tenant_admin' } })).statusCode, 403);
    assert.equal((await env.inject({ method: 'PATCH', url: `/api/v1/users/${admin.id}`, token: everything, payload: { disabled: true } })).statusCode, 403, 'nor disable an admin');
    assert.equal((await env.inject({ method: 'PATCH', url: `/api/v1/users/${admin.id}`, token: everything, payload: { role: 'member' } })).statusCode, 403, 'nor demote one');
    assert.equal((await env.inject({ method: 'POST', url: `/api/v1/users/${admin.id}/invite`, token: everything })).statusCode, 403, 'nor send one links');
    assert.equal((await env.ctx.db.owner.query(`select count(*)::int as n from users where email like 'backdoor%'`)).rows[0].n, 0);

    for (const route of env.app.routeTable) {
      if (route.access.kind === 'tenant' && route.access.apiKey) continue;
      const res = await env.inject({ method: route.method as 'GET', url: route.url.replace(/:[A-Za-z]+/g, member.id), token: everything, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
      // the widget's routes take only embed tokens: a key is no credential there at all
      assert.ok(route.access.kind === 'public' || res.statusCode === 403 || (route.access.kind === 'embed' && res.statusCode === 401), `${route.method} ${route.url} answered ${res.statusCode} to an API key`);
    }
  });
});

describe('GET /api/v1/audit', () => {
  it('shows a tenant admin their tenant only, a global admin any, and staff nothing', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const adminA = await env.user(a.id, 'tenant_admin');
    await env.user(b.id, 'tenant_admin');
    const own = await env.inject({ method: 'GET', url: '/api/v1/audit', token: adminA.token });
    assert.equal(own.statusCode, 200);
    assert.ok(own.json().items.length > 0);
    assert.ok(own.json().items.every((e: { tenant_id: string }) => e.tenant_id === a.id));
    const { token } = await env.globalAdmin();
    const ofB = await env.inject({ method: 'GET', url: `/api/v1/audit?tenant_id=${b.id}`, token });
    assert.ok(ofB.json().items.length > 0 && ofB.json().items.every((e: { tenant_id: string }) => e.tenant_id === b.id));
    const staff = await env.user(a.id, 'staff');
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/audit', token: staff.token })).statusCode, 403);
    // /me says so too, so the console offers the log only to whom it answers
    const allowed = async (who: string) => ((await env.inject({ method: 'GET', url: '/api/v1/me', token: who })).json().allowed as string[]).includes('GET /api/v1/audit');
    assert.deepEqual([await allowed(adminA.token), await allowed(token), await allowed(staff.token)], [true, true, false]);
  });

  it('narrows the log to an actor, a target and a time range, and pages within the filter', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const made: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/users', token: admin.token, payload: { email: `audited-${n}@example.test`, role: 'member', password: TEST_PASSWORD } });
      made.push(res.json().id);
    }
    const get = async (query: string) => {
      const res = await env.inject({ method: 'GET', url: `/api/v1/audit?${query}`, token: admin.token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { items: { action: string; actor_user_id: string; target_id: string; created_at: string }[]; next_cursor: string | null };
    };
    const byAdmin = await get(`actor_user_id=${admin.id}&action=user.created`);
    assert.deepEqual(
      byAdmin.items.map((e) => e.target_id),
      [...made].reverse(),
    );
    const one = await get(`target_type=user&target_id=${made[1]}`);
    assert.deepEqual(
      one.items.map((e) => [e.action, e.target_id]),
      [['user.created', made[1]]],
    );
    const first = await get(`actor_user_id=${admin.id}&action=user.created&limit=2`);
    assert.equal(first.items.length, 2);
    const rest = await get(`actor_user_id=${admin.id}&action=user.created&limit=2&cursor=${first.next_cursor}`);
    assert.deepEqual(
      rest.items.map((e) => e.target_id),
      [made[0]],
    );
    // the middle entry's time, to the millisecond (the answer's precision): since takes it in, until leaves it out
    const middle = encodeURIComponent(byAdmin.items[1]!.created_at);
    assert.deepEqual(
      (await get(`action=user.created&since=${middle}`)).items.map((e) => e.target_id),
      [made[2], made[1]],
    );
    assert.deepEqual(
      (await get(`action=user.created&until=${middle}&actor_user_id=${admin.id}`)).items.map((e) => e.target_id),
      [made[0]],
    );
    const bad = await env.inject({ method: 'GET', url: '/api/v1/audit?since=yesterday', token: admin.token });
    assert.equal(bad.statusCode, 400);
    // a cursor belongs to its filter: another filter's page refuses it
    const other = await env.inject({ method: 'GET', url: `/api/v1/audit?limit=2&cursor=${first.next_cursor}`, token: admin.token });
    assert.equal(other.statusCode, 400);
  });

  it('is append-only, even for the application role', async () => {
    await assert.rejects(env.ctx.db.app.query('delete from audit_log'), /permission denied|append-only/);
    await assert.rejects(env.ctx.db.owner.query('update audit_log set action = $1', ['rewritten']), /append-only/);
  });
});

describe('POST /api/v1/auth/login with a phone number', () => {
  it('lets a tenant user who signed up with a phone only log in with it', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const settings = await env.inject({ method: 'PUT', url: '/api/v1/tenant/signup-settings', token: admin.token, payload: { self_signup_open: true, modes: [], roles: [{ key: 'member', label: 'Member', self_assignable: false }], default_role: 'member', contact_policy: { channels: ['sms'] } } });
    assert.equal(settings.statusCode, 200, settings.body);
    const signup = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: tenant.subdomain, phone: '+15555550177', password: TEST_PASSWORD, metadata: {} } });
    assert.equal(signup.statusCode, 201, signup.body);
    assert.equal(signup.json().email, null);

    const ok = await login({ phone: '+15555550177', password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.8.1');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().user.id, signup.json().id);
    const wrong = await login({ phone: '+15555550177', password: 'not the password', tenant: tenant.subdomain }, '10.0.8.2');
    assert.equal(wrong.statusCode, 401);
    assert.equal((await login({ phone: '+15555550177', password: TEST_PASSWORD }, '10.0.8.3')).statusCode, 401, 'a phone names a tenant user: the tenant is required');
    assert.equal((await login({ phone: '555-0177', password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.8.4')).statusCode, 400);
    assert.equal((await login({ email: 'x@example.test', phone: '+15555550177', password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.8.5')).statusCode, 400);
    assert.equal((await login({ password: TEST_PASSWORD, tenant: tenant.subdomain }, '10.0.8.6')).statusCode, 400);
  });
});
