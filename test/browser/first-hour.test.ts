/**
 * A newcomer's first hour in Chromium, with nothing but Embark itself (the built-in outbox, and the
 * development switch that reveals what it masks): the setup link creates the first global admin;
 * "Forgot password?" on a tenant's sign-in page sends a link that sets a new password; a user added
 * without a password chooses one from their invitation, which the global admin reads in the outbox.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { freePort } from '../net.ts';
import { issueSetupToken, setupUrl } from '../../src/identities/setup.service.ts';
import { dispatchDueMessages } from '../../src/messaging/messages.service.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, recordProblems, requireBrowser, skip } from './harness.ts';

describe('web UI: the first hour', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;
  let admin: Page;
  let problems: string[];
  const adminEmail = `first-${randomBytes(4).toString('hex')}@embark.test`;
  const adminPassword = `the very first passphrase ${randomBytes(3).toString('hex')}`;
  let tenant: { id: string; subdomain: string; name: string };

  async function newPage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  /** Chooses a password on the page a reset or invitation link opened, and lands signed in. */
  async function choosePassword(page: Page, password: string): Promise<void> {
    const form = page.getByRole('form', { name: 'Choose your password' });
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByLabel('Confirm password').fill(password);
    await form.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  /** The link in the newest message of `bundle` to `recipient`, sent through the outbox and revealed by the global admin. */
  async function linkIn(recipient: string, bundle: string): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await env.ctx.db.owner.query(`select 1 from messages where recipient = $1 and bundle = $2`, [recipient, bundle]);
      if (rows.length) break;
      if (Date.now() > deadline) throw new Error(`no ${bundle} to ${recipient}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await dispatchDueMessages(env.ctx, tenant.id, 100);
    const {
      rows: [message],
    } = await env.ctx.db.owner.query(`select id from messages where recipient = $1 and bundle = $2 order by created_at desc limit 1`, [recipient, bundle]);
    // as the global admin would: act as the tenant, open the message, reveal it
    await admin.goto(`${baseUrl}/messages/${message.id}`);
    await admin.getByRole('button', { name: 'Reveal masked secrets' }).click();
    const revealed = (await admin.getByTestId('message-revealed').textContent()) ?? '';
    const link = new RegExp(`${baseUrl.replace(/[.]/g, '\\.')}/reset-password\\?token=pwl_[A-Za-z0-9_%-]+`).exec(revealed);
    assert.ok(link, `the revealed message carries the link: ${revealed}`);
    return link[0];
  }

  before(async () => {
    requireBrowser();
    await buildWebUi();
    // links in messages name the public URL: the address this test's server listens on
    const port = await freePort();
    env = await createTestEnv({ EMBARK_OUTBOX_REVEAL_SECRETS: 'true', PORT: String(port), EMBARK_PUBLIC_URL: `http://127.0.0.1:${port}` });
    baseUrl = (await env.app.listen({ port, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    admin = await newPage();
    problems = recordProblems(admin);
  });

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  it('creates the first global admin from the setup link', async () => {
    const token = (await issueSetupToken(env.ctx))!;
    await admin.goto(setupUrl(env.ctx, token));
    const form = admin.getByRole('form', { name: 'Create the first administrator' });
    await form.getByLabel('Email').fill(adminEmail);
    await form.getByLabel('Password', { exact: true }).fill(adminPassword);
    await form.getByLabel('Confirm password').fill('not the same passphrase');
    await form.getByRole('button', { name: 'Create administrator' }).click();
    assert.match((await admin.getByTestId('setup-error').textContent()) ?? '', /confirmation differ/);
    await form.getByLabel('Password', { exact: true }).fill(adminPassword);
    await form.getByLabel('Confirm password').fill(adminPassword);
    await form.getByRole('button', { name: 'Create administrator' }).click();
    await admin.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor();
    assert.equal(await admin.getByTestId('current-user-email').textContent(), adminEmail);
    await admin.getByTestId('reveal-banner').waitFor();
    const { rows } = await env.ctx.db.owner.query('select email from platform_admins');
    assert.deepEqual(rows, [{ email: adminEmail }]);

    // the link is spent: opened again, it says setup is done
    const again = await newPage();
    await again.goto(setupUrl(env.ctx, token));
    await again.getByTestId('setup-done').waitFor();
    await again.context().close();
  });

  it('lets a tenant user who forgot their password set a new one from the emailed link', async () => {
    tenant = await env.tenant('Globex');
    const user = await env.user(tenant.id, 'staff');
    // the global admin acts as the tenant from now on, to read its outbox
    await admin.reload();
    await admin
      .getByTestId(`tenant-row-${tenant.subdomain}`)
      .getByRole('button', { name: `Act as ${tenant.name}` })
      .click();
    await admin.getByTestId('acting-banner').waitFor();

    const page = await newPage();
    await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    assert.equal(new URL(page.url()).pathname, `/t/${tenant.subdomain}/forgot-password`);
    const form = page.getByRole('form', { name: 'Ask for a reset link' });
    await form.getByLabel('Email').fill(user.email);
    await form.getByRole('button', { name: 'Send me a link' }).click();
    assert.match((await page.getByTestId('reset-sent').textContent()) ?? '', /if an account matches, a link to reset its password is on its way/);

    const link = await linkIn(user.email, 'password_reset_email');
    const newPassword = `a remembered passphrase ${randomBytes(3).toString('hex')}`;
    await page.goto(link);
    await choosePassword(page, newPassword);
    assert.equal(await page.getByTestId('current-user-email').textContent(), user.email);
    await env.login(user.email, newPassword, tenant.subdomain);
    await assert.rejects(env.login(user.email, TEST_PASSWORD, tenant.subdomain), /401/);
    // used once: opened again, the link is refused and says what to do
    const reuse = await newPage();
    await reuse.goto(link);
    const again = reuse.getByRole('form', { name: 'Choose your password' });
    await again.getByLabel('Password', { exact: true }).fill('yet another passphrase!');
    await again.getByLabel('Confirm password').fill('yet another passphrase!');
    await again.getByRole('button', { name: 'Save password and sign in' }).click();
    assert.match((await reuse.getByTestId('reset-password-error').textContent()) ?? '', /unknown, was used/);
    await page.context().close();
    await reuse.context().close();
  });

  it('invites a user added without a password, who chooses one from the invitation', async () => {
    const tenantAdmin = await env.user(tenant.id, 'tenant_admin');
    const page = await newPage();
    await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    const signIn = page.getByRole('form', { name: 'Sign in', exact: true });
    await signIn.getByLabel('Email').fill(tenantAdmin.email);
    await signIn.getByLabel('Password').fill(TEST_PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    const invitee = `invitee-${randomBytes(4).toString('hex')}@globex.test`;
    const form = page.getByRole('form', { name: 'Create user' });
    await form.getByLabel('Email').fill(invitee);
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.getByTestId(`user-row-${invitee}`).getByText('No password yet').waitFor();
    // and once more from the row: the newer invitation replaces the first
    await page.getByRole('button', { name: `Send invite or reset link to ${invitee}` }).click();
    assert.match((await page.getByTestId('users-notice').textContent()) ?? '', new RegExp(`An invitation is on its way to ${invitee.replace(/[.]/g, '\\.')} by email`));

    const link = await linkIn(invitee, 'invitation_email');
    const welcome = await newPage();
    await welcome.goto(link);
    await choosePassword(welcome, 'my own invited passphrase');
    assert.equal(await welcome.getByTestId('current-user-email').textContent(), invitee);
    const { rows } = await env.ctx.db.owner.query(`select action from audit_log where action like 'message.secrets_revealed' order by id`);
    assert.ok(rows.length >= 2, 'each reveal is in the audit log');
    await page.context().close();
    await welcome.context().close();
    assert.deepEqual(
      problems.filter((p) => !/401|403|404/.test(p)),
      [],
      'no console errors on the admin page',
    );
  });
});
