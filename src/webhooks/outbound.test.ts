import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Logger, runOnce } from 'graphile-worker';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/fakes/webhook-receiver.ts';
import { freePort } from '../../test/net.ts';
import { withTenant } from '../db/tx.ts';
import { decryptSecret } from '../secrets.ts';
import { deliverWebhookTask } from '../tasks/deliver_webhook.ts';
import { appendEvent } from '../events/events.service.ts';
import type { EventType } from '../events/event-types.ts';
import type { Queryable } from '../db/pool.ts';
import { endpointSecretContext } from './outbound.service.ts';
import { verdictFor } from './outbound.delivery.ts';
import { webhookRetryDelaySeconds as retryDelaySeconds } from '../jobs/tasks.ts';

const MAX_ATTEMPTS = 3;
let env: TestEnv;
let receiver: WebhookReceiver;
before(async () => {
  // retries due at once, so one runOnce plays a delivery's whole life
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0', EMBARK_MESSAGE_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
  receiver = await startWebhookReceiver();
});
after(async () => {
  await receiver.close();
  await env.close();
});

const quiet = new Logger(() => () => undefined);

/** Runs every deliver_webhook job that is due, including the retries they schedule for now, then returns. */
async function runDueJobs(): Promise<void> {
  await runOnce({
    pgPool: env.ctx.db.owner,
    concurrency: 1,
    noHandleSignals: true,
    logger: quiet,
    taskList: {
      deliver_webhook: (payload, helpers) => deliverWebhookTask(env.ctx, payload, helpers),
    },
  });
}

interface Admin {
  tenantId: string;
  token: string;
}

async function tenantAdmin(): Promise<Admin> {
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  return { tenantId: tenant.id, token: admin.token };
}

interface Endpoint {
  id: string;
  secret: string;
  path: string;
}

/** Registers an endpoint at a fresh path of the receiver, which then checks signatures with its secret. */
async function registerEndpoint(admin: Admin, body: Record<string, unknown> = {}): Promise<Endpoint> {
  const path = `/hooks/${randomUUID()}`;
  const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: receiver.urlFor(path), ...body } });
  assert.equal(res.statusCode, 201, res.body);
  receiver.expect(path, res.json().secret);
  return { id: res.json().id, secret: res.json().secret, path };
}

/** Appends an event in the transaction; answers how many deliveries it queued. */
async function appendIn(tx: Queryable, tenantId: string, type: string, data: Record<string, unknown> = {}): Promise<number> {
  const id = await appendEvent(tx, tenantId, { type: type as EventType, subject: { type: 'test', id: 'subject-1' }, actor: { kind: 'system' }, payload: data });
  const { rows } = await tx.query('select count(*)::int as n from webhook_deliveries where tenant_id = $1 and event_id = $2', [tenantId, id]);
  return rows[0].n;
}

function emit(tenantId: string, type: string, data: Record<string, unknown> = {}): Promise<number> {
  return withTenant(env.ctx.db.app, tenantId, (tx) => appendIn(tx, tenantId, type, data));
}

async function deliveriesOf(endpointId: string) {
  const { rows } = await env.ctx.db.owner.query('select * from webhook_deliveries where endpoint_id = $1 order by id', [endpointId]);
  return rows;
}

/** The delivery's pending job: a retry it scheduled, not the run that may still be finishing (runOnce can resolve before it completes). */
async function jobFor(deliveryId: string) {
  const { rows } = await env.ctx.db.owner.query(`select j.*, p.payload from graphile_worker.jobs j join graphile_worker._private_jobs p using (id) where j.key = $1 and j.locked_at is null`, [`webhook:${deliveryId}`]);
  return rows[0];
}

describe('POST /api/v1/tenant/webhooks', () => {
  it('answers 201 with a whsec_ secret that is stored only sealed and never shown by list or get', async () => {
    const admin = await tenantAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: 'https://hooks.example.test/embark', description: 'CRM sync', event_types: ['user.created'] } });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    assert.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual(
      { url: created.url, description: created.description, event_types: created.event_types, enabled: created.enabled, disabled_reason: created.disabled_reason },
      { url: 'https://hooks.example.test/embark', description: 'CRM sync', event_types: ['user.created'], enabled: true, disabled_reason: null },
    );

    const list = await env.inject({ method: 'GET', url: '/api/v1/tenant/webhooks', token: admin.token });
    const one = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${created.id}`, token: admin.token });
    assert.equal(list.statusCode, 200);
    assert.equal(one.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((e: { id: string }) => e.id),
      [created.id],
    );
    for (const body of [list.body, one.body]) {
      assert.ok(!body.includes(created.secret.slice('whsec_'.length)), `the secret is not in ${body}`);
      assert.doesNotMatch(body, /secret/);
    }

    const { rows } = await env.ctx.db.owner.query('select to_jsonb(e)::text as row, secret_encrypted from webhook_endpoints e where id = $1', [created.id]);
    const keyBytes = Buffer.from(created.secret.slice('whsec_'.length), 'base64');
    assert.ok(!rows[0].row.includes(created.secret.slice('whsec_'.length)), 'the row does not hold the secret as text');
    assert.equal(rows[0].secret_encrypted.includes(keyBytes), false, 'nor the key bytes');
    assert.equal(decryptSecret(env.ctx.keys.credentialEncryption, rows[0].secret_encrypted, endpointSecretContext(admin.tenantId, created.id)), created.secret);
  });

  it('accepts http only for localhost and 127.0.0.1, and refuses other URLs and unknown event types with 400 and a code', async () => {
    const admin = await tenantAdmin();
    for (const url of ['http://localhost:8080/hooks', 'http://127.0.0.1:9/hooks']) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url } });
      assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
    }
    const refused: [Record<string, unknown>, string][] = [
      [{ url: 'http://hooks.example.test/embark' }, 'webhook_url_not_allowed'],
      [{ url: 'http://10.0.0.5/hooks' }, 'webhook_url_not_allowed'],
      [{ url: 'https://user:password@hooks.example.test/' }, 'webhook_url_not_allowed'],
      [{ url: 'ftp://hooks.example.test/' }, 'validation_failed'],
      [{ url: 'https://hooks.example.test/', event_types: ['user.created', 'user.exploded'] }, 'webhook_event_type_unknown'],
      [{ url: 'https://hooks.example.test/', event_types: ['webhook.test'] }, 'webhook_event_type_unknown'],
      // advertised once but never emitted: not offered until the checklists emit it
      [{ url: 'https://hooks.example.test/', event_types: ['onboarding.finished'] }, 'webhook_event_type_unknown'],
      [{ url: 'https://hooks.example.test/', event_types: ['Not A Type'] }, 'validation_failed'],
    ];
    for (const [payload, code] of refused) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload });
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().code, code, JSON.stringify(payload));
    }
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from webhook_endpoints where tenant_id = $1', [admin.tenantId]);
    assert.equal(rows[0].n, 2, 'only the two local endpoints were created');
  });

  it('is for tenant admins: a member gets 403', async () => {
    const tenant = await env.tenant();
    const member = await env.user(tenant.id, 'member');
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: member.token, payload: { url: 'https://hooks.example.test/' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'forbidden');
  });
});

describe('delivering an event', () => {
  it('POSTs the event signed per Standard Webhooks, and the receiver verifies the signature', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    assert.equal(await emit(admin.tenantId, 'user.created', { user_id: 'u-1', email: 'new@example.test' }), 1);
    await runDueJobs();

    const [delivery] = await deliveriesOf(endpoint.id);
    const got = receiver.receivedAt(endpoint.path);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.id, delivery.id, 'webhook-id is the delivery id');
    assert.deepEqual(got[0]!.verifiedWith, [endpoint.secret]);
    assert.equal(got[0]!.event.type, 'user.created');
    assert.deepEqual(got[0]!.event.data, { user_id: 'u-1', email: 'new@example.test' });
    assert.ok(Math.abs(Date.parse(got[0]!.event.timestamp) - Date.now()) < 60_000, 'the body carries the event time');
    assert.equal(delivery.status, 'succeeded');
    assert.equal(delivery.attempts, 1);
    assert.equal(delivery.last_status_code, 200);
    assert.ok(delivery.delivered_at);
    assert.equal(await jobFor(delivery.id), undefined, 'the job is done');
    receiver.assertNoViolations();
  });

  it('retries after a 500 and succeeds on the second attempt, with the same webhook-id and both attempts logged', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    receiver.failNextAt(endpoint.path, 1, { status: 500, body: 'database is down' });
    await emit(admin.tenantId, 'message.sent', { message_id: 'm-1' });
    await runDueJobs();

    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery.status, 'succeeded');
    assert.equal(delivery.attempts, 2);
    assert.deepEqual(
      receiver.receivedAt(endpoint.path).map((r) => r.id),
      [delivery.id, delivery.id],
    );
    const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}/deliveries/${delivery.id}`, token: admin.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().attempt_log.map((a: { attempt: number; status_code: number; response_body: string }) => [a.attempt, a.status_code, a.response_body]),
      [
        [1, 500, 'database is down'],
        [2, 200, '{"ok":true}'],
      ],
    );
    receiver.assertNoViolations();
  });

  it('after a 429 waits as long as Retry-After asks before the next attempt', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    receiver.failNextAt(endpoint.path, 1, { status: 429, headers: { 'retry-after': '120' } });
    await emit(admin.tenantId, 'message.sent', { message_id: 'm-2' });
    await runDueJobs();

    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.attempts, 1);
    assert.equal(delivery.last_status_code, 429);
    const wait = (delivery.next_attempt_at.getTime() - Date.now()) / 1000;
    assert.ok(wait > 100 && wait <= 120, `next attempt in ${wait} s`);
    const job = await jobFor(delivery.id);
    assert.equal(job.run_at.getTime(), delivery.next_attempt_at.getTime(), 'the job is scheduled for then');
    assert.equal(receiver.receivedAt(endpoint.path).length, 1, 'and nothing was sent again yet');
  });

  it('disables an endpoint that answers 410, cancels what was queued for it, and sends it nothing more', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    receiver.failNextAt(endpoint.path, 1, { status: 410 });
    await emit(admin.tenantId, 'user.created', { n: 1 });
    await emit(admin.tenantId, 'user.created', { n: 2 });
    await runDueJobs();

    assert.deepEqual((await deliveriesOf(endpoint.id)).map((d) => d.status).sort(), ['cancelled', 'failed']);
    const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}`, token: admin.token });
    assert.equal(res.json().enabled, false);
    assert.match(res.json().disabled_reason, /410 Gone/);
    assert.equal(await emit(admin.tenantId, 'user.created', { n: 3 }), 0, 'no delivery is queued for a disabled endpoint');
    const test = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${endpoint.id}/test`, token: admin.token, payload: {} });
    assert.equal(test.statusCode, 409);
    assert.equal(test.json().code, 'webhook_endpoint_disabled');
    await runDueJobs();
    assert.equal(receiver.receivedAt(endpoint.path).length, 1);

    const enabled = await env.inject({ method: 'PATCH', url: `/api/v1/tenant/webhooks/${endpoint.id}`, token: admin.token, payload: { enabled: true } });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.deepEqual([enabled.json().enabled, enabled.json().disabled_reason], [true, null], 're-enabling clears the reason');
  });

  it('does not follow a 301: it is a failed attempt, retried until the attempts run out', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    const elsewhere = `/moved/${randomUUID()}`;
    receiver.expect(elsewhere, endpoint.secret);
    receiver.failNextAt(endpoint.path, MAX_ATTEMPTS, { status: 301, headers: { location: receiver.urlFor(elsewhere) } });
    await emit(admin.tenantId, 'tenant.updated', {});
    await runDueJobs();

    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery.status, 'failed');
    assert.equal(delivery.attempts, MAX_ATTEMPTS);
    assert.equal(delivery.last_status_code, 301);
    assert.match(delivery.last_error, /answered 301; gave up after 3 attempts/);
    assert.equal(receiver.receivedAt(endpoint.path).length, MAX_ATTEMPTS);
    assert.equal(receiver.receivedAt(elsewhere).length, 0, 'the Location was never requested');
  });

  it('fails at once on a 4xx other than 408, 410 and 429', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    receiver.failNextAt(endpoint.path, 1, { status: 422, body: { error: 'unknown event' } });
    await emit(admin.tenantId, 'tenant.updated', {});
    await runDueJobs();

    const [delivery] = await deliveriesOf(endpoint.id);
    assert.deepEqual([delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_response_body], ['failed', 1, 422, '{"error":"unknown event"}']);
    assert.equal(receiver.receivedAt(endpoint.path).length, 1);
    assert.equal(await jobFor(delivery.id), undefined, 'no retry is scheduled');
  });

  it('retries when the endpoint cannot be reached, and gives up after EMBARK_MESSAGE_MAX_ATTEMPTS', async () => {
    const admin = await tenantAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: `http://127.0.0.1:${await freePort()}/nobody-listens` } });
    assert.equal(res.statusCode, 201, res.body);
    await emit(admin.tenantId, 'message.failed', {});
    await runDueJobs();

    const [delivery] = await deliveriesOf(res.json().id);
    assert.equal(delivery.status, 'failed');
    assert.equal(delivery.attempts, MAX_ATTEMPTS);
    assert.equal(delivery.last_status_code, null);
    assert.match(delivery.last_error, /could not reach 127\.0\.0\.1:\d+: ECONNREFUSED; gave up after 3 attempts/);
  });

  it('keeps only the first 2 KB of an answer', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    receiver.failNextAt(endpoint.path, 1, { status: 200, body: 'x'.repeat(100_000) });
    await emit(admin.tenantId, 'message.delivered', {});
    await runDueJobs();
    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery.status, 'succeeded');
    assert.equal(delivery.last_response_body, 'x'.repeat(2048));
  });
});

describe('the retry schedule', () => {
  it("follows Standard Webhooks' example at the default base of 10 s, scales with the base, and never comes sooner than Retry-After", () => {
    const standard = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((attempts) => retryDelaySeconds({ messageRetryBaseSeconds: 10 }, attempts));
    assert.deepEqual(standard, [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400, 86_400]);
    assert.equal(retryDelaySeconds({ messageRetryBaseSeconds: 5 }, 2), 150);
    assert.equal(retryDelaySeconds({ messageRetryBaseSeconds: 0 }, 4), 0);
    assert.equal(retryDelaySeconds({ messageRetryBaseSeconds: 10 }, 1, 60), 60);
    assert.equal(retryDelaySeconds({ messageRetryBaseSeconds: 10 }, 2, 60), 300);
    assert.equal(retryDelaySeconds({ messageRetryBaseSeconds: 10 }, 1, 10 * 86_400), 86_400, 'a Retry-After beyond a day is capped');
  });

  it('retries network errors, 408, 429 and 5xx; disables on 410; fails at once on other 4xx', () => {
    const verdicts = Object.fromEntries([null, 200, 204, 301, 308, 400, 401, 404, 408, 410, 422, 429, 500, 502, 503, 504].map((s) => [String(s), verdictFor(s)]));
    assert.deepEqual(verdicts, {
      null: 'retry',
      200: 'succeeded',
      204: 'succeeded',
      301: 'retry',
      308: 'retry',
      400: 'failed',
      401: 'failed',
      404: 'failed',
      408: 'retry',
      410: 'gone',
      422: 'failed',
      429: 'retry',
      500: 'retry',
      502: 'retry',
      503: 'retry',
      504: 'retry',
    });
  });
});

describe('appendEvent, feeding the webhooks', () => {
  it('queues a delivery and its job for each enabled endpoint subscribed to the type, or to every type, of that tenant only', async () => {
    const admin = await tenantAdmin();
    const other = await tenantAdmin();
    const everything = await registerEndpoint(admin);
    const users = await registerEndpoint(admin, { event_types: ['user.created', 'tenant.updated'] });
    const messages = await registerEndpoint(admin, { event_types: ['message.sent'] });
    const disabled = await registerEndpoint(admin, { enabled: false });
    const otherTenant = await registerEndpoint(other);

    assert.equal(await emit(admin.tenantId, 'user.created', { user_id: 'u-9' }), 2);
    for (const endpoint of [messages, disabled, otherTenant]) assert.deepEqual(await deliveriesOf(endpoint.id), [], endpoint.path);
    for (const endpoint of [everything, users]) {
      const [delivery] = await deliveriesOf(endpoint.id);
      assert.equal(delivery.event_type, 'user.created');
      assert.equal(delivery.tenant_id, admin.tenantId);
      const job = await jobFor(delivery.id);
      assert.equal(job.task_identifier, 'deliver_webhook');
      assert.deepEqual(job.payload, { tenant_id: admin.tenantId, delivery_id: delivery.id });
    }
    await runDueJobs();
    assert.deepEqual(
      [everything, users, messages, disabled, otherTenant].map((e) => receiver.receivedAt(e.path).length),
      [1, 1, 0, 0, 0],
    );
  });

  it("writes nothing when the caller's transaction rolls back", async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    await assert.rejects(
      withTenant(env.ctx.db.app, admin.tenantId, async (tx) => {
        assert.equal(await appendIn(tx, admin.tenantId, 'user.created'), 1);
        throw new Error('the change that caused the event failed');
      }),
      /caused the event failed/,
    );
    assert.deepEqual(await deliveriesOf(endpoint.id), []);
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from graphile_worker._private_jobs where payload->>'tenant_id' = $1 and payload->>'delivery_id' is not null`, [admin.tenantId]);
    assert.equal(rows[0].n, 0, 'nor a job');
  });
});

describe('POST /api/v1/tenant/webhooks/:id/rotate-secret', () => {
  it('answers a new secret once; for a grace period deliveries are signed by both, then by the new one only', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    const res = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${endpoint.id}/rotate-secret`, token: admin.token, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    const rotated = res.json().secret;
    assert.match(rotated, /^whsec_/);
    assert.notEqual(rotated, endpoint.secret);
    const read = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}`, token: admin.token });
    assert.ok(!read.body.includes(rotated.slice(6)));

    receiver.expect(endpoint.path, endpoint.secret, rotated);
    await emit(admin.tenantId, 'user.created', {});
    await runDueJobs();
    assert.deepEqual(receiver.receivedAt(endpoint.path).at(-1)!.verifiedWith, [endpoint.secret, rotated]);

    await env.ctx.db.owner.query(`update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = $1`, [endpoint.id]);
    await emit(admin.tenantId, 'user.created', {});
    await runDueJobs();
    assert.deepEqual(receiver.receivedAt(endpoint.path).at(-1)!.verifiedWith, [rotated]);
    assert.equal(receiver.receivedAt(endpoint.path).at(-1)!.signature.split(' ').length, 1);
    receiver.assertNoViolations();
  });
});

describe('POST /api/v1/tenant/webhooks/:id/test', () => {
  it('queues a webhook.test delivery to that endpoint only, whatever it subscribes to', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin, { event_types: ['message.sent'] });
    const bystander = await registerEndpoint(admin);
    const res = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${endpoint.id}/test`, token: admin.token, payload: {} });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual([res.json().event_type, res.json().status, res.json().endpoint_id], ['webhook.test', 'pending', endpoint.id]);
    await runDueJobs();
    assert.deepEqual(
      receiver.receivedAt(endpoint.path).map((r) => [r.id, r.event.type]),
      [[res.json().id, 'webhook.test']],
    );
    assert.equal(receiver.receivedAt(bystander.path).length, 0);
  });
});

describe('GET /api/v1/tenant/webhooks/:id/deliveries', () => {
  it('pages the deliveries newest first and filters by status', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${endpoint.id}/test`, token: admin.token, payload: {} });
      ids.push(res.json().id);
    }
    const page = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}/deliveries?limit=2`, token: admin.token });
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.json().total, 3);
    assert.deepEqual(
      page.json().items.map((d: { id: string }) => d.id),
      [ids[2], ids[1]],
    );
    const rest = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}/deliveries?limit=2&offset=2`, token: admin.token });
    assert.deepEqual(
      rest.json().items.map((d: { id: string }) => d.id),
      [ids[0]],
    );
    const succeeded = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}/deliveries?status=succeeded`, token: admin.token });
    assert.equal(succeeded.json().total, 0);
  });
});

describe('POST /api/v1/tenant/webhooks/:id/deliveries/:deliveryId/retry', () => {
  it('puts a failed delivery back to pending with a fresh round of attempts, and it is sent again', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    receiver.failNextAt(endpoint.path, 1, { status: 400 });
    await emit(admin.tenantId, 'user.created', {});
    await runDueJobs();
    const [failed] = await deliveriesOf(endpoint.id);
    assert.equal(failed.status, 'failed');

    const res = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${endpoint.id}/deliveries/${failed.id}/retry`, token: admin.token, payload: {} });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual([res.json().status, res.json().attempts], ['pending', 0]);
    assert.ok(await jobFor(failed.id), 'a job is queued');
    await runDueJobs();

    const read = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}/deliveries/${failed.id}`, token: admin.token });
    assert.equal(read.json().status, 'succeeded');
    assert.deepEqual(
      read.json().attempt_log.map((a: { attempt: number; status_code: number }) => [a.attempt, a.status_code]),
      [
        [1, 400],
        [2, 200],
      ],
    );
    assert.deepEqual(
      receiver.receivedAt(endpoint.path).map((r) => r.id),
      [failed.id, failed.id],
      'with the same webhook-id',
    );

    const again = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${endpoint.id}/deliveries/${failed.id}/retry`, token: admin.token, payload: {} });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'webhook_delivery_not_retryable');
  });
});

describe('DELETE /api/v1/tenant/webhooks/:id', () => {
  it('removes the endpoint from the API, forgets its secret, cancels what was queued, and answers 204 again when repeated', async () => {
    const admin = await tenantAdmin();
    const endpoint = await registerEndpoint(admin);
    await emit(admin.tenantId, 'user.created', {});
    const res = await env.inject({ method: 'DELETE', url: `/api/v1/tenant/webhooks/${endpoint.id}`, token: admin.token });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal((await env.inject({ method: 'DELETE', url: `/api/v1/tenant/webhooks/${endpoint.id}`, token: admin.token })).statusCode, 204);

    const read = await env.inject({ method: 'GET', url: `/api/v1/tenant/webhooks/${endpoint.id}`, token: admin.token });
    assert.equal(read.statusCode, 404);
    assert.equal(read.json().code, 'webhook_endpoint_not_found');
    assert.deepEqual((await env.inject({ method: 'GET', url: '/api/v1/tenant/webhooks', token: admin.token })).json().items, []);
    const { rows } = await env.ctx.db.owner.query('select secret_encrypted, previous_secret_encrypted, deleted_at from webhook_endpoints where id = $1', [endpoint.id]);
    assert.deepEqual([rows[0].secret_encrypted, rows[0].previous_secret_encrypted], [null, null]);
    assert.ok(rows[0].deleted_at);

    await runDueJobs();
    assert.deepEqual(
      (await deliveriesOf(endpoint.id)).map((d) => d.status),
      ['cancelled'],
    );
    assert.equal(receiver.receivedAt(endpoint.path).length, 0);
    const unknown = await env.inject({ method: 'DELETE', url: `/api/v1/tenant/webhooks/${randomUUID()}`, token: admin.token });
    assert.equal(unknown.statusCode, 404);
  });
});

describe("another tenant's endpoints and deliveries", () => {
  it('answer 404 to tenant B for every read, change, test and retry, and stay as they were', async () => {
    const a = await tenantAdmin();
    const b = await tenantAdmin();
    const endpointOfA = await registerEndpoint(a);
    const endpointOfB = await registerEndpoint(b);
    receiver.failNextAt(endpointOfA.path, 1, { status: 400 });
    await emit(a.tenantId, 'user.created', {});
    await runDueJobs();
    const [deliveryOfA] = await deliveriesOf(endpointOfA.id);
    assert.equal(deliveryOfA.status, 'failed');
    const before = await env.ctx.db.owner.query('select to_jsonb(e)::text as row from webhook_endpoints e where id = $1 union all select to_jsonb(d)::text from webhook_deliveries d where endpoint_id = $1', [endpointOfA.id]);

    const base = `/api/v1/tenant/webhooks/${endpointOfA.id}`;
    const calls: [string, string, object | undefined, string][] = [
      ['GET', base, undefined, 'webhook_endpoint_not_found'],
      ['PATCH', base, { enabled: false }, 'webhook_endpoint_not_found'],
      ['POST', `${base}/rotate-secret`, {}, 'webhook_endpoint_not_found'],
      ['POST', `${base}/test`, {}, 'webhook_endpoint_not_found'],
      ['GET', `${base}/deliveries`, undefined, 'webhook_endpoint_not_found'],
      ['GET', `${base}/deliveries/${deliveryOfA.id}`, undefined, 'webhook_endpoint_not_found'],
      ['POST', `${base}/deliveries/${deliveryOfA.id}/retry`, {}, 'webhook_endpoint_not_found'],
      // B's own endpoint with A's delivery
      ['GET', `/api/v1/tenant/webhooks/${endpointOfB.id}/deliveries/${deliveryOfA.id}`, undefined, 'webhook_delivery_not_found'],
      ['POST', `/api/v1/tenant/webhooks/${endpointOfB.id}/deliveries/${deliveryOfA.id}/retry`, {}, 'webhook_delivery_not_found'],
      ['DELETE', base, undefined, 'webhook_endpoint_not_found'],
    ];
    for (const [method, url, payload, code] of calls) {
      const res = await env.inject({ method: method as 'GET', url, token: b.token, ...(payload ? { payload } : {}) });
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
      assert.equal(res.json().code, code, `${method} ${url}`);
      assert.ok(!res.body.includes(endpointOfA.path), `${method} ${url} shows nothing of A`);
    }
    const list = await env.inject({ method: 'GET', url: '/api/v1/tenant/webhooks', token: b.token });
    assert.deepEqual(
      list.json().items.map((e: { id: string }) => e.id),
      [endpointOfB.id],
    );
    const afterwards = await env.ctx.db.owner.query('select to_jsonb(e)::text as row from webhook_endpoints e where id = $1 union all select to_jsonb(d)::text from webhook_deliveries d where endpoint_id = $1', [endpointOfA.id]);
    assert.deepEqual(afterwards.rows, before.rows);
  });
});
