import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { startTwilioFake, type TwilioFake } from '../../test/fakes/twilio.ts';
import { signedTelnyxWebhook, signedTwilioWebhook, TELNYX_TEST_PUBLIC_KEY, TELNYX_TEST_SEED_HEX } from '../../test/fakes/webhook-signing.ts';
import { PUSH_SERVICE_ACCOUNT, startGoogleOidcFake, type GoogleOidcFake } from '../../test/fakes/google-oidc.ts';
import { withTenant } from '../db/tx.ts';
import { dispatchMessage } from './dispatch.ts';
import { enqueueMessage } from './messages.service.ts';
import { putChannel } from './channels.service.ts';

const SID = 'AC' + 'b'.repeat(32);
const TOKEN = 'callback-auth-token-9876543210';
const PUBLIC_URL = 'https://embark.example.test';

let env: TestEnv;
let twilio: TwilioFake;
let google: GoogleOidcFake;
let numbers = 0;
const nextNumber = () => `+1666555${String(++numbers).padStart(4, '0')}`;

before(async () => {
  google = await startGoogleOidcFake();
  env = await createTestEnv({ EMBARK_PUBLIC_URL: PUBLIC_URL, EMBARK_GMAIL_PUSH_AUDIENCE: `${PUBLIC_URL}/api/v1/webhooks/email/gmail`, EMBARK_GMAIL_PUSH_JWKS_URL: google.jwksUrl, EMBARK_GMAIL_PUSH_SERVICE_ACCOUNT: PUSH_SERVICE_ACCOUNT });
  twilio = await startTwilioFake({ accountSid: SID, authToken: TOKEN });
});
after(async () => {
  await twilio.close();
  await google.close();
  await env.close();
});

/** Posts a Twilio-signed form to a path of Embark, signed over the public URL Twilio would have used. */
function postTwilio(path: string, params: Record<string, string>, token = TOKEN) {
  const signed = signedTwilioWebhook(token, `${PUBLIC_URL}${path}`, params);
  return env.inject({ method: 'POST', url: path, headers: signed.headers, payload: signed.body });
}

async function placedCall(firstName: string, variant = '') {
  const tenant = await env.tenant();
  const from = nextNumber();
  await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'voice', { provider: 'twilio', from, credentials: { account_sid: SID, auth_token: TOKEN, base_url: twilio.url } });
  const id = await withTenant(env.ctx.db.app, tenant.id, (tx) =>
    enqueueMessage(env.ctx, tx, {
      tenantId: tenant.id,
      channel: 'voice',
      recipient: '+15555550142',
      bundle: 'onboarding_call_script',
      variant,
      variables: { first_name: firstName, business_name: 'Acme & Sons' },
    }),
  );
  await dispatchMessage(env.ctx, tenant.id, id);
  const { rows } = await env.ctx.db.owner.query('select provider_message_id, status from messages where id = $1', [id]);
  return { tenant, id, callSid: rows[0].provider_message_id as string, query: `tenant_id=${tenant.id}&message_id=${id}` };
}

describe('onboarding calls through Twilio', () => {
  it('places the call with script and status URLs that name the tenant and message', async () => {
    const before = twilio.requests.length;
    const call = await placedCall('Ada');
    const request = twilio.requests[before]!;
    assert.equal(request.resource, 'Calls');
    assert.equal(request.params.Url, `${PUBLIC_URL}/api/v1/voice/onboarding/intro?${call.query}`);
    assert.equal(request.params.StatusCallback, `${PUBLIC_URL}/api/v1/voice/onboarding/status?${call.query}`);
    assert.match(call.callSid, /^CA/);
    twilio.assertNoViolations();
  });

  it('serves TwiML from the composed script for the signup mode, with names escaped', async () => {
    const call = await placedCall('</Say><Hangup/>Eve', 'hirer');
    const res = await postTwilio(`/api/v1/voice/onboarding/intro?${call.query}`, { CallSid: call.callSid, CallStatus: 'in-progress' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/xml/);
    assert.match(res.body, /<Gather input="speech dtmf" action="https:\/\/embark\.example\.test\/api\/v1\/voice\/onboarding\/gather\?tenant_id=[^"]+&amp;message_id=[^"]+"/);
    assert.match(res.body, /<Say>Hi &lt;\/Say&gt;&lt;Hangup\/&gt;Eve, this is Acme &amp; Sons\.<\/Say>/);
    assert.match(res.body, /roles you are hiring for/, 'the hirer variant of the intent section');
    assert.doesNotMatch(res.body, /are you hiring, or are you looking for work/);
    assert.equal((res.body.match(/<Hangup\/>/g) ?? []).length, 0, 'the injected verb is text, not TwiML');
  });

  it('answers 400 naming the field for a signed status callback with a 900 KB CallSid', async () => {
    const call = await placedCall('Ada');
    const res = await postTwilio(`/api/v1/voice/onboarding/status?${call.query}`, { CallSid: 'CA' + 'x'.repeat(900_000), CallStatus: 'completed', SequenceNumber: '3' });
    assert.equal(res.statusCode, 400, res.body.slice(0, 300));
    assert.match(res.json().detail, /\/CallSid must be at most 128 characters/);
    const { rows } = await env.ctx.db.owner.query('select status from messages where id = $1', [call.id]);
    assert.equal(rows[0].status, 'sent', 'nothing changed');
  });

  it('answers 403 signature_invalid to a forged or re-pointed request, and 400 without a signature', async () => {
    const call = await placedCall('Ada');
    const forged = await postTwilio(`/api/v1/voice/onboarding/intro?${call.query}`, { CallSid: call.callSid }, 'not-the-token');
    assert.equal(forged.statusCode, 403);
    assert.equal(forged.json().code, 'signature_invalid');
    const other = await placedCall('Bob');
    // signed for one message, sent for another
    const signed = signedTwilioWebhook(TOKEN, `${PUBLIC_URL}/api/v1/voice/onboarding/intro?${call.query}`, { CallSid: call.callSid });
    const moved = await env.inject({ method: 'POST', url: `/api/v1/voice/onboarding/intro?${other.query}`, headers: signed.headers, payload: signed.body });
    assert.equal(moved.statusCode, 403);
    const unsigned = await env.inject({ method: 'GET', url: `/api/v1/voice/onboarding/intro?${call.query}` });
    assert.equal(unsigned.statusCode, 400);
    assert.equal(unsigned.json().code, 'signature_missing');
  });

  it('refuses a callback whose tenant is not the message’s tenant', async () => {
    const call = await placedCall('Ada');
    const other = await env.tenant();
    const res = await postTwilio(`/api/v1/voice/onboarding/intro?tenant_id=${other.id}&message_id=${call.id}`, { CallSid: call.callSid });
    assert.equal(res.statusCode, 404);
  });

  it('applies status callbacks in SequenceNumber order and ignores duplicates and stale ones', async () => {
    const call = await placedCall('Ada');
    const path = `/api/v1/voice/onboarding/status?${call.query}`;
    const send = (sequence: number, status: string, extra: Record<string, string> = {}) => postTwilio(path, { CallSid: call.callSid, AccountSid: SID, CallStatus: status, SequenceNumber: String(sequence), CallbackSource: 'call-progress-events', ...extra });
    assert.equal((await send(0, 'initiated')).statusCode, 204);
    assert.equal((await send(3, 'completed', { CallDuration: '49' })).statusCode, 204);
    // ringing arrives late, then completed is delivered twice
    assert.equal((await send(1, 'ringing')).statusCode, 204);
    assert.equal((await send(3, 'completed', { CallDuration: '49' })).statusCode, 204);
    const { rows } = await env.ctx.db.owner.query('select status, last_sequence, delivered_at from messages where id = $1', [call.id]);
    assert.equal(rows[0].status, 'delivered');
    assert.equal(rows[0].last_sequence, 3);
    const { rows: events } = await env.ctx.db.owner.query(`select status from message_events where message_id = $1 and status like 'call.%' order by id`, [call.id]);
    assert.deepEqual(
      events.map((e) => e.status),
      ['call.initiated', 'call.completed', 'call.ringing'],
    );
  });

  it('marks the message failed when the call is not answered', async () => {
    const call = await placedCall('Ada');
    await postTwilio(`/api/v1/voice/onboarding/status?${call.query}`, { CallSid: call.callSid, CallStatus: 'no-answer', SequenceNumber: '2' });
    const { rows } = await env.ctx.db.owner.query('select status, last_error from messages where id = $1', [call.id]);
    assert.equal(rows[0].status, 'failed');
    assert.match(rows[0].last_error, /no-answer/);
  });
});

describe('POST /api/v1/webhooks/sms/twilio', () => {
  async function smsTenant() {
    const tenant = await env.tenant();
    const number = nextNumber();
    await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'sms', { provider: 'twilio', from: number, credentials: { account_sid: SID, auth_token: TOKEN, base_url: twilio.url } });
    return { tenant, number };
  }
  const inbound = (to: string, body: string, sid: string) => postTwilio('/api/v1/webhooks/sms/twilio', { MessageSid: sid, AccountSid: SID, From: '+15555550177', To: to, Body: body });

  it('stores the message with the one tenant that owns the To number, once per MessageSid', async () => {
    const a = await smsTenant();
    const b = await smsTenant();
    const res = await inbound(a.number, 'hello there', 'SM' + 'a1'.repeat(16));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /<Response><\/Response>/);
    assert.equal((await inbound(a.number, 'hello there', 'SM' + 'a1'.repeat(16))).statusCode, 200, 'a replay answers the same');
    const { rows } = await env.ctx.db.owner.query('select tenant_id, body from inbound_messages where to_address = $1', [a.number]);
    assert.deepEqual(rows, [{ tenant_id: a.tenant.id, body: 'hello there' }]);
    const { rows: none } = await env.ctx.db.owner.query('select 1 from inbound_messages where tenant_id = $1', [b.tenant.id]);
    assert.equal(none.length, 0);
  });

  it('answers 404 tenant_unresolved for a number no tenant owns, and keeps the receipt', async () => {
    const res = await inbound('+19999999999', 'who gets this?', 'SM' + 'b2'.repeat(16));
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'tenant_unresolved');
    const { rows } = await env.ctx.db.owner.query(`select outcome, body from unattributed_receipts where provider = 'twilio' and body like '%who+gets+this%'`);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].outcome, 'tenant_unresolved');
    const { rows: tenants } = await env.ctx.db.owner.query(`select 1 from webhook_receipts where provider = 'twilio' and body like '%who+gets+this%'`);
    assert.equal(tenants.length, 0, 'no tenant has it');
  });

  it('refuses a forged message and does not let it block the real one', async () => {
    const a = await smsTenant();
    const sid = 'SM' + 'c3'.repeat(16);
    const forged = await postTwilio('/api/v1/webhooks/sms/twilio', { MessageSid: sid, From: '+15555550177', To: a.number, Body: 'STOP' }, 'wrong-token');
    assert.equal(forged.statusCode, 403);
    assert.equal((await inbound(a.number, 'real message', sid)).statusCode, 200);
    const { rows } = await env.ctx.db.owner.query('select body from inbound_messages where tenant_id = $1', [a.tenant.id]);
    assert.deepEqual(
      rows.map((r) => r.body),
      ['real message'],
    );
  });

  it('answers 400 signature_missing to an unsigned request, as twilio-node’s webhook() does', async () => {
    const a = await smsTenant();
    const res = await env.inject({ method: 'POST', url: '/api/v1/webhooks/sms/twilio', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ MessageSid: 'SM' + 'f6'.repeat(16), From: '+15555550177', To: a.number, Body: 'hi' }).toString() });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'signature_missing');
  });

  it('answers 400 naming the field for a signed request whose MessageSid is longer than any Twilio sends', async () => {
    const a = await smsTenant();
    const res = await inbound(a.number, 'hi', 'SM' + 'x'.repeat(200_000));
    assert.equal(res.statusCode, 400, res.body.slice(0, 300));
    assert.equal(res.json().code, 'validation_failed');
    assert.match(res.json().detail, /\/MessageSid must be at most 128 characters/);
  });

  it('STOP opts the sender out of that tenant’s SMS and START opts them back in', async () => {
    const a = await smsTenant();
    await inbound(a.number, ' stop ', 'SM' + 'd4'.repeat(16));
    const optedOut = async () => (await env.ctx.db.owner.query('select 1 from sms_opt_outs where tenant_id = $1 and phone_number = $2', [a.tenant.id, '+15555550177'])).rows.length === 1;
    assert.equal(await optedOut(), true);
    await inbound(a.number, 'START', 'SM' + 'e5'.repeat(16));
    assert.equal(await optedOut(), false);
  });
});

describe('POST /api/v1/webhooks/sms/telnyx', () => {
  it('verifies the Ed25519 signature with the owning tenant’s key and stores the message', async () => {
    const tenant = await env.tenant();
    const number = nextNumber();
    await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'sms', { provider: 'telnyx', from: number, credentials: { api_key: 'KEY0123456789', public_key: TELNYX_TEST_PUBLIC_KEY, base_url: 'http://127.0.0.1:9' } });
    const event = { data: { record_type: 'event', id: 'evt-telnyx-1', event_type: 'message.received', payload: { from: { phone_number: '+15555550188' }, to: [{ phone_number: number }], text: 'hi from telnyx' } }, meta: { attempt: 1 } };
    const signed = signedTelnyxWebhook(TELNYX_TEST_SEED_HEX, event);
    const res = await env.inject({ method: 'POST', url: '/api/v1/webhooks/sms/telnyx', headers: signed.headers, payload: signed.body });
    assert.equal(res.statusCode, 200, res.body);
    const { rows } = await env.ctx.db.owner.query('select tenant_id, body from inbound_messages where to_address = $1', [number]);
    assert.deepEqual(rows, [{ tenant_id: tenant.id, body: 'hi from telnyx' }]);

    const stale = signedTelnyxWebhook(TELNYX_TEST_SEED_HEX, { ...event, data: { ...event.data, id: 'evt-telnyx-2' } }, Math.floor(Date.now() / 1000) - 600);
    const refused = await env.inject({ method: 'POST', url: '/api/v1/webhooks/sms/telnyx', headers: stale.headers, payload: stale.body });
    assert.equal(refused.statusCode, 403);
    const tampered = await env.inject({ method: 'POST', url: '/api/v1/webhooks/sms/telnyx', headers: signed.headers, payload: signed.body.replace('hi from', 'ho from') });
    assert.equal(tampered.statusCode, 403);
  });
});

describe('POST /api/v1/webhooks/email/gmail', () => {
  const audience = `${PUBLIC_URL}/api/v1/webhooks/email/gmail`;
  const push = (emailAddress: string, messageId: string) => ({
    message: { data: Buffer.from(JSON.stringify({ emailAddress, historyId: '1234567890' })).toString('base64'), messageId, publishTime: new Date().toISOString() },
    subscription: 'projects/p/subscriptions/s',
  });

  it('routes by mailbox to its tenant when the OIDC token verifies, once per messageId', async () => {
    const tenant = await env.tenant();
    const mailbox = `support-${tenant.subdomain}@example.test`;
    await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'email', { provider: 'outbox', from: mailbox });
    const token = await google.issueToken({ aud: audience });
    const send = () => env.inject({ method: 'POST', url: '/api/v1/webhooks/email/gmail', headers: { authorization: `Bearer ${token}` }, payload: push(mailbox.toUpperCase(), `gmail-${tenant.id}`) });
    assert.equal((await send()).statusCode, 204);
    assert.equal((await send()).statusCode, 204);
    const { rows } = await env.ctx.db.owner.query(`select tenant_id from webhook_receipts where provider = 'gmail' and event_id = $1`, [`gmail-${tenant.id}`]);
    assert.deepEqual(rows, [{ tenant_id: tenant.id }]);
  });

  it('refuses a token for another audience or signed by an unknown key, and an unknown mailbox', async () => {
    const wrongAudience = await google.issueToken({ aud: 'https://elsewhere.test/push' });
    const res = await env.inject({ method: 'POST', url: '/api/v1/webhooks/email/gmail', headers: { authorization: `Bearer ${wrongAudience}` }, payload: push('x@example.test', 'gmail-x1') });
    assert.equal(res.statusCode, 403);
    const otherAccount = await google.issueToken({ aud: audience, email: 'someone-else@evil.test' });
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/webhooks/email/gmail', headers: { authorization: `Bearer ${otherAccount}` }, payload: push('x@example.test', 'gmail-x0') })).statusCode, 403);
    const foreign = await google.issueToken({ aud: audience }, { foreignKey: true });
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/webhooks/email/gmail', headers: { authorization: `Bearer ${foreign}` }, payload: push('x@example.test', 'gmail-x2') })).statusCode, 403);
    const good = await google.issueToken({ aud: audience });
    const unknown = await env.inject({ method: 'POST', url: '/api/v1/webhooks/email/gmail', headers: { authorization: `Bearer ${good}` }, payload: push('nobody@example.test', 'gmail-x3') });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'tenant_unresolved');
  });
});

describe('/api/v1/tenant/channels', () => {
  it('stores credentials encrypted, shows them masked, and keeps them when only the sender changes', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const from = nextNumber();
    const put = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: admin.token, payload: { provider: 'twilio', from, credentials: { account_sid: SID, auth_token: TOKEN, base_url: twilio.url } } });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.body.includes(TOKEN), false);
    const { rows } = await env.ctx.db.owner.query('select credentials_encrypted::text as raw from channel_configs where tenant_id = $1', [tenant.id]);
    assert.equal(rows[0].raw.includes(Buffer.from(TOKEN).toString('hex')), false);
    const list = await env.inject({ method: 'GET', url: '/api/v1/tenant/channels', token: admin.token });
    assert.equal(list.body.includes(TOKEN), false);
    assert.deepEqual(
      list.json().items.map((c: { channel: string; provider: string }) => [c.channel, c.provider]),
      [
        ['email', 'outbox'],
        ['sms', 'twilio'],
        ['voice', 'outbox'],
      ],
    );

    const moved = nextNumber();
    const resend = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: admin.token, payload: { provider: 'twilio', from: moved } });
    assert.equal(resend.statusCode, 200, resend.body);
    const test = await env.inject({ method: 'POST', url: '/api/v1/tenant/channels/sms/test', token: admin.token, payload: { to: '+15555550123' } });
    assert.equal(test.statusCode, 200, test.body);
    assert.equal(test.json().status, 'sent');
    assert.equal(twilio.requests.at(-1)!.params.From, moved);
    assert.match(String(twilio.requests.at(-1)!.params.Body), /test message from/);
  });

  it('refuses unknown providers, malformed credentials and a number another tenant receives on', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const adminA = await env.user(a.id, 'tenant_admin');
    const adminB = await env.user(b.id, 'tenant_admin');
    const number = nextNumber();
    const unknown = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: adminA.token, payload: { provider: 'carrier-pigeon', from: number } });
    assert.equal(unknown.json().code, 'unknown_provider');
    const shape = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: adminA.token, payload: { provider: 'twilio', from: number, credentials: { account_sid: SID } } });
    assert.equal(shape.statusCode, 400);
    assert.equal(shape.json().code, 'invalid_credentials_shape');
    const ok = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: adminA.token, payload: { provider: 'twilio', from: number, credentials: { account_sid: SID, auth_token: TOKEN } } });
    assert.equal(ok.statusCode, 200, ok.body);
    const taken = await env.inject({ method: 'PUT', url: '/api/v1/tenant/channels/sms', token: adminB.token, payload: { provider: 'twilio', from: number, credentials: { account_sid: SID, auth_token: TOKEN } } });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().code, 'channel_number_taken');
    const member = await env.user(a.id, 'member');
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/tenant/channels', token: member.token })).statusCode, 403);
  });

  it('checks the sender of the built-in outbox too, when one is given', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const put = (channel: string, from?: string) => env.inject({ method: 'PUT', url: `/api/v1/tenant/channels/${channel}`, token: admin.token, payload: { provider: 'outbox', ...(from === undefined ? {} : { from }) } });
    for (const [channel, from] of [
      ['sms', 'abc'],
      ['voice', '555-0100'],
      ['email', 'not-an-address'],
    ]) {
      const res = await put(channel!, from);
      assert.equal(res.statusCode, 400, `${channel} from ${from}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed');
    }
    assert.equal((await put('sms', '+15555550188')).statusCode, 200);
    assert.equal((await put('email', 'hello@example.test')).statusCode, 200);
    assert.equal((await put('voice')).statusCode, 200, 'no sender is fine for the outbox');
  });
});
