/**
 * Onboarding in Chromium, end to end: a tenant admin builds a checklist in the editor (rules picked
 * from forms, tasks reordered); a member lands on their home and sees it; the tenant's backend reports
 * events with its API key and the member's home and the <embark-checklist> widget — on a page of
 * another origin, as on the tenant's own site — follow; a `service.deleted` un-completes its task; the
 * admin reads the progress table and the member's timeline and overrides a task. No serious
 * accessibility violation; screenshots at desktop and mobile width.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, recordProblems, requireBrowser, screenshots, seriousA11yProblems, skip } from './harness.ts';

describe('Onboarding: the editor, the member home and the embedded widget', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;
  let tenant: { id: string; subdomain: string };
  let member: { id: string; email: string };
  let apiKey: string;
  let admin: Page;
  let home: Page;
  let widget: Page;
  let site: Server;
  let siteUrl: string;
  const problems: string[][] = [];

  async function signIn(email: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    problems.push(recordProblems(page));
    await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    const form = page.getByRole('form', { name: 'Sign in', exact: true });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }

  async function track(event: string): Promise<void> {
    const res = await env.inject({ method: 'POST', url: '/api/v1/events', token: apiKey, payload: { event, user_id: member.id } });
    assert.ok(res.statusCode < 300, res.body);
  }

  /** The page regains focus, as when the member comes back to the tab: home and widget refetch. */
  const refocus = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));

  before(async () => {
    requireBrowser();
    await buildWebUi();
    env = await createTestEnv();
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    tenant = await env.tenant('Checklist Co');
    const adminUser = await env.user(tenant.id, 'tenant_admin');
    member = await env.user(tenant.id, 'member', 'mia@checklist.example.test');
    const key = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: adminUser.token, payload: { name: 'backend', scopes: ['events:write', 'embed:mint'] } });
    assert.equal(key.statusCode, 201, key.body);
    apiKey = key.json().key;
    // the tenant's own site, on another origin: it mints the member's token server-side and embeds the widget
    site = createServer((request, response) => {
      void (async () => {
        const minted = await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: apiKey, payload: { user_id: member.id } });
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tenant app</title>
<script src="${baseUrl}/embed/checklist.js" defer></script>
<style>embark-checklist { --embark-accent: #6f42c1; max-width: 40rem; }</style></head>
<body><main><h1>Your dashboard</h1><embark-checklist token="${minted.json().token}" poll="0"></embark-checklist></main></body></html>`);
        void request;
      })();
    });
    await new Promise<void>((resolve) => site.listen(0, 'localhost', resolve));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
    admin = await signIn(adminUser.email);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await env?.close();
  });

  it('lets an admin build a checklist from forms: a live count, an event and a manual task, reordered', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Onboarding', exact: true }).click();
    await admin.getByRole('heading', { name: 'Onboarding', level: 1 }).waitFor();
    await admin.getByTestId('checklists-empty').waitFor();
    await admin.getByRole('button', { name: 'New checklist' }).click();
    const form = admin.getByRole('form', { name: 'Checklist' });
    await form.getByLabel('Key').fill('start');
    await form.getByLabel('Title', { exact: true }).fill('Get started');
    const task = (n: number) => form.getByTestId(`task-editor-${n}`);
    await task(0).getByLabel('Task title').fill('Create your first service');
    await task(0).getByLabel('Slug').fill('create-service');
    await task(0).getByLabel('Link').fill('/services/new');
    await task(0).getByLabel('Completes when').selectOption('live_count');
    await task(0).getByLabel('Object kind').fill('service');
    await form.getByRole('button', { name: 'Add task' }).click();
    await task(1).getByLabel('Task title').fill('Invite a teammate');
    await task(1).getByLabel('Slug').fill('invite');
    await task(1).getByLabel('Event name').fill('teammate.invited');
    await form.getByRole('button', { name: 'Add task' }).click();
    await task(2).getByLabel('Task title').fill('Say hello');
    await task(2).getByLabel('Slug').fill('say-hello');
    await task(2).getByLabel('Completes when').selectOption('manual');
    await form.getByRole('button', { name: 'Move task 3 up' }).click();
    assert.equal(await task(1).getByLabel('Slug').inputValue(), 'say-hello');
    assert.deepEqual(await seriousA11yProblems(admin), []);
    const { overflow } = await screenshots(admin, 'onboarding-editor');
    assert.ok(overflow <= 0, `the editor is ${overflow}px wider than a phone`);
    await form.getByRole('button', { name: 'Save checklist' }).click();
    await admin.waitForFunction(() => /Saved Get started \(version 1\)/.test(document.querySelector('[data-testid="onboarding-notice"]')?.textContent ?? ''));
    await admin.getByTestId('checklist-row-start').waitFor();
    const { rows } = await env.ctx.db.owner.query(`select t.slug, t.rule, t.link from checklist_tasks t where t.tenant_id = $1 order by t.position`, [tenant.id]);
    assert.deepEqual(
      rows.map((r) => [r.slug, r.rule, r.link]),
      [
        ['create-service', { kind: 'live_count', object: 'service', min: 1 }, '/services/new'],
        ['say-hello', { kind: 'manual' }, null],
        ['invite', { kind: 'event', event: 'teammate.invited', count: 1 }, null],
      ],
    );
  });

  it("lands a member on their home with the checklist, each task linking where the tenant says, and follows the tenant's events", async () => {
    home = await signIn(member.email);
    await home.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    assert.deepEqual(await home.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents(), ['Home', 'Profile']);
    const checklist = home.getByTestId('member-checklist-start');
    await checklist.getByRole('heading', { name: 'Get started' }).waitFor();
    assert.equal(await checklist.getByTestId('member-progress').textContent(), '0 of 3 done');
    assert.equal(await checklist.getByRole('link', { name: 'Create your first service' }).getAttribute('href'), '/services/new');
    await track('service.created');
    await refocus(home);
    await home.waitForFunction(() => document.querySelector('[data-testid="member-task-create-service"]')?.getAttribute('data-completed') === 'true');
    assert.equal(await checklist.getByTestId('member-progress').textContent(), '1 of 3 done');
    assert.equal(await checklist.getByRole('button', { name: /Create your first service/ }).count(), 0, 'a task completed from data has no button');
    await checklist.getByRole('button', { name: 'Mark done: Say hello' }).click();
    await home.waitForFunction(() => document.querySelector('[data-testid="member-progress"]')?.textContent === '2 of 3 done');
    assert.deepEqual(await seriousA11yProblems(home), []);
    const { overflow } = await screenshots(home, 'member-home');
    assert.ok(overflow <= 0, `the home is ${overflow}px wider than a phone`);
  });

  it("shows the widget on the tenant's own site, another origin, and it follows marks and events", async () => {
    widget = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    widget.setDefaultTimeout(15_000);
    problems.push(recordProblems(widget));
    await widget.goto(siteUrl);
    const element = widget.locator('embark-checklist');
    await element.getByRole('heading', { name: 'Get started' }).waitFor();
    assert.equal(await element.locator('[data-progress]').textContent(), '2 of 3 done');
    assert.equal(await element.getByRole('link', { name: 'Create your first service' }).getAttribute('href'), '/services/new');
    await element.getByRole('button', { name: 'Undo: Say hello' }).click();
    await widget.waitForFunction(() => document.querySelector('embark-checklist')?.shadowRoot?.querySelector('[data-progress]')?.textContent === '1 of 3 done');
    await element.getByRole('button', { name: 'Mark done: Say hello' }).click();
    await widget.waitForFunction(() => document.querySelector('embark-checklist')?.shadowRoot?.querySelector('[data-progress]')?.textContent === '2 of 3 done');
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from events where tenant_id = $1 and subject_id = $2 and type = 'onboarding.task.completed' and payload ->> 'task' = 'say-hello' and payload ->> 'completed_by' = $2::text`, [tenant.id, member.id]);
    assert.equal(rows[0].n, 2, 'marked twice by the member, once on the home and once in the widget');
    assert.deepEqual(await seriousA11yProblems(widget), []);
    const { overflow } = await screenshots(widget, 'embedded-widget');
    assert.ok(overflow <= 0, `the widget is ${overflow}px wider than a phone`);
    // the last task from an event: the checklist is complete, and the widget hides it
    await track('teammate.invited');
    await refocus(widget);
    await widget.waitForFunction(() => document.querySelector('embark-checklist')?.hasAttribute('data-empty') === true);
  });

  it('un-completes the service task when the service is deleted, on the widget and on the home', async () => {
    await track('service.deleted');
    await refocus(widget);
    await widget.waitForFunction(() => document.querySelector('embark-checklist')?.shadowRoot?.querySelector('[data-slug="create-service"]')?.getAttribute('data-completed') === 'false');
    assert.equal(await widget.locator('embark-checklist').locator('[data-progress]').textContent(), '2 of 3 done');
    await refocus(home);
    await home.waitForFunction(() => document.querySelector('[data-testid="member-task-create-service"]')?.getAttribute('data-completed') === 'false');
    assert.equal(await home.getByTestId('member-progress').textContent(), '2 of 3 done');
  });

  it("shows the admin everyone's progress and the member's timeline, and overrides a task with a reason", async () => {
    await admin.getByRole('button', { name: 'Progress of Get started' }).click();
    const row = admin.getByTestId(`progress-row-${member.email}`);
    await row.waitFor();
    assert.equal(await row.getByTestId('progress-done').textContent(), '2 of 3');
    await admin.getByLabel('Show').selectOption('complete');
    await admin.getByTestId('progress-empty').waitFor();
    await admin.getByLabel('Show').selectOption('incomplete');
    await row.waitFor();
    await row.getByRole('button', { name: `Timeline of ${member.email}` }).click();
    const timeline = admin.getByTestId('subject-timeline');
    await timeline.getByTestId('subject-task-create-service').waitFor();
    await timeline.locator('[data-testid="timeline-events"] li[data-type="onboarding.reopened"]').waitFor();
    const events = await timeline
      .getByTestId('timeline-events')
      .locator('li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-type')));
    for (const type of ['onboarding.task.completed', 'onboarding.task.uncompleted', 'onboarding.completed', 'onboarding.reopened']) assert.ok(events.includes(type), `${type} is on the timeline: ${events.join(', ')}`);
    assert.match((await timeline.getByTestId('timeline-events').textContent()) ?? '', /un-completed create-service/);
    const override = admin.getByRole('form', { name: 'Override a task' });
    await override.getByLabel('Task').selectOption('create-service');
    await override.getByLabel('Decide it as').selectOption('true');
    await override.getByLabel('Reason').fill('Set up by our team on a call');
    await override.getByRole('button', { name: 'Override' }).click();
    await admin.waitForFunction(() => /by an admin override/.test(document.querySelector('[data-testid="subject-task-create-service"]')?.textContent ?? ''));
    await admin.waitForFunction(() => /completed create-service \(by an admin override\)/.test(document.querySelector('[data-testid="timeline-events"]')?.textContent ?? ''));
    const { rows: marks } = await env.ctx.db.owner.query(`select kind, completed, reason from onboarding_task_marks where tenant_id = $1 and subject_id = $2 and task_slug = 'create-service'`, [tenant.id, member.id]);
    assert.deepEqual(marks, [{ kind: 'override', completed: true, reason: 'Set up by our team on a call' }]);
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from events where tenant_id = $1 and subject_id = $2 and type = 'onboarding.completed'`, [tenant.id, member.id]);
    assert.equal(rows[0].n, 2, 'the override completed the checklist again');
    assert.deepEqual(await seriousA11yProblems(admin), []);
    const { overflow } = await screenshots(admin, 'onboarding-progress');
    assert.ok(overflow <= 0, `the progress page is ${overflow}px wider than a phone`);
  });

  it('logged no console error and no uncaught exception on any page', () => {
    assert.deepEqual(problems.flat(), []);
  });
});
