import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { updateTenant } from '../tenants/tenants.service.ts';
import { SIGNUP_REFUSAL_LIMIT } from './signup.service.ts';
import { ONCE, onboardingMessage, onboardingOf, onboardingRows, roleOf, tenantWithSignup, TALENT_HIRER_SETTINGS, type OnboardingTenant } from './test-fixtures.ts';

let env: TestEnv;
let tenant: OnboardingTenant;
before(async () => {
  env = await createTestEnv({ EMBARK_PASSWORD_HASH_QUEUE: '200' });
  tenant = await tenantWithSignup(env);
});
after(async () => {
  await env.close();
});

const PASSWORD = 'a long enough signup password';
let counter = 0;
const uniqueEmail = () => `signer${++counter}-${randomBytes(3).toString('hex')}@example.test`;
const uniquePhone = () => `+1555${String(Date.now() % 1_000_000).padStart(6, '0')}${String(++counter % 10)}`;

function signup(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: tenant.subdomain, password: PASSWORD, ...payload }, headers });
}

describe('POST /api/v1/auth/signup', () => {
  it("creates a member with a profile, preferences, the mode's role, a state and one queued call carrying the mode", async () => {
    const phone = '+15555550142';
    const res = await signup({ phone, metadata: { signup_mode: 'hirer', first_name: 'Grace', last_name: 'Hopper', organization_name: 'Hopper Labs' } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['created_at', 'email', 'id', 'phone', 'role', 'tenant_id'], 'the user, and no tokens');
    assert.equal(body.role, 'member');
    assert.equal(body.phone, phone);
    assert.equal(body.email, null);
    assert.equal(body.tenant_id, tenant.id);
    const onboarding = await onboardingOf(env, body.id);
    assert.equal(onboarding.signup_mode, 'hirer');
    assert.equal(onboarding.role, 'hirer');
    assert.deepEqual(onboarding.profile, { first_name: 'Grace', last_name: 'Hopper', organization_name: 'Hopper Labs' });
    assert.deepEqual(onboarding.preferences, { default_mode: 'hirer', last_mode: 'hirer' });
    assert.equal(onboarding.contact.status, 'queued');
    assert.equal(onboarding.contact.channel, 'voice');

    assert.deepEqual(await onboardingRows(env, body.id), ONCE);
    const message = await onboardingMessage(env, body.id);
    assert.equal(message.channel, 'voice');
    assert.equal(message.recipient, phone);
    assert.equal(message.bundle, 'onboarding_call_script');
    assert.equal(message.variant, 'hirer');
    assert.equal(message.status, 'queued');
    assert.deepEqual(message.artifacts, { signup_mode: 'hirer', role: 'hirer' });
    assert.deepEqual(message.variables, {
      first_name: 'Grace',
      last_name: 'Hopper',
      full_name: 'Grace Hopper',
      organization_name: 'Hopper Labs',
      signup_mode: 'hirer',
      business_name: `Tenant ${tenant.subdomain}`,
      tenant_name: `Tenant ${tenant.subdomain}`,
    });
    const { rows: jobs } = await env.ctx.db.owner.query(`select * from graphile_worker.jobs where task_identifier = 'dispatch_message' and key = $1`, ['message:' + onboarding.contact.message_id]);
    assert.equal(jobs.length, 1);
    const { rows: stored } = await env.ctx.db.owner.query('select metadata, password_hash is not null as has_password from users where id = $1', [body.id]);
    assert.deepEqual(stored[0].metadata, { signup_mode: 'hirer', first_name: 'Grace', last_name: 'Hopper', organization_name: 'Hopper Labs' });
    assert.equal(stored[0].has_password, true);
    const { rows: audit } = await env.ctx.db.owner.query(`select tenant_id, actor_user_id, actor_kind, details, host(ip) as ip, request_id from audit_log where action = 'user.signed_up' and target_id = $1`, [body.id]);
    assert.deepEqual(audit, [{ tenant_id: tenant.id, actor_user_id: body.id, actor_kind: 'user', details: { email: null, phone, signup_mode: 'hirer' }, ip: '127.0.0.1', request_id: res.headers['x-request-id'] }]);
  });

  it('uses the business name of the tenant profile in the message variables', async () => {
    await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token: tenant.admin.token, payload: { business_name: 'Northstar Search', website_url: null, phone_number: null, email: null } });
    const res = await signup({ email: uniqueEmail(), metadata: { signup_mode: 'talent', first_name: 'Ada' } });
    assert.equal(res.statusCode, 201, res.body);
    const message = await onboardingMessage(env, res.json().id);
    assert.equal(message.channel, 'email');
    assert.equal(message.bundle, 'onboarding_email');
    assert.equal(message.variant, 'talent');
    assert.equal(message.variables.business_name, 'Northstar Search');
    assert.equal(message.variables.full_name, 'Ada');
    assert.equal(message.variables.last_name, null);
  });

  it('gives an unknown mode, or none, the default role and the default wording, without an error', async () => {
    for (const metadata of [{ signup_mode: 'astronaut' }, {}, undefined]) {
      const res = await signup({ email: uniqueEmail(), ...(metadata ? { metadata } : {}) });
      assert.equal(res.statusCode, 201, res.body);
      const { id } = res.json();
      assert.deepEqual(await roleOf(env, id), { app: ['member'], access: 'member' });
      const message = await onboardingMessage(env, id);
      assert.equal(message.variant, '');
      assert.equal(message.artifacts.signup_mode, null);
      assert.deepEqual((await onboardingOf(env, id)).preferences, { default_mode: null, last_mode: null });
    }
  });

  it('never grants a role the tenant did not make self-assignable, and never an access role', async () => {
    const res = await signup({ email: uniqueEmail(), metadata: { signup_mode: 'insider' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(await roleOf(env, res.json().id), { app: ['member'], access: 'member' });
    assert.equal((await onboardingOf(env, res.json().id)).signup_mode, 'insider', 'the mode is still known, for the wording');

    for (const sneaky of [{ role: 'tenant_admin' }, { metadata: { signup_mode: 'talent', role: 'tenant_admin' } }]) {
      const refused = await signup({ email: uniqueEmail(), ...sneaky });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().code, 'validation_failed');
    }
  });

  it('answers 400 for a mode key with bad syntax, oversized or control-character names, and malformed phones', async () => {
    const bad: Record<string, unknown>[] = [
      { email: uniqueEmail(), metadata: { signup_mode: 'Talent' } },
      { email: uniqueEmail(), metadata: { signup_mode: 'x'.repeat(33) } },
      { email: uniqueEmail(), metadata: { signup_mode: 'tal ent' } },
      { email: uniqueEmail(), metadata: { first_name: 'A'.repeat(101) } },
      { email: uniqueEmail(), metadata: { organization_name: 'O'.repeat(201) } },
      { email: uniqueEmail(), metadata: { first_name: 'Line\nbreak' } },
      { email: uniqueEmail(), metadata: { last_name: 'Bell\u0007char' } },
      { email: uniqueEmail(), metadata: { first_name: '' } },
      { phone: '555-0123' },
      { phone: '15555550123' },
      { phone: '+0555550123' },
      { phone: '+1555' },
      { phone: '+1 555 555 0123' },
      { email: 'not-an-email' },
      {},
      { email: uniqueEmail(), password: 'short' },
    ];
    for (const payload of bad) {
      const res = await signup(payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed', JSON.stringify(payload));
    }
    // text PostgreSQL cannot store is refused before anything else looks at it
    for (const metadata of [{ last_name: 'Null\u0000byte' }, { first_name: 'Lone \ud800' }]) {
      const res = await signup({ email: uniqueEmail(), metadata });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'invalid_text', JSON.stringify(metadata));
    }
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from users where metadata ->> 'first_name' like 'Line%' or phone = '+1555'`);
    assert.equal(rows[0].n, 0);
  });

  it("stores markup in names as given and passes it to the message verbatim (escaping is the renderer's job)", async () => {
    const first = '<script>alert(1)</script>';
    const last = '</Say><Hangup/> & "Co"';
    const res = await signup({ phone: uniquePhone(), metadata: { signup_mode: 'talent', first_name: first, last_name: last, organization_name: '{{ business_name }}' } });
    assert.equal(res.statusCode, 201, res.body);
    const message = await onboardingMessage(env, res.json().id);
    assert.equal(message.variables.first_name, first);
    assert.equal(message.variables.last_name, last);
    assert.equal(message.variables.full_name, `${first} ${last}`);
    assert.equal(message.variables.organization_name, '{{ business_name }}');
    const { rows } = await env.ctx.db.owner.query('select first_name, last_name from user_profiles where user_id = $1', [res.json().id]);
    assert.deepEqual(rows[0], { first_name: first, last_name: last });
  });

  it('answers 409 email_taken and phone_taken for existing accounts, whatever the case of the email', async () => {
    const email = uniqueEmail();
    const phone = uniquePhone();
    assert.equal((await signup({ email, phone })).statusCode, 201);
    const again = await signup({ email: email.toUpperCase() });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'email_taken');
    const samePhone = await signup({ phone });
    assert.equal(samePhone.statusCode, 409, samePhone.body);
    assert.equal(samePhone.json().code, 'phone_taken');
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from users where tenant_id = $1 and (lower(email) = lower($2) or phone = $3)', [tenant.id, email, phone]);
    assert.equal(rows[0].n, 1);
  });

  it('lets phone-only and email-only accounts sit side by side (a null email or phone is not a duplicate)', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await signup({ phone: uniquePhone() })).statusCode, 201);
    for (let i = 0; i < 3; i++) assert.equal((await signup({ email: uniqueEmail() })).statusCode, 201);
  });

  it('answers 429 after repeated signups for existing accounts from one address, and not for new ones', async () => {
    const email = uniqueEmail();
    // an address of its own, so the other tests' refusals from 127.0.0.1 do not count
    const call = (payload: Record<string, unknown>, remoteAddress = '203.0.113.7') => env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: tenant.subdomain, password: PASSWORD, ...payload }, remoteAddress });
    assert.equal((await call({ email })).statusCode, 201);
    for (let i = 0; i < SIGNUP_REFUSAL_LIMIT; i++) assert.equal((await call({ email })).statusCode, 409);
    const limited = await call({ email });
    assert.equal(limited.statusCode, 429, limited.body);
    assert.equal(limited.json().code, 'too_many_attempts');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await call({ email: uniqueEmail() })).statusCode, 429, 'the address waits, whatever it tries');
    assert.equal((await call({ email: uniqueEmail() }, '203.0.113.8')).statusCode, 201, 'another address is not held up');
  });

  it('answers 403 signup_closed for a tenant that does not accept signups, and 404 for unknown or inactive tenants', async () => {
    const closed = await env.tenant();
    const res = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: closed.subdomain, email: uniqueEmail(), password: PASSWORD } });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'signup_closed');

    const unknown = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: 'no-such-tenant', email: uniqueEmail(), password: PASSWORD } });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'tenant_not_found');

    const inactive = await tenantWithSignup(env);
    await updateTenant(env.ctx, SYSTEM_ACTOR, inactive.id, { is_active: false });
    const refused = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: inactive.subdomain, email: uniqueEmail(), password: PASSWORD } });
    assert.equal(refused.statusCode, 404);
    assert.equal(refused.json().code, 'tenant_not_found');
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from users where tenant_id = any($1) and role = $2', [[closed.id, inactive.id], 'member']);
    assert.equal(rows[0].n, 0);
  });

  it('closes at once when the tenant closes signup or is deactivated, right after a signup went through', async () => {
    const t = await tenantWithSignup(env);
    const call = () => env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: t.subdomain, email: uniqueEmail(), password: PASSWORD } });
    assert.equal((await call()).statusCode, 201);
    const closed = await env.inject({ method: 'PUT', url: '/api/v1/tenant/signup-settings', token: t.admin.token, payload: { ...TALENT_HIRER_SETTINGS, self_signup_open: false } });
    assert.equal(closed.statusCode, 200);
    const refused = await call();
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().code, 'signup_closed');

    await env.inject({ method: 'PUT', url: '/api/v1/tenant/signup-settings', token: t.admin.token, payload: TALENT_HIRER_SETTINGS });
    assert.equal((await call()).statusCode, 201, 'reopening takes effect at once too');
    await updateTenant(env.ctx, SYSTEM_ACTOR, t.id, { is_active: false });
    const gone = await call();
    assert.equal(gone.statusCode, 404, gone.body);
    assert.equal(gone.json().code, 'tenant_not_found');
  });

  it('lets the signer log in with the email and password afterwards', async () => {
    const email = uniqueEmail();
    assert.equal((await signup({ email })).statusCode, 201);
    const token = await env.login(email, PASSWORD, tenant.subdomain);
    const me = await env.inject({ method: 'GET', url: '/api/v1/me', token });
    assert.equal(me.json().user.role, 'member');
  });

  it('initialises each of 100 concurrent signups exactly once', async () => {
    const concurrent = await tenantWithSignup(env);
    // from 100 addresses: one address may hash only a couple of passwords at once
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        env.inject({
          method: 'POST',
          url: '/api/v1/auth/signup',
          remoteAddress: `10.9.0.${i + 1}`,
          payload: { tenant: concurrent.subdomain, email: `crowd${i}@example.test`, ...(i % 2 ? { phone: `+1555700${String(i).padStart(4, '0')}` } : {}), password: PASSWORD, metadata: { signup_mode: i % 3 ? 'talent' : 'hirer', first_name: `Person ${i}` } },
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.statusCode).filter((s) => s !== 201),
      [],
    );
    const { rows } = await env.ctx.db.owner.query(
      `select (select count(*)::int from users where tenant_id = $1 and id <> $2) as users,
              (select count(*)::int from user_profiles where tenant_id = $1 and user_id <> $2) as profiles,
              (select count(*)::int from user_preferences where tenant_id = $1 and user_id <> $2) as preferences,
              (select count(*)::int from role_assignments where tenant_id = $1 and user_id <> $2) as roles,
              (select count(*)::int from onboarding_states where tenant_id = $1 and user_id <> $2 and contact_status = 'queued') as states,
              (select count(*)::int from messages where tenant_id = $1 and user_id <> $2 and related_type = 'onboarding') as messages,
              (select count(distinct user_id)::int from messages where tenant_id = $1 and user_id <> $2 and related_type = 'onboarding') as contacted,
              (select count(*)::int from graphile_worker.jobs j join messages m on j.key = 'message:' || m.id
                where j.task_identifier = 'dispatch_message' and m.tenant_id = $1 and m.user_id <> $2) as jobs`,
      [concurrent.id, concurrent.admin.id],
    );
    // the tenant admin, made by createUser, was initialised too; these count the 100 signers
    assert.deepEqual(rows[0], { users: 100, profiles: 100, preferences: 100, roles: 100, states: 100, messages: 100, contacted: 100, jobs: 100 });
    const { rows: channels } = await env.ctx.db.owner.query(`select channel, count(*)::int as n from messages where tenant_id = $1 and user_id <> $2 group by 1 order by 1`, [concurrent.id, concurrent.admin.id]);
    assert.deepEqual(channels, [
      { channel: 'email', n: 50 },
      { channel: 'voice', n: 50 },
    ]);
    const { rows: uninitialised } = await env.ctx.db.owner.query('select count(*)::int as n from users u where u.tenant_id = $1 and not exists (select 1 from onboarding_states s where s.user_id = u.id)', [concurrent.id]);
    assert.equal(uninitialised[0].n, 0);
  });
});

describe("the first contact follows the tenant's channel policy", () => {
  async function policyTenant(channels: string[]) {
    return tenantWithSignup(env, { ...TALENT_HIRER_SETTINGS, contact_policy: { channels } });
  }
  async function signupTo(t: OnboardingTenant, payload: Record<string, unknown>) {
    const res = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: t.subdomain, password: PASSWORD, metadata: { signup_mode: 'talent' }, ...payload } });
    assert.equal(res.statusCode, 201, res.body);
    return { user: res.json(), onboarding: await onboardingOf(env, res.json().id) };
  }

  it('calls a phone when voice is available, texts when voice is disabled, and never texts an opted-out number', async () => {
    const t = await policyTenant(['voice', 'sms', 'email']);
    const first = await signupTo(t, { phone: uniquePhone(), email: uniqueEmail() });
    assert.equal(first.onboarding.contact.channel, 'voice');

    await env.ctx.db.owner.query(`insert into channel_configs (tenant_id, channel, provider, enabled) values ($1, 'voice', 'twilio', false)`, [t.id]);
    const phone = uniquePhone();
    const texted = await signupTo(t, { phone });
    assert.equal(texted.onboarding.contact.channel, 'sms');
    const message = await onboardingMessage(env, texted.user.id);
    assert.equal(message.bundle, 'onboarding_sms');
    assert.equal(message.recipient, phone);

    const optedOut = uniquePhone();
    await env.ctx.db.owner.query('insert into sms_opt_outs (tenant_id, phone_number) values ($1, $2)', [t.id, optedOut]);
    const emailed = await signupTo(t, { phone: optedOut, email: uniqueEmail() });
    assert.equal(emailed.onboarding.contact.channel, 'email');
    assert.equal((await signupTo(t, { phone: uniquePhone() })).onboarding.contact.channel, 'sms', 'a number that did not opt out is texted');

    const nobody = uniquePhone();
    await env.ctx.db.owner.query('insert into sms_opt_outs (tenant_id, phone_number) values ($1, $2)', [t.id, nobody]);
    const silent = await signupTo(t, { phone: nobody });
    assert.equal(silent.onboarding.contact.status, 'no_channel');
    assert.equal(silent.onboarding.contact.message_id, null);
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from messages where user_id = $1', [silent.user.id]);
    assert.equal(rows[0].n, 0);
  });

  it('follows a reordered list, and sends nothing when the list is empty', async () => {
    const emailFirst = await policyTenant(['email', 'voice']);
    assert.equal((await signupTo(emailFirst, { phone: uniquePhone(), email: uniqueEmail() })).onboarding.contact.channel, 'email');
    assert.equal((await signupTo(emailFirst, { phone: uniquePhone() })).onboarding.contact.channel, 'voice');

    const quiet = await policyTenant([]);
    const res = await signupTo(quiet, { phone: uniquePhone(), email: uniqueEmail() });
    assert.equal(res.onboarding.contact.status, 'disabled_by_policy');
    const rows = await onboardingRows(env, res.user.id);
    assert.deepEqual(rows, { ...ONCE, messages: 0, jobs: 0 });
  });

  it('uses a channel the tenant configured and enabled', async () => {
    const t = await policyTenant(['sms', 'email']);
    await env.ctx.db.owner.query(`insert into channel_configs (tenant_id, channel, provider, from_address, enabled) values ($1, 'sms', 'twilio', '+15555559999', true)`, [t.id]);
    assert.equal((await signupTo(t, { phone: uniquePhone() })).onboarding.contact.channel, 'sms');
  });
});
