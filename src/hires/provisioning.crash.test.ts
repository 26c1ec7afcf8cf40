/**
 * Issue 14 §4: "a crash anywhere (kill -9 between mailbox and email is the test) leaves exactly one
 * mailbox and one welcome email after the worker restarts". A real worker process (`embark worker`)
 * runs a hire's provisioning run against a vendor fake that carries out the create call and never
 * answers it: the mailbox exists at the vendor, its step result is not recorded. The worker is killed
 * with SIGKILL there; a second worker takes the step over, the vendor answers "already exists", the
 * adapter finds the run's own mark on that account and takes it as made, and the run goes on to one
 * welcome email and the provisioned hire — at the first address, not the next candidate.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { docusignConnectEvent, signedDocuSignWebhook } from '../../test/fakes/esign.ts';
import { startGoogleDirectoryFake } from '../../test/fakes/google-directory.ts';
import { startGraphFake } from '../../test/fakes/graph.ts';
import { startWorkMailFake } from '../../test/fakes/workmail.ts';
import type { HttpFake, RawRequest } from '../../test/fakes/http-fake.ts';
import { waitFor } from '../../test/processes.ts';

const root = path.resolve(import.meta.dirname, '../..');
const DOMAIN = 'crash.example.test';
const HMAC_KEY = 'connect-hmac-key-crash';
let env: TestEnv;
const workers: ChildProcess[] = [];
const fakes: HttpFake[] = [];

/** One vendor: its fake, the integration that points at it, the create call to leave unanswered, and what it holds for an address. */
interface Vendor {
  readonly provider: string;
  readonly fake: HttpFake;
  readonly credentials: Record<string, unknown>;
  readonly isCreate: (request: RawRequest) => boolean;
  /** The vendor's accounts for the address (their ids). */
  readonly accounts: (address: string) => string[];
  readonly creates: () => number;
}

async function google(): Promise<Vendor> {
  const admin = `it-admin@${DOMAIN}`;
  const fake = await startGoogleDirectoryFake({ admins: [admin], domains: [DOMAIN] });
  const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && r.path === '/admin/directory/v1/users';
  return {
    provider: 'google_workspace',
    fake,
    credentials: { service_account_key: fake.serviceAccountKey, admin_email: admin, base_url: fake.url },
    isCreate,
    accounts: (address) => fake.users.filter((u) => u.primaryEmail === address).map((u) => u.id),
    creates: () => fake.requests.filter(isCreate).length,
  };
}

async function microsoft(): Promise<Vendor> {
  const options = { tenantId: '11111111-2222-3333-4444-555555555555', clientId: '66666666-7777-8888-9999-000000000000', clientSecret: 'crash-client-secret', verifiedDomains: [DOMAIN] };
  const fake = await startGraphFake(options);
  const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && r.path === '/v1.0/users';
  return {
    provider: 'microsoft_365',
    fake,
    credentials: { entra_tenant_id: options.tenantId, client_id: options.clientId, client_secret: options.clientSecret, login_base_url: fake.url, graph_base_url: fake.url },
    isCreate,
    accounts: (address) => fake.users.filter((u) => u.userPrincipalName === address).map((u) => u.id),
    creates: () => fake.requests.filter(isCreate).length,
  };
}

async function workmail(): Promise<Vendor> {
  const options = { region: 'us-east-1', accessKeyId: 'AKIACRASHTEST0000001', secretAccessKey: 'crash-secret-access-key-0000000000000000', organizationId: `m-${'c'.repeat(32)}`, mailDomains: [DOMAIN] };
  const fake = await startWorkMailFake(options);
  const isCreate = (r: RawRequest) => r.headers['x-amz-target'] === 'WorkMailService.CreateUser';
  return {
    provider: 'aws_workmail',
    fake,
    credentials: { organization_id: options.organizationId, region: options.region, access_key_id: options.accessKeyId, secret_access_key: options.secretAccessKey, endpoint: `${fake.url}/` },
    isCreate,
    // by user name: the account exists (not yet registered to its address) once CreateUser is done
    accounts: (address) => fake.users.filter((u) => u.Name === address.split('@')[0]).map((u) => u.UserId),
    creates: () => fake.operations.filter((op) => op === 'CreateUser').length,
  };
}

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'bin/embark.js'), 'worker', '--concurrency', '1'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: env.url,
      EMBARK_SECRET_KEY: env.config.secretKey.toString('hex'),
      EMBARK_ALLOW_PROVIDER_BASE_URLS: 'true',
      EMBARK_LOG_LEVEL: 'error',
      // a step running for a second without an answer is the dead worker's: the sweep hands it on
      EMBARK_SENDING_TIMEOUT: '1',
      EMBARK_WORKER_SWEEP_INTERVAL: '1',
      EMBARK_RETRY_BASE_SECONDS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

before(async () => {
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0' });
});
after(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  for (const fake of fakes) await fake.close();
  await env.close();
});

describe('a provisioning run whose worker is killed after the vendor made the mailbox', () => {
  for (const [name, start] of Object.entries({ 'Google Workspace': google, 'Microsoft 365': microsoft, 'AWS WorkMail': workmail })) {
    it(`resumes on a new worker with exactly one ${name} mailbox, at the first address, and one welcome email`, async () => {
      const vendor = await start();
      fakes.push(vendor.fake);
      const tenant = await env.tenant();
      const admin = await env.user(tenant.id, 'tenant_admin');
      const call = async (method: 'POST' | 'PUT', url: string, payload?: object) => {
        const res = await env.inject({ method, url, token: admin.token, ...(payload ? { payload } : {}) });
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
        return res.json();
      };
      await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: [{ key: 'hire_agreement', label: 'Hire agreement' }], email_domain: DOMAIN, sign_in_url: 'https://crm.example.test' });
      await call('PUT', '/api/v1/integrations/esign/docusign', { credentials: { hmac_key: HMAC_KEY } });
      await call('PUT', `/api/v1/integrations/mailbox/${vendor.provider}`, { credentials: vendor.credentials });
      const hire = await call('POST', '/api/v1/hires', { first_name: 'Ada', last_name: 'Lovelace', personal_email: `ada.${vendor.provider}@personal.example.test` });
      const envelope = `env-crash-${vendor.provider}`;
      await call('POST', `/api/v1/hires/${hire.id}/documents`, { kind: 'hire_agreement', provider: 'docusign', envelope_id: envelope });
      const signed = signedDocuSignWebhook([HMAC_KEY], docusignConnectEvent('envelope-completed', { envelopeId: envelope }));
      assert.equal((await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/docusign/${tenant.subdomain}`, headers: signed.headers, payload: signed.body })).statusCode, 200);
      const address = `ada.lovelace@${DOMAIN}`;
      const runId = await runOf(tenant.id, hire.id);

      // the vendor makes the account; its answer never reaches the worker, which dies waiting for it
      vendor.fake.holdNext(vendor.isCreate);
      const first = startWorkerProcess();
      await waitFor(() => vendor.fake.held === 1, 'the vendor to have made the mailbox', first);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      const steps = async () => (await env.ctx.db.owner.query(`select name, state, attempts, result from job_run_steps where tenant_id = $1 and run_id = $2 order by position`, [tenant.id, runId])).rows;
      assert.deepEqual(
        (await steps()).map((s) => [s.name, s.state]),
        [
          ['address', 'succeeded'],
          ['password', 'succeeded'],
          ['mailbox', 'running'],
          ['welcome_email', 'pending'],
          ['done', 'pending'],
        ],
        'killed between the mailbox and its recorded result',
      );
      assert.equal(vendor.accounts(address).length, 1, 'the vendor holds the mailbox already');

      const second = startWorkerProcess();
      const hireState = async () => (await env.ctx.db.owner.query('select status, corporate_email from hires where tenant_id = $1 and id = $2', [tenant.id, hire.id])).rows[0];
      await waitFor(async () => (await hireState()).status === 'provisioned', 'the hire to be provisioned', second);
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));

      assert.equal((await hireState()).corporate_email, address, 'the first address: the account the dead worker made is taken as ours');
      const accounts = vendor.accounts(address);
      assert.equal(accounts.length, 1, 'one mailbox');
      assert.equal(vendor.creates(), 2, 'created once, asked again once (answered "already exists")');
      const done = await steps();
      assert.deepEqual(
        done.map((s) => [s.name, s.state, s.attempts]),
        [
          ['address', 'succeeded', 1],
          ['password', 'succeeded', 1],
          ['mailbox', 'succeeded', 2],
          ['welcome_email', 'succeeded', 1],
          ['done', 'succeeded', 1],
        ],
      );
      assert.equal(done[2].result.provider_user_id, accounts[0], 'the step records the account the vendor holds');
      const { rows: welcome } = await env.ctx.db.owner.query(`select recipient from messages where tenant_id = $1 and bundle = 'hire_welcome_email'`, [tenant.id]);
      assert.deepEqual(
        welcome.map((m) => m.recipient),
        [hire.personal_email],
        'one welcome email, to the personal inbox',
      );
      vendor.fake.assertNoViolations();
    });
  }
});

async function runOf(tenantId: string, hireId: string): Promise<string> {
  const { rows } = await env.ctx.db.owner.query(`select id from job_runs where tenant_id = $1 and subject_type = 'hire' and subject_id = $2`, [tenantId, hireId]);
  assert.equal(rows.length, 1, 'one run for the hire');
  return rows[0].id;
}
