/**
 * A tenant's home in Chromium: a tenant admin lands on the dashboard — the counts as the database
 * holds them, a failed message and a failed provisioning under "Needs attention" each linking to its
 * page, nothing of another tenant, the latest activity with a link to all of it — and a member's home
 * shows their checklist above their own activity, which follows what they do. No serious
 * accessibility violation, and screenshots at both widths.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, type TestEnv } from '../helpers.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, requireBrowser, screenshots, seriousA11yProblems, signedInPage, skip } from './harness.ts';

describe('the home pages', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;
  let tenant: { id: string; subdomain: string };
  let admin: { id: string; email: string; token: string };
  let member: { id: string; email: string; token: string };
  let failedMessageId: string;
  let failedHireId: string;
  const problems: string[] = [];

  async function signIn(email: string): Promise<Page> {
    const page = await signedInPage(browser, baseUrl, tenant.subdomain, email, problems);
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    return page;
  }

  async function checkPage(page: Page, name: string): Promise<void> {
    assert.deepEqual(await seriousA11yProblems(page), [], `${name}: axe-core found serious or critical violations`);
    const { overflow } = await screenshots(page, name);
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a 390px screen`);
  }

  before(async () => {
    requireBrowser();
    await buildWebUi();
    env = await createTestEnv();
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    tenant = await env.tenant('Dashboard Co');
    admin = await env.user(tenant.id, 'tenant_admin');
    member = await env.user(tenant.id, 'member', 'mia@dashboard.example.test');
    const db = env.ctx.db.owner;
    const checklist = await env.inject({
      method: 'PUT',
      url: '/api/v1/tenant/checklists/welcome',
      token: admin.token,
      payload: { title: 'Welcome aboard', scope: 'user', tasks: [{ slug: 'say-hello', title: 'Say hello', rule: { kind: 'manual' } }] },
    });
    assert.equal(checklist.statusCode, 200, checklist.body);
    await db.query(`insert into messages (tenant_id, channel, recipient, bundle, status, provider) values ($1, 'email', 'fine@dashboard.example.test', 'welcome_email', 'delivered', 'outbox')`, [tenant.id]);
    const message = await db.query(`insert into messages (tenant_id, channel, recipient, bundle, status, provider, last_error) values ($1, 'email', 'bounce@dashboard.example.test', 'welcome_email', 'failed', 'outbox', 'mailbox unavailable') returning id`, [tenant.id]);
    failedMessageId = message.rows[0].id;
    const hire = await db.query(`insert into hires (tenant_id, first_name, last_name, personal_email, status) values ($1, 'Hal', 'Failed', 'hal@dashboard.example.test', 'failed') returning id`, [tenant.id]);
    failedHireId = hire.rows[0].id;
    // activity for the feed: a contact staff added
    const contact = await env.inject({ method: 'POST', url: '/api/v1/crm/contacts', token: admin.token, payload: { first_name: 'Fiona', email: 'fiona@dashboard.example.test' } });
    assert.equal(contact.statusCode, 201, contact.body);
    // another tenant's failure, which nobody of this one may see
    const other = await env.tenant('Elsewhere Inc');
    await db.query(`insert into messages (tenant_id, channel, recipient, bundle, status, provider) values ($1, 'email', 'other-tenant@elsewhere.example.test', 'welcome_email', 'failed', 'outbox')`, [other.id]);
  });

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shows a member their checklist above their own activity, which follows what they do', async () => {
    const page = await signIn(member.email);
    try {
      const checklist = page.getByTestId('member-checklist-welcome');
      await checklist.getByRole('heading', { name: 'Welcome aboard' }).waitFor();
      const activity = page.getByTestId('my-activity');
      await activity.getByTestId('my-feed-user.created').waitFor();
      // the checklist first, then the feed
      assert.ok(await checklist.evaluate((c, feed) => Boolean(c.compareDocumentPosition(feed!) & Node.DOCUMENT_POSITION_FOLLOWING), await activity.elementHandle()));
      assert.equal(await page.getByTestId('dashboard-counts').count(), 0, 'a member has no dashboard');
      await checkPage(page, 'home-member');
      await checklist.getByRole('button', { name: 'Mark done: Say hello' }).click();
      await activity.getByTestId('my-feed-onboarding.task.completed').waitFor();
      assert.match((await activity.getByTestId('my-feed-onboarding.task.completed').textContent()) ?? '', /Task done: say-hello/);
      // only their own: nothing of the admin's account, nor of the contact staff added
      assert.doesNotMatch((await activity.textContent()) ?? '', /Fiona|Contact/);
    } finally {
      await page.context().close();
    }
  });

  it('lands a tenant admin on the dashboard: the counts, what needs attention, the latest activity', async () => {
    const page = await signIn(admin.email);
    try {
      const { rows: users } = await env.ctx.db.owner.query(`select count(*)::int as total, count(*) filter (where created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - interval '6 days')::int as recent from users where tenant_id = $1`, [tenant.id]);
      assert.equal(await page.getByTestId('count-users').textContent(), String(users[0].total));
      assert.equal(await page.getByTestId('count-signups').textContent(), String(users[0].recent));
      const byStatus = page.getByTestId('messages-by-status');
      assert.match((await byStatus.locator('[data-status="failed"]').textContent()) ?? '', /Failed\s*1/);
      assert.match((await byStatus.locator('[data-status="delivered"]').textContent()) ?? '', /Delivered\s*1/);
      const { rows: progress } = await env.ctx.db.owner.query(`select count(*)::int as subjects, count(completed_at)::int as completed from onboarding_progress where tenant_id = $1 and checklist_key = 'welcome'`, [tenant.id]);
      assert.ok(progress[0].completed >= 1, 'the member completed the checklist');
      const completion = page.getByTestId('completion-welcome');
      assert.match((await completion.textContent()) ?? '', new RegExp(`${Math.round((progress[0].completed / progress[0].subjects) * 100)}%\\s*\\(${progress[0].completed} of ${progress[0].subjects} users\\)`));

      const attention = page.getByTestId('needs-attention');
      const failed = attention.getByTestId(`attention-message-${failedMessageId}`);
      assert.match((await failed.textContent()) ?? '', /Failed: welcome_email to bounce@dashboard\.example\.test.*mailbox unavailable/);
      await attention.getByTestId(`attention-hire-${failedHireId}`).waitFor();
      assert.doesNotMatch((await page.getByRole('main').textContent()) ?? '', /other-tenant@elsewhere/);
      const feed = page.getByTestId('recent-activity');
      await feed.getByTestId('feed-crm.contact.created').waitFor();
      await checkPage(page, 'home-dashboard');

      await feed.getByRole('link', { name: 'All activity' }).click();
      await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
      await page.getByTestId('activity-feed').getByTestId('feed-crm.contact.created').waitFor();
      await page.getByLabel('Type').selectOption('user.created');
      await page.waitForFunction(() => !document.querySelector('[data-testid="feed-crm.contact.created"]'));
      await page.getByTestId('activity-feed').getByTestId('feed-user.created').first().waitFor();
      await checkPage(page, 'activity');

      // each item of "needs attention" opens its page
      await page.getByRole('link', { name: '← Home' }).click();
      await page.getByTestId(`attention-message-${failedMessageId}`).getByRole('link').click();
      await page.getByTestId('message-detail').waitFor();
      assert.equal(await page.getByTestId('message-recipient').textContent(), 'bounce@dashboard.example.test');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
      await page.getByTestId(`attention-hire-${failedHireId}`).getByRole('link', { name: 'Hal Failed' }).click();
      await page.getByTestId('hire-details').getByRole('heading', { name: 'Hal Failed' }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/hires/${failedHireId}`);
    } finally {
      await page.context().close();
    }
  });

  it('shows staff the dashboard too', async () => {
    const staff = await env.user(tenant.id, 'staff');
    const page = await signIn(staff.email);
    try {
      await page.getByTestId(`attention-message-${failedMessageId}`).waitFor();
      const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      assert.equal(links[0], 'Home');
    } finally {
      await page.context().close();
    }
  });

  it('logged no console errors', () => {
    assert.deepEqual(problems, []);
  });
});
