/**
 * The console's admin pages for what was API-only (templates, signup settings, a user's page, API keys, outbound webhooks, audit log, jobs),
 * in Chromium against a listening Embark: create, edit, an error shown in words, the empty state,
 * no serious accessibility violation (axe-core), and a screenshot at desktop and mobile width.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { deliverWebhook } from '../../src/webhooks/outbound.delivery.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, recordProblems, requireBrowser, screenshots, seriousA11yProblems, skip } from './harness.ts';
import { API_KEY_SCOPES } from '../../src/identities/tokens.ts';

describe('console pages', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;

  before(async () => {
    requireBrowser();
    await buildWebUi();
    env = await createTestEnv();
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  /** A tenant admin of a fresh tenant, signed in on its own sign-in page. */
  async function signInTenantAdmin(name: string): Promise<{ page: Page; problems: string[]; tenant: { id: string; subdomain: string }; admin: { id: string; email: string; token: string } }> {
    const tenant = await env.tenant(name);
    const admin = await env.user(tenant.id, 'tenant_admin');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    const problems = recordProblems(page);
    await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    const form = page.getByRole('form', { name: 'Sign in', exact: true });
    await form.getByLabel('Email').fill(admin.email);
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return { page, problems, tenant, admin };
  }

  async function openPage(page: Page, title: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  }

  /** No serious or critical axe violation, and nothing wider than a phone. */
  async function checkPage(page: Page, name: string): Promise<void> {
    assert.deepEqual(await seriousA11yProblems(page), [], `${name}: axe-core found serious or critical violations`);
    const { overflow } = await screenshots(page, name);
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a 390px screen`);
  }

  describe('API keys', () => {
    let page: Page;
    let problems: string[];
    let tenantId: string;

    before(async () => {
      ({
        page,
        problems,
        tenant: { id: tenantId },
      } = await signInTenantAdmin('Keys Inc'));
      await openPage(page, 'API keys');
    });

    after(async () => {
      await page?.context().close();
    });

    it('says there are no keys yet and what to do, with no accessibility problem', async () => {
      await page.getByTestId('api-keys-empty').waitFor();
      assert.match((await page.getByTestId('api-keys-empty').textContent()) ?? '', /Create one above/);
      await checkPage(page, 'api-keys-empty');
    });

    it('offers the scopes the server lists, and refuses a key without one in words', async () => {
      const form = page.getByRole('form', { name: 'Create API key' });
      const offered = await form.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
      assert.deepEqual(offered, Object.keys(API_KEY_SCOPES));
      await form.getByLabel('Name').fill('CRM sync');
      await form.getByRole('button', { name: 'Create key' }).click();
      assert.match((await page.getByTestId('create-api-key-error').textContent()) ?? '', /Choose at least one scope/);
      assert.equal(await form.getByLabel('Name').inputValue(), 'CRM sync', 'what was typed is kept');
    });

    it('puts a refused name under its field, in words, and keeps it', async () => {
      const form = page.getByRole('form', { name: 'Create API key' });
      await form.getByLabel('Name').evaluate((input) => input.removeAttribute('maxlength'));
      const long = 'x'.repeat(5000);
      await form.getByLabel('Name').fill(long);
      await form.getByLabel(/users:read/).check();
      await form.getByRole('button', { name: 'Create key' }).click();
      const problem = form.getByTestId('field-problem');
      // the server's words once it answers (before, the page's own: it has 5,000)
      await problem.getByText('Name must be at most 100 characters long', { exact: true }).waitFor();
      assert.doesNotMatch((await page.getByTestId('create-api-key-error').textContent()) ?? '', /must NOT|\/name/);
      assert.equal((await form.getByLabel('Name').inputValue()).length, 5000, 'the long name is not cut');
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from api_keys where tenant_id = $1', [tenantId]);
      assert.equal(rows[0].n, 0);
      await checkPage(page, 'api-keys-error');
    });

    it('creates a key, shows its secret once with a copy button, and lists it by prefix', async () => {
      const form = page.getByRole('form', { name: 'Create API key' });
      await form.getByLabel('Name').fill('CRM sync');
      await form.getByLabel(/messages:read/).check();
      await form.getByRole('button', { name: 'Create key' }).click();
      const secret = page.getByTestId('api-key-secret');
      await secret.waitFor();
      const key = await secret.getByLabel('API key CRM sync').inputValue();
      assert.match(key, /^emb_[0-9a-f]{32}_[A-Za-z0-9]{8}_/, 'the key names its tenant, then its prefix');
      assert.match((await secret.textContent()) ?? '', /shown only this once/);
      await secret.getByRole('button', { name: 'Copy' }).waitFor();
      const row = page.getByTestId('api-key-row-CRM sync');
      await row.waitFor();
      const { rows } = await env.ctx.db.owner.query('select prefix, scopes from api_keys where tenant_id = $1', [tenantId]);
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0].scopes.sort(), ['messages:read', 'users:read']);
      assert.match((await row.textContent()) ?? '', new RegExp(`${rows[0].prefix}.*messages:read.*users:read.*Never`));
      assert.ok(!(await row.textContent())!.includes(key), 'the list never shows the key');
      await checkPage(page, 'api-keys');
      await secret.getByRole('button', { name: 'I have stored it' }).click();
      assert.equal(await page.getByTestId('api-key-secret').count(), 0, 'once dismissed, the secret is gone');
      assert.ok(!(await page.content()).includes(key), 'nor is it anywhere in the page');
    });

    it('revokes a key only after a confirmation', async () => {
      const row = page.getByTestId('api-key-row-CRM sync');
      await row.getByRole('button', { name: 'Revoke CRM sync' }).click();
      await row.getByRole('button', { name: 'Cancel' }).click();
      let { rows } = await env.ctx.db.owner.query('select revoked_at from api_keys where tenant_id = $1', [tenantId]);
      assert.equal(rows[0].revoked_at, null, 'cancelled: still valid');
      await row.getByRole('button', { name: 'Revoke CRM sync' }).click();
      await row.getByRole('group', { name: 'Revoke CRM sync?' }).getByRole('button', { name: 'Yes, revoke' }).click();
      await row.getByText(/^Revoked/).waitFor();
      assert.match((await page.getByTestId('api-keys-notice').textContent()) ?? '', /Revoked CRM sync/);
      ({ rows } = await env.ctx.db.owner.query('select revoked_at from api_keys where tenant_id = $1', [tenantId]));
      assert.notEqual(rows[0].revoked_at, null);
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });
  });

  describe('templates', () => {
    let page: Page;
    let problems: string[];
    let tenantId: string;

    before(async () => {
      ({
        page,
        problems,
        tenant: { id: tenantId },
      } = await signInTenantAdmin('Templates Inc'));
      await openPage(page, 'Templates');
    });

    after(async () => {
      await page?.context().close();
    });

    const tenantSections = async () => (await env.ctx.db.owner.query('select section_key, locale, variant, content from template_sections where tenant_id = $1 order by section_key', [tenantId])).rows;

    it('lists the global bundles, none customised yet, and says when a filter matches none', async () => {
      const row = page.getByTestId('bundle-row-onboarding_email');
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /Global/);
      assert.doesNotMatch((await row.textContent()) ?? '', /Customised/);
      await checkPage(page, 'templates');
      const filter = page.getByRole('search', { name: 'Filter bundles' }).getByLabel('Name contains');
      await filter.fill('no_such_bundle');
      await page
        .getByTestId('templates-empty')
        .getByText(/No bundle's name contains/)
        .waitFor();
      await checkPage(page, 'templates-empty');
      await filter.fill('');
    });

    it("shows a bundle's global sections as the ones sent, and previews it for every target with sample variables", async () => {
      await page.getByRole('link', { name: 'Open onboarding_email' }).click();
      await page.getByRole('heading', { name: 'Templates: onboarding_email', level: 1 }).waitFor();
      const body = page.getByTestId('section-row-body');
      await body.waitFor();
      assert.equal(await body.getAttribute('data-sent'), 'global');
      assert.equal(await body.getByTestId('section-tenant').textContent(), '—');
      const preview = page.getByTestId('template-preview');
      await preview.getByTestId('preview-subject').getByText('Welcome to Templates Inc, Ada: your next steps').waitFor();
      assert.equal(await preview.locator('iframe[title="Email preview"]').getAttribute('sandbox'), '', 'the email HTML runs no script');
      await preview.getByLabel('first_name').fill('Grace');
      await preview.getByTestId('preview-subject').getByText('Welcome to Templates Inc, Grace: your next steps').waitFor();
      await preview.getByLabel('Show as').selectOption('sms');
      await preview.locator('[data-target="sms"]').getByTestId('preview-text').getByText(/Grace/).waitFor();
      await preview.getByLabel('Show as').selectOption('twiml');
      const twiml = (await preview.locator('[data-target="twiml"]').getByTestId('preview-text').textContent()) ?? '';
      assert.match(twiml, /^<\?xml[\s\S]*<Response>[\s\S]*Grace[\s\S]*<\/Response>/);
      await checkPage(page, 'template-bundle');
      await preview.getByLabel('Show as').selectOption('text');
    });

    it('refuses a malformed placeholder with its line and column under the section, keeping the text', async () => {
      await page.getByRole('button', { name: 'Override body' }).click();
      const form = page.getByRole('form', { name: 'Edit tenant sections' });
      const text = form.getByLabel('Text of body');
      assert.match(await text.inputValue(), /first_name/, 'an override starts from the global text');
      await text.fill('Hello,\n{{ first_name');
      await form.getByRole('button', { name: 'Save sections' }).click();
      const problem = form.getByTestId('field-problem');
      await problem.waitFor();
      assert.match((await problem.textContent()) ?? '', /^Line 2, column 1: /);
      assert.match((await page.getByTestId('template-save-error').textContent()) ?? '', /shown under its text/);
      assert.doesNotMatch((await form.textContent()) ?? '', /must match|pattern|\/sections/);
      assert.equal(await text.inputValue(), 'Hello,\n{{ first_name', 'what was typed is kept');
      assert.deepEqual(await tenantSections(), []);
      await checkPage(page, 'template-error');
    });

    it('names the variables the bundle knows when a section uses an unknown one', async () => {
      const form = page.getByRole('form', { name: 'Edit tenant sections' });
      await form.getByLabel('Text of body').fill('Hi {{ frist_name }}');
      await form.getByRole('button', { name: 'Save sections' }).click();
      await form.getByTestId('field-problem').getByText('{{ frist_name }} is not a variable this bundle knows').waitFor();
      const known = await form.getByTestId('known-variables').locator('code').allTextContents();
      assert.ok(known.includes('first_name') && known.includes('business_name'), known.join(', '));
    });

    it('saves the override: the tenant text is sent, the preview shows it, the list marks the bundle customised', async () => {
      const form = page.getByRole('form', { name: 'Edit tenant sections' });
      await form.getByLabel('Text of body').fill('Hi {{ first_name }}, welcome to {{ business_name }}!');
      // the preview renders the text as typed, before it is saved
      const preview = page.getByTestId('template-preview');
      await preview.getByTestId('preview-text').getByText('Hi Grace, welcome to Templates Inc!').waitFor();
      await preview.getByTestId('preview-unsaved').waitFor();
      assert.deepEqual(await tenantSections(), []);
      await form.getByRole('button', { name: 'Save sections' }).click();
      await page
        .getByTestId('template-notice')
        .getByText(/Saved 1 section of onboarding_email/)
        .waitFor();
      assert.equal(await page.getByTestId('template-save-error').count(), 0, 'the error clears with the next attempt');
      const body = page.getByTestId('section-row-body');
      await page.locator('[data-testid="section-row-body"][data-sent="tenant"]').waitFor();
      assert.match((await body.getByTestId('section-global').textContent()) ?? '', /first_name/, 'the global text stays beside it');
      assert.deepEqual(await tenantSections(), [{ section_key: 'body', locale: 'en', variant: '', content: 'Hi {{ first_name }}, welcome to {{ business_name }}!' }]);
      await page.getByTestId('template-preview').getByTestId('preview-text').getByText('Hi Grace, welcome to Templates Inc!').waitFor();
      assert.equal(await page.getByTestId('preview-unsaved').count(), 0);
      await checkPage(page, 'template-saved');
      await page.getByRole('link', { name: '← All bundles' }).click();
      await page.getByTestId('bundle-row-onboarding_email').getByText('Customised').waitFor();
    });

    it('writes a section of its own for a new variant, and reverts to the global text', async () => {
      await page.getByRole('link', { name: 'Open onboarding_email' }).click();
      await page.getByText('Add a locale or variant').click();
      await page.getByLabel('New variant').fill('VIP!');
      await page.getByRole('button', { name: 'Add', exact: true }).nth(1).click();
      await page.getByText('A variant is lower_snake_case').waitFor();
      await page.getByLabel('New variant').fill('vip');
      await page.getByRole('button', { name: 'Add', exact: true }).nth(1).click();
      const form = page.getByRole('form', { name: 'Edit tenant sections' });
      await form.getByTestId('draft-empty').waitFor();
      await form.getByRole('button', { name: 'Add a section' }).click();
      await form.getByLabel('Key').fill('subject');
      await form.getByLabel('Position').fill('0');
      await form.getByLabel('Text of subject').fill('A VIP welcome, {{ first_name }}');
      await form.getByRole('button', { name: 'Save sections' }).click();
      await page
        .getByTestId('template-notice')
        .getByText(/Saved 1 section/)
        .waitFor();
      await page.locator('[data-testid="section-row-subject"][data-sent="tenant"]').waitFor();
      // the default variant's body override is kept: a save replaces only the locale and variant shown
      assert.deepEqual(
        (await tenantSections()).map((s) => `${s.variant}:${s.section_key}`),
        [':body', 'vip:subject'],
      );
      await page.getByLabel('Variant', { exact: true }).selectOption('');
      await form.getByRole('button', { name: 'Remove body' }).click();
      await form.getByRole('button', { name: 'Save sections' }).click();
      await page
        .getByTestId('template-notice')
        .getByText(/now uses the global text throughout/)
        .waitFor();
      await page.locator('[data-testid="section-row-body"][data-sent="global"]').waitFor();
      assert.deepEqual(
        (await tenantSections()).map((s) => `${s.variant}:${s.section_key}`),
        ['vip:subject'],
      );
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });
  });

  describe('signup settings', () => {
    let page: Page;
    let problems: string[];
    let tenant: { id: string; subdomain: string };

    before(async () => {
      ({ page, problems, tenant } = await signInTenantAdmin('Signup Inc'));
      await openPage(page, 'Signup settings');
    });

    after(async () => {
      await page?.context().close();
    });

    const saved = async () => (await env.ctx.db.owner.query('select self_signup_open, modes, roles, default_role, contact_channels from signup_settings where tenant_id = $1', [tenant.id])).rows;
    const form = () => page.getByRole('form', { name: 'Signup settings' });

    it('shows the defaults as a form, the links to share and the endpoint URL for the identity provider', async () => {
      await form().getByTestId('modes-empty').waitFor();
      assert.equal(await form().getByTestId('role-0').getByLabel('Key').inputValue(), 'member');
      assert.equal(await form().getByLabel('Default role').inputValue(), 'member');
      const order = await form()
        .getByTestId('channel-order')
        .locator('li')
        .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-channel')}:${(li.querySelector('input') as HTMLInputElement).checked}`));
      assert.deepEqual(order, ['voice:true', 'sms:true', 'email:true']);
      assert.equal(await page.getByTestId('signup-link').getAttribute('href'), `/signup/${tenant.subdomain}`);
      assert.equal(await page.getByTestId('login-link').textContent(), `${baseUrl}/t/${tenant.subdomain}/login`);
      const webhook = page.getByTestId('identity-webhook');
      assert.equal(await webhook.getByLabel('Endpoint URL to paste into your identity provider').inputValue(), `${baseUrl}/api/v1/webhooks/identity/${tenant.subdomain}`);
      assert.match((await webhook.getByTestId('identity-webhook-status').textContent()) ?? '', /No signing secret yet/);
      assert.equal(await page.getByLabel(/JSON/).count(), 0, 'no raw JSON to edit');
      await checkPage(page, 'signup-settings-empty');
    });

    it('puts a key that is not lower_snake_case under its field, in words, and keeps what was typed', async () => {
      await form().getByRole('button', { name: 'Add a role' }).click();
      const role = form().getByTestId('role-1');
      await role.getByLabel('Key').fill('talent');
      await role.getByLabel('Label').fill('Talent');
      await form().getByRole('button', { name: 'Add a mode' }).click();
      const mode = form().getByTestId('mode-0');
      await mode.getByLabel('Key').fill('Talent Mode');
      await mode.getByLabel('Label').fill('Looking for work');
      assert.equal(await mode.getByLabel('Role').inputValue(), 'talent', 'a new mode asks for a role that may be chosen at signup');
      await form().getByRole('button', { name: 'Save signup settings' }).click();
      await mode.getByTestId('field-problem').getByText('Key must be lower_snake_case').waitFor();
      assert.match((await page.getByTestId('signup-settings-error').textContent()) ?? '', /^Not saved: one field needs a change/);
      assert.doesNotMatch((await form().textContent()) ?? '', /must match|pattern|\/modes/);
      assert.equal(await mode.getByLabel('Key').inputValue(), 'Talent Mode');
      assert.equal(await mode.getByLabel('Label').inputValue(), 'Looking for work');
      assert.deepEqual(await saved(), []);
    });

    it("puts the server's refusal of a mode whose role is not defined under that mode's role", async () => {
      const mode = form().getByTestId('mode-0');
      await mode.getByLabel('Key').fill('talent');
      await form().getByTestId('role-1').getByLabel('Key').fill('talents');
      assert.equal(await mode.getByLabel('Role').inputValue(), 'talent');
      await form().getByRole('button', { name: 'Save signup settings' }).click();
      await mode.getByTestId('field-problem').getByText('The role “talent” is not one of the roles above; choose one, or add it.').waitFor();
      assert.equal(await page.getByTestId('signup-settings-error').count(), 1);
      assert.deepEqual(await saved(), []);
      await checkPage(page, 'signup-settings-error');
    });

    it('saves modes, roles, the default role and the channel order', async () => {
      await form().getByTestId('role-1').getByLabel('Key').fill('talent');
      await form().getByRole('button', { name: 'Move Email up' }).click();
      await form().getByRole('button', { name: 'Move Email up' }).click();
      await form().getByTestId('channel-order').getByRole('checkbox', { name: 'Voice call' }).uncheck();
      await form().getByLabel('Anyone may sign up to this tenant').check();
      await form().getByRole('button', { name: 'Save signup settings' }).click();
      await page.getByTestId('signup-settings-notice').getByText('Signup settings saved.').waitFor();
      assert.equal(await page.getByTestId('signup-settings-error').count(), 0, 'the error clears with the next attempt');
      assert.deepEqual(await saved(), [
        {
          self_signup_open: true,
          modes: [{ key: 'talent', label: 'Looking for work', role: 'talent', template_variant: 'talent' }],
          roles: [
            { key: 'member', label: 'Member', self_assignable: false },
            { key: 'talent', label: 'Talent', self_assignable: true },
          ],
          default_role: 'member',
          contact_channels: ['email', 'sms'],
        },
      ]);
      assert.equal(await form().getByTestId('mode-0').getByLabel('Template variant').inputValue(), 'talent', 'the variant sent is shown');
      await page.getByText(/^Last saved/).waitFor();
      await checkPage(page, 'signup-settings');
    });

    it('generates the identity-webhook secret, shows it once with a copy button, and asks before replacing it', async () => {
      const webhook = page.getByTestId('identity-webhook');
      await webhook.getByRole('button', { name: 'Generate signing secret' }).click();
      const secret = webhook.getByTestId('identity-webhook-secret');
      await secret.waitFor();
      const first = await secret.getByRole('textbox').inputValue();
      assert.match(first, /^whsec_/);
      await secret.getByRole('button', { name: 'Copy' }).waitFor();
      await webhook
        .getByTestId('identity-webhook-status')
        .getByText(/A signing secret is set/)
        .waitFor();
      const { rows } = await env.ctx.db.owner.query('select identity_webhook_secret_encrypted is not null as set from signup_settings where tenant_id = $1', [tenant.id]);
      assert.deepEqual(rows, [{ set: true }]);
      await checkPage(page, 'signup-settings-webhook');
      await secret.getByRole('button', { name: 'I have stored it' }).click();
      assert.ok(!(await page.content()).includes(first), 'once dismissed, the secret is gone');
      await webhook.getByRole('button', { name: 'Generate a new signing secret' }).click();
      await webhook.getByRole('button', { name: 'Yes, generate a new one' }).click();
      const second = await webhook.getByTestId('identity-webhook-secret').getByRole('textbox').inputValue();
      assert.match(second, /^whsec_/);
      assert.notEqual(second, first);
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });
  });

  describe('a user page', () => {
    let page: Page;
    let problems: string[];
    let tenantId: string;
    let admin: { id: string; email: string };
    let member: { id: string; email: string; token: string };

    before(async () => {
      ({
        page,
        problems,
        tenant: { id: tenantId },
        admin,
      } = await signInTenantAdmin('People Inc'));
      member = await env.user(tenantId, 'member');
      // the list was read when the admin signed in, before the member existed
      await page.reload();
      await openPage(page, 'Users');
      await page.getByTestId(`user-row-${member.email}`).getByRole('link', { name: member.email }).click();
      await page.getByRole('heading', { name: member.email, level: 1 }).waitFor();
    });

    after(async () => {
      await page?.context().close();
    });

    it('shows the profile, the open session, and the messages sent to them', async () => {
      assert.equal(await page.getByTestId('user-page-role').textContent(), 'Member');
      await page.getByTestId('user-sessions').getByTestId('session-row').first().waitFor();
      assert.equal(await page.getByTestId('user-sessions').getByTestId('session-row').count(), 1);
      // a new user's first contact is queued with them (signup initialisation)
      const { rows } = await env.ctx.db.owner.query('select bundle from messages where tenant_id = $1 and user_id = $2', [tenantId, member.id]);
      if (rows.length === 0) await page.getByTestId('user-messages-empty').waitFor();
      else await page.getByTestId('user-messages-table').getByRole('link', { name: rows[0].bundle }).first().waitFor();
      await checkPage(page, 'user');
    });

    it('changes their access role', async () => {
      const form = page.getByRole('form', { name: 'Change access role' });
      await form.getByLabel('Role').selectOption('staff');
      await form.getByRole('button', { name: 'Save role' }).click();
      await page.getByTestId('user-notice').getByText(`${member.email} is now Staff.`).waitFor();
      await page.locator('[data-testid="user-page-role"]', { hasText: /^Staff$/ }).waitFor();
      const { rows } = await env.ctx.db.owner.query('select role from users where id = $1', [member.id]);
      assert.deepEqual(rows, [{ role: 'staff' }]);
    });

    it('sends a reset link, which then shows among the messages to them', async () => {
      await page.getByRole('button', { name: 'Send invite or reset link' }).click();
      await page
        .getByTestId('user-notice')
        .getByText(/A password reset link is on its way/)
        .waitFor();
      await page.getByTestId('user-messages-table').getByRole('link', { name: 'password_reset_email' }).waitFor();
    });

    it('signs them out everywhere after a confirmation', async () => {
      const sessions = page.getByTestId('user-sessions');
      await sessions.getByRole('button', { name: 'Sign out everywhere' }).click();
      await sessions.getByRole('button', { name: 'Yes, sign out' }).click();
      await sessions.getByTestId('sessions-notice').getByText('Ended 1 session.').waitFor();
      await sessions.getByTestId('sessions-empty').waitFor();
      assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: member.token })).statusCode, 401);
      await checkPage(page, 'user-signed-out');
    });

    it('disables them after a confirmation, and enables them again', async () => {
      await page.getByRole('button', { name: 'Disable' }).click();
      await page.getByRole('button', { name: 'Yes, disable' }).click();
      await page.getByTestId('user-notice').getByText(`${member.email} is disabled; their sessions have ended.`).waitFor();
      await page.getByTestId('user-profile').getByText('Disabled', { exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Send invite or reset link' }).count(), 0, 'no link for a disabled user');
      await page.getByRole('button', { name: 'Enable' }).click();
      await page.getByTestId('user-notice').getByText(`${member.email} is enabled again.`).waitFor();
      const { rows } = await env.ctx.db.owner.query('select disabled_at is null as enabled from users where id = $1', [member.id]);
      assert.deepEqual(rows, [{ enabled: true }]);
    });

    it('says in words when the user no longer exists, and keeps the role chosen', async () => {
      await env.ctx.db.owner.query('delete from users where id = $1', [member.id]);
      const form = page.getByRole('form', { name: 'Change access role' });
      await form.getByLabel('Role').selectOption('tenant_admin');
      await form.getByRole('button', { name: 'Save role' }).click();
      await page.getByTestId('user-role-error').getByText(`No user with id ${member.id} in this tenant.`).waitFor();
      assert.equal(await form.getByLabel('Role').inputValue(), 'tenant_admin');
      await checkPage(page, 'user-error');
    });

    it('shows an admin their own page without the role form, and only their other sessions to end', async () => {
      await page.goto(`${baseUrl}/users/${admin.id}`);
      await page.getByRole('heading', { name: admin.email, level: 1 }).waitFor();
      await page.getByText('This is you').waitFor();
      assert.equal(await page.getByRole('form', { name: 'Change access role' }).count(), 0);
      await page.getByTestId('user-sessions').getByText('This session').waitFor();
    });

    it('filters the list of users by email and role, and says when nobody matches', async () => {
      const other = await env.user(tenantId, 'staff');
      await openPage(page, 'Users');
      const filter = page.getByRole('search', { name: 'Filter users' });
      await filter.getByLabel('Role').selectOption('staff');
      await filter.getByRole('button', { name: 'Filter' }).click();
      await page.getByTestId(`user-row-${other.email}`).waitFor();
      // the unfiltered list showed both: wait for the filtered one to replace it
      await page.getByTestId(`user-row-${admin.email}`).waitFor({ state: 'detached' });
      await page.getByTestId('onboarding-filtered').waitFor();
      await filter.getByLabel('Email contains').fill('nobody-is-called-this');
      await filter.getByRole('button', { name: 'Filter' }).click();
      await page.getByTestId('users-empty').getByText('Nobody matches these filters. Clear them to see everyone.').waitFor();
      await checkPage(page, 'users-filtered');
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });
  });

  describe('outbound webhooks', () => {
    let page: Page;
    let problems: string[];
    let tenantId: string;
    let receiver: Server;
    let receiverUrl: string;
    // what the receiver answers next: a failure first, then a success
    const answers: [number, string][] = [
      [500, 'boom: the receiver is not ready'],
      [200, 'thanks'],
    ];

    before(async () => {
      receiver = createServer((request, response) => {
        request.resume();
        const [status, body] = answers.shift() ?? [200, 'ok'];
        response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      ({
        page,
        problems,
        tenant: { id: tenantId },
      } = await signInTenantAdmin('Hooks Inc'));
      await openPage(page, 'Webhooks');
    });

    after(async () => {
      await page?.context().close();
      await new Promise((resolve) => receiver?.close(resolve));
    });

    it('says there are no endpoints yet, with no accessibility problem', async () => {
      await page.getByTestId('webhooks-empty').waitFor();
      await checkPage(page, 'webhooks-empty');
    });

    it('refuses a plain-http URL in words, under the field, and keeps what was typed', async () => {
      const form = page.getByRole('form', { name: 'Add webhook endpoint' });
      await form.getByLabel('URL').fill('http://example.com/hooks');
      await form.getByLabel('Description (optional)').fill('CRM');
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      const alert = page.getByTestId('webhook-form-error');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /must start with https:\/\//);
      assert.equal(await form.getByLabel('URL').inputValue(), 'http://example.com/hooks');
      assert.equal(await form.getByLabel('Description (optional)').inputValue(), 'CRM');
      await checkPage(page, 'webhooks-error');
    });

    it('adds an endpoint for chosen event types from the catalogue, and shows its secret once', async () => {
      const form = page.getByRole('form', { name: 'Add webhook endpoint' });
      const offered = await form.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
      assert.ok(offered.includes('webhook.test') || offered.length > 1, `the catalogue is offered: ${offered.join(', ')}`);
      await form.getByLabel('URL').fill(receiverUrl);
      await form.getByRole('checkbox').first().check();
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = page.getByTestId('webhook-secret');
      await secret.waitFor();
      assert.match(await secret.getByRole('textbox').inputValue(), /^whsec_/);
      const row = page.getByTestId(`webhook-row-${receiverUrl}`);
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(`CRM.*${offered[0]!.replace('.', '\\.')}.*Enabled`));
      const { rows } = await env.ctx.db.owner.query('select description, event_types, enabled from webhook_endpoints where tenant_id = $1', [tenantId]);
      assert.deepEqual(rows, [{ description: 'CRM', event_types: [offered[0]], enabled: true }]);
      await checkPage(page, 'webhooks');
      await secret.getByRole('button', { name: 'I have stored it' }).click();
    });

    it('edits the endpoint: every event type, a new description', async () => {
      const row = page.getByTestId(`webhook-row-${receiverUrl}`);
      await row.getByRole('button', { name: `Edit ${receiverUrl}` }).click();
      const form = page.getByRole('form', { name: 'Edit webhook endpoint' });
      await form.getByLabel('Description (optional)').fill('CRM sync');
      await form.getByRole('checkbox').first().uncheck();
      await form.getByRole('button', { name: 'Save endpoint' }).click();
      await row.getByText('All events').waitFor();
      assert.match((await page.getByTestId('webhooks-notice').textContent()) ?? '', /Saved/);
      const { rows } = await env.ctx.db.owner.query('select description, event_types from webhook_endpoints where tenant_id = $1', [tenantId]);
      assert.deepEqual(rows, [{ description: 'CRM sync', event_types: [] }]);
    });

    it('disables and re-enables it, and refuses a test event while it is disabled', async () => {
      const row = page.getByTestId(`webhook-row-${receiverUrl}`);
      await row.getByRole('button', { name: `Disable ${receiverUrl}` }).click();
      await row.getByText('Disabled', { exact: true }).waitFor();
      await row.getByRole('button', { name: `Send test event to ${receiverUrl}` }).click();
      await page.getByTestId('webhooks-error').getByText('This endpoint is disabled. Enable it first, then try again.').waitFor();
      await row.getByRole('button', { name: `Enable ${receiverUrl}` }).click();
      await row.getByText('Enabled', { exact: true }).waitFor();
      assert.equal(await page.getByTestId('webhooks-error').count(), 0, 'the error clears with the next attempt');
    });

    it('rotates the secret after a confirmation, showing the new one once', async () => {
      const before = (await env.ctx.db.owner.query('select count(*)::int as n from audit_log where tenant_id = $1 and action like $2', [tenantId, '%rotat%'])).rows[0].n;
      const row = page.getByTestId(`webhook-row-${receiverUrl}`);
      await row.getByRole('button', { name: `Rotate secret of ${receiverUrl}` }).click();
      await row.getByRole('button', { name: 'Yes, rotate' }).click();
      const secret = page.getByTestId('webhook-secret');
      await secret.waitFor();
      assert.match(await secret.getByRole('textbox').inputValue(), /^whsec_/);
      const after = (await env.ctx.db.owner.query('select count(*)::int as n from audit_log where tenant_id = $1 and action like $2', [tenantId, '%rotat%'])).rows[0].n;
      assert.equal(after, before + 1);
      await secret.getByRole('button', { name: 'I have stored it' }).click();
    });

    it('sends a test event and shows its delivery log: attempts, status codes and answers', async () => {
      const row = page.getByTestId(`webhook-row-${receiverUrl}`);
      await row.getByRole('button', { name: `Send test event to ${receiverUrl}` }).click();
      const log = page.getByTestId('delivery-log');
      await log.waitFor();
      const { rows } = await env.ctx.db.owner.query('select id from webhook_deliveries where tenant_id = $1', [tenantId]);
      assert.equal(rows.length, 1);
      const deliveryId: string = rows[0].id;
      // the worker's job, run here: the receiver fails it once (500), then takes it
      await deliverWebhook(env.ctx, tenantId, deliveryId);
      await env.ctx.db.owner.query('update webhook_deliveries set next_attempt_at = now() where id = $1', [deliveryId]);
      await deliverWebhook(env.ctx, tenantId, deliveryId);
      await log.getByRole('button', { name: 'Refresh' }).click();
      const delivery = log.getByTestId(`delivery-row-${deliveryId}`);
      await delivery.getByText('Delivered').waitFor();
      assert.match((await delivery.textContent()) ?? '', /webhook\.test.*Delivered.*2.*200/);
      await delivery.getByRole('button', { name: 'Attempts' }).click();
      const attempts = log.getByTestId('delivery-attempts');
      await attempts.getByTestId('attempt-2').waitFor();
      assert.match((await attempts.getByTestId('attempt-1').textContent()) ?? '', /HTTP 500.*boom: the receiver is not ready/);
      assert.match((await attempts.getByTestId('attempt-2').textContent()) ?? '', /HTTP 200.*thanks/);
      await checkPage(page, 'webhook-deliveries');
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });
  });

  describe('audit log', () => {
    let page: Page;
    let problems: string[];
    let tenantId: string;
    let admin: { id: string; email: string; token: string };
    let memberId: string;

    before(async () => {
      ({
        page,
        problems,
        tenant: { id: tenantId },
        admin,
      } = await signInTenantAdmin('Audit Inc'));
      const created = await env.inject({ method: 'POST', url: '/api/v1/users', token: admin.token, payload: { email: 'audited@example.test', role: 'member', password: TEST_PASSWORD } });
      memberId = created.json().id;
      // a global admin's change, acting in the tenant
      const global = await env.globalAdmin();
      const patched = await env.inject({ method: 'PATCH', url: `/api/v1/users/${memberId}`, token: global.token, tenantId, payload: { role: 'staff' } });
      assert.equal(patched.statusCode, 200, patched.body);
      // enough entries for a second page (the log is append-only, so inserting is how entries come)
      await env.ctx.db.owner.query(
        `insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id)
         select $1, $2, 'user', false, 'test.filler', 'thing', 'thing-' || n from generate_series(1, 60) n`,
        [tenantId, admin.id],
      );
      await openPage(page, 'Audit log');
    });

    after(async () => {
      await page?.context().close();
    });

    it('pages through the log by cursor, next and previous', async () => {
      const pager = page.getByRole('navigation', { name: 'Audit log pages' });
      await pager
        .getByTestId('pager-range')
        .getByText(/^1–50 of/)
        .waitFor();
      const firstRow = await page.getByTestId('audit-table').locator('tbody tr').first().getAttribute('data-testid');
      await pager.getByRole('button', { name: 'Next' }).click();
      await pager.getByTestId('pager-range').getByText(/^51–/).waitFor();
      assert.notEqual(await page.getByTestId('audit-table').locator('tbody tr').first().getAttribute('data-testid'), firstRow);
      await checkPage(page, 'audit');
      await pager.getByRole('button', { name: 'Previous' }).click();
      await pager
        .getByTestId('pager-range')
        .getByText(/^1–50 of/)
        .waitFor();
      assert.equal(await page.getByTestId('audit-table').locator('tbody tr').first().getAttribute('data-testid'), firstRow);
    });

    it('filters by target, and marks what a global admin did acting in the tenant', async () => {
      const form = page.getByRole('form', { name: 'Filter the audit log' });
      await form.getByLabel('Target type').fill('user');
      await form.getByLabel('Target id').fill(memberId);
      await form.getByRole('button', { name: 'Apply filters' }).click();
      const rows = page.getByTestId('audit-table').locator('tbody tr');
      await page.locator('tr[data-action="user.updated"], tr[data-action="user.role_changed"]').first().waitFor();
      const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
      assert.ok(actions.includes('user.created'), actions.join(', '));
      assert.equal(actions.includes('test.filler'), false);
      const marked = await rows.filter({ has: page.getByTestId('impersonated') }).count();
      const { rows: expected } = await env.ctx.db.owner.query('select count(*)::int as n from audit_log where tenant_id = $1 and target_id = $2 and impersonating', [tenantId, memberId]);
      assert.ok(marked >= 1 && marked === expected[0].n, `${marked} rows marked, ${expected[0].n} impersonated`);
    });

    it('filters by actor with a click on one, and by a time range', async () => {
      const form = page.getByRole('form', { name: 'Filter the audit log' });
      await form.getByRole('button', { name: 'Clear' }).click();
      await page
        .getByRole('button', { name: `Only entries by ${admin.id}` })
        .first()
        .click();
      assert.equal(await form.getByLabel('Actor (user id)').inputValue(), admin.id, 'the filter shows in the form');
      await form.getByLabel('From').fill('2000-01-01T00:00');
      await form.getByLabel('Until').fill('2000-01-02T00:00');
      await form.getByRole('button', { name: 'Apply filters' }).click();
      await page
        .getByTestId('audit-empty')
        .getByText(/No entries match these filters/)
        .waitFor();
      await checkPage(page, 'audit-empty');
      await form.getByLabel('Until').fill('');
      await form.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByTestId('audit-table').waitFor();
      const actors = await page
        .getByTestId('audit-table')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
      assert.ok(actors.length > 0 && actors.every((text) => text.includes(admin.id)));
    });

    it('says in words, under the field, that an actor is not a user id, and keeps it', async () => {
      const form = page.getByRole('form', { name: 'Filter the audit log' });
      await form.getByLabel('Actor (user id)').fill('not-an-id');
      await form.getByRole('button', { name: 'Apply filters' }).click();
      const problem = form.getByTestId('field-problem');
      await problem.waitFor();
      assert.equal(await problem.textContent(), 'Actor must be a valid id');
      assert.doesNotMatch((await page.getByTestId('audit-error').textContent()) ?? '', /format|uuid|querystring/);
      assert.equal(await form.getByLabel('Actor (user id)').inputValue(), 'not-an-id');
      await checkPage(page, 'audit-error');
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });
  });

  describe('jobs', () => {
    let page: Page;
    let problems: string[];
    const task = `console_test_${Date.now()}`;

    /** A job of `task` that has used its only attempt, as the worker leaves one that threw. */
    async function failedJob(error: string): Promise<string> {
      const { rows } = await env.ctx.db.owner.query(`select (graphile_worker.add_job($1, '{"n": 1}'::json, max_attempts := 1)).id`, [task]);
      const id = String(rows[0].id);
      await env.ctx.db.owner.query('update graphile_worker._private_jobs set attempts = 1, last_error = $2 where id = $1', [id, error]);
      return id;
    }

    before(async () => {
      const admin = await env.globalAdmin();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      page.setDefaultTimeout(15_000);
      problems = recordProblems(page);
      await page.goto(baseUrl);
      const form = page.getByRole('form', { name: 'Sign in as a global administrator' });
      await form.getByLabel('Email').fill(admin.email);
      await form.getByLabel('Password').fill(TEST_PASSWORD);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
    });

    after(async () => {
      await page?.context().close();
    });

    it('is in the menu of a global admin, and not of a tenant admin', async () => {
      const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      assert.ok(links.includes('Jobs') && links.includes('Audit log'), links.join(', '));
      const tenantAdmin = await signInTenantAdmin('No Jobs Inc');
      try {
        assert.equal(await tenantAdmin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).count(), 0);
      } finally {
        await tenantAdmin.page.context().close();
      }
    });

    it("shows a global admin the platform's audit log, every tenant's entries with their tenant", async () => {
      await openPage(page, 'Audit log');
      assert.match((await page.getByRole('main').textContent()) ?? '', /Everything done on this server, in every tenant/);
      const table = page.getByTestId('audit-table');
      await table.getByRole('columnheader', { name: 'Tenant' }).waitFor();
      const { rows } = await env.ctx.db.owner.query('select id, tenant_id from audit_log order by id desc limit 1');
      const newest = table.getByTestId(`audit-row-${rows[0].id}`);
      await newest.waitFor();
      assert.match((await newest.textContent()) ?? '', rows[0].tenant_id ? new RegExp(rows[0].tenant_id) : /Platform/);
      await checkPage(page, 'audit-platform');
    });

    it('says when no job of a task failed', async () => {
      await openPage(page, 'Jobs');
      const filter = page.getByRole('form', { name: 'Filter jobs' });
      await filter.getByLabel('Task').fill(task);
      await filter.getByRole('button', { name: 'Show' }).click();
      await page.getByTestId('jobs-empty').getByText('No jobs match').waitFor();
      await checkPage(page, 'jobs-empty');
    });

    it('lists a failed job with its attempts and last error, and retries it', async () => {
      const id = await failedJob('Error: the provider answered 503\n    at send (dispatch.ts:42)');
      await page.getByRole('form', { name: 'Filter jobs' }).getByRole('button', { name: 'Show' }).click();
      const row = page.getByTestId(`job-row-${id}`);
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(`${task}.*Failed.*1 of 1.*the provider answered 503`));
      await checkPage(page, 'jobs');
      await row.getByRole('button', { name: `Retry job ${id}` }).click();
      assert.match((await page.getByTestId('jobs-notice').textContent()) ?? '', new RegExp(`Job ${id} \\(${task}\\) runs again now`));
      await page.getByTestId('jobs-empty').waitFor();
      const { rows } = await env.ctx.db.owner.query('select attempts from graphile_worker.jobs where id = $1', [id]);
      assert.deepEqual(rows, [{ attempts: 0 }]);
      const pending = page.getByRole('form', { name: 'Filter jobs' });
      await pending.getByLabel('State').selectOption('pending');
      await pending.getByRole('button', { name: 'Show' }).click();
      await page.getByTestId(`job-row-${id}`).getByText('Waiting').waitFor();
    });

    it('says in words when a job is no longer failed by the time of the retry', async () => {
      const id = await failedJob('Error: boom');
      const filter = page.getByRole('form', { name: 'Filter jobs' });
      await filter.getByLabel('State').selectOption('failed');
      await filter.getByRole('button', { name: 'Show' }).click();
      const row = page.getByTestId(`job-row-${id}`);
      await row.waitFor();
      // another admin (or the CLI) retried it meanwhile
      await env.ctx.db.owner.query('update graphile_worker._private_jobs set attempts = 0 where id = $1', [id]);
      await row.getByRole('button', { name: `Retry job ${id}` }).click();
      await page.getByTestId('jobs-error').getByText('Only a failed job that no worker is running can be retried.').waitFor();
      await page.getByTestId('jobs-empty').waitFor();
      assert.equal(await page.getByTestId('jobs-error').count(), 1, 'the refusal stays shown while the list shows the job is no longer failed');
      await checkPage(page, 'jobs-error');
      assert.equal(await filter.getByLabel('Task').inputValue(), task, 'the filter typed is kept');
      assert.deepEqual(
        problems.filter((p) => p.startsWith('uncaught')),
        [],
      );
    });
  });
});
