/**
 * The CRM pages in Chromium, as a staff member works them: add a contact, qualify it, approve it with
 * its confirmation, and see the account made once — its welcome email in the outbox with the password
 * masked, the password nowhere in the page; a contact whose email a user has is said so; an empty
 * filter says so; no serious accessibility violation, and screenshots at both widths. Then the whole
 * way from a CSV file to a signed-in member: import (refused rows reported), the contact's page (edit,
 * qualify with a note, history, feed), Approve & Create Account with its answers for account_exists
 * and contact_not_qualified, the welcome email through a real SMTP server, and the new user's first
 * sign-in with the password from that email, which must be changed. The password is in no API answer
 * the browser received, no log line, no page and no table but the sealed copy of the email.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestEnv, drainJobs, SYSTEM_ACTOR, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp.ts';
import { buildApp } from '../../src/app.ts';
import type { Context } from '../../src/context.ts';
import { createLogger } from '../../src/log.ts';
import { putChannel } from '../../src/messaging/channels.service.ts';
import { MASK } from '../../src/messaging/dispatch.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, recordProblems, requireBrowser, screenshots, seriousA11yProblems, skip } from './harness.ts';

describe('Contacts page', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let tenant: { id: string; subdomain: string };
  let staff: { id: string; email: string; token: string };
  let baseUrl: string;
  let smtp: SmtpFake;
  // the app the browser talks to logs at debug into `logged`, so the test can read every line
  let ctx: Context;
  let app: FastifyInstance;
  const logged: string[] = [];
  // every answer of the API the browser received, on every page of the test
  const answers: string[] = [];
  const recordAnswers = (context: BrowserContext) =>
    context.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/'))
        void response.text().then(
          (body) => answers.push(body),
          () => undefined,
        );
    });

  before(async () => {
    requireBrowser();
    await buildWebUi();
    env = await createTestEnv();
    ctx = { ...env.ctx, log: createLogger('debug', { write: (line: string) => void logged.push(line) }) };
    app = await buildApp(ctx);
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    tenant = await env.tenant('Pipeline Co');
    staff = await env.user(tenant.id, 'staff');
    // the tenant's email goes through a real SMTP server, where the test reads what a contact receives
    smtp = await startSmtpFake();
    await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'email', { provider: 'smtp', from: 'welcome@pipeline.example.test', credentials: { host: smtp.host, port: smtp.port, ignore_tls: true } });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    recordAnswers(context);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
    await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    const form = page.getByRole('form', { name: 'Sign in', exact: true });
    await form.getByLabel('Email').fill(staff.email);
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await env?.close();
  });

  it('says there are none yet', async () => {
    await page.getByTestId('contacts-empty').waitFor();
    assert.match((await page.getByTestId('contacts-empty').textContent()) ?? '', /add the first one/);
  });

  it('adds a lead, qualifies it, approves it once with its confirmation, and shows no password', async () => {
    const form = page.getByRole('form', { name: 'Add contact' });
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Last name').fill('Lovelace');
    await form.getByLabel('Email').fill('ada@pipeline.example.test');
    await form.getByRole('button', { name: 'Add contact' }).click();
    const row = page.getByTestId('contact-row-ada@pipeline.example.test');
    await row.waitFor();
    assert.equal(await row.getByTestId('contact-status').textContent(), 'Lead');
    await row.getByRole('button', { name: 'Qualify' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-row-ada@pipeline.example.test"] [data-testid="contact-status"]')?.textContent === 'Qualified');
    await row.getByRole('button', { name: 'Approve & Create Account for Ada Lovelace' }).click();
    await row.getByRole('button', { name: 'Yes, create the account' }).click();
    await page.waitForFunction(() => /Account created for ada@pipeline\.example\.test/.test(document.querySelector('[data-testid="contacts-notice"]')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-row-ada@pipeline.example.test"] [data-testid="contact-status"]')?.textContent === 'Onboarding');
    assert.equal(await row.getByRole('button', { name: /Approve/ }).count(), 0, 'an onboarding contact has no approve button');
    const { rows: users } = await env.ctx.db.owner.query(`select must_change_password from users where tenant_id = $1 and email = 'ada@pipeline.example.test'`, [tenant.id]);
    assert.deepEqual(users, [{ must_change_password: true }]);
    const { rows: messages } = await env.ctx.db.owner.query(`select secret_variables_encrypted is not null as sealed, variables::text as variables from messages where tenant_id = $1 and recipient = 'ada@pipeline.example.test' and bundle = 'temporary_password_email'`, [tenant.id]);
    assert.equal(messages.length, 1);
    // the password travels sealed with its email until it is sent, and in no variable anyone reads
    assert.equal(messages[0].sealed, true);
    assert.doesNotMatch(messages[0].variables, /temporary_password/);
    assert.doesNotMatch(await page.content(), /temporary password is:/i);
    assert.deepEqual(await seriousA11yProblems(page), []);
    const { overflow } = await screenshots(page, 'contacts');
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  });

  it('says so, in words, when the email already has an account', async () => {
    await env.user(tenant.id, 'member', 'grace@pipeline.example.test');
    const form = page.getByRole('form', { name: 'Add contact' });
    await form.getByLabel('First name').fill('Grace');
    await form.getByLabel('Email').fill('grace@pipeline.example.test');
    await form.getByRole('button', { name: 'Add contact' }).click();
    const row = page.getByTestId('contact-row-grace@pipeline.example.test');
    await row.getByRole('button', { name: 'Qualify' }).click();
    await row.getByRole('button', { name: 'Approve & Create Account for Grace' }).click();
    await row.getByRole('button', { name: 'Yes, create the account' }).click();
    await page.waitForFunction(() => /has an account already, nothing new was made/.test(document.querySelector('[data-testid="contacts-notice"]')?.textContent ?? ''));
  });

  it('refuses a second contact with the same email, saying why, and keeps what was typed', async () => {
    const form = page.getByRole('form', { name: 'Add contact' });
    await form.getByLabel('First name').fill('Twin');
    await form.getByLabel('Email').fill('ada@pipeline.example.test');
    await form.getByRole('button', { name: 'Add contact' }).click();
    await page.getByTestId('new-contact-error').waitFor();
    assert.match((await page.getByTestId('new-contact-error').textContent()) ?? '', /email/i);
    assert.equal(await form.getByLabel('First name').inputValue(), 'Twin');
  });

  it('filters by status, and says when nothing matches', async () => {
    await page.getByRole('form', { name: 'Filter contacts' }).getByLabel('Status').selectOption('lost');
    await page.getByTestId('contacts-empty').waitFor();
    assert.match((await page.getByTestId('contacts-empty').textContent()) ?? '', /match these filters/);
    assert.deepEqual(
      problems.filter((p) => p.startsWith('uncaught')),
      [],
    );
  });

  const openContacts = async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  };
  const staffCall = (method: 'GET' | 'POST', url: string, payload?: object) => env.inject({ method, url, token: staff.token, ...(payload ? { payload } : {}) });

  it('imports a CSV file, reporting each refused row by its line and what was wrong', async () => {
    await openContacts();
    await page.getByRole('form', { name: 'Filter contacts' }).getByLabel('Status').selectOption('');
    const form = page.getByRole('form', { name: 'Import contacts' });
    const csv = ['First Name,Last Name,Email,Phone,Company,Region', 'Marie,Curie,marie@pipeline.example.test,+15555550140,Radium Ltd,west', 'Bad,Phone,badphone@pipeline.example.test,555-0141,,east', 'Pierre,Curie,pierre@pipeline.example.test,,,west'].join('\n');
    await form.getByLabel('CSV file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => (document.querySelector('form[aria-label="Import contacts"] textarea') as HTMLTextAreaElement | null)?.value.includes('marie@'));
    await form.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-report').waitFor();
    assert.match((await page.getByTestId('import-summary').textContent()) ?? '', /Imported 2 contacts; 1 row was refused/);
    const refused = page.getByTestId('import-error-row-3');
    assert.match((await refused.textContent()) ?? '', /phone/);
    assert.equal(await page.getByTestId('import-errors').locator('tbody tr').count(), 1);
    await page.getByTestId('contact-row-marie@pipeline.example.test').waitFor();
    const { rows: imported } = await env.ctx.db.owner.query(`select email, company, custom from crm_contacts where tenant_id = $1 and email in ('marie@pipeline.example.test', 'pierre@pipeline.example.test', 'badphone@pipeline.example.test') order by email`, [tenant.id]);
    assert.deepEqual(imported, [
      { email: 'marie@pipeline.example.test', company: 'Radium Ltd', custom: { region: 'west' } },
      { email: 'pierre@pipeline.example.test', company: null, custom: { region: 'west' } },
    ]);
    // a file that cannot be read at all is said so, and imports nothing
    await form.getByLabel('Or paste the CSV').fill('email\n"never closed');
    await form.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-error').waitFor();
    assert.match((await page.getByTestId('import-error').textContent()) ?? '', /CSV could not be read/);
  });

  it("opens a contact's page: edits its fields, qualifies it with a note, and shows who did it and why", async () => {
    await page.getByTestId('contact-row-marie@pipeline.example.test').getByRole('link', { name: 'Marie Curie' }).click();
    await page.getByRole('heading', { name: 'Marie Curie', level: 1 }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/contacts\/[0-9a-f-]{36}$/);
    const details = page.getByRole('form', { name: 'Contact details' });
    assert.equal(await details.getByLabel('Company').inputValue(), 'Radium Ltd');
    await details.getByLabel('Company').fill('Institut du Radium');
    await details.getByLabel('Source').fill('trade fair');
    await details.getByLabel('Owner').selectOption({ label: staff.email });
    // the imported custom field, edited, and one added
    await details.getByLabel('region', { exact: true }).fill('north');
    await details.getByLabel('New field’s name').fill('Plan');
    await details.getByLabel('Its value').fill('pro');
    await details.getByRole('button', { name: 'Add field' }).click();
    await details.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-notice"]')?.textContent === 'Saved.');
    // a bad value is refused in words next to its field, and nothing is saved
    await details.getByLabel('Phone').fill('555');
    await details.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('contact-save-error').waitFor();
    assert.match((await page.getByTestId('contact-save-error').textContent()) ?? '', /Phone/);
    await page.reload();
    await page.getByRole('heading', { name: 'Marie Curie', level: 1 }).waitFor();
    assert.deepEqual([await details.getByLabel('Company').inputValue(), await details.getByLabel('Source').inputValue(), await details.getByLabel('Phone').inputValue()], ['Institut du Radium', 'trade fair', '+15555550140']);
    assert.deepEqual([await details.getByLabel('region', { exact: true }).inputValue(), await details.getByLabel('plan', { exact: true }).inputValue()], ['north', 'pro']);
    const { rows: saved } = await env.ctx.db.owner.query(`select custom, source from crm_contacts where tenant_id = $1 and email = 'marie@pipeline.example.test'`, [tenant.id]);
    assert.deepEqual(saved, [{ custom: { region: 'north', plan: 'pro' }, source: 'trade fair' }]);
    assert.equal(await details.getByLabel('Owner').inputValue(), staff.id);

    assert.equal(await page.getByTestId('contact-status').textContent(), 'Lead');
    assert.equal(await page.getByRole('button', { name: 'Approve & Create Account' }).count(), 0, 'a lead has no approve button');
    const move = page.getByRole('form', { name: 'Move contact' });
    assert.deepEqual(await move.getByRole('button').allTextContents(), ['Qualify', 'Mark lost']);
    await move.getByLabel('Note for the history').fill('budget confirmed at the fair');
    await move.getByRole('button', { name: 'Qualify' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-status"]')?.textContent === 'Qualified');
    const history = page.getByTestId('contact-history');
    const newest = history.locator('tbody tr').first();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-history"] tbody tr').length === 2);
    assert.match((await newest.textContent()) ?? '', new RegExp(`Lead → Qualified.*${staff.email.replace(/[.]/g, '\\.')}.*budget confirmed at the fair`));
    assert.match((await history.locator('tbody tr').last().textContent()) ?? '', /Created as lead/);
    await page.getByTestId('feed-crm.contact.moved').first().waitFor();
  });

  let marie: { id: string; userId: string };
  it('approves it behind a confirmation, naming the new user; the contact moves to onboarding and its feed says so', async () => {
    await page.getByRole('button', { name: 'Approve & Create Account' }).click();
    await page.getByRole('button', { name: 'Yes, create the account' }).click();
    await page.getByTestId('approval-answer').waitFor();
    const userId = (await page.getByTestId('approval-user-id').textContent()) ?? '';
    assert.match((await page.getByTestId('approval-answer').textContent()) ?? '', /Account created for marie@pipeline\.example\.test/);
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-status"]')?.textContent === 'Onboarding');
    assert.equal(await page.getByRole('button', { name: 'Approve & Create Account' }).count(), 0, 'an onboarding contact has no approve button');
    await page.getByTestId('feed-onboarding.account.provisioned').waitFor();
    await page.getByTestId('feed-user.created').waitFor();
    const { rows } = await env.ctx.db.owner.query(`select c.id, c.status, c.user_id, u.must_change_password from crm_contacts c join users u on u.tenant_id = c.tenant_id and u.id = c.user_id where c.tenant_id = $1 and c.email = 'marie@pipeline.example.test'`, [tenant.id]);
    assert.deepEqual(rows, [{ id: rows[0]?.id, status: 'onboarding', user_id: userId, must_change_password: true }]);
    assert.equal(await page.getByTestId('contact-user-id').textContent(), userId);
    marie = { id: rows[0]!.id, userId };
  });

  it('says which user has the email when the account exists, and why it refuses a contact that is no longer qualified', async () => {
    const existing = await env.user(tenant.id, 'member', 'irene@pipeline.example.test');
    const irene = (await staffCall('POST', '/api/v1/crm/contacts', { first_name: 'Irène', email: 'irene@pipeline.example.test' })).json().id;
    assert.equal((await staffCall('POST', `/api/v1/crm/contacts/${irene}/status`, { status: 'qualified' })).statusCode, 200);
    await page.goto(`${baseUrl}/contacts/${irene}`);
    await page.getByRole('heading', { name: 'Irène', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Approve & Create Account' }).click();
    await page.getByRole('button', { name: 'Yes, create the account' }).click();
    await page.getByTestId('approval-answer').waitFor();
    assert.match((await page.getByTestId('approval-answer').textContent()) ?? '', /Nothing new was made: irene@pipeline\.example\.test has an account already/);
    assert.equal(await page.getByTestId('approval-user-id').textContent(), existing.id);
    assert.equal(await page.getByTestId('contact-status').textContent(), 'Qualified', 'nothing changed');

    // someone moves Pierre back to lead while his page is open: the approval is refused, in words
    const pierre = (await staffCall('GET', '/api/v1/crm/contacts?q=pierre%40')).json().items[0].id;
    assert.equal((await staffCall('POST', `/api/v1/crm/contacts/${pierre}/status`, { status: 'qualified' })).statusCode, 200);
    await page.goto(`${baseUrl}/contacts/${pierre}`);
    await page.getByRole('heading', { name: 'Pierre Curie', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Approve & Create Account' }).click();
    assert.equal((await staffCall('POST', `/api/v1/crm/contacts/${pierre}/status`, { status: 'lead', note: 'not yet' })).statusCode, 200);
    await page.getByRole('button', { name: 'Yes, create the account' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-status"]')?.textContent === 'Lead');
    assert.match((await page.getByTestId('approval-answer').textContent()) ?? '', /Only a qualified contact can be approved, and this one is lead now/);
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from users where tenant_id = $1 and email = 'pierre@pipeline.example.test'`, [tenant.id]);
    assert.equal(rows[0].n, 0);
    assert.deepEqual(await seriousA11yProblems(page), []);
    const { overflow } = await screenshots(page, 'contact-detail');
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  });

  it('filters the pipeline by owner', async () => {
    await openContacts();
    const filters = page.getByRole('form', { name: 'Filter contacts' });
    await filters.getByLabel('Owner').selectOption({ label: staff.email });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="contacts-table"] tbody tr').length === 1);
    await page.getByTestId('contact-row-marie@pipeline.example.test').waitFor();
    await filters.getByLabel('Owner').selectOption('');
    await page.getByTestId('contact-row-pierre@pipeline.example.test').waitFor();
  });

  it('approves the selected qualified contacts at once, reporting each', async () => {
    const ids: Record<string, string> = {};
    for (const [name, email] of [
      ['Lise', 'lise@pipeline.example.test'],
      ['Otto', 'otto@pipeline.example.test'],
    ] as const) {
      ids[name] = (await staffCall('POST', '/api/v1/crm/contacts', { first_name: name, email })).json().id;
      assert.equal((await staffCall('POST', `/api/v1/crm/contacts/${ids[name]}/status`, { status: 'qualified' })).statusCode, 200);
    }
    await page.reload();
    await page.getByTestId('contact-row-otto@pipeline.example.test').waitFor();
    // Irène is qualified too, and her email has an account: the report says so beside the others
    for (const name of ['Lise', 'Otto', 'Irène']) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    assert.equal(await page.getByRole('checkbox', { name: 'Select Marie Curie' }).count(), 0, 'an onboarding contact cannot be selected');
    assert.deepEqual(await seriousA11yProblems(page), []);
    await page.getByRole('button', { name: 'Approve selected (3)' }).click();
    await page.getByRole('button', { name: 'Yes, create the accounts' }).click();
    await page.getByTestId('bulk-report').waitFor();
    assert.match((await page.getByTestId('bulk-summary').textContent()) ?? '', /Created 2 of 3 accounts/);
    assert.equal(await page.getByTestId(`bulk-result-${ids.Lise}`).getAttribute('data-outcome'), 'created');
    assert.equal(await page.getByTestId(`bulk-result-${ids.Otto}`).getAttribute('data-outcome'), 'created');
    assert.match((await page.getByTestId('bulk-report').textContent()) ?? '', /Irène: has an account already; nothing new was made/);
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-row-otto@pipeline.example.test"] [data-testid="contact-status"]')?.textContent === 'Onboarding');
    const { rows } = await env.ctx.db.owner.query(`select email from users where tenant_id = $1 and email in ('lise@pipeline.example.test', 'otto@pipeline.example.test') order by email`, [tenant.id]);
    assert.equal(rows.length, 2);
  });

  let password: string;
  it('sends the welcome email with the password and the sign-in link; the outbox shows it masked', async () => {
    await drainJobs(ctx);
    // the account's onboarding email (signup initialisation) goes too; the welcome email is the one with the password
    const mails = smtp.messages.filter((m) => m.envelope.rcptTo.includes('marie@pipeline.example.test') && /temporary password/i.test(m.text ?? ''));
    assert.equal(mails.length, 1, `one welcome email: ${smtp.messages.map((m) => `${m.envelope.rcptTo.join()} ${m.subject}`).join('; ')}`);
    assert.equal(mails[0]!.subject, 'Your Pipeline Co account is ready');
    const text = mails[0]!.text ?? '';
    password = /temporary password is:\s+(\S+)/.exec(text)?.[1] ?? '';
    assert.ok(password.length >= 16 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /[0-9]/.test(password) && /[^A-Za-z0-9]/.test(password), 'a strong generated password');
    assert.ok(text.includes(`Sign in at ${env.config.publicUrl}/t/${tenant.subdomain}/login.`), `the tenant's sign-in link: ${text}`);
    smtp.assertNoViolations();

    // the staff member reads the sent email from the contact's feed: the password is masked there
    await page.goto(`${baseUrl}/contacts/${marie.id}`);
    await page.getByTestId('feed-message.sent').getByRole('link', { name: 'Email sent: temporary_password_email' }).click();
    await page.getByTestId('message-detail').waitFor();
    assert.equal(await page.getByTestId('message-recipient').textContent(), 'marie@pipeline.example.test');
    const shown = (await page.getByTestId('message-content').textContent()) ?? '';
    assert.match(shown, new RegExp(`temporary password is:\\s+${MASK}\\s`), 'masked in the stored copy');
    assert.ok(!(await page.content()).includes(password), 'the password is not in the page');
  });

  it('lets the new user sign in once with it, and must change it before anything else; members never see the CRM', async () => {
    const context = await browser.newContext();
    recordAnswers(context);
    const member = await context.newPage();
    member.setDefaultTimeout(15_000);
    const memberProblems = recordProblems(member);
    await member.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    const form = member.getByRole('form', { name: 'Sign in', exact: true });
    await form.getByLabel('Email').fill('marie@pipeline.example.test');
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await member.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    const change = member.getByRole('form', { name: 'Change password' });
    await change.getByLabel('Current password').fill(password);
    await change.getByLabel('New password', { exact: true }).fill('radium and polonium');
    await change.getByLabel('Confirm new password').fill('radium and polonium');
    await change.getByRole('button', { name: 'Change password' }).click();
    await member.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await member.getByTestId('current-user-email').textContent(), 'marie@pipeline.example.test');
    assert.equal(await member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).count(), 0, 'a member has no Contacts page');
    // the CRM's own address shows a member nothing of it either
    await member.goto(`${baseUrl}/contacts/${marie.id}`);
    await member.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await member.getByTestId('contact-pipeline').count(), 0);
    assert.equal(memberProblems.filter((p) => p.startsWith('uncaught')).length, 0);
    await context.close();

    // the temporary password worked once: it is no longer the password
    const again = await env.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'marie@pipeline.example.test', password, tenant: tenant.subdomain } });
    assert.equal(again.statusCode, 401);
    const { rows } = await env.ctx.db.owner.query('select must_change_password from users where id = $1', [marie.userId]);
    assert.deepEqual(rows, [{ must_change_password: false }]);
  });

  it('lets a tenant admin choose, on the Signup settings page, what an approved contact becomes; the next approval gets it', async () => {
    const admin = await env.user(tenant.id, 'tenant_admin');
    const settings = await env.inject({
      method: 'PUT',
      url: '/api/v1/tenant/signup-settings',
      token: admin.token,
      payload: {
        self_signup_open: false,
        modes: [{ key: 'partner', label: 'Partner', role: 'partner' }],
        roles: [
          { key: 'member', label: 'Member' },
          { key: 'partner', label: 'Partner' },
        ],
        default_role: 'member',
        contact_policy: { channels: ['email'] },
      },
    });
    assert.equal(settings.statusCode, 200, settings.body);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    recordAnswers(context);
    const adminPage = await context.newPage();
    adminPage.setDefaultTimeout(15_000);
    const adminProblems = recordProblems(adminPage);
    await adminPage.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    const login = adminPage.getByRole('form', { name: 'Sign in', exact: true });
    await login.getByLabel('Email').fill(admin.email);
    await login.getByLabel('Password').fill(TEST_PASSWORD);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Signup settings', exact: true }).click();
    const form = adminPage.getByRole('form', { name: 'Approved contacts' });
    await form.waitFor();
    assert.equal(await form.getByLabel('Access').inputValue(), 'member', 'the defaults until saved');
    assert.equal(await form.getByLabel('Application role').inputValue(), '');
    await form.getByLabel('Access').selectOption('staff');
    await form.getByLabel('Application role').selectOption('partner');
    await form.getByLabel('Signup mode').selectOption('partner');
    await form.getByRole('button', { name: 'Save for approved contacts' }).click();
    await adminPage.getByTestId('crm-mapping-notice').getByText('Saved: the next approved contact gets these.').waitFor();
    assert.equal(await form.getByLabel('Application role').inputValue(), 'partner', 'the form shows what was saved');
    assert.deepEqual(await seriousA11yProblems(adminPage), []);
    await screenshots(adminPage, 'crm-mapping');
    assert.equal(adminProblems.filter((p) => p.startsWith('uncaught')).length, 0);
    await context.close();

    const contact = await env.inject({ method: 'POST', url: '/api/v1/crm/contacts', token: staff.token, payload: { first_name: 'Pat', email: 'pat@pipeline.example.test' } });
    await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${contact.json().id}/status`, token: staff.token, payload: { status: 'qualified' } });
    const approved = await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${contact.json().id}/provision`, token: staff.token });
    assert.equal(approved.statusCode, 201, approved.body);
    const { rows } = await env.ctx.db.owner.query('select u.role, s.role_key, s.signup_mode from users u join onboarding_states s on s.user_id = u.id where u.id = $1', [approved.json().user_id]);
    assert.deepEqual(rows, [{ role: 'staff', role_key: 'partner', signup_mode: 'partner' }]);
  });

  it('never put the temporary password in an API answer, a log line, a page or a table but the sealed email', async () => {
    assert.ok(password && password.length >= 16, 'the password was read from the email');
    assert.ok(answers.length > 20, `the browser's answers were recorded (${answers.length})`);
    assert.ok(
      answers.some((a) => a.includes(marie.userId)),
      'the answers recorded include the approval',
    );
    assert.equal(answers.filter((a) => a.includes(password)).length, 0, 'in no API answer');
    assert.ok(logged.length > 20 && logged.some((line) => line.includes('/provision')), `the logs were recorded (${logged.length} lines)`);
    assert.equal(logged.filter((line) => line.includes(password)).length, 0, 'in no log line');
    const { rows } = await env.ctx.db.owner.query(
      `select concat((select string_agg(row_to_json(t)::text, '') from messages t where tenant_id = $1), (select string_agg(row_to_json(t)::text, '') from audit_log t where tenant_id = $1),
              (select string_agg(row_to_json(t)::text, '') from events t where tenant_id = $1), (select string_agg(row_to_json(t)::text, '') from crm_contacts t where tenant_id = $1),
              (select string_agg(row_to_json(t)::text, '') from crm_contact_transitions t where tenant_id = $1)) as text`,
      [tenant.id],
    );
    assert.ok(rows[0].text.includes(marie.userId));
    assert.equal(rows[0].text.includes(password), false, 'in no table');
  });
});
