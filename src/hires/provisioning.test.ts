/**
 * Hire provisioning end to end with the built-in mailbox provider: signed DocuSign and Dropbox Sign
 * events complete a hire's documents, exactly one provisioning run starts however the events arrive,
 * and the run makes one account, one welcome email to the personal inbox (password masked in the
 * stored copy) and the events that follow. A bad signature changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, drainJobs, type TestEnv } from '../../test/helpers.ts';
import { dropboxSignCallback, dropboxSignRequest, docusignConnectEvent, signedDocuSignWebhook } from '../../test/fakes/esign.ts';

const HMAC_KEY = 'connect-hmac-key-for-tests';
const API_KEY = 'dropbox-sign-api-key-for-tests';
let env: TestEnv;
let admin: { id: string; email: string; token: string };
let tenant: { id: string; subdomain: string };

before(async () => {
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0' });
  tenant = await env.tenant();
  admin = await env.user(tenant.id, 'tenant_admin');
  const settings = await call('PUT', '/api/v1/tenant/hire-settings', {
    document_kinds: [
      { key: 'w9', label: 'W-9' },
      { key: 'baa', label: 'BAA' },
    ],
    email_domain: 'corp.example.test',
    sign_in_url: 'https://crm.example.test/login',
  });
  assert.equal(settings.statusCode, 200, settings.body);
});
after(() => env.close());

type Method = 'GET' | 'POST' | 'PUT';
function call(method: Method, url: string, payload?: object) {
  return env.inject({ method, url, token: admin.token, ...(payload ? { payload } : {}) });
}

const drain = () => drainJobs(env.ctx);

async function esign(provider: 'docusign' | 'dropbox_sign', credentials: Record<string, string>) {
  const res = await call('PUT', `/api/v1/integrations/esign/${provider}`, { credentials, enabled: true });
  assert.equal(res.statusCode, 200, res.body);
}

async function hireWithDocuments(first: string, last: string, envelopes: { w9: string; baa: string }, provider: 'docusign' | 'dropbox_sign' = 'docusign') {
  const hire = (await call('POST', '/api/v1/hires', { first_name: first, last_name: last, personal_email: `${last.toLowerCase().replace(/[^a-z]/g, '')}@personal.example.test` })).json();
  for (const [kind, envelope] of Object.entries(envelopes)) {
    assert.equal((await call('POST', `/api/v1/hires/${hire.id}/documents`, { kind, provider, envelope_id: envelope })).statusCode, 200);
  }
  return hire.id as string;
}

function postDocuSign(event: Record<string, unknown>, keys = [HMAC_KEY]) {
  const signed = signedDocuSignWebhook(keys, event);
  return env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/docusign/${tenant.subdomain}`, headers: signed.headers, payload: signed.body });
}

describe('hire provisioning', () => {
  it('starts one run when the last document completes, whatever the events do, and makes one account and one welcome email', async () => {
    await esign('docusign', { hmac_key: HMAC_KEY });
    const hireId = await hireWithDocuments('José', 'Müller-Ørsted', { w9: 'env-w9-1', baa: 'env-baa-1' });
    // out of order, and the completion of w9 five times at once
    assert.equal((await postDocuSign(docusignConnectEvent('envelope-delivered', { envelopeId: 'env-baa-1' }))).statusCode, 200);
    const w9 = docusignConnectEvent('envelope-completed', { envelopeId: 'env-w9-1' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => postDocuSign(w9)));
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [200, 200, 200, 200, 200],
    );
    assert.equal((await call('GET', `/api/v1/hires/${hireId}`)).json().status, 'awaiting_documents');
    const baa = docusignConnectEvent('envelope-completed', { envelopeId: 'env-baa-1' });
    await Promise.all([postDocuSign(baa), postDocuSign(baa), postDocuSign(w9)]);
    const started = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.equal(started.status, 'provisioning');
    const { rows: runs } = await env.ctx.db.owner.query(`select id from job_runs where tenant_id = $1 and subject_type = 'hire' and subject_id = $2`, [tenant.id, hireId]);
    assert.equal(runs.length, 1);

    await drain();
    const done = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.deepEqual([done.status, done.corporate_email], ['provisioned', 'jose.muller-orsted@corp.example.test']);
    const { rows: users } = await env.ctx.db.owner.query(`select role, must_change_password from users where tenant_id = $1 and email = $2`, [tenant.id, done.corporate_email]);
    assert.deepEqual(users, [{ role: 'staff', must_change_password: true }]);
    const { rows: messages } = await env.ctx.db.owner.query(`select recipient, content from messages where tenant_id = $1 and bundle = 'hire_welcome_email'`, [tenant.id]);
    assert.equal(messages.length, 1);
    assert.equal(messages[0].recipient, started.personal_email, 'to the personal inbox only');
    assert.match(messages[0].content, /jose\.muller-orsted@corp\.example\.test/);
    assert.match(messages[0].content, /••••••••/, 'the stored copy shows the password masked');
    const { rows: steps } = await env.ctx.db.owner.query(`select name, state, result from job_run_steps where tenant_id = $1 and run_id = $2 order by position`, [tenant.id, runs[0].id]);
    assert.deepEqual(
      steps.map((s) => [s.name, s.state]),
      [
        ['address', 'succeeded'],
        ['password', 'succeeded'],
        ['mailbox', 'succeeded'],
        ['welcome_email', 'succeeded'],
        ['done', 'succeeded'],
      ],
    );
    assert.deepEqual(steps[1].result, { erased: true }, 'the run keeps no copy of the password once its email is queued');
    const { rows: events } = await env.ctx.db.owner.query(`select type from events where tenant_id = $1 and subject_type = 'hire' and subject_id = $2 order by id`, [tenant.id, hireId]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['hire.created', 'hire.documents_completed', 'provisioning.succeeded'],
    );
  });

  it('gives hires of the same name the next address, first.last2, as the dry run said it would, and runs them now on request', async () => {
    const hireId = await hireWithDocuments('José', 'Müller-Ørsted', { w9: 'env-w9-2', baa: 'env-baa-2' });
    const preview = (await call('POST', `/api/v1/hires/${hireId}/provisioning/preview`)).json();
    assert.deepEqual([preview.address, preview.skipped, preview.steps], ['jose.muller-orsted2@corp.example.test', ['jose.muller-orsted@corp.example.test'], ['address', 'password', 'mailbox', 'welcome_email', 'done']]);
    const { rows: reserved } = await env.ctx.db.owner.query('select count(*)::int as n from hire_addresses where tenant_id = $1 and hire_id = $2', [tenant.id, hireId]);
    assert.equal(reserved[0].n, 0, 'the dry run reserved nothing');
    for (const envelope of ['env-w9-2', 'env-baa-2']) await postDocuSign(docusignConnectEvent('envelope-completed', { envelopeId: envelope }));
    // the admin's "process now", not the worker
    assert.equal((await call('POST', '/api/v1/provisioning/run')).json().steps_executed, 5);
    assert.equal((await call('GET', `/api/v1/hires/${hireId}`)).json().corporate_email, 'jose.muller-orsted2@corp.example.test');
    const runs = (await call('GET', `/api/v1/provisioning/runs?hire_id=${hireId}`)).json();
    assert.deepEqual(
      runs.items.map((r: { state: string }) => r.state),
      ['succeeded'],
    );
  });

  it('refuses a bad signature (403) and changes nothing', async () => {
    const hireId = await hireWithDocuments('Ana', 'Silva', { w9: 'env-w9-3', baa: 'env-baa-3' });
    const forged = await postDocuSign(docusignConnectEvent('envelope-completed', { envelopeId: 'env-w9-3' }), ['not-the-key']);
    assert.deepEqual([forged.statusCode, forged.json().code], [403, 'signature_invalid']);
    const shown = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.deepEqual(
      shown.documents.map((d: { status: string }) => d.status),
      ['sent', 'sent'],
    );
  });

  it('cancels the run a voided document left unstarted, and the hire waits for its documents again', async () => {
    const hireId = await hireWithDocuments('Lee', 'Chen', { w9: 'env-w9-4', baa: 'env-baa-4' });
    for (const envelope of ['env-w9-4', 'env-baa-4']) await postDocuSign(docusignConnectEvent('envelope-completed', { envelopeId: envelope }));
    const { run_id: runId, status } = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.equal(status, 'provisioning');
    await postDocuSign(docusignConnectEvent('envelope-voided', { envelopeId: 'env-w9-4' }));
    const after = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.deepEqual([after.status, after.documents_missing], ['awaiting_documents', ['w9']]);
    const { rows } = await env.ctx.db.owner.query('select state from job_runs where tenant_id = $1 and id = $2', [tenant.id, runId]);
    assert.equal(rows[0].state, 'cancelled');
    await drain();
    assert.equal((await call('GET', `/api/v1/hires/${hireId}`)).json().corporate_email, null, 'no account was made');
  });

  it('fails the run with its reason when a step cannot succeed, and a retry resumes it at that step', async () => {
    const hireId = await hireWithDocuments('Noor', 'Haddad', { w9: 'env-w9-5', baa: 'env-baa-5' });
    await call('PUT', '/api/v1/tenant/hire-settings', {
      document_kinds: [
        { key: 'w9', label: 'W-9' },
        { key: 'baa', label: 'BAA' },
      ],
      email_domain: null,
      sign_in_url: null,
    });
    for (const envelope of ['env-w9-5', 'env-baa-5']) await postDocuSign(docusignConnectEvent('envelope-completed', { envelopeId: envelope }));
    await drain();
    const failed = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.equal(failed.status, 'failed');
    const run = (await call('GET', `/api/v1/tenant/runs/${failed.run_id}`)).json();
    assert.equal(run.state, 'failed');
    assert.match(run.last_error, /no corporate email domain/);
    const { rows: events } = await env.ctx.db.owner.query(`select payload ->> 'error' as error from events where tenant_id = $1 and type = 'provisioning.failed' and subject_id = $2`, [tenant.id, hireId]);
    assert.equal(events.length, 1);
    const { rows: told } = await env.ctx.db.owner.query(`select recipient, variables ->> 'error' as error from messages where tenant_id = $1 and bundle = 'provisioning_failed_email' and related_id = $2`, [tenant.id, hireId]);
    assert.deepEqual(
      told.map((m) => m.recipient),
      [admin.email],
      'the tenant admin is told',
    );
    assert.match(told[0].error, /no corporate email domain/);
    await call('PUT', '/api/v1/tenant/hire-settings', {
      document_kinds: [
        { key: 'w9', label: 'W-9' },
        { key: 'baa', label: 'BAA' },
      ],
      email_domain: 'corp.example.test',
      sign_in_url: null,
    });
    const retried = (await call('POST', '/api/v1/provisioning/runs/retry', {})).json();
    assert.deepEqual(retried.results, [{ id: failed.run_id, outcome: 'retried' }]);
    assert.equal((await call('GET', `/api/v1/hires/${hireId}`)).json().status, 'provisioning');
    await drain();
    assert.deepEqual(Object.values((({ status, corporate_email }) => ({ status, corporate_email }))((await call('GET', `/api/v1/hires/${hireId}`)).json())), ['provisioned', 'noor.haddad@corp.example.test']);
  });

  it('takes Dropbox Sign callbacks, answering the text it expects, matched by the metadata the sender set', async () => {
    await esign('dropbox_sign', { api_key: API_KEY });
    const hire = (await call('POST', '/api/v1/hires', { first_name: 'Kim', last_name: 'Park', personal_email: 'kim@personal.example.test' })).json();
    for (const kind of ['w9', 'baa']) {
      const request = dropboxSignRequest(dropboxSignCallback(API_KEY, 'signature_request_all_signed', { signatureRequestId: `sr-${kind}`, metadata: { embark_hire_id: hire.id, embark_document_kind: kind } }));
      const res = await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/dropbox-sign/${tenant.subdomain}`, headers: request.headers, payload: request.body });
      assert.deepEqual([res.statusCode, res.body], [200, 'Hello API Event Received']);
    }
    assert.equal((await call('GET', `/api/v1/hires/${hire.id}`)).json().status, 'provisioning');
    const forged = dropboxSignRequest(dropboxSignCallback('wrong-key', 'signature_request_all_signed', { signatureRequestId: 'sr-x' }));
    const refused = await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/dropbox-sign/${tenant.subdomain}`, headers: forged.headers, payload: forged.body });
    assert.equal(refused.statusCode, 403);
  });
});
