import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { updateTenant } from '../tenants/tenants.service.ts';
import { newWebhookSecret, signStandardWebhook } from '../webhooks/standard-webhooks.ts';
import { identityWebhookSecretFor, ONCE, onboardingMessage, onboardingRows, roleOf, signedDelivery, tenantWithSignup, userCreatedEvent, type OnboardingTenant } from './test-fixtures.ts';

let env: TestEnv;
let tenant: OnboardingTenant;
let secret: string;
before(async () => {
  env = await createTestEnv();
  tenant = await tenantWithSignup(env);
  secret = await identityWebhookSecretFor(env, tenant);
});
after(async () => {
  await env.close();
});

function deliver(delivery: { headers: Record<string, string>; payload: string }, subdomain = tenant.subdomain) {
  return env.inject({ method: 'POST', url: `/api/v1/webhooks/identity/${subdomain}`, headers: delivery.headers, payload: delivery.payload });
}

async function receipts(eventId: string): Promise<{ outcome: string; tenant_id: string; provider: string }[]> {
  const { rows } = await env.ctx.db.owner.query('select outcome, tenant_id, provider from webhook_receipts where event_id = $1', [eventId]);
  return rows;
}

describe('POST /api/v1/webhooks/identity/:tenant', () => {
  it('creates a password-less member from user.created, initialised once, with the receipt stored', async () => {
    const event = userCreatedEvent({ phone: '+15555550177', email: 'idp-user@example.test', raw_user_meta_data: { signup_mode: 'talent', first_name: 'Katherine', last_name: 'Johnson' } });
    const delivery = signedDelivery(secret, event);
    const res = await deliver(delivery);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome, 'created');
    const userId = res.json().user_id;

    const { rows } = await env.ctx.db.owner.query('select tenant_id, email, phone, role, password_hash, metadata from users where id = $1', [userId]);
    assert.deepEqual(rows[0], { tenant_id: tenant.id, email: 'idp-user@example.test', phone: '+15555550177', role: 'member', password_hash: null, metadata: { signup_mode: 'talent', first_name: 'Katherine', last_name: 'Johnson' } });
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
    assert.deepEqual(await roleOf(env, userId), { app: ['talent'], access: 'member' });
    const message = await onboardingMessage(env, userId);
    assert.equal(message.channel, 'voice');
    assert.equal(message.variant, 'talent');
    assert.deepEqual(message.artifacts, { signup_mode: 'talent', role: 'talent' });
    assert.equal(message.variables.full_name, 'Katherine Johnson');

    assert.deepEqual(await receipts(delivery.headers['webhook-id']!), [{ outcome: 'processed', tenant_id: tenant.id, provider: `identity:${tenant.id}` }]);
    const { rows: links } = await env.ctx.db.owner.query('select subject, user_id from identity_links where tenant_id = $1 and subject = $2', [tenant.id, (event.data as { id: string }).id]);
    assert.deepEqual(links, [{ subject: (event.data as { id: string }).id, user_id: userId }]);
    const { rows: audit } = await env.ctx.db.owner.query(`select actor_kind, details from audit_log where action = 'user.created' and target_id = $1`, [userId]);
    assert.deepEqual(audit, [{ actor_kind: 'system', details: { source: 'identity_webhook', email: 'idp-user@example.test', phone: '+15555550177', role: 'member', webhook_id: delivery.headers['webhook-id'] } }]);
  });

  it('cannot be logged into with a password', async () => {
    const email = `nopassword-${randomUUID().slice(0, 6)}@example.test`;
    assert.equal((await deliver(signedDelivery(secret, userCreatedEvent({ email })))).statusCode, 200);
    const login = await env.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'any password at all', tenant: tenant.subdomain } });
    assert.equal(login.statusCode, 401);
    assert.equal(login.json().code, 'invalid_credentials');
  });

  it('reads user_metadata too, and a Supabase phone without its leading +', async () => {
    const res = await deliver(signedDelivery(secret, userCreatedEvent({ phone: '15555550188', user_metadata: { signup_mode: 'hirer', organization_name: 'Acme' } })));
    assert.equal(res.statusCode, 200, res.body);
    const userId = res.json().user_id;
    const { rows } = await env.ctx.db.owner.query('select phone from users where id = $1', [userId]);
    assert.equal(rows[0].phone, '+15555550188');
    assert.deepEqual(await roleOf(env, userId), { app: ['hirer'], access: 'member' });
    assert.equal((await onboardingMessage(env, userId)).variables.organization_name, 'Acme');
  });

  it('answers a replay 200 with no second effect', async () => {
    const delivery = signedDelivery(secret, userCreatedEvent({ email: 'replayed@example.test' }));
    const first = await deliver(delivery);
    const again = await deliver(delivery);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { outcome: 'duplicate', user_id: null });
    assert.deepEqual(await onboardingRows(env, first.json().user_id), ONCE);
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from users where email = 'replayed@example.test'`);
    assert.equal(rows[0].n, 1);
  });

  it('creates one user from five concurrent deliveries of one event, and from the same identity under other webhook ids', async () => {
    const event = userCreatedEvent({ email: 'concurrent@example.test', phone: '+15555550199', raw_user_meta_data: { signup_mode: 'hirer' } });
    const delivery = signedDelivery(secret, event);
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(delivery)));
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [200, 200, 200, 200, 200],
    );
    assert.deepEqual(results.map((r) => r.json().outcome).sort(), ['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);

    const redelivered = await Promise.all(Array.from({ length: 5 }, () => deliver(signedDelivery(secret, event))));
    assert.deepEqual(
      redelivered.map((r) => r.json().outcome),
      Array(5).fill('identity_exists'),
    );
    const userId = results.find((r) => r.json().outcome === 'created')!.json().user_id;
    assert.deepEqual(
      redelivered.map((r) => r.json().user_id),
      Array(5).fill(userId),
    );

    const { rows } = await env.ctx.db.owner.query(`select id from users where tenant_id = $1 and (email = 'concurrent@example.test' or phone = '+15555550199')`, [tenant.id]);
    assert.deepEqual(
      rows.map((r) => r.id),
      [userId],
    );
    assert.deepEqual(await onboardingRows(env, userId), ONCE);
    assert.equal((await receipts(delivery.headers['webhook-id']!)).length, 1);
  });

  it('initialises every one of 20 different identities delivered at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(signedDelivery(secret, userCreatedEvent({ email: `burst${i}@example.test`, raw_user_meta_data: { signup_mode: 'talent' } })))));
    assert.deepEqual(
      results.map((r) => r.json().outcome),
      Array(20).fill('created'),
    );
    for (const res of results) assert.deepEqual(await onboardingRows(env, res.json().user_id), ONCE);
  });

  it('acknowledges other event types without creating anything', async () => {
    const delivery = signedDelivery(secret, { type: 'user.updated', data: { id: randomUUID(), email: 'updated@example.test' } });
    const res = await deliver(delivery);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { outcome: 'ignored', user_id: null });
    assert.equal((await receipts(delivery.headers['webhook-id']!))[0]!.outcome, 'ignored');
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from users where email = 'updated@example.test'`);
    assert.equal(rows[0].n, 0);
  });

  it('answers 403 signature_invalid for a bad, missing or stale signature, and for a tampered body', async () => {
    const event = userCreatedEvent({ email: 'forged@example.test' });
    const good = signedDelivery(secret, event);
    const wrongSecret = signedDelivery(newWebhookSecret(), event);
    const stale = (() => {
      const id = `msg_${randomUUID()}`;
      const ts = Math.floor(Date.now() / 1000) - 3600;
      return { payload: good.payload, headers: { ...good.headers, 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(secret, id, ts, good.payload) } };
    })();
    const { 'webhook-signature': _dropped, ...unsigned } = good.headers;
    for (const [what, delivery] of [
      ['wrong secret', wrongSecret],
      ['stale timestamp', stale],
      ['no signature', { payload: good.payload, headers: unsigned }],
      ['tampered body', { payload: good.payload.replace('forged@', 'other@'), headers: good.headers }],
    ] as const) {
      const res = await deliver(delivery);
      assert.equal(res.statusCode, 403, `${what}: ${res.body}`);
      assert.equal(res.json().code, 'signature_invalid', what);
    }
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from users where email in ('forged@example.test', 'other@example.test')`);
    assert.equal(rows[0].n, 0);
    assert.deepEqual(await receipts(good.headers['webhook-id']!), []);
  });

  it("refuses tenant A's webhook signed with tenant B's secret, and a tenant that has no secret", async () => {
    const other = await tenantWithSignup(env);
    const otherSecret = await identityWebhookSecretFor(env, other);
    const res = await deliver(signedDelivery(otherSecret, userCreatedEvent({ email: 'crossed@example.test' })), tenant.subdomain);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'signature_invalid');

    const noSecret = await tenantWithSignup(env);
    const refused = await deliver(signedDelivery(secret, userCreatedEvent({ email: 'crossed@example.test' })), noSecret.subdomain);
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().code, 'signature_invalid');
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from users where email = 'crossed@example.test'`);
    assert.equal(rows[0].n, 0);
  });

  it('stops accepting the old secret once a new one is generated', async () => {
    const t = await tenantWithSignup(env);
    const old = await identityWebhookSecretFor(env, t);
    await identityWebhookSecretFor(env, t);
    const res = await deliver(signedDelivery(old, userCreatedEvent({ email: 'rotated@example.test' })), t.subdomain);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'signature_invalid');
  });

  it('answers 404 tenant_not_found for an unknown or inactive tenant', async () => {
    const unknown = await deliver(signedDelivery(secret, userCreatedEvent({ email: 'nowhere@example.test' })), 'no-such-tenant');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'tenant_not_found');
    const t = await tenantWithSignup(env);
    const tSecret = await identityWebhookSecretFor(env, t);
    await updateTenant(env.ctx, SYSTEM_ACTOR, t.id, { is_active: false });
    const inactive = await deliver(signedDelivery(tSecret, userCreatedEvent({ email: 'inactive@example.test' })), t.subdomain);
    assert.equal(inactive.statusCode, 404);
  });

  it('answers 400 for a signed user.created it cannot use, without storing a receipt', async () => {
    for (const data of [{ email: 'not-an-email' }, { phone: '555-0123' }, {}, { email: 'x@example.test', raw_user_meta_data: 'hirer' }]) {
      const delivery = signedDelivery(secret, userCreatedEvent(data));
      const res = await deliver(delivery);
      assert.equal(res.statusCode, 400, `${JSON.stringify(data)}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed');
      assert.deepEqual(await receipts(delivery.headers['webhook-id']!), []);
    }
    const noId = signedDelivery(secret, { type: 'user.created', data: { email: 'noid@example.test' } });
    assert.equal((await deliver(noId)).statusCode, 400);
    const notJson = await deliver({ headers: { ...signedDelivery(secret, {}).headers }, payload: '{"type": ' });
    assert.equal(notJson.statusCode, 400);
  });

  it('treats names in provider metadata as hints: control characters are dropped and lengths capped, markup kept', async () => {
    const res = await deliver(
      signedDelivery(
        secret,
        userCreatedEvent({
          email: `hints-${randomUUID().slice(0, 6)}@example.test`,
          raw_user_meta_data: { signup_mode: 'Not A Mode!', first_name: 'Ev\u0007e\nlyn', last_name: 'L'.repeat(500), organization_name: '<b>Bold</b>', role: 'tenant_admin' },
        }),
      ),
    );
    assert.equal(res.statusCode, 200, res.body);
    const userId = res.json().user_id;
    assert.deepEqual(await roleOf(env, userId), { app: ['member'], access: 'member' });
    const { rows } = await env.ctx.db.owner.query('select first_name, length(last_name) as last_length, organization_name from user_profiles where user_id = $1', [userId]);
    assert.deepEqual(rows[0], { first_name: 'Evelyn', last_length: 100, organization_name: '<b>Bold</b>' });
    assert.equal((await onboardingMessage(env, userId)).variant, '');
  });
});
