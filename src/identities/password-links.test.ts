/**
 * Password reset and invitations, end to end: the link goes out by the tenant's email channel (a real
 * SMTP server here), is masked in the stored copy, works once, expires, gives way to a newer one, and
 * sets the password while ending every other session.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, SYSTEM_ACTOR, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { startSmtpFake, type SmtpFake } from '../../test/fakes/smtp.ts';
import { putChannel } from '../messaging/channels.service.ts';
import { dispatchMessage } from '../messaging/dispatch.ts';
import { MASK } from '../messaging/dispatch.ts';

const NEW_PASSWORD = 'a whole new passphrase';

let env: TestEnv;
let smtp: SmtpFake;
before(async () => {
  env = await createTestEnv({ EMBARK_PUBLIC_URL: 'https://embark.example.test' });
  smtp = await startSmtpFake();
});
after(async () => {
  await smtp.close();
  await env.close();
});

async function tenantWithMail() {
  const tenant = await env.tenant();
  await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'email', { provider: 'smtp', from: `hello@${tenant.subdomain}.example.test`, credentials: { host: smtp.host, port: smtp.port } });
  return tenant;
}

const ask = (body: Record<string, unknown>, ip = '192.0.2.10') => env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: body, remoteAddress: ip });

/** Waits for the link message of `bundle` to `recipient` to be queued, sends it, and reads the link from the email. */
async function deliveredLink(recipient: string, bundle: string): Promise<{ url: string; token: string; messageId: string }> {
  const deadline = Date.now() + 10_000;
  let row: { id: string; tenant_id: string } | undefined;
  while (!row) {
    ({
      rows: [row],
    } = await env.ctx.db.owner.query<{ id: string; tenant_id: string }>(`select id, tenant_id from messages where recipient = $1 and bundle = $2 and status = 'queued' order by created_at desc limit 1`, [recipient, bundle]));
    if (Date.now() > deadline) throw new Error(`no ${bundle} message to ${recipient}`);
    if (!row) await new Promise((r) => setTimeout(r, 20));
  }
  await dispatchMessage(env.ctx, row.tenant_id, row.id);
  const mail = [...smtp.messages].reverse().find((m) => m.to.includes(recipient));
  assert.ok(mail, `an email reached ${recipient}`);
  const url = /https:\/\/embark\.example\.test\/reset-password\?token=(pwl_[0-9a-f]{32}_[A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
  assert.ok(url, `the email carries the link: ${mail.text}`);
  return { url: url[0], token: decodeURIComponent(url[1]!), messageId: row.id };
}

describe('POST /api/v1/auth/password-reset', () => {
  it('answers 202 with the same body whether or not the account exists', async () => {
    const tenant = await tenantWithMail();
    const user = await env.user(tenant.id, 'member');
    const answers = await Promise.all([ask({ email: user.email, tenant: tenant.subdomain }, '192.0.2.11'), ask({ email: 'nobody@example.test', tenant: tenant.subdomain }, '192.0.2.12'), ask({ email: user.email, tenant: 'no-such-tenant' }, '192.0.2.13'), ask({ email: user.email }, '192.0.2.14')]);
    for (const res of answers) {
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json(), answers[0]!.json());
    }
    await deliveredLink(user.email, 'password_reset_email');
  });

  it('sends a link that sets the password once, ends the other sessions and signs in', async () => {
    const tenant = await tenantWithMail();
    const user = await env.user(tenant.id, 'member');
    assert.equal((await ask({ email: user.email, tenant: tenant.subdomain })).statusCode, 202);
    const { token, messageId } = await deliveredLink(user.email, 'password_reset_email');
    // the stored copy never shows the link
    const stored = await env.ctx.db.owner.query('select content, secret_variables_encrypted from messages where id = $1', [messageId]);
    assert.ok(!stored.rows[0].content.includes(token) && stored.rows[0].content.includes(MASK), stored.rows[0].content);
    assert.equal(stored.rows[0].secret_variables_encrypted, null, 'the link is forgotten once sent');

    const confirm = (password: string) => env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, new_password: password } });
    const done = await confirm(NEW_PASSWORD);
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(done.json().access_token);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: user.token })).statusCode, 401, 'the session from before is over');
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: done.json().access_token })).statusCode, 200);
    await env.login(user.email, NEW_PASSWORD, tenant.subdomain);
    const again = await confirm('yet another passphrase');
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().code, 'password_link_invalid');
  });

  it('lets a newer link replace an older one, and an expired link do nothing', async () => {
    const tenant = await tenantWithMail();
    const user = await env.user(tenant.id, 'member');
    await ask({ email: user.email, tenant: tenant.subdomain }, '192.0.2.20');
    const first = await deliveredLink(user.email, 'password_reset_email');
    await ask({ email: user.email, tenant: tenant.subdomain }, '192.0.2.20');
    const second = await deliveredLink(user.email, 'password_reset_email');
    assert.notEqual(first.token, second.token);
    const confirm = (token: string) => env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, new_password: NEW_PASSWORD } });
    assert.equal((await confirm(first.token)).json().code, 'password_link_invalid');
    await env.ctx.db.owner.query(`update password_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    assert.equal((await confirm(second.token)).json().code, 'password_link_invalid');
    await env.login(user.email, TEST_PASSWORD, tenant.subdomain);
  });

  it('is limited per account, saying when to retry', async () => {
    const tenant = await tenantWithMail();
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push((await ask({ email: 'limit@example.test', tenant: tenant.subdomain }, `192.0.2.${30 + i}`)).statusCode);
    assert.deepEqual(answers, [202, 202, 202, 202, 202, 429, 429]);
  });

  it('reaches a phone-only user by SMS through the tenant’s channel', async () => {
    const tenant = await env.tenant();
    const phone = '+15555550777';
    await env.ctx.db.owner.query(`insert into users (tenant_id, phone, role, password_hash) values ($1, $2, 'member', 'x')`, [tenant.id, phone]);
    assert.equal((await ask({ phone, tenant: tenant.subdomain })).statusCode, 202);
    const deadline = Date.now() + 10_000;
    let rows: { bundle: string; channel: string }[] = [];
    while (!rows.length && Date.now() < deadline) {
      ({ rows } = await env.ctx.db.owner.query(`select bundle, channel from messages where recipient = $1 and bundle like 'password_reset%'`, [phone]));
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(rows, [{ bundle: 'password_reset_sms', channel: 'sms' }]);
  });
});

describe('links that stop working', () => {
  it('once the password is set another way, or the account is disabled', async () => {
    const tenant = await tenantWithMail();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const created = await env.inject({ method: 'POST', url: '/api/v1/users', token: admin.token, payload: { email: 'spent@example.test', role: 'member' } });
    const invitation = await deliveredLink('spent@example.test', 'invitation_email');
    // the person ignores the invitation and asks for a reset instead
    await ask({ email: 'spent@example.test', tenant: tenant.subdomain }, '192.0.2.50');
    const reset = await deliveredLink('spent@example.test', 'password_reset_email');
    const confirm = (token: string, password = NEW_PASSWORD) => env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, new_password: password } });
    const signedIn = await confirm(reset.token);
    assert.equal(signedIn.statusCode, 200);
    assert.equal((await confirm(invitation.token, 'an attacker passphrase')).json().code, 'password_link_invalid', 'the older invitation is spent too');

    // a reset link asked for before the person changed their password
    await ask({ email: 'spent@example.test', tenant: tenant.subdomain }, '192.0.2.51');
    const before = await deliveredLink('spent@example.test', 'password_reset_email');
    const changed = await env.inject({ method: 'POST', url: '/api/v1/auth/password', token: signedIn.json().access_token, payload: { current_password: NEW_PASSWORD, new_password: 'a changed passphrase' } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((await confirm(before.token)).json().code, 'password_link_invalid', 'a change spends it');

    // a link sent before the account was disabled does not let it back in once enabled
    await ask({ email: 'spent@example.test', tenant: tenant.subdomain }, '192.0.2.52');
    const old = await deliveredLink('spent@example.test', 'password_reset_email');
    const id = created.json().id;
    await env.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, token: admin.token, payload: { disabled: true } });
    await env.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, token: admin.token, payload: { disabled: false } });
    assert.equal((await confirm(old.token)).json().code, 'password_link_invalid');
  });

  it('are sent to one person at most five times an hour', async () => {
    const tenant = await tenantWithMail();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const member = await env.user(tenant.id, 'member');
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await env.inject({ method: 'POST', url: `/api/v1/users/${member.id}/invite`, token: admin.token })).statusCode);
    assert.deepEqual(answers, [202, 202, 202, 202, 202, 429]);
  });
});

describe('invitations', () => {
  it('go to a user created without a password, who signs in by choosing one', async () => {
    const tenant = await tenantWithMail();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const created = await env.inject({ method: 'POST', url: '/api/v1/users', token: admin.token, payload: { email: 'invited@example.test', role: 'staff' } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().invitation.kind, 'invitation');
    assert.equal(created.json().must_change_password, false);
    const { token } = await deliveredLink('invited@example.test', 'invitation_email');
    const mail = [...smtp.messages].reverse().find((m) => m.to.includes('invited@example.test'))!;
    assert.match(mail.subject ?? '', /You are invited to/);
    const accepted = await env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, new_password: NEW_PASSWORD } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().user.role, 'staff');
    await env.login('invited@example.test', NEW_PASSWORD, tenant.subdomain);
  });

  it('can be sent again by an admin, as a reset link once the user has signed in', async () => {
    const tenant = await tenantWithMail();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const member = await env.user(tenant.id, 'member');
    const sent = await env.inject({ method: 'POST', url: `/api/v1/users/${member.id}/invite`, token: admin.token });
    assert.equal(sent.statusCode, 202, sent.body);
    assert.equal(sent.json().kind, 'reset', 'the member has signed in before');
    assert.equal(sent.json().channel, 'email');
    assert.ok(!sent.body.includes('pwl_'), 'the answer never carries the link');
    await deliveredLink(member.email, 'password_reset_email');
    const staff = await env.user(tenant.id, 'staff');
    assert.equal((await env.inject({ method: 'POST', url: `/api/v1/users/${member.id}/invite`, token: staff.token })).statusCode, 403);
  });
});
