import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { startTelnyxFake, type TelnyxFake } from '../../test/fakes/telnyx.ts';
import { signedTelnyxWebhook, TELNYX_TEST_PUBLIC_KEY, TELNYX_TEST_SEED_HEX } from '../../test/fakes/webhook-signing.ts';
import { withTenant } from '../db/tx.ts';
import { dispatchMessage } from './dispatch.ts';
import { enqueueMessage } from './messages.service.ts';
import { putChannel } from './channels.service.ts';

const API_KEY = 'KEY-telnyx-voice-test';
const CONNECTION = 'call-control-app-1';
let env: TestEnv;
let telnyx: TelnyxFake;
let numbers = 0;

before(async () => {
  env = await createTestEnv();
  telnyx = await startTelnyxFake({ apiKey: API_KEY, connectionId: CONNECTION });
});
after(async () => {
  await telnyx.close();
  await env.close();
});

async function placedCall(firstName: string) {
  const tenant = await env.tenant();
  await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'voice', {
    provider: 'telnyx',
    from: `+1777555${String(++numbers).padStart(4, '0')}`,
    credentials: { api_key: API_KEY, public_key: TELNYX_TEST_PUBLIC_KEY, connection_id: CONNECTION, base_url: telnyx.baseUrl },
  });
  const id = await withTenant(env.ctx.db.app, tenant.id, (tx) =>
    enqueueMessage(env.ctx, tx, {
      tenantId: tenant.id,
      channel: 'voice',
      recipient: '+15555550150',
      bundle: 'onboarding_call_script',
      variables: { first_name: firstName, business_name: 'Acme' },
    }),
  );
  await dispatchMessage(env.ctx, tenant.id, id);
  const { rows } = await env.ctx.db.owner.query('select provider_message_id from messages where id = $1', [id]);
  const callControlId = rows[0].provider_message_id as string;
  const send = (eventType: string, extra: Record<string, unknown> = {}, eventId = randomUUID()) => {
    const signed = signedTelnyxWebhook(TELNYX_TEST_SEED_HEX, { data: { record_type: 'event', id: eventId, event_type: eventType, occurred_at: new Date().toISOString(), payload: { call_control_id: callControlId, ...extra } } });
    return env.inject({ method: 'POST', url: `/api/v1/voice/onboarding/status?tenant_id=${tenant.id}&message_id=${id}`, headers: signed.headers, payload: signed.body });
  };
  const status = async () => (await env.ctx.db.owner.query('select status, last_error from messages where id = $1', [id])).rows[0];
  return { tenant, id, callControlId, send, status };
}

describe('onboarding calls through Telnyx Call Control', () => {
  it('dials once, speaks the composed script when answered, hangs up after it, and records delivery', async () => {
    const call = await placedCall('Ada');
    assert.match(call.callControlId, /^v3:/);
    assert.equal((await call.send('call.initiated')).statusCode, 200);
    const answeredId = randomUUID();
    assert.equal((await call.send('call.answered', {}, answeredId)).statusCode, 200);
    assert.equal((await call.send('call.answered', {}, answeredId)).statusCode, 200, 'a retried webhook answers the same');
    const speaks = telnyx.commands.filter((c) => c.callControlId === call.callControlId && c.action === 'speak');
    assert.equal(speaks.length, 1);
    assert.match(String(speaks[0]!.body.payload), /^Hi Ada, this is Acme\./);
    assert.equal(speaks[0]!.body.command_id, `${call.id}:speak`);

    assert.equal((await call.send('call.speak.ended')).statusCode, 200);
    assert.deepEqual(
      telnyx.commands.filter((c) => c.callControlId === call.callControlId).map((c) => c.action),
      ['speak', 'hangup'],
    );
    assert.equal((await call.send('call.hangup', { hangup_cause: 'normal_clearing' })).statusCode, 200);
    assert.equal((await call.status()).status, 'delivered');
    telnyx.assertNoViolations();
  });

  it('marks the message failed when nobody answered', async () => {
    const call = await placedCall('Bob');
    await call.send('call.initiated');
    await call.send('call.hangup', { hangup_cause: 'timeout' });
    const status = await call.status();
    assert.equal(status.status, 'failed');
    assert.match(status.last_error, /timeout/);
    assert.equal(telnyx.commands.filter((c) => c.callControlId === call.callControlId).length, 0, 'nothing was spoken');
  });

  it('refuses an event not signed with the tenant’s key, or for another call', async () => {
    const call = await placedCall('Eve');
    const body = JSON.stringify({ data: { id: randomUUID(), event_type: 'call.answered', payload: { call_control_id: call.callControlId } } });
    const forged = await env.inject({
      method: 'POST',
      url: `/api/v1/voice/onboarding/status?tenant_id=${call.tenant.id}&message_id=${call.id}`,
      headers: { 'content-type': 'application/json', 'telnyx-timestamp': String(Math.floor(Date.now() / 1000)), 'telnyx-signature-ed25519': Buffer.alloc(64).toString('base64') },
      payload: body,
    });
    assert.equal(forged.statusCode, 403);
    const other = await placedCall('Mallory');
    const signed = signedTelnyxWebhook(TELNYX_TEST_SEED_HEX, { data: { id: randomUUID(), event_type: 'call.answered', payload: { call_control_id: other.callControlId } } });
    const crossed = await env.inject({ method: 'POST', url: `/api/v1/voice/onboarding/status?tenant_id=${call.tenant.id}&message_id=${call.id}`, headers: signed.headers, payload: signed.body });
    assert.equal(crossed.statusCode, 404);
    assert.equal(telnyx.commands.filter((c) => c.action === 'speak' && (c.callControlId === call.callControlId || c.callControlId === other.callControlId)).length, 0);
  });
});
