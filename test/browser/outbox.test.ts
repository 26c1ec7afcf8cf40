/**
 * The messaging and onboarding pages end to end, in Chromium against a listening Embark and its
 * database: the outbox (Messages) with a masked invitation link, channels configured against the
 * Twilio fake, retrying a failed message, the public signup page, signup settings, and the onboarding
 * columns of the Users page. Every flow is checked on the page and in the rows behind it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { startTwilioFake, twilioError, type TwilioFake } from '../fakes/twilio.ts';
import { decryptJson } from '../../src/secrets.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, isCspViolation, recordProblems, requireBrowser, skip } from './harness.ts';

const MASK = '••••••••';
const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const SMS_FROM = '+15555550100';
const SMS_TO = '+15555550123';

describe('web UI: messages, channels and signup', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let baseUrl: string;
  let twilio: TwilioFake;
  let tenant: { id: string; subdomain: string; name: string };
  let admin: { id: string; email: string; token: string };
  let page: Page;
  let problems: string[];

  /** Signs in on the tenant's own sign-in page, in a fresh browser context. */
  async function signIn(email: string, subdomain: string): Promise<Page> {
    const fresh = await (await browser.newContext()).newPage();
    fresh.setDefaultTimeout(15_000);
    await fresh.goto(`${baseUrl}/t/${subdomain}/login`);
    const form = fresh.getByRole('form', { name: 'Sign in', exact: true });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await fresh.getByRole('navigation', { name: 'Main' }).waitFor();
    return fresh;
  }

  async function open(target: Page, title: string): Promise<void> {
    await target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title, exact: true }).click();
    await target.getByRole('heading', { name: title, level: 1 }).waitFor();
  }

  async function assertNotInHtml(target: Page, secret: string, what: string): Promise<void> {
    assert.ok(!(await target.content()).includes(secret), `${what} is in the page HTML`);
  }

  before(async () => {
    requireBrowser();
    // before the app is built: buildApp serves web/dist only if it exists then
    await buildWebUi();
    env = await createTestEnv();
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    twilio = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    tenant = await env.tenant('Initech');
    admin = await env.user(tenant.id, 'tenant_admin');
    page = await signIn(admin.email, tenant.subdomain);
    problems = recordProblems(page);
  });

  after(async () => {
    await page?.context().close();
    await browser?.close();
    await twilio?.close();
    await env?.close();
  });

  describe('the outbox', () => {
    const newUserEmail = `milton-${randomBytes(4).toString('hex')}@initech.test`;
    let messageId: string;

    it('shows a tenant admin every page of the tenant in the navigation', async () => {
      // a tenant admin lands on their dashboard
      await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
      const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      assert.deepEqual(links, ['Home', 'Users', 'Contacts', 'Hires', 'Onboarding', 'Messages', 'Templates', 'Integrations', 'API keys', 'Webhooks', 'Audit log', 'Analytics', 'Signup settings', 'Profile']);
    });

    it('lists the invitation email of a user created without a password, queued', async () => {
      await open(page, 'Users');
      const form = page.getByRole('form', { name: 'Create user' });
      await form.getByLabel('Email').fill(newUserEmail);
      await form.getByRole('button', { name: 'Add user' }).click();
      await page.getByTestId(`user-row-${newUserEmail}`).waitFor();

      await open(page, 'Messages');
      const row = page.getByTestId('messages-table').locator(`tr[data-bundle="invitation_email"]`);
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(newUserEmail.replace(/[.]/g, '\\.')));
      await row.locator('[data-status="queued"]').waitFor();
      const { rows } = await env.ctx.db.owner.query(`select id, status, provider from messages where tenant_id = $1 and bundle = 'invitation_email' and recipient = $2`, [tenant.id, newUserEmail]);
      assert.equal(rows.length, 1);
      assert.deepEqual({ status: rows[0].status, provider: rows[0].provider }, { status: 'queued', provider: null });
      messageId = rows[0].id;
      assert.equal(await row.getAttribute('data-testid'), `message-row-${messageId}`);
    });

    it('delivers it into the outbox with "Send due messages now"', async () => {
      await page.getByRole('button', { name: 'Send due messages now' }).click();
      const notice = page.getByTestId('messages-notice');
      await notice.waitFor();
      assert.match((await notice.textContent()) ?? '', /^Processed \d+ due messages?: \d+ delivered\.$/);
      const row = page.getByTestId(`message-row-${messageId}`);
      await row.locator('[data-status="delivered"]').waitFor();
      assert.match((await row.textContent()) ?? '', /outbox/);

      // "Outbox only" lists what the built-in provider delivered
      await page.getByLabel('Outbox only').check();
      await page.getByTestId(`message-row-${messageId}`).waitFor();
      await page.getByLabel('Status').selectOption('failed');
      await page.getByTestId('messages-table').getByText('No message matches these filters.').waitFor();
      await page.getByLabel('Status').selectOption('');
      await page.getByLabel('Outbox only').uncheck();

      const { rows } = await env.ctx.db.owner.query('select status, provider, secret_variables_encrypted from messages where id = $1', [messageId]);
      assert.deepEqual(rows[0], { status: 'delivered', provider: 'outbox', secret_variables_encrypted: null });
    });

    it('shows the message with its subject, the password masked, and its history', async () => {
      await page.getByTestId(`message-row-${messageId}`).getByRole('link', { name: 'invitation_email' }).click();
      await page.getByTestId('message-detail').waitFor();
      assert.equal(new URL(page.url()).pathname, `/messages/${messageId}`);
      const { rows } = await env.ctx.db.owner.query('select subject, content, provider_message_id from messages where id = $1', [messageId]);
      assert.equal(rows[0].subject, 'You are invited to Initech');
      assert.equal(await page.getByTestId('message-subject').textContent(), rows[0].subject);
      assert.equal(await page.getByTestId('message-recipient').textContent(), newUserEmail);
      assert.equal(await page.getByTestId('message-provider').textContent(), 'outbox');
      assert.equal(await page.getByTestId('message-provider-id').textContent(), rows[0].provider_message_id);
      assert.equal(await page.getByTestId('message-detail').getByTestId('message-status').getAttribute('data-status'), 'delivered');

      // the content is plain text, exactly as stored, in a <pre>
      const content = page.getByTestId('message-content');
      assert.equal(await content.evaluate((element) => element.tagName), 'PRE');
      const text = (await content.textContent()) ?? '';
      assert.equal(text, rows[0].content);
      const lines = text.split('\n');
      const intro = lines.findIndex((line) => line.includes('open this link within 7 days:'));
      assert.ok(intro >= 0, 'the email says where the link is');
      const linkLine = lines.slice(intro + 1).find((line) => line.trim() !== '');
      assert.equal(linkLine, MASK, 'the invitation link is masked');
      const html = await page.content();
      assert.ok(html.includes(MASK), 'the mask is in the page');
      assert.ok(!html.includes('pwl_'), 'no link token anywhere in the page');
      assert.equal(await page.getByRole('button', { name: 'Reveal masked secrets' }).count(), 0, 'no reveal without the development switch');
      assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0, 'a delivered message offers no retry');

      const history = await page
        .getByTestId('message-events')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
      assert.deepEqual(history, ['queued', 'sending', 'delivered']);
    });

    it('goes back to the list', async () => {
      await page.getByRole('link', { name: '← All messages' }).click();
      await page.getByTestId(`message-row-${messageId}`).waitFor();
    });
  });

  describe('channels', () => {
    it('shows the three channels on the built-in outbox until configured', async () => {
      await open(page, 'Integrations');
      for (const channel of ['email', 'sms', 'voice']) {
        const section = page.getByTestId(`channel-${channel}`);
        await section.waitFor();
        assert.equal(await section.getByLabel('Provider').inputValue(), 'outbox');
        assert.match((await section.getByTestId(`channel-${channel}-state`).textContent()) ?? '', /Not configured/);
      }
    });

    it('configures SMS with Twilio, storing the auth token encrypted and never showing it', async () => {
      const section = page.getByTestId('channel-sms');
      const form = section.getByRole('form', { name: 'SMS channel' });
      await form.getByLabel('Provider').selectOption('twilio');
      await form.getByLabel('Sender').fill(SMS_FROM);
      await form.getByLabel('Account SID').fill(ACCOUNT_SID);
      await form.getByLabel('Auth token').fill(AUTH_TOKEN);
      await form.getByLabel('API base URL (optional)').fill(twilio.url);
      assert.equal(await form.getByLabel('Auth token').getAttribute('type'), 'password');
      await assertNotInHtml(page, AUTH_TOKEN, 'the auth token, while typed,');
      await form.getByRole('button', { name: 'Save sms channel' }).click();

      await section.getByTestId('channel-sms-notice').getByText('Saved: SMS sends through Twilio.').waitFor();
      await section
        .getByTestId('channel-sms-state')
        .getByText(/^Configured/)
        .waitFor();
      const saved = section.getByRole('form', { name: 'SMS channel' });
      assert.equal(await saved.getByLabel('Provider').inputValue(), 'twilio');
      assert.equal(await saved.getByLabel('Account SID').inputValue(), ACCOUNT_SID, 'non-secret fields show what is stored');
      assert.equal(await saved.getByLabel('Auth token').inputValue(), '', 'the secret is never pre-filled');
      assert.match((await section.textContent()) ?? '', new RegExp(`Stored \\(••••${AUTH_TOKEN.slice(-4)}\\)`));
      await assertNotInHtml(page, AUTH_TOKEN, 'the auth token');

      const { rows } = await env.ctx.db.owner.query(`select provider, from_address, enabled, credentials_encrypted from channel_configs where tenant_id = $1 and channel = 'sms'`, [tenant.id]);
      assert.equal(rows.length, 1);
      assert.deepEqual({ provider: rows[0].provider, from: rows[0].from_address, enabled: rows[0].enabled }, { provider: 'twilio', from: SMS_FROM, enabled: true });
      const sealed: Buffer = rows[0].credentials_encrypted;
      assert.ok(!sealed.includes(Buffer.from(AUTH_TOKEN)), 'the column holds the auth token in plain text');
      assert.ok(!sealed.includes(Buffer.from(ACCOUNT_SID)), 'the credentials are sealed as a whole');
      assert.deepEqual(decryptJson(env.ctx.keys.credentialEncryption, sealed, `channel:${tenant.id}:sms`), { account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN, base_url: twilio.url });
    });

    it('sends a test SMS through Twilio and shows that it was sent', async () => {
      const section = page.getByTestId('channel-sms');
      await section.getByLabel('Send a test to').fill(SMS_TO);
      await section.getByRole('button', { name: 'Send test' }).click();
      const status = section.getByTestId('channel-sms-test-status');
      await status.waitFor();
      assert.equal(await status.getAttribute('data-status'), 'sent');
      assert.equal(await status.textContent(), 'Sent');

      const sent = twilio.requests.filter((r) => r.resource === 'Messages');
      assert.equal(sent.length, 1, 'the fake received one message');
      assert.equal(sent[0]!.params.To, SMS_TO);
      assert.equal(sent[0]!.params.From, SMS_FROM);
      assert.equal(sent[0]!.basicAuth, `${ACCOUNT_SID}:${AUTH_TOKEN}`);
      twilio.assertNoViolations();
      const { rows } = await env.ctx.db.owner.query(`select status, provider, provider_message_id from messages where tenant_id = $1 and channel = 'sms' and bundle = 'channel_test'`, [tenant.id]);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].status, 'sent');
      assert.equal(rows[0].provider, 'twilio');
      assert.match(rows[0].provider_message_id, /^SM[0-9a-f]{32}$/);
      await assertNotInHtml(page, AUTH_TOKEN, 'the auth token');
    });

    it('keeps the stored credentials when only the sender changes', async () => {
      const section = page.getByTestId('channel-sms');
      const form = section.getByRole('form', { name: 'SMS channel' });
      const saved = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().endsWith('/api/v1/integrations/sms/twilio'));
      await form.getByLabel('Sender').fill('+15555550101');
      await form.getByRole('button', { name: 'Save sms channel' }).click();
      const response = await saved;
      assert.equal(response.status(), 200);
      assert.deepEqual(response.request().postDataJSON(), { from: '+15555550101', enabled: true }, 'no credentials sent: the server keeps them');
      // the form is rebuilt from what the server stored
      const { updated_at: version } = (await response.json()) as { updated_at: string };
      await section.locator(`form[data-version="${version}"]`).waitFor();
      assert.equal(await section.getByRole('form', { name: 'SMS channel' }).getByLabel('Sender').inputValue(), '+15555550101');

      const { rows } = await env.ctx.db.owner.query(`select from_address, credentials_encrypted from channel_configs where tenant_id = $1 and channel = 'sms'`, [tenant.id]);
      assert.equal(rows[0].from_address, '+15555550101');
      assert.equal(decryptJson<{ auth_token: string }>(env.ctx.keys.credentialEncryption, rows[0].credentials_encrypted, `channel:${tenant.id}:sms`).auth_token, AUTH_TOKEN);
    });

    it('refuses to change a non-secret credential without the secret, before calling the server', async () => {
      const form = page.getByTestId('channel-sms').getByRole('form', { name: 'SMS channel' });
      let calls = 0;
      const count = (request: { method(): string; url(): string }) => {
        if (request.method() === 'PUT' && request.url().endsWith('/api/v1/integrations/sms/twilio')) calls++;
      };
      page.on('request', count);
      try {
        await form.getByLabel('API base URL (optional)').fill('http://127.0.0.1:9');
        await form.getByRole('button', { name: 'Save sms channel' }).click();
        await page
          .getByTestId('channel-sms-error')
          .getByText(/enter the auth token again/i)
          .waitFor();
        assert.equal(calls, 0);
      } finally {
        page.off('request', count);
      }
      await form.getByLabel('API base URL (optional)').fill(twilio.url);
    });

    it("shows the server's refusal of a field under the field's own label", async () => {
      const form = page.getByTestId('channel-sms').getByRole('form', { name: 'SMS channel' });
      await form.getByLabel('Account SID').fill('not-a-sid');
      await form.getByLabel('Auth token').fill('some token');
      await form.getByRole('button', { name: 'Save sms channel' }).click();
      await page
        .getByTestId('channel-sms-error')
        .getByText(/^Account SID must be AC followed by 32 hex digits/)
        .waitFor();
      assert.equal(await form.getByLabel('Auth token').inputValue(), '', 'the refused secret is cleared');
      const { rows } = await env.ctx.db.owner.query(`select credentials_encrypted from channel_configs where tenant_id = $1 and channel = 'sms'`, [tenant.id]);
      assert.equal(decryptJson<{ account_sid: string }>(env.ctx.keys.credentialEncryption, rows[0].credentials_encrypted, `channel:${tenant.id}:sms`).account_sid, ACCOUNT_SID);
      await form.getByLabel('Account SID').fill(ACCOUNT_SID);
    });
  });

  describe('mailbox and e-sign integrations', () => {
    it("builds the mailbox form from the server's fields, says when WorkMail support ends, and stores a Google key sealed", async () => {
      const section = page.getByTestId('integration-mailbox');
      const form = section.getByRole('form', { name: 'Mailboxes integration' });
      assert.match((await section.getByTestId('integration-mailbox-state').textContent()) ?? '', /Not configured/);
      await form.getByLabel('Provider').selectOption('aws_workmail');
      assert.match((await section.getByTestId('integration-mailbox-provider-notice').textContent()) ?? '', /2027-03-31/);
      assert.equal(await form.getByLabel('AWS region').inputValue(), 'us-east-1', 'a required choice starts on its first option');

      await form.getByLabel('Provider').selectOption('google_workspace');
      assert.equal(await section.getByTestId('integration-mailbox-provider-notice').count(), 0);
      await form.getByLabel('Admin to act as').fill('admin@example.com');
      // the server refuses a key file that is not one, and says so under the field's label
      await form.getByLabel('Service account key (JSON)').fill('{"client_email":"x@y.z"}');
      await form.getByRole('button', { name: 'Save mailboxes integration' }).click();
      await section
        .getByTestId('integration-mailbox-error')
        .getByText(/^Service account key \(JSON\) must be a service account key file with private_key, token_uri/)
        .waitFor();
      assert.doesNotMatch((await section.getByTestId('integration-mailbox-error').textContent()) ?? '', /service_account_key/, 'the field name is not shown to people');

      const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const key = JSON.stringify({ client_email: 'embark@project.iam.gserviceaccount.com', private_key: pem, token_uri: 'https://oauth2.googleapis.com/token' });
      await form.getByLabel('Service account key (JSON)').fill(key);
      await form.getByRole('button', { name: 'Save mailboxes integration' }).click();
      await section.getByTestId('integration-mailbox-notice').getByText('Saved: Google Workspace for mailboxes.').waitFor();
      await section
        .getByTestId('integration-mailbox-state')
        .getByText(/^Configured/)
        .waitFor();
      await assertNotInHtml(page, 'PRIVATE KEY', 'the service account key');
      const { rows } = await env.ctx.db.owner.query(`select provider, active, credentials_encrypted from tenant_integrations where tenant_id = $1 and kind = 'mailbox'`, [tenant.id]);
      assert.deepEqual(
        rows.map((r) => [r.provider, r.active]),
        [['google_workspace', true]],
      );
      assert.ok(!(rows[0].credentials_encrypted as Buffer).includes(Buffer.from('PRIVATE KEY')));
      assert.equal(decryptJson<{ service_account_key: string }>(env.ctx.keys.credentialEncryption, rows[0].credentials_encrypted, `integration:${tenant.id}:mailbox:google_workspace`).service_account_key, key);
    });

    it('stores a DocuSign Connect key', async () => {
      const section = page.getByTestId('integration-esign');
      const form = section.getByRole('form', { name: 'E-signature integration' });
      assert.equal(await form.getByLabel('Provider').inputValue(), 'docusign');
      await form.getByRole('button', { name: 'Save e-signature integration' }).click();
      await section.getByTestId('integration-esign-error').getByText('Connect HMAC key is required for DocuSign Connect.').waitFor();
      await form.getByLabel('Connect HMAC key').fill('docusign-test-secret');
      await form.getByRole('button', { name: 'Save e-signature integration' }).click();
      await section.getByTestId('integration-esign-notice').getByText('Saved: DocuSign Connect for e-signature.').waitFor();
      // the form is rebuilt from what the server stored once the list has reloaded
      await section
        .getByTestId('integration-esign-state')
        .getByText(/^Configured/)
        .waitFor();
      assert.match((await section.textContent()) ?? '', /Stored \(••••cret\)/);
      await assertNotInHtml(page, 'docusign-test-secret', 'the HMAC key');
      // with only Connect's HMAC keys there is nothing outbound to call, and the test says so rather than claim success
      await section.getByRole('button', { name: 'Test connection' }).click();
      const result = section.getByTestId('integration-esign-connection-result');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'null');
      assert.match((await result.textContent()) ?? '', /^Nothing to test: only inbound webhooks are configured/);
      await assertNotInHtml(page, 'docusign-test-secret', 'the HMAC key');
    });
  });

  describe('a failed message', () => {
    let messageId: string;

    it('shows the error of a test the provider refused', async () => {
      twilio.failNext(1, twilioError(400, 21211, 'invalid'));
      const section = page.getByTestId('channel-sms');
      await section.getByLabel('Send a test to').fill(SMS_TO);
      await section.getByRole('button', { name: 'Send test' }).click();
      const status = section.getByTestId('channel-sms-test-status');
      await status.and(page.locator('[data-status="failed"]')).waitFor();
      assert.match((await section.getByTestId('channel-sms-test-last-error').textContent()) ?? '', /21211/);
      const { rows } = await env.ctx.db.owner.query(`select id, status, last_error from messages where tenant_id = $1 and bundle = 'channel_test' and status = 'failed'`, [tenant.id]);
      assert.equal(rows.length, 1);
      messageId = rows[0].id;
      assert.match(rows[0].last_error, /21211/);
    });

    it('shows last_error and a Retry button on the message, which queues it again', async () => {
      await page.getByTestId('channel-sms').getByRole('link', { name: 'View message' }).click();
      await page.getByTestId('message-detail').waitFor();
      assert.equal(new URL(page.url()).pathname, `/messages/${messageId}`);
      const lastError = page.getByTestId('message-last-error');
      assert.match((await lastError.textContent()) ?? '', /Last error:.*21211/);
      assert.equal(await page.getByTestId('message-detail').getByTestId('message-status').getAttribute('data-status'), 'failed');

      await page.getByRole('button', { name: 'Retry' }).click();
      await page.getByTestId('message-notice').waitFor();
      await page.getByTestId('message-detail').locator('[data-status="queued"]').first().waitFor();
      assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0);
      const { rows } = await env.ctx.db.owner.query('select status, attempts from messages where id = $1', [messageId]);
      assert.deepEqual(rows[0], { status: 'queued', attempts: 0 });
      const events = await env.ctx.db.owner.query(`select count(*)::int as n from message_events where message_id = $1 and status = 'retry_requested'`, [messageId]);
      assert.equal(events.rows[0].n, 1);
      const audit = await env.ctx.db.owner.query(`select actor_user_id from audit_log where tenant_id = $1 and action = 'message.retried'`, [tenant.id]);
      assert.deepEqual(audit.rows, [{ actor_user_id: admin.id }]);
      await page.getByTestId('message-events').locator('tr[data-status="retry_requested"]').waitFor();
    });

    it('sends it on "Send due messages now"', async () => {
      const before = twilio.requests.length;
      await page.getByTestId('message-detail').getByRole('button', { name: 'Send due messages now' }).click();
      await page.getByTestId('message-detail').getByTestId('message-status').and(page.locator('[data-status="sent"]')).waitFor();
      assert.equal(twilio.requests.length, before + 1);
      const { rows } = await env.ctx.db.owner.query('select status, last_error from messages where id = $1', [messageId]);
      assert.deepEqual(rows[0], { status: 'sent', last_error: null });
      twilio.assertNoViolations();
    });
  });

  describe('signup', () => {
    const signerEmail = `peter-${randomBytes(4).toString('hex')}@example.test`;
    const signerPassword = `a signup passphrase ${randomBytes(6).toString('hex')}`;
    let closed: { subdomain: string };
    let signer: Page;

    before(async () => {
      const res = await env.inject({
        method: 'PUT',
        url: '/api/v1/tenant/signup-settings',
        token: admin.token,
        payload: {
          self_signup_open: true,
          modes: [
            { key: 'talent', label: 'Looking for work', role: 'talent', template_variant: 'talent' },
            { key: 'hirer', label: 'Hiring', role: 'hirer', template_variant: 'hirer' },
          ],
          roles: [
            { key: 'member', label: 'Member', self_assignable: false },
            { key: 'talent', label: 'Talent', self_assignable: true },
            { key: 'hirer', label: 'Hirer', self_assignable: true },
          ],
          default_role: 'member',
          contact_policy: { channels: ['voice', 'sms', 'email'] },
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      closed = await env.tenant('Chotchkies');
      signer = await (await browser.newContext()).newPage();
      signer.setDefaultTimeout(15_000);
    });

    after(async () => {
      await signer?.context().close();
    });

    it("shows the server's detail when the tenant does not accept signups, at an address of the old hash router", async () => {
      // signup links shared before addresses were paths keep working
      await signer.goto(`${baseUrl}/#/signup/${closed.subdomain}`);
      await signer.waitForURL(`${baseUrl}/signup/${closed.subdomain}`);
      const form = signer.getByRole('form', { name: 'Sign up' });
      await form.getByLabel('Email').fill(signerEmail);
      await form.getByLabel('Password').fill(signerPassword);
      await form.getByRole('button', { name: 'Create account' }).click();
      await signer.getByTestId('signup-error').getByText('This tenant does not accept signups; ask its administrator for an account.').waitFor();
      assert.equal(await form.getByLabel('Password').inputValue(), '', 'the password is cleared');
      const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from users where lower(email) = lower($1)', [signerEmail]);
      assert.equal(rows[0].n, 0);
    });

    it("is linked from the global sign-in page, for the organisation entered there, and from the tenant's own", async () => {
      await signer.goto(baseUrl);
      await signer.getByRole('form', { name: "Go to your organisation's sign-in page" }).getByLabel('Organisation').fill(tenant.subdomain);
      await signer.getByRole('link', { name: 'Sign up' }).click();
      await signer.getByRole('heading', { name: `Sign up to ${tenant.name}` }).waitFor();
      assert.equal(new URL(signer.url()).pathname, `/signup/${tenant.subdomain}`);
      assert.equal(await signer.getByRole('navigation', { name: 'Main' }).count(), 0);

      await signer.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
      await signer.getByRole('link', { name: 'Sign up' }).click();
      await signer.getByRole('heading', { name: `Sign up to ${tenant.name}` }).waitFor();
      assert.equal(new URL(signer.url()).pathname, `/signup/${tenant.subdomain}`);
    });

    it('signs up as a hirer, and the account, its onboarding and its first message exist', async () => {
      const form = signer.getByRole('form', { name: 'Sign up' });
      await form.getByLabel('Email').fill(signerEmail);
      await form.getByLabel('Password').fill(signerPassword);
      await form.getByLabel('First name').fill('Peter');
      await form.getByLabel('Last name').fill('Gibbons');
      await form.getByLabel('Organization name').fill('Initrode');
      await form.getByLabel('I am…').selectOption({ label: 'Hiring' });
      await form.getByRole('button', { name: 'Create account' }).click();
      const success = signer.getByTestId('signup-success');
      await success.waitFor();
      assert.equal(await success.textContent(), 'Account created — log in');
      await assertNotInHtml(signer, signerPassword, 'the signup password');

      const { rows: users } = await env.ctx.db.owner.query('select id, role, tenant_id, metadata from users where lower(email) = lower($1)', [signerEmail]);
      assert.equal(users.length, 1);
      assert.equal(users[0].role, 'member');
      assert.equal(users[0].tenant_id, tenant.id);
      assert.deepEqual(users[0].metadata, { signup_mode: 'hirer', first_name: 'Peter', last_name: 'Gibbons', organization_name: 'Initrode' });
      const { rows: states } = await env.ctx.db.owner.query('select signup_mode, role_key, contact_status, contact_channel, contact_message_id from onboarding_states where user_id = $1', [users[0].id]);
      assert.equal(states.length, 1, 'the onboarding state exists');
      assert.deepEqual({ ...states[0], contact_message_id: undefined }, { signup_mode: 'hirer', role_key: 'hirer', contact_status: 'queued', contact_channel: 'email', contact_message_id: undefined });
      const { rows: messages } = await env.ctx.db.owner.query('select id, status, bundle, variant, recipient from messages where user_id = $1', [users[0].id]);
      assert.deepEqual(messages, [{ id: states[0].contact_message_id, status: 'queued', bundle: 'onboarding_email', variant: 'hirer', recipient: signerEmail }]);
    });

    it("links to the tenant's sign-in page with the email filled in, where the new account signs in", async () => {
      await signer.getByTestId('signup-success').getByRole('link', { name: 'log in' }).click();
      const login = signer.getByRole('form', { name: 'Sign in', exact: true });
      await login.waitFor();
      assert.equal(new URL(signer.url()).pathname, `/t/${tenant.subdomain}/login`);
      await signer.getByTestId('login-tenant').getByText(tenant.name).waitFor();
      assert.deepEqual(await login.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name)), ['email', 'password'], 'no tenant to type');
      assert.equal(await login.getByLabel('Email').inputValue(), signerEmail);
      await login.getByLabel('Password').fill(signerPassword);
      await login.getByRole('button', { name: 'Sign in' }).click();
      // a member lands on their own home
      await signer.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
      const links = await signer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      assert.deepEqual(links, ['Home', 'Profile']);
      await assertNotInHtml(signer, signerPassword, 'the signup password');
    });

    it("shows the new user's app role and first contact on the admin's Users page", async () => {
      const { rows } = await env.ctx.db.owner.query('select s.contact_message_id from onboarding_states s join users u on u.id = s.user_id where lower(u.email) = lower($1)', [signerEmail]);
      const contactMessageId: string = rows[0].contact_message_id;
      await open(page, 'Users');
      const row = page.getByTestId(`user-row-${signerEmail}`);
      await row.waitFor();
      assert.equal(await row.getByTestId('user-role').textContent(), 'Member');

      // the columns come from GET /api/v1/onboarding/users
      assert.equal(await page.getByTestId('onboarding-unavailable').count(), 0);
      assert.equal(await row.getByTestId('user-app-role').textContent(), 'hirer');
      assert.equal(await row.getByTestId('user-modes').textContent(), 'hirer');
      const contact = row.getByTestId('user-contact');
      assert.match((await contact.textContent()) ?? '', /^Email: /);
      const link = contact.getByTestId('user-contact-link');
      assert.equal(await link.getAttribute('href'), `/messages/${contactMessageId}`);
      assert.equal(await link.getByTestId('message-status').getAttribute('data-status'), 'queued');
      await link.click();
      await page.getByTestId('message-detail').waitFor();
      assert.equal(await page.getByTestId('message-recipient').textContent(), signerEmail);
    });
  });

  describe('a staff member', () => {
    it('reads messages but cannot send, retry or configure', async () => {
      const staff = await env.user(tenant.id, 'staff');
      const staffPage = await signIn(staff.email, tenant.subdomain);
      try {
        const links = await staffPage.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
        assert.deepEqual(links, ['Home', 'Users', 'Contacts', 'Hires', 'Messages', 'Templates', 'Analytics', 'Profile']);
        await open(staffPage, 'Messages');
        await staffPage.getByTestId('messages-table').locator('tbody tr[data-bundle]').first().waitFor();
        assert.equal(await staffPage.getByRole('button', { name: 'Send due messages now' }).count(), 0);

        const { rows } = await env.ctx.db.owner.query(`select id from messages where tenant_id = $1 and status = 'queued' order by created_at limit 1`, [tenant.id]);
        await staffPage.goto(`${baseUrl}/messages/${rows[0].id}`);
        await staffPage.getByTestId('message-detail').waitFor();
        assert.equal(await staffPage.getByRole('button', { name: 'Send due messages now' }).count(), 0);
        assert.equal(await staffPage.getByRole('button', { name: 'Retry' }).count(), 0);

        await staffPage.goto(`${baseUrl}/integrations`);
        await staffPage.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
        assert.equal(await staffPage.getByRole('heading', { name: 'Integrations' }).count(), 0, 'a staff member is sent away from the integrations');
      } finally {
        await staffPage.context().close();
      }
    });
  });

  describe('paging', () => {
    let paging: { id: string; subdomain: string };
    let pagingPage: Page;
    before(async () => {
      paging = await env.tenant('Paging Co');
      const admin = await env.user(paging.id, 'tenant_admin');
      // rows of one statement share a created_at: the pages must still neither repeat nor skip one
      await env.ctx.db.owner.query(
        `insert into messages (tenant_id, channel, recipient, bundle, status, provider, subject)
         select $1, 'email', 'p' || g || '@paging.test', 'paging_check', 'delivered', 'outbox', 'Paging ' || g from generate_series(1, 120) g`,
        [paging.id],
      );
      await env.ctx.db.owner.query(`insert into users (tenant_id, email, role) select $1, 'person' || g || '@paging.test', 'member' from generate_series(1, 60) g`, [paging.id]);
      pagingPage = await signIn(admin.email, paging.subdomain);
    });
    after(async () => {
      await pagingPage?.context().close();
    });

    const rowIds = async () =>
      await pagingPage
        .getByTestId('messages-table')
        .locator('tbody tr[data-bundle]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')));
    const range = () => pagingPage.getByRole('navigation', { name: 'Messages pages' }).getByTestId('pager-range');

    it('pages forward and back through the messages with Next and Previous, in the order of the database', async () => {
      const { rows } = await env.ctx.db.owner.query('select id from messages where tenant_id = $1 order by created_at desc, id desc', [paging.id]);
      const expected = rows.map((row) => `message-row-${row.id}`);
      const total = expected.length;
      assert.ok(total > 100, `${total} messages`);
      const pager = pagingPage.getByRole('navigation', { name: 'Messages pages' });
      await open(pagingPage, 'Messages');
      await pager.waitFor();
      assert.equal(await range().textContent(), `1–50 of ${total}`);
      assert.equal(await pager.getByRole('button', { name: 'Previous' }).isDisabled(), true);
      assert.deepEqual(await rowIds(), expected.slice(0, 50));

      const rangeOf = (index: number) => `${index * 50 + 1}–${Math.min((index + 1) * 50, total)} of ${total}`;
      const showing = (index: number) => pagingPage.waitForFunction((text) => document.querySelector('[data-testid="pager-range"]')?.textContent === text, rangeOf(index));
      const last = Math.ceil(total / 50) - 1;
      for (let index = 1; index <= last; index++) {
        await pager.getByRole('button', { name: 'Next' }).click();
        await showing(index);
        assert.deepEqual(await rowIds(), expected.slice(index * 50, (index + 1) * 50), `page ${index + 1}`);
      }
      assert.equal(await pager.getByRole('button', { name: 'Next' }).isDisabled(), true, 'the last page has no Next');
      for (let index = last - 1; index >= 0; index--) {
        await pager.getByRole('button', { name: 'Previous' }).click();
        await showing(index);
        assert.deepEqual(await rowIds(), expected.slice(index * 50, (index + 1) * 50), `back on page ${index + 1}`);
      }
      assert.equal(await pager.getByRole('button', { name: 'Previous' }).isDisabled(), true, 'the first page has no Previous');
    });

    it('starts again from the first page when a filter changes', async () => {
      const pager = pagingPage.getByRole('navigation', { name: 'Messages pages' });
      await pager.getByRole('button', { name: 'Next' }).click();
      await pagingPage.waitForFunction(() => document.querySelector('[data-testid="pager-range"]')?.textContent?.startsWith('51–'));
      await pagingPage.getByLabel('Status').selectOption('delivered');
      await pagingPage.waitForFunction(() => document.querySelector('[data-testid="pager-range"]')?.textContent === '1–50 of 120');
    });

    it('says 10,000+ when there are more messages than the server counts', async () => {
      await env.ctx.db.owner.query(`insert into messages (tenant_id, channel, recipient, bundle, status, provider) select $1, 'sms', '+15555550100', 'paging_bulk', 'delivered', 'outbox' from generate_series(1, 10000) g`, [paging.id]);
      await pagingPage.getByLabel('Status').selectOption('');
      await pagingPage.getByRole('button', { name: 'Refresh' }).click();
      await pagingPage.waitForFunction(() => document.querySelector('[data-testid="pager-range"]')?.textContent === '1–50 of 10,000+');
    });

    it("pages the Users table, each page with its people's onboarding beside them", async () => {
      const { rows } = await env.ctx.db.owner.query('select email from users where tenant_id = $1 order by created_at, id', [paging.id]);
      assert.ok(rows.length > 50);
      await open(pagingPage, 'Users');
      const pager = pagingPage.getByRole('navigation', { name: 'Users pages' });
      await pager.waitFor();
      await pager.getByRole('button', { name: 'Next' }).click();
      await pagingPage.waitForFunction((text) => document.querySelector('nav[aria-label="Users pages"] [data-testid="pager-range"]')?.textContent === text, `51–${rows.length} of ${rows.length}`);
      const shown = await pagingPage.getByTestId('users-table').locator('tbody tr th').allTextContents();
      assert.deepEqual(
        shown,
        rows.slice(50).map((row) => row.email),
      );
      // the onboarding list was paged alongside (its page may land a moment after the users'): every person here has their first contact shown
      await pagingPage.waitForFunction(() => [...document.querySelectorAll('[data-testid="user-contact"]')].every((cell) => cell.textContent !== '—'));
      const contacts = await pagingPage.getByTestId('users-table').getByTestId('user-contact').allTextContents();
      assert.equal(contacts.length, rows.length - 50);
      assert.deepEqual(
        contacts.filter((text) => text === '—'),
        [],
        `first contact of every user on page 2: ${contacts.join(', ')}`,
      );
      await pager.getByRole('button', { name: 'Previous' }).click();
      await pagingPage.waitForFunction((text) => document.querySelector('nav[aria-label="Users pages"] [data-testid="pager-range"]')?.textContent === text, `1–50 of ${rows.length}`);
    });
  });

  it('never put a secret in the page, and broke no content security policy', async () => {
    await assertNotInHtml(page, AUTH_TOKEN, 'the auth token');
    assert.deepEqual(problems.filter(isCspViolation), []);
    assert.deepEqual(
      problems.filter((p) => p.startsWith('uncaught')),
      [],
    );
  });
});
