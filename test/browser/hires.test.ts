/**
 * The Hires page in Chromium: a tenant admin adds a hire, the signed document arrives, the run makes
 * the account and the page shows the corporate address and every step; a run that fails shows its
 * error, and Retry from the failed step finishes it; a document sent from a Dropbox Sign template
 * shows as sent and its signed callback starts the run. No password on the page; axe and screenshots.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestEnv, drainJobs, TEST_PASSWORD, type TestEnv } from '../helpers.ts';
import { docusignConnectEvent, dropboxSignRequest, signedDocuSignWebhook } from '../fakes/esign.ts';
import { startDropboxSignFake } from '../fakes/dropbox-sign.ts';
import { buildWebUi, CHROMIUM, CHROMIUM_ARGS, recordProblems, requireBrowser, screenshots, seriousA11yProblems, skip } from './harness.ts';

const HMAC_KEY = 'hires-page-connect-key';

describe('Hires page', { skip }, () => {
  let env: TestEnv;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let tenant: { id: string; subdomain: string };
  let token: string;

  const call = (method: 'POST' | 'PUT', url: string, payload?: object) => env.inject({ method, url, token, ...(payload ? { payload } : {}) });
  const settings = (domain: string | null) => call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: [{ key: 'hire_agreement', label: 'Hire agreement' }], email_domain: domain, sign_in_url: null });
  const drain = () => drainJobs(env.ctx);

  /** Registers the hire's one document and posts its signed completion, as DocuSign Connect would. */
  async function sign(hireId: string, envelope: string) {
    assert.equal((await call('POST', `/api/v1/hires/${hireId}/documents`, { kind: 'hire_agreement', provider: 'docusign', envelope_id: envelope })).statusCode, 200);
    const signed = signedDocuSignWebhook([HMAC_KEY], docusignConnectEvent('envelope-completed', { envelopeId: envelope }));
    assert.equal((await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/docusign/${tenant.subdomain}`, headers: signed.headers, payload: signed.body })).statusCode, 200);
  }

  async function addHire(first: string, last: string, email: string): Promise<string> {
    const form = page.getByRole('form', { name: 'Add hire' });
    await form.getByLabel('First name').fill(first);
    await form.getByLabel('Last name').fill(last);
    await form.getByLabel('Personal email').fill(email);
    await form.getByRole('button', { name: 'Add hire' }).click();
    await page.getByTestId(`hire-row-${email}`).waitFor();
    const { rows } = await env.ctx.db.owner.query('select id from hires where tenant_id = $1 and personal_email = $2', [tenant.id, email]);
    return rows[0].id;
  }

  before(async () => {
    requireBrowser();
    await buildWebUi();
    env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0' });
    const baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    tenant = await env.tenant('Hiring Co');
    const admin = await env.user(tenant.id, 'tenant_admin');
    token = admin.token;
    assert.equal((await settings('hiring.example.test')).statusCode, 200);
    assert.equal((await call('PUT', '/api/v1/integrations/esign/docusign', { credentials: { hmac_key: HMAC_KEY } })).statusCode, 200);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
    await page.goto(`${baseUrl}/t/${tenant.subdomain}/login`);
    const form = page.getByRole('form', { name: 'Sign in', exact: true });
    await form.getByLabel('Email').fill(admin.email);
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hires', exact: true }).click();
    await page.getByRole('heading', { name: 'Hires', level: 1 }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  it('says there are none yet', async () => {
    await page.getByTestId('hires-empty').waitFor();
  });

  it('shows a signed hire provisioned, with its address and every step', async () => {
    const hireId = await addHire('José', 'Müller', 'jose@personal.example.test');
    await sign(hireId, 'env-page-1');
    await drain();
    await page.reload();
    const row = page.getByTestId('hire-row-jose@personal.example.test');
    await row.waitFor();
    assert.equal(await row.getByTestId('hire-status').textContent(), 'Provisioned');
    assert.equal(await row.getByTestId('hire-address').textContent(), 'jose.muller@hiring.example.test');
    await row.getByRole('button', { name: 'Details' }).click();
    await page.getByTestId('run-steps').waitFor();
    assert.equal(await page.getByTestId('run-state').textContent(), 'succeeded');
    assert.equal(await page.getByTestId('run-steps').locator('li').count(), 5);
    assert.doesNotMatch(await page.content(), /sealed|temporary password:/i);
    assert.deepEqual(await seriousA11yProblems(page), []);
    const { overflow } = await screenshots(page, 'hires');
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  });

  it('shows a failed run with its error, and Retry finishes it', async () => {
    assert.equal((await settings(null)).statusCode, 200);
    const hireId = await addHire('Noor', 'Haddad', 'noor@personal.example.test');
    await sign(hireId, 'env-page-2');
    await drain();
    await page.reload();
    const row = page.getByTestId('hire-row-noor@personal.example.test');
    await row.waitFor();
    assert.equal(await row.getByTestId('hire-status').textContent(), 'Failed');
    await row.getByRole('button', { name: 'Details' }).click();
    await page.getByTestId('run-error').waitFor();
    assert.match((await page.getByTestId('run-error').textContent()) ?? '', /no corporate email domain/);
    assert.equal((await settings('hiring.example.test')).statusCode, 200);
    await page.getByRole('button', { name: 'Retry from the failed step' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'pending');
    await drain();
    await page.reload();
    await page.getByTestId('hire-row-noor@personal.example.test').waitFor();
    assert.equal(await page.getByTestId('hire-row-noor@personal.example.test').getByTestId('hire-address').textContent(), 'noor.haddad@hiring.example.test');
    assert.deepEqual(
      problems.filter((p) => p.startsWith('uncaught')),
      [],
    );
  });

  it('sends a document from a Dropbox Sign template, says why a wrong template is refused, and the signed callback provisions the hire', async () => {
    const apiKey = 'hires-page-dropbox-sign-key';
    const fake = await startDropboxSignFake({ apiKey, templates: { 'tmpl-agreement': ['Employee'] } });
    try {
      assert.equal((await call('PUT', '/api/v1/integrations/esign/dropbox_sign', { credentials: { api_key: apiKey, base_url: fake.url } })).statusCode, 200);
      await addHire('Ada', 'Lovelace', 'ada@personal.example.test');
      await page.getByTestId('hire-row-ada@personal.example.test').getByRole('button', { name: 'Details' }).click();
      const form = page.getByRole('form', { name: 'Send a document' });
      await form.getByLabel('Template id').fill('tmpl-nope');
      await form.getByLabel('Signer role').fill('Employee');
      await form.getByRole('button', { name: 'Send for signature' }).click();
      await page.getByTestId('send-document-error').waitFor();
      assert.match((await page.getByTestId('send-document-error').textContent()) ?? '', /Template not found/);
      await form.getByLabel('Template id').fill('tmpl-agreement');
      await form.getByRole('button', { name: 'Send for signature' }).click();
      await page.getByTestId('hire-documents').getByText('sent').waitFor();
      assert.match((await page.getByTestId('hire-documents').textContent()) ?? '', /hire_agreement — sent \(dropbox_sign\)/);
      assert.deepEqual(
        fake.sent.map((r) => r.signers[0]!.email_address),
        ['ada@personal.example.test'],
      );
      assert.deepEqual(await seriousA11yProblems(page), []);
      const callback = dropboxSignRequest(fake.callback(fake.sent[0]!.signature_request_id, 'signature_request_all_signed'));
      assert.equal((await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/dropbox-sign/${tenant.subdomain}`, headers: callback.headers, payload: callback.body })).statusCode, 200);
      await drain();
      await page.reload();
      const row = page.getByTestId('hire-row-ada@personal.example.test');
      await row.waitFor();
      assert.equal(await row.getByTestId('hire-status').textContent(), 'Provisioned');
      fake.assertNoViolations();
    } finally {
      await fake.close();
    }
  });
});
