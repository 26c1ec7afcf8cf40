import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { startSmtpFake, type SmtpFake } from '../../test/fakes/smtp.ts';
import { putChannel } from './channels.service.ts';
import { dispatchMessage } from './dispatch.ts';
import { createUser } from '../identities/users.service.ts';
import { createContext, MODULES, moduleHooks } from '../modules.ts';
import { sendTemporaryPassword } from './user-hooks.ts';

let env: TestEnv;
let smtp: SmtpFake;
before(async () => {
  env = await createTestEnv();
  smtp = await startSmtpFake();
});
after(async () => {
  await smtp.close();
  await env.close();
});

// POST /api/v1/users without a password sends an invitation instead (src/identities/password-links.test.ts)
describe('a user created in-process without a password (the CLI, the demo)', () => {
  it('emails a temporary password to the user’s own inbox only, which logs in once and must be changed', async () => {
    const tenant = await env.tenant('Acme Staffing');
    const admin = await env.user(tenant.id, 'tenant_admin');
    await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'email', { provider: 'smtp', from: 'no-reply@acme.test', credentials: { host: smtp.host, port: smtp.port, ignore_tls: true } });

    const { user } = await createUser(env.ctx, SYSTEM_ACTOR, tenant.id, { email: 'new.hire@personal.test', role: 'staff' });
    assert.equal(user.must_change_password, true);

    const { rows } = await env.ctx.db.owner.query(`select id, tenant_id from messages where bundle = 'temporary_password_email' and user_id = $1`, [user.id]);
    assert.equal(rows.length, 1);
    await dispatchMessage(env.ctx, rows[0].tenant_id, rows[0].id);

    assert.equal(smtp.messages.length, 1);
    const mail = smtp.messages[0]!;
    assert.deepEqual(mail.envelope.rcptTo, ['new.hire@personal.test']);
    assert.equal(mail.subject, 'Your Acme Staffing account is ready');
    const password = /temporary password is:\s+(\S+)/.exec(mail.text ?? '')?.[1];
    assert.ok(password && password.length >= 16, 'the mail carries the generated password');
    assert.ok(mail.text?.includes(`Sign in at ${env.config.publicUrl}/t/${tenant.subdomain}/login.`), 'it links to the tenant’s own sign-in page');

    // nowhere else: not in the API's copy of the message, the audit log, or the database
    const shown = await env.inject({ method: 'GET', url: `/api/v1/messages/${rows[0].id}`, token: admin.token });
    assert.equal(shown.body.includes(password), false);
    const { rows: dump } = await env.ctx.db.owner.query(`select (select string_agg(row_to_json(m)::text, '') from messages m) || (select string_agg(row_to_json(a)::text, '') from audit_log a) as text`);
    assert.equal(dump[0].text.includes(password), false);

    const login = await env.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'new.hire@personal.test', password, tenant: tenant.subdomain } });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json().must_change_password, true);
    const token = login.json().access_token;
    const blocked = await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token });
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().code, 'password_change_required');
    const changed = await env.inject({ method: 'POST', url: '/api/v1/auth/password', token, payload: { current_password: password, new_password: 'a much better passphrase' } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token: changed.json().access_token })).statusCode, 200);
    smtp.assertNoViolations();
  });
});

describe('the user-created hook', () => {
  it('is declared by messaging in MODULES and reaches every context made from them, with no import needed', async () => {
    assert.deepEqual(moduleHooks().userCreated, [sendTemporaryPassword]);
    assert.equal(MODULES.find((m) => m.name === 'messaging')?.hooks?.userCreated, sendTemporaryPassword);
    const tenant = await env.tenant('Hookless');
    // a context made from modules that declare no hook sends nothing; the same call with MODULES sends one
    const bare = createContext(
      env.config,
      env.ctx.db,
      env.ctx.log,
      MODULES.filter((m) => m.name !== 'messaging'),
    );
    const { user: quiet } = await createUser(bare, SYSTEM_ACTOR, tenant.id, { email: 'quiet@personal.test', role: 'staff' });
    const { user: told } = await createUser(createContext(env.config, env.ctx.db, env.ctx.log), SYSTEM_ACTOR, tenant.id, { email: 'told@personal.test', role: 'staff' });
    const { rows } = await env.ctx.db.owner.query(`select user_id from messages where bundle = 'temporary_password_email' and tenant_id = $1`, [tenant.id]);
    assert.deepEqual(
      rows.map((r) => r.user_id),
      [told.id],
    );
    assert.notEqual(quiet.id, told.id);
  });
});
