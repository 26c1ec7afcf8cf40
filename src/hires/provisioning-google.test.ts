/**
 * Provisioning into Google Workspace, against the Directory fake (which verifies the service
 * account's RS256 assertion like Google): the address skips one the directory holds, the user is made
 * once with a forced password change, a rate limit is waited out, and "test connection" makes one
 * harmless call.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, drainJobs, type TestEnv } from '../../test/helpers.ts';
import { docusignConnectEvent, signedDocuSignWebhook } from '../../test/fakes/esign.ts';
import { googleError, startGoogleDirectoryFake, type GoogleDirectoryFake } from '../../test/fakes/google-directory.ts';

const HMAC_KEY = 'connect-hmac-key-google';
const ADMIN = 'it-admin@corp.example.test';
let env: TestEnv;
let fake: GoogleDirectoryFake;
let admin: { token: string };
let tenant: { id: string; subdomain: string };

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => env.inject({ method, url, token: admin.token, ...(payload ? { payload } : {}) });
const drain = () => drainJobs(env.ctx);

before(async () => {
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0', EMBARK_ALLOW_PROVIDER_BASE_URLS: 'true' });
  fake = await startGoogleDirectoryFake({ admins: [ADMIN], domains: ['corp.example.test'] });
  tenant = await env.tenant();
  admin = await env.user(tenant.id, 'tenant_admin');
  assert.equal((await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: [{ key: 'hire_agreement', label: 'Hire agreement' }], email_domain: 'corp.example.test', sign_in_url: 'https://crm.example.test' })).statusCode, 200);
  assert.equal((await call('PUT', '/api/v1/integrations/esign/docusign', { credentials: { hmac_key: HMAC_KEY } })).statusCode, 200);
  const saved = await call('PUT', '/api/v1/integrations/mailbox/google_workspace', { credentials: { service_account_key: fake.serviceAccountKey, admin_email: ADMIN, base_url: fake.url } });
  assert.equal(saved.statusCode, 200, saved.body);
});
after(async () => {
  await fake.close();
  await env.close();
});

async function signHire(first: string, last: string, envelope: string): Promise<string> {
  const hire = (await call('POST', '/api/v1/hires', { first_name: first, last_name: last, personal_email: `${envelope}@personal.example.test` })).json();
  await call('POST', `/api/v1/hires/${hire.id}/documents`, { kind: 'hire_agreement', provider: 'docusign', envelope_id: envelope });
  const signed = signedDocuSignWebhook([HMAC_KEY], docusignConnectEvent('envelope-completed', { envelopeId: envelope }));
  assert.equal((await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/docusign/${tenant.subdomain}`, headers: signed.headers, payload: signed.body })).statusCode, 200);
  return hire.id;
}

describe('provisioning into Google Workspace', () => {
  it('tests the connection with one harmless call', async () => {
    const res = await call('POST', '/api/v1/integrations/mailbox/google_workspace/test');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().ok, true);
    assert.doesNotMatch(res.body, /PRIVATE KEY/);
    const none = await call('POST', '/api/v1/integrations/esign/docusign/test');
    assert.equal(none.json().ok, null);
  });

  it('makes the user once, skipping an address the directory holds, with a forced password change', async () => {
    fake.addUser('ada.lovelace@corp.example.test');
    const hireId = await signHire('Ada', 'Lovelace', 'env-google-1');
    // the first create is rate limited: the step waits and tries again
    fake.failNext(1, googleError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded'));
    await drain();
    const hire = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.deepEqual([hire.status, hire.corporate_email], ['provisioned', 'ada.lovelace2@corp.example.test']);
    const made = fake.users.filter((u) => u.primaryEmail === 'ada.lovelace2@corp.example.test');
    assert.equal(made.length, 1);
    assert.equal(made[0]!.changePasswordAtNextLogin, true);
    fake.assertNoViolations();
  });

  it('fails the run on bad credentials at once, saying why, with no password in what it says', async () => {
    fake.failTokenNext(10, { status: 401, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    const hireId = await signHire('Grace', 'Hopper', 'env-google-2');
    await drain();
    const hire = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.equal(hire.status, 'failed');
    const run = (await call('GET', `/api/v1/tenant/runs/${hire.run_id}`)).json();
    assert.equal(run.state, 'failed');
    assert.doesNotMatch(JSON.stringify(run), /"sealed"|password":/);
  });
});
