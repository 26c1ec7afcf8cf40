/**
 * The integrations store through its API: sealed credentials that never come back, field specs that
 * refuse incomplete credentials with a stable code naming the field, one tenant per inbound number,
 * mailbox and e-sign credentials stored like channels, and an install from before the store upgraded
 * in place with its data.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { migrate, MIGRATIONS_DIR } from '../db/migrate.ts';
import { encryptJson } from '../secrets.ts';
import { resolveTenantByInboundNumber } from '../messaging/channels.service.ts';
import { openCredentials } from './integrations.service.ts';

const env: TestEnv = await createTestEnv();
after(() => env.close());

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const GOOGLE_KEY = JSON.stringify({ type: 'service_account', client_email: 'embark@project.iam.gserviceaccount.com', private_key: PEM, token_uri: 'https://oauth2.googleapis.com/token' });
const GRAPH = { entra_tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47', client_id: '00000000-0000-0000-0000-00000000c0de', client_secret: `graph-secret-${randomBytes(8).toString('hex')}` };
const SID = 'AC' + 'b2'.repeat(16);
const TOKEN = `twilio-token-${randomBytes(8).toString('hex')}`;
const nextNumber = () => `+1555${randomInt(1_000_000, 10_000_000)}`;

async function admin() {
  const tenant = await env.tenant();
  return { tenant, admin: await env.user(tenant.id, 'tenant_admin') };
}

const rawRows = async (tenantId: string) => (await env.ctx.db.owner.query(`select kind, provider, active, enabled, from_address, credentials_encrypted from tenant_integrations where tenant_id = $1 order by kind, provider`, [tenantId])).rows;

describe('GET /api/v1/integrations/providers', () => {
  it('serves every kind, its providers and their fields, for the forms to be built from', async () => {
    const { admin: a } = await admin();
    const res = await env.inject({ method: 'GET', url: '/api/v1/integrations/providers', token: a.token });
    assert.equal(res.statusCode, 200, res.body);
    const kinds = res.json().kinds as { kind: string; providers: { id: string; notice?: string; fields: { name: string; type: string; required: boolean; label: string }[] }[] }[];
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['email', 'sms', 'voice', 'mailbox', 'esign'],
    );
    const mailbox = kinds.find((k) => k.kind === 'mailbox')!;
    assert.deepEqual(
      mailbox.providers.map((p) => p.id),
      ['builtin', 'google_workspace', 'microsoft_365', 'aws_workmail'],
    );
    assert.match(mailbox.providers.find((p) => p.id === 'aws_workmail')!.notice ?? '', /2027-03-31/);
    const google = mailbox.providers.find((p) => p.id === 'google_workspace')!;
    assert.deepEqual(
      google.fields.map((f) => [f.name, f.type, f.required]),
      [
        ['service_account_key', 'secret', true],
        ['admin_email', 'text', true],
        ['base_url', 'url', false],
      ],
    );
    assert.deepEqual(
      kinds.find((k) => k.kind === 'esign')!.providers.map((p) => p.id),
      ['docusign', 'dropbox_sign'],
    );
  });

  it("is in /me's allowed routes of tenant admins and global admins acting in a tenant, not of members or global admins outside one", async () => {
    const { tenant, admin: a } = await admin();
    const member = await env.user(tenant.id, 'member');
    const global = await env.globalAdmin();
    const allowed = async (token: string, tenantId?: string) => (await env.inject({ method: 'GET', url: '/api/v1/me', token, tenantId })).json().allowed as string[];
    assert.ok((await allowed(a.token)).includes('GET /api/v1/integrations/providers'));
    assert.ok((await allowed(a.token)).includes('PUT /api/v1/integrations/:kind/:provider'));
    assert.ok(!(await allowed(member.token)).includes('GET /api/v1/integrations'));
    assert.ok((await allowed(member.token)).includes('GET /api/v1/tenant/profile'));
    assert.ok(!(await allowed(global.token)).includes('GET /api/v1/integrations'));
    assert.ok((await allowed(global.token)).includes('GET /api/v1/admin/tenants'));
    assert.ok((await allowed(global.token, tenant.id)).includes('GET /api/v1/integrations'));
    assert.ok(!(await allowed(a.token)).includes('GET /api/v1/admin/tenants'));
  });

  it('is for tenant admins only', async () => {
    const { tenant } = await admin();
    const member = await env.user(tenant.id, 'member');
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/integrations/providers', token: member.token })).statusCode, 403);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/integrations', token: member.token })).statusCode, 403);
  });
});

describe('PUT /api/v1/integrations/:kind/:provider', () => {
  it('stores mailbox credentials sealed, shows them masked, keeps them when left out, and keeps the other provider when switching', async () => {
    const { tenant, admin: a } = await admin();
    const put = await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/google_workspace', token: a.token, payload: { credentials: { service_account_key: GOOGLE_KEY, admin_email: 'admin@example.com' } } });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(
      { ...(put.json() as object), updated_at: null },
      {
        kind: 'mailbox',
        provider: 'google_workspace',
        provider_label: 'Google Workspace',
        from: '',
        enabled: true,
        active: true,
        credentials: { service_account_key: '••••' + GOOGLE_KEY.slice(-4), admin_email: 'admin@example.com' },
        updated_at: null,
      },
    );
    assert.ok(!put.body.includes('PRIVATE KEY'));
    const [row] = await rawRows(tenant.id);
    assert.ok(Buffer.isBuffer(row.credentials_encrypted));
    assert.ok(!row.credentials_encrypted.toString('latin1').includes('PRIVATE KEY'), 'sealed at rest');
    assert.deepEqual(openCredentials(env.ctx, tenant.id, 'mailbox', 'google_workspace', row.credentials_encrypted), { service_account_key: GOOGLE_KEY, admin_email: 'admin@example.com' });

    // left out: the stored ones stay; changed enabled only
    const again = await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/google_workspace', token: a.token, payload: { enabled: false } });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().enabled, false);
    assert.deepEqual(openCredentials(env.ctx, tenant.id, 'mailbox', 'google_workspace', (await rawRows(tenant.id))[0].credentials_encrypted).admin_email, 'admin@example.com');

    const graph = await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/microsoft_365', token: a.token, payload: { credentials: GRAPH } });
    assert.equal(graph.statusCode, 200, graph.body);
    assert.ok(!graph.body.includes(GRAPH.client_secret));
    assert.deepEqual(
      (await rawRows(tenant.id)).map((r) => [r.provider, r.active]),
      [
        ['google_workspace', false],
        ['microsoft_365', true],
      ],
    );

    const list = await env.inject({ method: 'GET', url: '/api/v1/integrations', token: a.token });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list.json().items.map((i: { kind: string; provider: string; active: boolean }) => [i.kind, i.provider, i.active]),
      [
        ['mailbox', 'google_workspace', false],
        ['mailbox', 'microsoft_365', true],
      ],
    );
    assert.ok(!list.body.includes('PRIVATE KEY') && !list.body.includes(GRAPH.client_secret), 'no credential is ever returned');
    const audit = await env.ctx.db.owner.query(`select action, target_id from audit_log where tenant_id = $1 and action = 'integration.configured' order by created_at`, [tenant.id]);
    assert.deepEqual(
      audit.rows.map((r) => r.target_id),
      ['mailbox/google_workspace', 'mailbox/google_workspace', 'mailbox/microsoft_365'],
    );
  });

  it('stores e-sign credentials of each provider', async () => {
    const { tenant, admin: a } = await admin();
    const docusign = await env.inject({ method: 'PUT', url: '/api/v1/integrations/esign/docusign', token: a.token, payload: { credentials: { hmac_key: 'docusign-test-secret', hmac_key_2: 'docusign-second-secret' } } });
    assert.equal(docusign.statusCode, 200, docusign.body);
    assert.deepEqual(docusign.json().credentials, { hmac_key: '••••cret', hmac_key_2: '••••cret' });
    const dropbox = await env.inject({ method: 'PUT', url: '/api/v1/integrations/esign/dropbox_sign', token: a.token, payload: { credentials: { api_key: '324e3b0840f065eb51f3fd63231d0d33daa35d4ed10d27718839e81737065782' } } });
    assert.equal(dropbox.statusCode, 200, dropbox.body);
    assert.deepEqual(
      (await rawRows(tenant.id)).map((r) => [r.kind, r.provider, r.active]),
      [
        ['esign', 'docusign', false],
        ['esign', 'dropbox_sign', true],
      ],
    );
  });

  it('refuses a missing required field with invalid_credentials_shape naming the field, and other bad input with a 400', async () => {
    const { tenant, admin: a } = await admin();
    const missing = await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/microsoft_365', token: a.token, payload: { credentials: { entra_tenant_id: GRAPH.entra_tenant_id, client_id: GRAPH.client_id } } });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'invalid_credentials_shape');
    assert.deepEqual(missing.json().errors, [{ in: 'body', path: '/credentials/client_secret', message: 'client_secret is required' }]);
    const nothing = await env.inject({ method: 'PUT', url: '/api/v1/integrations/esign/docusign', token: a.token, payload: {} });
    assert.equal(nothing.json().code, 'invalid_credentials_shape');
    const wrong = await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/aws_workmail', token: a.token, payload: { credentials: { organization_id: 'm-' + '0f'.repeat(16), region: 'ap-south-1', access_key_id: 'AKIA', secret_access_key: 'x' } } });
    assert.equal(wrong.json().code, 'invalid_credentials_shape');
    assert.deepEqual(
      wrong.json().errors.map((e: { path: string }) => e.path),
      ['/credentials/region'],
    );
    const unknown = await env.inject({ method: 'PUT', url: '/api/v1/integrations/esign/smtp', token: a.token, payload: { credentials: {} } });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().code, 'unknown_provider');
    const kind = await env.inject({ method: 'PUT', url: '/api/v1/integrations/fax/outbox', token: a.token, payload: {} });
    assert.equal(kind.statusCode, 400);
    assert.equal(kind.json().code, 'validation_failed');
    const sender = await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/builtin', token: a.token, payload: { from: 'hr@example.com' } });
    assert.equal(sender.statusCode, 400);
    assert.equal(sender.json().code, 'validation_failed');
    assert.deepEqual(await rawRows(tenant.id), [], 'nothing refused was stored');
  });

  it("keeps each tenant's integrations to itself", async () => {
    const a = await admin();
    const b = await admin();
    assert.equal((await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/microsoft_365', token: a.admin.token, payload: { credentials: GRAPH } })).statusCode, 200);
    const listB = await env.inject({ method: 'GET', url: '/api/v1/integrations', token: b.admin.token });
    assert.deepEqual(listB.json().items, []);
    // a tenant admin cannot name another tenant
    const asA = await env.inject({ method: 'GET', url: '/api/v1/integrations', token: b.admin.token, tenantId: a.tenant.id });
    assert.ok([400, 403].includes(asA.statusCode), asA.body);
    assert.ok(!asA.body.includes(GRAPH.client_id));
    // B saving the same provider writes B's own row, and A's stays as it was
    assert.equal((await env.inject({ method: 'PUT', url: '/api/v1/integrations/mailbox/microsoft_365', token: b.admin.token, payload: { credentials: { ...GRAPH, client_secret: 'b-secret' } } })).statusCode, 200);
    const [rowA] = await rawRows(a.tenant.id);
    assert.equal(openCredentials(env.ctx, a.tenant.id, 'mailbox', 'microsoft_365', rowA.credentials_encrypted).client_secret, GRAPH.client_secret);
    // a sealed row copied to another tenant does not open there
    assert.throws(() => openCredentials(env.ctx, b.tenant.id, 'mailbox', 'microsoft_365', rowA.credentials_encrypted));
  });
});

describe('inbound routing', () => {
  const putSms = (token: string, from: string, enabled = true) => env.inject({ method: 'PUT', url: '/api/v1/integrations/sms/twilio', token, payload: { from, enabled, credentials: { account_sid: SID, auth_token: TOKEN } } });

  it('routes a number to exactly one tenant, frees it when the tenant moves or disables, and refuses it to a second tenant', async () => {
    const a = await admin();
    const b = await admin();
    const number = nextNumber();
    assert.equal((await putSms(a.admin.token, number)).statusCode, 200);
    assert.equal((await resolveTenantByInboundNumber(env.ctx, 'sms', number))?.tenantId, a.tenant.id);
    assert.equal(await resolveTenantByInboundNumber(env.ctx, 'voice', number), undefined, 'routing is per channel');

    const taken = await putSms(b.admin.token, number);
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().code, 'channel_number_taken');
    const viaChannels = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: b.admin.token, payload: { provider: 'twilio', from: number, credentials: { account_sid: SID, auth_token: TOKEN } } });
    assert.equal(viaChannels.json().code, 'channel_number_taken');
    assert.deepEqual(await rawRows(b.tenant.id), [], 'the refused save left nothing behind');

    // A moves to another number: the old one is free for B
    const moved = nextNumber();
    assert.equal((await putSms(a.admin.token, moved)).statusCode, 200);
    assert.equal((await putSms(b.admin.token, number)).statusCode, 200);
    assert.equal((await resolveTenantByInboundNumber(env.ctx, 'sms', number))?.tenantId, b.tenant.id);
    assert.equal((await resolveTenantByInboundNumber(env.ctx, 'sms', moved))?.tenantId, a.tenant.id);

    // a disabled channel receives nothing and holds no number
    assert.equal((await putSms(a.admin.token, moved, false)).statusCode, 200);
    assert.equal(await resolveTenantByInboundNumber(env.ctx, 'sms', moved), undefined);
    // switching provider moves the number with the active integration
    const outbox = await env.inject({ method: 'PUT', url: '/api/v1/integrations/sms/outbox', token: b.admin.token, payload: { from: number } });
    assert.equal(outbox.statusCode, 200, outbox.body);
    assert.equal((await resolveTenantByInboundNumber(env.ctx, 'sms', number))?.config.provider, 'outbox');
    const { rows } = await env.ctx.db.owner.query('select channel, address, tenant_id from inbound_addresses where address = any($1) order by address', [[number, moved]]);
    assert.deepEqual(rows, [{ channel: 'sms', address: number, tenant_id: b.tenant.id }]);
  });

  it('lets exactly one of two tenants claiming a number at once have it', async () => {
    const a = await admin();
    const b = await admin();
    const number = nextNumber();
    const answers = await Promise.all([putSms(a.admin.token, number), putSms(b.admin.token, number)]);
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409]);
    const winner = answers[0]!.statusCode === 200 ? a.tenant.id : b.tenant.id;
    assert.equal((await resolveTenantByInboundNumber(env.ctx, 'sms', number))?.tenantId, winner);
  });
});

describe('upgrading an install from before the store', () => {
  it('moves channel_configs into tenant_integrations in place: senders, sealed credentials and inbound numbers kept', async () => {
    const name = `${process.env.EMBARK_TEST_RUN_ID}_upgrade_${randomBytes(4).toString('hex')}`;
    const server = new URL(process.env.EMBARK_TEST_SERVER_URL!);
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(server.toString());
    url.pathname = '/' + name;
    const db = new pg.Pool({ connectionString: url.toString(), max: 2 });
    db.on('error', () => undefined);
    const before = mkdtempSync(path.join(tmpdir(), 'embark-before-0022-'));
    const log = { info: () => undefined } as never;
    try {
      for (const file of readdirSync(MIGRATIONS_DIR)) if (file.endsWith('.sql') && Number(file.slice(0, 4)) < 22) cpSync(path.join(MIGRATIONS_DIR, file), path.join(before, file));
      await migrate(db, { appRole: env.config.dbAppRole, log, migrationsDir: before });
      const {
        rows: [tenant],
      } = await db.query(`insert into tenants (name, subdomain) values ('Old', $1) returning id`, [`old-${randomBytes(3).toString('hex')}`]);
      const sealed = encryptJson(env.ctx.keys.credentialEncryption, { account_sid: SID, auth_token: TOKEN }, `channel:${tenant.id}:sms`);
      await db.query(`insert into channel_configs (tenant_id, channel, provider, from_address, credentials_encrypted, enabled) values ($1, 'sms', 'twilio', '+15555550999', $2, true), ($1, 'voice', 'outbox', '+15555550998', null, false)`, [tenant.id, sealed]);

      await migrate(db, { appRole: env.config.dbAppRole, log });
      const { rows } = await db.query(`select kind, provider, from_address, active, enabled, credentials_encrypted from tenant_integrations where tenant_id = $1 order by kind`, [tenant.id]);
      assert.deepEqual(
        rows.map((r) => [r.kind, r.provider, r.from_address, r.active, r.enabled]),
        [
          ['sms', 'twilio', '+15555550999', true, true],
          ['voice', 'outbox', '+15555550998', true, false],
        ],
      );
      assert.deepEqual(openCredentials(env.ctx, tenant.id, 'sms', 'twilio', rows[0].credentials_encrypted), { account_sid: SID, auth_token: TOKEN });
      const { rows: routes } = await db.query('select channel, address, tenant_id from inbound_addresses');
      assert.deepEqual(routes, [{ channel: 'sms', address: '+15555550999', tenant_id: tenant.id }], 'only the enabled number routes, as the old index had it');
      const { rows: view } = await db.query(`select channel, provider, enabled from channel_configs where tenant_id = $1 order by channel`, [tenant.id]);
      assert.deepEqual(view, [
        { channel: 'sms', provider: 'twilio', enabled: true },
        { channel: 'voice', provider: 'outbox', enabled: false },
      ]);
    } finally {
      rmSync(before, { recursive: true, force: true });
      await db.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
