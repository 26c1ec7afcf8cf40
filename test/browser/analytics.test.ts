/**
 * The Analytics page in Chromium against a listening Embark: a tenant with seeded events and
 * checklist progress, whose funnel, active users and completion by organisation charts draw the
 * numbers seeded (read from each chart's data and checked against its table, and the canvas is not
 * blank), with no serious accessibility violation (axe-core) and a screenshot at desktop and mobile width.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, type TestEnv } from '../helpers.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, requireBrowser, screenshots, seriousA11yProblems, signedInPage, skip } from './harness.ts';

describe('the Analytics page', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;
  let page: Page;
  let problems: string[];

  before(async () => {
    requireBrowser();
    await buildWebUi();
    env = await createTestEnv();
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    const tenant = await env.tenant('Charts Inc');
    const admin = await env.user(tenant.id, 'tenant_admin');
    const call = async (method: 'POST' | 'PUT', url: string, payload: object, token = admin.token) => {
      const res = await env.inject({ method, url, token, payload });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
      return res.json();
    };
    const key = (await call('POST', '/api/v1/tenant/api-keys', { name: 'app', scopes: ['events:write'] })).key as string;
    const users = [];
    for (let i = 0; i < 4; i++) users.push(await env.user(tenant.id, 'member'));
    const acme = (await call('POST', '/api/v1/organizations', { name: 'Acme' })).id;
    for (const user of users.slice(0, 2)) await call('PUT', `/api/v1/organizations/${acme}/members/${user.id}`, {});
    await call('PUT', '/api/v1/tenant/checklists/start', { title: 'Get started', scope: 'user', tasks: [{ slug: 'invite', title: 'Invite someone', rule: { kind: 'event', event: 'invite.sent' } }] });
    const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
    const [u1, u2, u3, u4] = users.map((u) => u.id) as [string, string, string, string];
    // funnel signup.done → service.created → invite.sent: 4, 3, 1; two days ago, u1–u3 were active
    const batch = [
      ...[u1, u2, u3, u4].map((user_id) => ({ event: 'signup.done', user_id, timestamp: ago(3) })),
      ...[u1, u2, u3].map((user_id) => ({ event: 'service.created', user_id, timestamp: ago(2) })),
      { event: 'invite.sent', user_id: u1, timestamp: ago(1) },
      ...[u1, u2, u3].map((user_id) => ({ event: 'page.viewed', user_id, timestamp: `${new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)}T12:00:00Z` })),
    ];
    await call('POST', '/api/v1/events', { batch }, key);

    problems = [];
    page = await signedInPage(browser, baseUrl, tenant.subdomain, admin.email, problems);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics', exact: true }).click();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
  });

  after(async () => {
    await page?.context().close();
    await browser?.close();
    await env?.close();
  });

  const values = async (testId: string) => JSON.parse((await page.getByTestId(testId).getAttribute('data-values')) ?? 'null') as number[];
  /** Whether the canvas has anything drawn on it: some pixel is not transparent. */
  const drawn = (testId: string) =>
    page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context || !canvas.width || !canvas.height) return false;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
      return false;
    });
  const column = async (testId: string, index: number) => page.getByTestId(testId).locator(`tbody tr td:nth-child(${index})`).allTextContents();

  it('draws the funnel of the steps asked for, with the seeded counts', async () => {
    const form = page.getByRole('form', { name: 'Funnel' });
    await form.getByLabel('Steps').fill('signup.done,service.created,invite.sent');
    await form.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('funnel-summary').getByText('4 entered, 1 reached the last step (25%).').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="funnel-chart"]')?.getAttribute('data-values') === '[4,3,1]');
    assert.deepEqual(await values('funnel-chart'), [4, 3, 1]);
    assert.deepEqual(await column('funnel-table', 3), ['4', '3', '1']);
    assert.deepEqual(await column('funnel-table', 5), ['75%', '33.3%', '—']);
    assert.ok(await drawn('funnel-chart'), 'the funnel chart drew something');
    assert.match((await page.getByTestId('funnel-chart').getAttribute('aria-label')) ?? '', /signup\.done 4, service\.created 3, invite\.sent 1/);
  });

  it('draws active users per day over the last 30 days', async () => {
    await page.getByTestId('actives-chart').waitFor();
    const daily = await values('actives-chart');
    assert.equal(daily.length, 30);
    // two days ago: u1–u3; today: the admin and the four users, created (a domain event) today
    assert.deepEqual(daily.slice(-3), [3, 0, 5]);
    assert.ok(await drawn('actives-chart'), 'the active-users chart drew something');
    await page.getByLabel('Interval').selectOption('month');
    await page.waitForFunction(() => (document.querySelector('[data-testid="actives-chart"]')?.getAttribute('aria-label') ?? '').startsWith('Active users per month'));
    assert.equal((await values('actives-chart')).at(-1), 5);
  });

  it('draws onboarding completion by organisation', async () => {
    await page.getByTestId('completion-chart').waitFor();
    // Acme: u1 (done) and u2; no organisation: the admin, u3, u4
    assert.deepEqual(await values('completion-chart'), [50, 0]);
    assert.deepEqual(await column('completion-table', 1), ['Acme', 'No organisation']);
    assert.deepEqual(await column('completion-table', 3), ['2', '3']);
    assert.ok(await drawn('completion-chart'), 'the completion chart drew something');
  });

  it('has no serious accessibility problem, fits a phone, and logged no error', async () => {
    assert.deepEqual(await seriousA11yProblems(page), [], 'axe-core found serious or critical violations');
    const { overflow } = await screenshots(page, 'analytics');
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 390px screen`);
    assert.deepEqual(problems, []);
  });
});
