/**
 * The web UI end to end: the built React app served by a listening Embark, driven by Debian's
 * Chromium through playwright-core, with assertions on the page and on the database rows behind it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, SYSTEM_ACTOR, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { createGlobalAdmin } from '../../src/identities/users.service.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, isCspViolation, recordProblems, requireBrowser, screenshots, seriousA11yProblems, skip } from './harness.ts';

/** No serious or critical axe violation, nothing wider than a phone, and a screenshot at both widths. */
async function checkPage(page: Page, name: string): Promise<void> {
  assert.deepEqual(await seriousA11yProblems(page), [], `${name}: axe-core found serious or critical violations`);
  const { overflow } = await screenshots(page, name);
  assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a 390px screen`);
}

describe('web UI', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;

  before(async () => {
    requireBrowser();
    // before the app is built: buildApp serves web/dist only if it exists then
    await buildWebUi();
    env = await createTestEnv();
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  describe('a global admin with a temporary password', () => {
    let page: Page;
    let problems: string[];
    let temporaryPassword: string;
    let adminId: string;
    const email = `root-${randomBytes(4).toString('hex')}@embark.test`;
    const newPassword = `a new and long passphrase ${randomBytes(4).toString('hex')}`;
    const subdomain = `acme-${randomBytes(4).toString('hex')}`;
    const tenantName = `Acme Robotics ${subdomain.slice(5)}`;
    const staffEmail = `pat-${randomBytes(4).toString('hex')}@acme.test`;

    /** Asserts that none of the secrets this flow handles is anywhere in the page's HTML. */
    async function assertNoSecretInHtml(): Promise<void> {
      const html = await page.content();
      assert.ok(!html.includes(temporaryPassword), 'the temporary password is in the page HTML');
      assert.ok(!html.includes(newPassword), 'the new password is in the page HTML');
      const stored = await page.evaluate(() => sessionStorage.getItem('embark.session'));
      if (stored) {
        const { access_token: access, refresh_token: refresh } = JSON.parse(stored) as { access_token: string; refresh_token: string };
        assert.ok(!html.includes(access), 'the access token is in the page HTML');
        assert.ok(!html.includes(refresh), 'the refresh token is in the page HTML');
      }
    }

    before(async () => {
      const created = await createGlobalAdmin(env.ctx, SYSTEM_ACTOR, { email });
      assert.ok(created.temporaryPassword, 'createGlobalAdmin without a password returns a temporary one');
      temporaryPassword = created.temporaryPassword;
      adminId = created.user.id;
      const context = await browser.newContext();
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      problems = recordProblems(page);
    });

    after(async () => {
      await page?.context().close();
    });

    it('finds a sign-in page that says which form is for whom: global admins here, with no organisation, everyone else at their own', async () => {
      await page.goto(baseUrl);
      await page.getByRole('heading', { name: 'Global administrators' }).waitFor();
      assert.match((await page.getByTestId('global-login-help').textContent()) ?? '', /global administrators belong to no organisation, so there is none to enter/);
      assert.match((await page.getByTestId('tenant-login-help').textContent()) ?? '', new RegExp(`has its own sign-in page, at ${baseUrl}/t/your-organisation/login`));
      const global = page.getByRole('form', { name: 'Sign in as a global administrator' });
      assert.deepEqual(await global.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name)), ['email', 'password'], "no tenant field in the global admins' form");
      assert.equal(await page.getByLabel(/optional/i).count(), 0, 'no field is labelled optional');
      await page.getByRole('form', { name: "Go to your organisation's sign-in page" }).getByLabel('Organisation').waitFor();
    });

    it("shows the server's detail when the password is wrong, and keeps the form", async () => {
      const form = page.getByRole('form', { name: 'Sign in as a global administrator' });
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Password').fill('not the password at all');
      await form.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByTestId('login-error');
      await alert.waitFor();
      assert.equal(await alert.textContent(), 'The email, password or tenant is not right.');
      assert.equal(await form.getByLabel('Password').inputValue(), '', 'the refused password is cleared');
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from platform_sessions where admin_id = $1', [adminId]);
      assert.equal(rows[0].n, 0);
    });

    it('signs in and is shown only the password change form', async () => {
      const form = page.getByRole('form', { name: 'Sign in as a global administrator' });
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Password').fill(temporaryPassword);
      await assertNoSecretInHtml();
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0, 'no navigation before the password is changed');
      assert.equal(await page.getByRole('heading', { name: 'Tenants' }).count(), 0);
      await assertNoSecretInHtml();
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from platform_sessions where admin_id = $1 and revoked_at is null', [adminId]);
      assert.equal(rows[0].n, 1, 'the login opened a session');
    });

    it('refuses a new password shorter than 12 characters without calling the server', async () => {
      const form = page.getByRole('form', { name: 'Change password' });
      await form.getByLabel('Current password').fill(temporaryPassword);
      await form.getByLabel('New password', { exact: true }).fill('too short');
      await form.getByLabel('Confirm new password').fill('too short');
      await form.getByRole('button', { name: 'Change password' }).click();
      const alert = page.getByTestId('password-error');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /at least 12 characters/);
      const { rows } = await env.ctx.db.owner.query('select must_change_password from platform_admins where id = $1', [adminId]);
      assert.equal(rows[0].must_change_password, true);
    });

    it('changes the temporary password and reaches the tenant list', async () => {
      const form = page.getByRole('form', { name: 'Change password' });
      await form.getByLabel('Current password').fill(temporaryPassword);
      await form.getByLabel('New password', { exact: true }).fill(newPassword);
      await form.getByLabel('Confirm new password').fill(newPassword);
      await assertNoSecretInHtml();
      await form.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor();

      assert.equal(await page.getByTestId('current-user-email').textContent(), email);
      assert.equal(await page.getByTestId('current-user-role').textContent(), 'Global admin');
      await page.getByTestId('current-tenant').getByText('none — global').waitFor();
      const { rows } = await env.ctx.db.owner.query(
        `select u.must_change_password, (select count(*)::int from platform_audit_log a where a.actor_user_id = u.id and a.action = 'auth.password_changed') as changes
           from platform_admins u where u.id = $1`,
        [adminId],
      );
      assert.deepEqual(rows[0], { must_change_password: false, changes: 1 });
      await assertNoSecretInHtml();
    });

    it('creates a tenant through the form and lists it', async () => {
      const form = page.getByRole('form', { name: 'Create tenant' });
      await form.getByLabel('Name').fill(tenantName);
      await form.getByLabel('Subdomain').fill(subdomain);
      await form.getByRole('button', { name: 'Create tenant' }).click();
      const row = page.getByTestId(`tenant-row-${subdomain}`);
      await row.waitFor();
      assert.equal(await row.getByRole('rowheader').textContent(), tenantName);
      assert.match((await row.textContent()) ?? '', /Active/);
      assert.equal(await page.getByTestId('tenants-notice').textContent(), `Created tenant ${tenantName} (${subdomain}).`);
      assert.equal(await form.getByLabel('Name').inputValue(), '', 'the form is cleared for the next tenant');

      const { rows } = await env.ctx.db.owner.query('select name, is_active from tenants where subdomain = $1', [subdomain]);
      assert.deepEqual(rows, [{ name: tenantName, is_active: true }]);
    });

    it('refuses a 5,000-character name in words under the field, keeping it whole and the page its width', async () => {
      const form = page.getByRole('form', { name: 'Create tenant' });
      const long = 'Acme '.repeat(1000);
      await form.getByLabel('Name').fill(long);
      await form.getByLabel('Subdomain').fill(`long-${subdomain}`);
      const problem = form.getByTestId('field-problem');
      await problem.getByText('Name must be at most 200 characters long; it has 5,000').waitFor();
      assert.equal((await form.getByLabel('Name').inputValue()).length, 5000, 'not cut by the browser');
      await form.getByRole('button', { name: 'Create tenant' }).click();
      await problem.getByText('Name must be at most 200 characters long', { exact: true }).waitFor();
      assert.doesNotMatch((await page.getByTestId('create-tenant-error').textContent()) ?? '', /must NOT|\/name|body/);
      assert.equal((await form.getByLabel('Name').inputValue()).length, 5000, 'kept after the refusal');
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from tenants where subdomain = $1', [`long-${subdomain}`]);
      assert.equal(rows[0].n, 0);
      await checkPage(page, 'tenants-error');
      await form.getByLabel('Name').fill('');
      await form.getByLabel('Subdomain').fill('');
    });

    it("shows the server's detail when the subdomain is taken", async () => {
      const form = page.getByRole('form', { name: 'Create tenant' });
      await form.getByLabel('Name').fill('Someone else');
      await form.getByLabel('Subdomain').fill(subdomain);
      await form.getByRole('button', { name: 'Create tenant' }).click();
      const alert = page.getByTestId('create-tenant-error');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', new RegExp(subdomain));
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from tenants where subdomain = $1', [subdomain]);
      assert.equal(rows[0].n, 1);
      await form.getByLabel('Name').fill('');
      await form.getByLabel('Subdomain').fill('');
    });

    it('says when no tenant matches the filter, and what to do', async () => {
      const filter = page.getByRole('search', { name: 'Filter tenants' });
      await filter.getByLabel('Name contains').fill('no tenant is called this');
      await filter.getByRole('button', { name: 'Filter' }).click();
      await page.getByTestId('tenants-empty').getByText("No tenant's name contains “no tenant is called this”. Clear the filter to see every tenant.").waitFor();
      assert.equal(await page.getByTestId('tenants-table').count(), 0);
      await checkPage(page, 'tenants-empty');
      await filter.getByLabel('Name contains').fill('');
      await filter.getByRole('button', { name: 'Filter' }).click();
      await page.getByTestId(`tenant-row-${subdomain}`).waitFor();
      await checkPage(page, 'tenants');
    });

    it('deactivates and reactivates the tenant', async () => {
      const row = page.getByTestId(`tenant-row-${subdomain}`);
      await row.getByRole('button', { name: `Deactivate ${tenantName}` }).click();
      await row.getByText('Inactive').waitFor();
      let { rows } = await env.ctx.db.owner.query('select is_active from tenants where subdomain = $1', [subdomain]);
      assert.equal(rows[0].is_active, false);

      await row.getByRole('button', { name: `Activate ${tenantName}` }).click();
      await row.getByText('Active', { exact: true }).waitFor();
      ({ rows } = await env.ctx.db.owner.query('select is_active from tenants where subdomain = $1', [subdomain]));
      assert.equal(rows[0].is_active, true);
    });

    it('deletes the tenant after a confirmation, and restores it before it is erased', async () => {
      const row = page.getByTestId(`tenant-row-${subdomain}`);
      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: `Delete ${tenantName}` }).click();
      await row.getByText(/^Deleted: erased /).waitFor();
      await page
        .getByTestId('tenants-notice')
        .getByText(/is marked for deletion/)
        .waitFor();
      let { rows } = await env.ctx.db.owner.query('select is_active, erase_after from tenants where subdomain = $1', [subdomain]);
      assert.equal(rows[0].is_active, false);
      assert.ok(rows[0].erase_after);
      await checkPage(page, 'tenants-deleted');

      await row.getByRole('button', { name: `Restore ${tenantName}` }).click();
      await row.getByText('Active', { exact: true }).waitFor();
      ({ rows } = await env.ctx.db.owner.query('select is_active, erase_after from tenants where subdomain = $1', [subdomain]));
      assert.deepEqual(rows[0], { is_active: true, erase_after: null });
    });

    it('acts as the tenant, with a visible banner', async () => {
      await page
        .getByTestId(`tenant-row-${subdomain}`)
        .getByRole('button', { name: `Act as ${tenantName}` })
        .click();
      const banner = page.getByTestId('acting-banner');
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', new RegExp(`Acting as ${tenantName}`));
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      await page.getByTestId('current-tenant').getByText(`${tenantName} (${subdomain})`).waitFor();
      // a new tenant has nobody yet: the list says so, and what to do next
      await page
        .getByTestId('users-empty')
        .getByText(/No users in this tenant yet\. Add the first one above/)
        .waitFor();
      await checkPage(page, 'users-empty');
    });

    it('creates a user in that tenant through the form and lists it with its role', async () => {
      const form = page.getByRole('form', { name: 'Create user' });
      assert.match((await form.textContent()) ?? '', /emails them an invitation link to choose their own password/);
      await form.getByLabel('Email').fill(staffEmail);
      await form.getByLabel('Role').selectOption('staff');
      await form.getByRole('button', { name: 'Add user' }).click();
      const row = page.getByTestId(`user-row-${staffEmail}`);
      await row.waitFor();
      assert.equal(await row.getByTestId('user-role').textContent(), 'Staff');
      assert.match((await row.textContent()) ?? '', /No password yet/);
      assert.match((await page.getByTestId('users-notice').textContent()) ?? '', new RegExp(`An invitation to choose a password is on its way to ${staffEmail.replace(/[.]/g, '\\.')}`));

      const { rows } = await env.ctx.db.owner.query(
        `select u.role, u.must_change_password, u.password_hash is null as no_password, u.disabled_at is null as enabled
           from users u join tenants t on t.id = u.tenant_id
          where t.subdomain = $1 and u.email = $2`,
        [subdomain, staffEmail],
      );
      assert.deepEqual(rows, [{ role: 'staff', must_change_password: false, no_password: true, enabled: true }]);
      // the admin's calls in the tenant are on the tenant's record, as the admin
      const audit = await env.ctx.db.owner.query(
        `select a.actor_user_id, a.impersonating from audit_log a join tenants t on t.id = a.tenant_id
          where t.subdomain = $1 and a.action = 'user.created'`,
        [subdomain],
      );
      assert.deepEqual(audit.rows, [{ actor_user_id: adminId, impersonating: true }]);
      await checkPage(page, 'users');
    });

    it('disables the user, which ends their access', async () => {
      const row = page.getByTestId(`user-row-${staffEmail}`);
      await row.getByRole('button', { name: `Disable ${staffEmail}` }).click();
      await row.getByText('Disabled').waitFor();
      const { rows } = await env.ctx.db.owner.query('select disabled_at is not null as disabled from users where email = $1', [staffEmail]);
      assert.deepEqual(rows, [{ disabled: true }]);
    });

    it("saves the tenant's business profile, and says in words which field the server refused", async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
      const form = page.getByRole('form', { name: 'Business profile' });
      await page.getByRole('heading', { name: 'Business profile' }).waitFor();
      await form.getByLabel('Business name').fill('Acme Robotics Ltd');
      await form.getByLabel('Phone number').fill('555 0123');
      await form.getByRole('button', { name: 'Save profile' }).click();
      const alert = page.getByTestId('profile-error');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /^Phone number /);
      assert.doesNotMatch((await alert.textContent()) ?? '', /must match|pattern|phone_number|\//, 'no JSON-schema text reaches a person');

      await form.getByLabel('Phone number').fill('+15555550123');
      await form.getByRole('button', { name: 'Save profile' }).click();
      await page.getByTestId('profile-notice').waitFor();
      const { rows } = await env.ctx.db.owner.query('select p.business_name, p.phone_number, p.website_url, p.email from tenant_profiles p join tenants t on t.id = p.tenant_id where t.subdomain = $1', [subdomain]);
      assert.deepEqual(rows, [{ business_name: 'Acme Robotics Ltd', phone_number: '+15555550123', website_url: null, email: null }]);
    });

    it('renews an access token the server refuses, with the refresh token, and carries on', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await page.getByTestId(`user-row-${staffEmail}`).waitFor();
      await page.evaluate(() => {
        const session = JSON.parse(sessionStorage.getItem('embark.session')!) as { access_token: string };
        session.access_token = 'not-a-valid-token';
        sessionStorage.setItem('embark.session', JSON.stringify(session));
      });
      await page.reload();
      await page.getByTestId(`user-row-${staffEmail}`).waitFor();
      const accessToken = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('embark.session')!) as { access_token: string }).access_token);
      assert.notEqual(accessToken, 'not-a-valid-token');
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as used from platform_refresh_tokens r join platform_sessions s on s.id = r.session_id where s.admin_id = $1 and r.used_at is not null', [adminId]);
      assert.ok(rows[0].used >= 1, 'a refresh token was spent');
    });

    it('stops acting as the tenant', async () => {
      await page.getByTestId('acting-banner').getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor();
      assert.equal(await page.getByTestId('acting-banner').count(), 0);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('embark.acting_tenant')), null);
    });

    it('never put a password or token in the page, and broke no content security policy', async () => {
      await assertNoSecretInHtml();
      assert.deepEqual(problems.filter(isCspViolation), []);
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });

    it('logs out, ending the session on the server', async () => {
      const loggedOut = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/logout'));
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('form', { name: 'Sign in as a global administrator' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal((await loggedOut).status(), 204);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('embark.session')), null);
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from platform_sessions where admin_id = $1 and revoked_at is null', [adminId]);
      assert.equal(rows[0].n, 0);
    });
  });

  describe('tenant users', () => {
    let tenant: { id: string; subdomain: string; name: string };

    before(async () => {
      tenant = await env.tenant('Globex');
    });

    /** Signs in on the tenant's own sign-in page, opened by its address, in a fresh browser context. */
    async function signIn(email: string): Promise<Page> {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
      const form = page.getByRole('form', { name: 'Sign in', exact: true });
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Password').fill(TEST_PASSWORD);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      return page;
    }

    it("signs in on the tenant's own page, opened by its address, without typing any tenant, and logs out back to it", async () => {
      const member = await env.user(tenant.id, 'member');
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(15_000);
      const problems = recordProblems(page);
      try {
        const response = await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
        assert.equal(response?.status(), 200);
        await page.getByRole('heading', { name: 'Sign in to Globex' }).waitFor();
        const form = page.getByRole('form', { name: 'Sign in', exact: true });
        assert.deepEqual(await form.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name)), ['email', 'password'], 'no tenant to type');
        await form.getByLabel('Email').fill(member.email);
        await form.getByLabel('Password').fill(TEST_PASSWORD);
        await form.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
        assert.equal(new URL(page.url()).pathname, '/home');
        await page.getByTestId('current-tenant').getByText(`Globex (${tenant.subdomain})`).waitFor();
        // the device token of this browser, per tenant and account, as the global page keeps it
        assert.ok(await page.evaluate((key) => localStorage.getItem(key), `embark.device.${tenant.subdomain}.${member.email}`), 'the device token is kept');

        assert.deepEqual(problems, [], 'nothing went wrong while signed in');
        await page.getByRole('button', { name: 'Log out' }).click();
        await page.getByRole('heading', { name: 'Sign in to Globex' }).waitFor();
        assert.equal(new URL(page.url()).pathname, `/t/${tenant.subdomain}/login`);
        // a request the page had in flight when the session ended may rightly be answered 401; nothing else may go wrong
        assert.deepEqual(
          problems.filter((p) => !/status of 401/.test(p)),
          [],
        );
      } finally {
        await page.context().close();
      }
    });

    it("goes from the global sign-in page to the tenant's, and says so when an address names no active tenant", async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(15_000);
      try {
        await page.goto(baseUrl);
        const go = page.getByRole('form', { name: "Go to your organisation's sign-in page" });
        await go.getByLabel('Organisation').fill(tenant.subdomain.toUpperCase());
        await go.getByRole('button', { name: 'Go to its sign-in page' }).click();
        await page.getByRole('heading', { name: 'Sign in to Globex' }).waitFor();
        assert.equal(new URL(page.url()).pathname, `/t/${tenant.subdomain}/login`);

        await page.goto(`${baseUrl}/t/no-such-tenant/login`);
        await page.getByTestId('tenant-missing').waitFor();
        assert.equal(await page.getByRole('form', { name: 'Sign in', exact: true }).count(), 0);
        await page.getByRole('link', { name: 'Go to the Embark sign-in page' }).click();
        await page.getByRole('heading', { name: 'Global administrators' }).waitFor();
      } finally {
        await page.context().close();
      }
    });

    it('shows a tenant admin their users and profile, and no tenant administration', async () => {
      const admin = await env.user(tenant.id, 'tenant_admin');
      const colleague = await env.user(tenant.id, 'member');
      const page = await signIn(admin.email);
      try {
        // a tenant admin lands on their dashboard
        await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
        await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
        await page.getByTestId(`user-row-${colleague.email}`).waitFor();
        assert.equal(await page.getByTestId('current-user-role').textContent(), 'Tenant admin');
        await page.getByTestId('current-tenant').getByText(`Globex (${tenant.subdomain})`).waitFor();
        const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
        assert.deepEqual(links, ['Home', 'Users', 'Contacts', 'Hires', 'Onboarding', 'Messages', 'Templates', 'Integrations', 'API keys', 'Webhooks', 'Audit log', 'Analytics', 'Signup settings', 'Profile']);
        assert.equal(await page.getByTestId('acting-banner').count(), 0);
        // an admin cannot disable themself (the server refuses too), so the button is not offered
        assert.equal(await page.getByTestId(`user-row-${admin.email}`).getByRole('button').count(), 0);
        assert.equal(
          await page
            .getByTestId(`user-row-${colleague.email}`)
            .getByRole('button', { name: `Disable ${colleague.email}` })
            .count(),
          1,
        );

        await page.goto(`${baseUrl}/tenants`);
        await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
        assert.equal(await page.getByRole('heading', { name: 'Tenants' }).count(), 0, 'a tenant user is sent away from the tenant list');
      } finally {
        await page.context().close();
      }
    });

    it('shows a member their home and the profile read-only, and nothing else', async () => {
      const member = await env.user(tenant.id, 'member');
      const page = await signIn(member.email);
      try {
        // a member lands on their own home (their onboarding checklists)
        await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
        const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
        assert.deepEqual(links, ['Home', 'Profile']);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
        await page.getByRole('heading', { name: 'Business profile' }).waitFor();
        assert.equal(await page.getByRole('button', { name: 'Save profile' }).count(), 0);
        assert.equal(await page.getByLabel('Business name').isDisabled(), true);
      } finally {
        await page.context().close();
      }
    });
  });

  describe('GET /api/docs', () => {
    let page: Page;
    let problems: string[];

    before(async () => {
      page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(15_000);
      problems = recordProblems(page);
      const response = await page.goto(`${baseUrl}/api/docs`);
      assert.equal(response?.status(), 200);
    });

    after(async () => {
      await page?.context().close();
    });

    it('renders the API documentation with its operations', async () => {
      await page.locator('.swagger-ui .info .title').getByText('Embark API').waitFor();
      await page.locator('.opblock-tag').first().waitFor();
      assert.ok((await page.locator('.opblock').count()) > 5, 'the operations are listed');
      assert.deepEqual(
        problems.filter((p) => !isCspViolation(p)),
        [],
      );
    });

    // swagger-ui injects inline styles; its pages carry their own policy (src/app.ts) that allows them
    it('breaks no content security policy', async () => {
      await page.locator('.swagger-ui .info .title').waitFor();
      assert.deepEqual(problems.filter(isCspViolation), []);
    });
  });
});
