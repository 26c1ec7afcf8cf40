/**
 * Someone else takes the reserved address at the vendor between the address step and the mailbox
 * step: the create answers "taken", the adapter looks the account up and finds it is not this run's,
 * and the run moves on to the next candidate — leaving the stranger's account alone. (The other half,
 * the run's own lost create taken as made, is src/hires/provisioning.crash.test.ts.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, drainJobs, type TestEnv } from '../../test/helpers.ts';
import { docusignConnectEvent, signedDocuSignWebhook } from '../../test/fakes/esign.ts';
import { startGraphFake, type GraphFake } from '../../test/fakes/graph.ts';
import { startWorkMailFake, type WorkMailFake } from '../../test/fakes/workmail.ts';
import { advanceRuns } from '../jobs/runs.ts';
import { PROVISIONING_RUN } from './provisioning.ts';

const DOMAIN = 'dup.example.test';
const HMAC_KEY = 'connect-hmac-key-duplicates';
const APP = { tenantId: '11111111-2222-3333-4444-555555555555', clientId: '66666666-7777-8888-9999-000000000000', clientSecret: 'graph~client~secret~dup' };
const AWS = { region: 'eu-west-1', accessKeyId: 'AKIADUPLICATETEST001', secretAccessKey: 'duplicate-secret-access-key-000000000000', organizationId: `m-${'d'.repeat(32)}` };
let env: TestEnv;
let graph: GraphFake;
let workmail: WorkMailFake;

before(async () => {
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0' });
  graph = await startGraphFake({ ...APP, verifiedDomains: [DOMAIN] });
  workmail = await startWorkMailFake({ ...AWS, mailDomains: [DOMAIN] });
});
after(async () => {
  await graph.close();
  await workmail.close();
  await env.close();
});

/** A tenant on the vendor, with a hire whose run has reserved its address (the first step) and stopped there. */
async function reservedHire(provider: string, credentials: Record<string, unknown>) {
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await env.inject({ method, url, token: admin.token, ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: [{ key: 'hire_agreement', label: 'Hire agreement' }], email_domain: DOMAIN, sign_in_url: null });
  await call('PUT', '/api/v1/integrations/esign/docusign', { credentials: { hmac_key: HMAC_KEY } });
  await call('PUT', `/api/v1/integrations/mailbox/${provider}`, { credentials });
  const hire = await call('POST', '/api/v1/hires', { first_name: 'Grace', last_name: 'Hopper', personal_email: `grace.${provider}@personal.example.test` });
  await call('POST', `/api/v1/hires/${hire.id}/documents`, { kind: 'hire_agreement', provider: 'docusign', envelope_id: `env-dup-${provider}` });
  const signed = signedDocuSignWebhook([HMAC_KEY], docusignConnectEvent('envelope-completed', { envelopeId: `env-dup-${provider}` }));
  assert.equal((await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/docusign/${tenant.subdomain}`, headers: signed.headers, payload: signed.body })).statusCode, 200);
  assert.equal(await advanceRuns(env.ctx, tenant.id, PROVISIONING_RUN, { runs: 1, steps: 1 }), 1);
  const { rows } = await env.ctx.db.owner.query(`select s.result from job_run_steps s join job_runs r on r.tenant_id = s.tenant_id and r.id = s.run_id where r.tenant_id = $1 and r.subject_id = $2 and s.name = 'address'`, [tenant.id, hire.id]);
  assert.equal(rows[0].result.address, `grace.hopper@${DOMAIN}`);
  return { hireId: hire.id as string, finished: async () => drainJobs(env.ctx).then(() => call('GET', `/api/v1/hires/${hire.id}`)) };
}

describe('an address someone else takes at the vendor after the run reserved it', () => {
  it('moves on to the next candidate in Microsoft 365, leaving the unmarked user alone', async () => {
    const { finished } = await reservedHire('microsoft_365', { entra_tenant_id: APP.tenantId, client_id: APP.clientId, client_secret: APP.clientSecret, login_base_url: graph.url, graph_base_url: graph.url });
    const stranger = graph.addUser(`grace.hopper@${DOMAIN}`);
    const hire = await finished();
    assert.deepEqual([hire.status, hire.corporate_email], ['provisioned', `grace.hopper2@${DOMAIN}`]);
    assert.deepEqual(
      graph.users.map((u) => [u.userPrincipalName, u.onPremisesExtensionAttributes.extensionAttribute15]),
      [
        [stranger.userPrincipalName, null],
        [`grace.hopper2@${DOMAIN}`, `embark-provisioning:${hire.run_id}`],
      ],
    );
    graph.assertNoViolations();
  });

  it('moves on to the next candidate in WorkMail, leaving the other user of that name alone', async () => {
    const { finished } = await reservedHire('aws_workmail', { organization_id: AWS.organizationId, region: AWS.region, access_key_id: AWS.accessKeyId, secret_access_key: AWS.secretAccessKey, endpoint: `${workmail.url}/` });
    // no address yet, so the address step could not have seen it; not the names this run sends
    workmail.addUser('grace.hopper', undefined, { DisplayName: 'Grace Hopper (admiral)', FirstName: 'Grace', LastName: 'Hopper' });
    const hire = await finished();
    assert.deepEqual([hire.status, hire.corporate_email], ['provisioned', `grace.hopper2@${DOMAIN}`]);
    assert.deepEqual(
      workmail.users.map((u) => [u.Name, u.State, u.Email ?? null]),
      [
        ['grace.hopper', 'DISABLED', null],
        ['grace.hopper2', 'ENABLED', `grace.hopper2@${DOMAIN}`],
      ],
    );
    workmail.assertNoViolations();
  });
});
