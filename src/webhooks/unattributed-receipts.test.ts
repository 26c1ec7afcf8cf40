/**
 * Webhooks anyone can send: receipts of those tied to no tenant are bounded per address, in size and
 * in number, and what is not kept is counted; Gmail pushes are refused while they cannot be verified.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withSystem } from '../db/tx.ts';
import { UNATTRIBUTED_BODY_LIMIT, UNATTRIBUTED_PER_ADDRESS } from './receipts.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

const unknownNumberSms = (ip: string, body = 'hello') =>
  env.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/sms/twilio',
    remoteAddress: ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ To: '+19995550000', From: '+15555550111', Body: body, MessageSid: 'SM' + '1'.repeat(32) }).toString(),
  });

const kept = async (ip: string) => (await env.ctx.db.owner.query('select count(*)::int as n from unattributed_receipts where source_address = $1', [ip])).rows[0].n;

async function metrics(): Promise<string> {
  const admin = await env.globalAdmin();
  const res = await env.inject({ method: 'GET', url: '/api/v1/admin/metrics', token: admin.token });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return res.body;
}

describe('receipts of webhooks tied to no tenant', () => {
  it('keep at most the per-address limit an hour, and count the rest as dropped', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < UNATTRIBUTED_PER_ADDRESS + 10; i++) {
      const res = await unknownNumberSms(ip);
      assert.equal(res.statusCode, 404, 'the sender is told the same thing every time');
      assert.equal(res.json().code, 'tenant_unresolved');
    }
    assert.equal(await kept(ip), UNATTRIBUTED_PER_ADDRESS);
    await unknownNumberSms('198.51.100.8');
    assert.equal(await kept('198.51.100.8'), 1, 'another address is not affected');
    assert.match(await metrics(), /^embark_webhook_receipts_dropped_total\{reason="rate_limited"\} 10$/m);
  });

  it('hold the limit for a concurrent burst from one address', async () => {
    const ip = '198.51.100.9';
    await Promise.all(Array.from({ length: 100 }, () => unknownNumberSms(ip)));
    assert.equal(await kept(ip), UNATTRIBUTED_PER_ADDRESS);
  });

  it('keep only the start of a large body', async () => {
    const ip = '198.51.100.10';
    await unknownNumberSms(ip, 'x'.repeat(9_000));
    const { rows } = await env.ctx.db.owner.query('select length(body) as length, body_truncated from unattributed_receipts where source_address = $1', [ip]);
    assert.deepEqual(rows, [{ length: UNATTRIBUTED_BODY_LIMIT, body_truncated: true }]);
  });

  it('drop the oldest beyond the cap, counting them', async () => {
    const record = (address: string, cap: number) =>
      withSystem(env.ctx.db.app, async (tx) => (await tx.query(`select record_unattributed_receipt('twilio', 'unattributed:' || gen_random_uuid(), null, '{}', 'b', false, 'tenant_unresolved', 'e', $1, 100, 3600, $2) as kept`, [address, cap])).rows[0].kept);
    const before = (await env.ctx.db.owner.query('select count(*)::int as n from unattributed_receipts')).rows[0].n;
    assert.equal(await record('198.51.100.20', before + 2), true);
    assert.equal(await record('198.51.100.21', before + 2), true);
    assert.equal(await record('198.51.100.22', before + 2), true);
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n, bool_or(source_address = $1) as newest from unattributed_receipts', ['198.51.100.22']);
    assert.deepEqual(rows[0], { n: before + 2, newest: true });
    assert.match(await metrics(), /^embark_webhook_receipts_dropped_total\{reason="capped"\} 1$/m);
  });
});

describe('POST /api/v1/webhooks/email/gmail without EMBARK_GMAIL_PUSH_AUDIENCE', () => {
  it('refuses every push with 403 verification_unconfigured and stores nothing', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/email', token: admin.token, payload: { provider: 'outbox', from: 'inbox@example.test' } });
    const data = Buffer.from(JSON.stringify({ emailAddress: 'inbox@example.test', historyId: 1 })).toString('base64');
    const before = (await env.ctx.db.owner.query(`select count(*)::int as n from webhook_receipts where provider = 'gmail'`)).rows[0].n;
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks/email/gmail', payload: { message: { data, messageId: 'anonymous-1' }, subscription: 'x' } });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'verification_unconfigured');
    const after = (await env.ctx.db.owner.query(`select count(*)::int as n from webhook_receipts where provider = 'gmail'`)).rows[0].n;
    assert.equal(after, before);
  });
});
