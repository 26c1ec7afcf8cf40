/**
 * The console's admin pages for what was API-only (API keys, outbound webhooks, audit log, jobs),
 * in Chromium against a listening Embark: create, edit, an error shown in words, the empty state,
 * no serious accessibility violation (axe-core), and a screenshot at desktop and mobile width.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, recordProblems, requireBrowser, screenshots, seriousA11yProblems, skip } from './harness.ts';

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
      ({ page, problems, tenant: { id: tenantId } } = await signInTenantAdmin('Keys Inc'));
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
      assert.deepEqual(offered, ['users:read', 'users:write', 'messages:read', 'messages:write']);
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
      await problem.waitFor();
      assert.equal(await problem.textContent(), 'Name must be at most 100 characters long');
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
      assert.match(key, /^emb_[A-Za-z0-9]{8}_/);
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
      assert.deepEqual(problems.filter((p) => p.startsWith('uncaught')), []);
    });
  });
});
