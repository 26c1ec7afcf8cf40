/**
 * A vendor adapter's base_url (or SES endpoint) makes Embark send authenticated requests wherever it
 * points: server-side request forgery in a tenant admin's hands. Only the operator may allow it
 * (EMBARK_ALLOW_PROVIDER_BASE_URLS, off by default), and no vendor answer redirects a request elsewhere.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { startTwilioFake, type TwilioFake } from '../../test/fakes/twilio.ts';
import { withTenant } from '../db/tx.ts';
import { dispatchMessage } from './dispatch.ts';
import { enqueueMessage } from './messages.service.ts';
import { putChannel } from './channels.service.ts';

const SID = 'AC' + 'f'.repeat(32);
const TOKEN = 'endpoint-test-auth-token-000';

let env: TestEnv;
let twilio: TwilioFake;
let internal: Server;
let internalUrl: string;
let internalRequests = 0;

before(async () => {
  // the default: the operator has not allowed endpoint overrides
  env = await createTestEnv({ EMBARK_ALLOW_PROVIDER_BASE_URLS: 'false' });
  twilio = await startTwilioFake({ accountSid: SID, authToken: TOKEN });
  // stands for cloud metadata or an internal service
  internal = createServer((_req, res) => {
    internalRequests++;
    res.end('{"secret": "internal"}');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});
after(async () => {
  await twilio.close();
  await new Promise((resolve) => internal.close(resolve));
  await env.close();
});

const twilioSms = (baseUrl: string) => ({ provider: 'twilio', from: '+15555550401', credentials: { account_sid: SID, auth_token: TOKEN, base_url: baseUrl } });

describe('vendor endpoint overrides', () => {
  it('refuse a tenant admin’s base_url with 400, saying that the operator decides', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    for (const [channel, body] of [
      ['sms', twilioSms(`${internalUrl}/latest/meta-data`)],
      ['email', { provider: 'ses', from: 'hello@example.test', credentials: { region: 'us-east-1', access_key_id: 'AKIAEXAMPLE', secret_access_key: 'x'.repeat(40), endpoint: internalUrl } }],
    ] as const) {
      const res = await env.inject({ method: 'PUT', url: `/api/v1/tenant/channels/${channel}`, token: admin.token, payload: body });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'invalid_credentials_shape');
      assert.match(res.json().detail, /EMBARK_ALLOW_PROVIDER_BASE_URLS/);
    }
    const plain = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: admin.token, payload: { provider: 'twilio', from: '+15555550402', credentials: { account_sid: SID, auth_token: TOKEN } } });
    assert.equal(plain.statusCode, 200, 'the vendor’s own endpoint is fine');
    assert.equal(internalRequests, 0);
  });

  it('never send to a base_url stored while overrides were allowed, once they are not: the message fails saying why', async () => {
    const tenant = await env.tenant();
    const allowed = { ...env.ctx, config: { ...env.ctx.config, allowProviderBaseUrls: true } };
    await putChannel(allowed, SYSTEM_ACTOR, tenant.id, 'sms', twilioSms(internalUrl));
    const id = await withTenant(env.ctx.db.app, tenant.id, (tx) => enqueueMessage(env.ctx, tx, { tenantId: tenant.id, channel: 'sms', recipient: '+15555550499', bundle: 'onboarding_sms' }));
    await dispatchMessage(env.ctx, tenant.id, id);
    const { rows } = await env.ctx.db.owner.query('select status, last_error from messages where id = $1', [id]);
    assert.equal(rows[0].status, 'failed');
    assert.match(rows[0].last_error, /base_url points twilio at another server, which this Embark does not allow/);
    assert.equal(internalRequests, 0);
  });

  it('do not follow a vendor’s redirect to another host', async () => {
    const tenant = await env.tenant();
    const allowed = { ...env.ctx, config: { ...env.ctx.config, allowProviderBaseUrls: true } };
    await putChannel(allowed, SYSTEM_ACTOR, tenant.id, 'sms', { ...twilioSms(twilio.url), from: '+15555550403' });
    twilio.failNext(1, { status: 307, headers: { location: `${internalUrl}/steal` }, body: '' });
    const id = await withTenant(env.ctx.db.app, tenant.id, (tx) => enqueueMessage(env.ctx, tx, { tenantId: tenant.id, channel: 'sms', recipient: '+15555550498', bundle: 'onboarding_sms' }));
    await dispatchMessage(allowed, tenant.id, id);
    const { rows } = await env.ctx.db.owner.query('select status from messages where id = $1', [id]);
    assert.equal(rows[0].status, 'failed');
    assert.equal(internalRequests, 0, 'the redirect was not followed');
  });
});
