/**
 * A tenant's own face in Chromium against a listening Embark (docs/branding.md): a tenant admin sets
 * the business name, uploads a logo (an SVG is refused in words) and a pale accent colour on the Profile
 * page; the tenant's sign-in, signup and "Forgot password?" pages then show that name and logo, with
 * the accent on the primary button and black text on it; an unknown tenant's pages say so instead of
 * showing a form; and the user page shows a member's app role, signup mode, organisation (moved there)
 * and onboarding. Every page: no serious accessibility violation (axe-core), no CSP refusal, and a
 * screenshot at desktop and mobile width.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, type TestEnv } from '../helpers.ts';
import { solidPng } from '../schema-samples.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, isCspViolation, recordProblems, requireBrowser, screenshots, seriousA11yProblems, signedInPage, skip } from './harness.ts';

describe("a tenant's branding and the user page", { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;
  let page: Page;
  let problems: string[];
  let tenant: { id: string; subdomain: string; name: string };
  let admin: { id: string; email: string; token: string };
  const LOGO = solidPng(160, 48, [30, 110, 60]);

  /** No serious axe violation, nothing wider than a phone, and the screenshots written. */
  async function checkPage(on: Page, name: string): Promise<void> {
    assert.deepEqual(await seriousA11yProblems(on), [], `${name}: serious accessibility problems`);
    const { overflow } = await screenshots(on, name);
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a phone`);
  }

  before(async () => {
    requireBrowser();
    await buildWebUi();
    env = await createTestEnv();
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    tenant = await env.tenant('Lamp Tenant');
    admin = await env.user(tenant.id, 'tenant_admin');

    problems = [];
    page = await signedInPage(browser, baseUrl, tenant.subdomain, admin.email, problems);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'Business profile', level: 1 }).waitFor();
  });

  after(async () => {
    await page?.context().close();
    await browser?.close();
    await env?.close();
  });

  it('shows the profile in cards, with no "last saved" before anyone saved it, and once they have', async () => {
    const form = page.getByRole('form', { name: 'Business profile' });
    await form.getByLabel('Business name').waitFor();
    await page.getByTestId('logo-preview').getByText('No logo yet').waitFor();
    assert.equal(await page.getByTestId('profile-saved-at').count(), 0, 'never saved: no "last saved"');
    assert.equal(await page.locator('main section').count(), 2, 'business details and branding, each in its card');
    await checkPage(page, 'profile-unsaved');

    await form.getByLabel('Business name').fill('Bright Lamp Co');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await page.getByTestId('profile-notice').waitFor();
    await page
      .getByTestId('profile-saved-at')
      .getByText(/^Last saved /)
      .waitFor();
  });

  it('refuses an SVG logo in words, then uploads a PNG and shows it', async () => {
    const branding = page.getByTestId('profile-branding');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await branding.getByLabel('Upload a logo').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svg });
    const error = page.getByTestId('logo-error');
    await error.getByText('logo.svg is not a PNG, JPEG or WebP image. SVG is not accepted.').waitFor();

    await branding.getByLabel('Upload a logo').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: LOGO });
    await page
      .getByTestId('branding-notice')
      .getByText(/^Logo uploaded/)
      .waitFor();
    assert.equal(await error.count(), 0, 'the error cleared with the next attempt');
    const preview = page.getByTestId('logo-preview').getByRole('img', { name: 'Your logo, as your pages show it' });
    await preview.waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid="logo-preview"] img') as HTMLImageElement | null)?.naturalWidth === 160);
    await page
      .getByTestId('logo-facts')
      .getByText(/^PNG, /)
      .waitFor();
    const { rows } = await env.ctx.db.owner.query('select content_type, octet_length(data)::int as size from tenant_logos where tenant_id = $1', [tenant.id]);
    assert.deepEqual(rows, [{ content_type: 'image/png', size: LOGO.length }]);
  });

  it('refuses a malformed accent colour, and saves a pale one', async () => {
    const form = page.getByRole('form', { name: 'Accent colour' });
    await form.getByLabel('Hex value').fill('#ffe1');
    await form.getByRole('button', { name: 'Save colour' }).click();
    await page.getByTestId('accent-error').getByText('The accent colour must be # and six hex digits, e.g. #2453d4.').waitFor();
    await form.getByLabel('Hex value').fill('#FFE14D');
    await form.getByRole('button', { name: 'Save colour' }).click();
    await page.getByTestId('branding-notice').getByText('Accent colour saved.').waitFor();
    assert.equal(await page.getByTestId('accent-error').count(), 0);
    const { rows } = await env.ctx.db.owner.query('select accent_color, business_name from tenant_profiles where tenant_id = $1', [tenant.id]);
    assert.deepEqual(rows, [{ accent_color: '#ffe14d', business_name: 'Bright Lamp Co' }], 'saving the colour kept the business name');
    await checkPage(page, 'profile-branded');
    assert.deepEqual(problems, []);
  });

  describe("the tenant's public pages", () => {
    let visitor: Page;
    let visitorProblems: string[];

    before(async () => {
      visitor = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      visitor.setDefaultTimeout(15_000);
      visitorProblems = recordProblems(visitor);
    });

    after(async () => {
      await visitor?.context().close();
    });

    /** The page's logo has loaded, same-origin, at its own size. */
    const logoLoaded = async () => {
      const logo = visitor.getByTestId('tenant-logo');
      await logo.waitFor();
      assert.equal(await logo.getAttribute('alt'), 'Bright Lamp Co logo');
      assert.match((await logo.getAttribute('src')) ?? '', new RegExp(`^/api/v1/tenants/by-subdomain/${tenant.subdomain}/logo\\?v=[0-9a-f]{16}$`));
      await visitor.waitForFunction(() => (document.querySelector('[data-testid="tenant-logo"]') as HTMLImageElement | null)?.naturalWidth === 160);
    };

    /** The primary button in the accent colour, with the black text the server chose for a pale one. */
    const accentButton = async (name: string) => {
      const colours = await visitor.getByRole('button', { name, exact: true }).evaluate((button) => {
        const style = getComputedStyle(button);
        return { background: style.backgroundColor, color: style.color };
      });
      assert.deepEqual(colours, { background: 'rgb(255, 225, 77)', color: 'rgb(0, 0, 0)' });
    };

    it('sign-in: the business name, the logo and the accent colour', async () => {
      await visitor.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
      await visitor.getByRole('heading', { name: 'Sign in to Bright Lamp Co', level: 1 }).waitFor();
      await logoLoaded();
      await accentButton('Sign in');
      await checkPage(visitor, 'tenant-login-branded');
    });

    it('signup and "Forgot password?": the same face', async () => {
      await visitor.getByRole('link', { name: 'Sign up' }).click();
      await visitor.getByRole('heading', { name: 'Sign up to Bright Lamp Co', level: 1 }).waitFor();
      await logoLoaded();
      await accentButton('Create account');
      await checkPage(visitor, 'tenant-signup-branded');

      await visitor.goto(`${baseUrl}/t/${tenant.subdomain}/forgot-password`);
      await visitor.getByTestId('reset-tenant').getByText('For your account with Bright Lamp Co.').waitFor();
      await logoLoaded();
      await accentButton('Send me a link');
      await checkPage(visitor, 'tenant-forgot-password-branded');
      assert.deepEqual(
        visitorProblems.filter((p) => isCspViolation(p)),
        [],
        'the logo is allowed by the content security policy',
      );
      assert.deepEqual(visitorProblems, []);
    });

    it("an unknown tenant's sign-in, signup and reset pages say so, with no form", async () => {
      for (const path of ['/t/no-such-tenant/login', '/signup/no-such-tenant', '/t/no-such-tenant/forgot-password']) {
        await visitor.goto(`${baseUrl}${path}`);
        await visitor.getByRole('heading', { name: 'No organisation here', level: 1 }).waitFor();
        await visitor.getByTestId('tenant-missing').getByText('No active organisation uses this address (no-such-tenant).', { exact: false }).waitFor();
        assert.equal(await visitor.getByRole('form').count(), 0, `${path} shows no form`);
        assert.equal(await visitor.getByRole('button').count(), 0, `${path} offers nothing to submit`);
      }
      await checkPage(visitor, 'tenant-missing');
      await visitor.getByRole('link', { name: 'Go to the Embark sign-in page' }).click();
      await visitor.getByRole('heading', { name: 'Global administrators' }).waitFor();
      // the lookups that found no tenant answered 404, which the browser reports; nothing else went wrong
      assert.deepEqual(
        visitorProblems.filter((p) => !/status of 404/.test(p)),
        [],
      );
    });
  });

  describe('the user page', () => {
    let member: { id: string; email: string };

    before(async () => {
      const call = async (method: 'POST' | 'PUT', url: string, payload: object) => {
        const res = await env.inject({ method, url, token: admin.token, payload });
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
        return res.json();
      };
      await call('PUT', '/api/v1/tenant/signup-settings', {
        self_signup_open: true,
        modes: [{ key: 'talent', label: 'Looking for work', role: 'talent', template_variant: 'talent' }],
        roles: [
          { key: 'member', label: 'Member', self_assignable: false },
          { key: 'talent', label: 'Talent', self_assignable: true },
        ],
        default_role: 'member',
        contact_policy: { channels: ['email'] },
      });
      const email = `talent-${Date.now()}@example.test`;
      const signup = await env.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { tenant: tenant.subdomain, email, password: 'a long signup passphrase', metadata: { signup_mode: 'talent' } } });
      assert.equal(signup.statusCode, 201, signup.body);
      member = { id: signup.json().id, email };
      await call('POST', '/api/v1/organizations', { name: 'Initech' });
      await call('PUT', '/api/v1/tenant/checklists/get_started', {
        title: 'Get started',
        scope: 'user',
        tasks: [
          { slug: 'profile', title: 'Fill in your profile', rule: { kind: 'manual' } },
          { slug: 'first-job', title: 'Apply for a first job', rule: { kind: 'event', event: 'job.applied' } },
        ],
      });
    });

    it("shows the member's app role, signup mode, organisation and onboarding, and moves them into an organisation", async () => {
      await page.goto(`${baseUrl}/users/${member.id}`);
      await page.getByRole('heading', { name: member.email, level: 1 }).waitFor();
      await page.getByTestId('user-page-app-role').getByText('talent').waitFor();
      await page.getByTestId('user-page-signup-mode').getByText('talent').waitFor();
      await page.getByTestId('user-page-organization').getByText('None').waitFor();
      const checklist = page.getByTestId('user-checklist-get_started');
      await checklist.getByText('Get started').waitFor();
      await checklist
        .getByTestId('user-checklist-progress')
        .getByText(/^0 of 2 required tasks done/)
        .waitFor();
      await checklist.getByText('Apply for a first job').waitFor();

      const form = page.getByRole('form', { name: 'Change organisation' });
      await form.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Initech' });
      await form.getByLabel('Role in it').selectOption({ label: 'Owner' });
      await form.getByRole('button', { name: 'Add to organisation' }).click();
      await page.getByTestId('user-notice').getByText(`${member.email} is now in Initech (Owner).`).waitFor();
      await page.getByTestId('user-page-organization').getByText('Initech').waitFor();
      const { rows } = await env.ctx.db.owner.query('select o.name, m.role from organization_members m join organizations o on o.tenant_id = m.tenant_id and o.id = m.organization_id where m.user_id = $1', [member.id]);
      assert.deepEqual(rows, [{ name: 'Initech', role: 'owner' }]);
      await checkPage(page, 'user-page-onboarding');
      assert.deepEqual(problems, []);
    });
  });
});
