import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { enqueueMessage } from '../messaging/messages.service.ts';
import { appendEvent } from './events.service.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

interface Admin {
  tenantId: string;
  userId: string;
  token: string;
}

async function tenantAdmin(): Promise<Admin> {
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  return { tenantId: tenant.id, userId: admin.id, token: admin.token };
}

/** An endpoint subscribed to every event type, so every event of the tenant gets a delivery. */
async function subscribe(admin: Admin): Promise<string> {
  const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: 'https://hooks.example.test/events' } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

async function eventsOf(tenantId: string) {
  const { rows } = await env.ctx.db.owner.query('select * from events where tenant_id = $1 order by id', [tenantId]);
  return rows;
}

async function deliveriesOf(endpointId: string) {
  const { rows } = await env.ctx.db.owner.query('select * from webhook_deliveries where endpoint_id = $1 order by created_at, id', [endpointId]);
  return rows;
}

/** Each event's webhook delivery points at it and carries its payload as `data`, at its time. */
function assertFedFrom(events: { id: number; type: string; payload: unknown; occurred_at: Date }[], deliveries: { event_id: number; event_type: string; payload: { type: string; timestamp: string; data: unknown } }[]) {
  assert.deepEqual(
    deliveries.map((d) => d.event_id),
    events.map((e) => e.id),
  );
  for (const [i, event] of events.entries()) {
    assert.equal(deliveries[i]!.event_type, event.type);
    assert.deepEqual(deliveries[i]!.payload, { type: event.type, timestamp: event.occurred_at.toISOString(), data: event.payload });
  }
}

/** Runs `change` in a tenant transaction that then rolls back. */
async function rolledBack(tenantId: string, change: (tx: Queryable) => Promise<unknown>): Promise<void> {
  await assert.rejects(
    withTenant(env.ctx.db.app, tenantId, async (tx) => {
      await change(tx);
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
}

describe('the event log', () => {
  it('records user.created and onboarding.initialized with the user, in the transaction that inserts it', async () => {
    const admin = await tenantAdmin();
    const endpoint = await subscribe(admin);
    const before = (await eventsOf(admin.tenantId)).length;
    await rolledBack(admin.tenantId, (tx) => tx.query(`insert into users (tenant_id, email, role) values ($1, 'gone@example.test', 'member')`, [admin.tenantId]));
    assert.equal((await eventsOf(admin.tenantId)).length, before, 'no event for a user that was rolled back');
    assert.deepEqual(await deliveriesOf(endpoint), [], 'nor a delivery');

    const {
      rows: [user],
    } = await env.ctx.db.owner.query(`insert into users (tenant_id, email, role) values ($1, 'kept@example.test', 'member') returning id`, [admin.tenantId]);
    const events = (await eventsOf(admin.tenantId)).slice(before);
    assert.deepEqual(
      events.map((e) => [e.type, e.subject_type, e.subject_id, e.actor]),
      [
        ['user.created', 'user', user.id, { kind: 'system' }],
        ['onboarding.initialized', 'user', user.id, { kind: 'system' }],
      ],
    );
    assert.equal(events[0].payload.email, 'kept@example.test');
    assertFedFrom(events, await deliveriesOf(endpoint));
  });

  it('records tenant.updated with the admin who changed the profile, and none for a change refused', async () => {
    const admin = await tenantAdmin();
    const endpoint = await subscribe(admin);
    const before = (await eventsOf(admin.tenantId)).length;
    const profile = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token: admin.token, payload: { business_name: 'Logged Inc', website_url: null, phone_number: null, email: null } });
    assert.equal(profile.statusCode, 200, profile.body);
    // a global admin renames the tenant to a subdomain another tenant has: refused, rolled back, no event
    const { token: globalToken } = await env.globalAdmin();
    const taken = await env.tenant();
    const refused = await env.inject({ method: 'PATCH', url: `/api/v1/admin/tenants/${admin.tenantId}`, token: globalToken, payload: { subdomain: taken.subdomain } });
    assert.equal(refused.statusCode, 409, refused.body);

    const events = (await eventsOf(admin.tenantId)).slice(before);
    assert.deepEqual(
      events.map((e) => [e.type, e.subject_type, e.subject_id, e.actor]),
      [['tenant.updated', 'tenant', admin.tenantId, { kind: 'user', user_id: admin.userId }]],
    );
    assert.equal(events[0].payload.profile.business_name, 'Logged Inc');
    assertFedFrom(events, await deliveriesOf(endpoint));
  });

  it('records message.sent, .delivered and .failed with the message, in the transaction of the status change', async () => {
    const admin = await tenantAdmin();
    const endpoint = await subscribe(admin);
    const message = await withTenant(env.ctx.db.app, admin.tenantId, (tx) =>
      enqueueMessage(env.ctx, tx, {
        tenantId: admin.tenantId,
        channel: 'email',
        recipient: 'events@example.test',
        bundle: 'welcome_email',
      }),
    );
    const before = (await eventsOf(admin.tenantId)).length;
    // the one SQL the dispatcher and the provider status callbacks emit message events with
    const emit = (tx: Queryable, status: string) => tx.query(`select emit_message_event(m, $3, jsonb_build_object('provider_message_id', 'pm-1', 'error', null)) from messages m where m.tenant_id = $1 and m.id = $2`, [admin.tenantId, message, status]);
    await rolledBack(admin.tenantId, (tx) => emit(tx, 'sent'));
    assert.equal((await eventsOf(admin.tenantId)).length, before, 'no event for a status change rolled back');
    await withTenant(env.ctx.db.app, admin.tenantId, async (tx) => {
      for (const status of ['sent', 'delivered', 'failed']) await emit(tx, status);
    });
    const events = (await eventsOf(admin.tenantId)).slice(before);
    assert.deepEqual(
      events.map((e) => [e.type, e.subject_type, e.subject_id, e.payload.status]),
      [
        ['message.sent', 'message', message, 'sent'],
        ['message.delivered', 'message', message, 'delivered'],
        ['message.failed', 'message', message, 'failed'],
      ],
    );
    assert.deepEqual([events[0].payload.message_id, events[0].payload.channel, events[0].payload.bundle, events[0].payload.provider_message_id], [message, 'email', 'welcome_email', 'pm-1']);
    assert.ok(!('error' in events[0].payload), 'nulls are dropped');
    const deliveries = (await deliveriesOf(endpoint)).filter((d) => d.event_type.startsWith('message.'));
    assertFedFrom(events, deliveries);
  });

  it('is append-only: the application role may not change or remove an event, nor may the owner', async () => {
    const admin = await tenantAdmin();
    await withTenant(env.ctx.db.app, admin.tenantId, (tx) => appendEvent(tx, admin.tenantId, { type: 'tenant.updated', subject: { type: 'tenant', id: admin.tenantId }, actor: { kind: 'system' }, payload: {} }));
    for (const sql of ['update events set payload = \'{"forged": true}\' where tenant_id = $1', 'delete from events where tenant_id = $1']) {
      await assert.rejects(
        withTenant(env.ctx.db.app, admin.tenantId, (tx) => tx.query(sql, [admin.tenantId])),
        /permission denied/,
        sql,
      );
      await assert.rejects(env.ctx.db.owner.query(sql, [admin.tenantId]), /events is append-only/, sql);
    }
    assert.equal((await eventsOf(admin.tenantId)).at(-1).type, 'tenant.updated');
  });

  it("refuses append_event for another tenant inside a tenant's transaction", async () => {
    const a = await tenantAdmin();
    const b = await tenantAdmin();
    const before = (await eventsOf(b.tenantId)).length;
    await assert.rejects(
      withTenant(env.ctx.db.app, a.tenantId, (tx) => appendEvent(tx, b.tenantId, { type: 'tenant.updated', subject: { type: 'tenant', id: b.tenantId }, actor: { kind: 'system' }, payload: { forged: true } })),
      (error: { code?: string }) => error.code === 'EMBTC',
    );
    assert.equal((await eventsOf(b.tenantId)).length, before);
  });

  it('refuses an event type that is not in the catalogue', async () => {
    const admin = await tenantAdmin();
    await assert.rejects(
      withTenant(env.ctx.db.app, admin.tenantId, (tx) =>
        appendEvent(tx, admin.tenantId, {
          type: 'user.exploded' as 'user.created',
          subject: { type: 'user', id: 'u-1' },
          actor: { kind: 'system' },
          payload: {},
        }),
      ),
      /not an event type/,
    );
  });
});

describe('GET /api/v1/tenant/events', () => {
  const list = (admin: { token: string }, query: string) => env.inject({ method: 'GET', url: `/api/v1/tenant/events${query}`, token: admin.token });

  it('pages newest first by cursor, and filters by type, subject and time', async () => {
    const admin = await tenantAdmin();
    const {
      rows: [start],
    } = await env.ctx.db.owner.query('select now() as at');
    const append = (type: 'user.created' | 'tenant.updated', subject: string) =>
      withTenant(env.ctx.db.app, admin.tenantId, (tx) =>
        appendEvent(tx, admin.tenantId, {
          type,
          subject: { type: type === 'tenant.updated' ? 'tenant' : 'user', id: subject },
          actor: { kind: 'system' },
          payload: { subject },
        }),
      );
    const ids = [await append('user.created', 'u-1'), await append('tenant.updated', 't-1'), await append('user.created', 'u-2'), await append('user.created', 'u-1')];

    const seen: number[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const res = await list(admin, `?limit=2&since=${encodeURIComponent(start.at.toISOString())}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().total, 4);
      seen.push(...res.json().items.map((e: { id: number }) => e.id));
      if (!res.json().next_cursor) break;
      cursor = res.json().next_cursor;
    }
    assert.deepEqual(seen, [...ids].reverse());

    const byType = await list(admin, '?type=tenant.updated');
    assert.deepEqual(
      byType.json().items.map((e: { id: number }) => e.id),
      [ids[1]],
    );
    assert.deepEqual(byType.json().items[0].subject, { type: 'tenant', id: 't-1' });
    const bySubject = await list(admin, '?subject_type=user&subject_id=u-1');
    assert.deepEqual(
      bySubject.json().items.map((e: { id: number }) => e.id),
      [ids[3], ids[0]],
    );
    const future = await list(admin, `?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    assert.deepEqual(future.json().items, []);
  });

  it('answers 400 for odd input, and 403 to a member', async () => {
    const admin = await tenantAdmin();
    for (const [query, code] of [
      ['?type=user.exploded', 'event_type_unknown'],
      ['?subject_type=user', 'validation_failed'],
      ['?subject_id=u-1', 'validation_failed'],
      ['?since=yesterday', 'validation_failed'],
      ['?limit=0', 'validation_failed'],
      ['?cursor=bm90LWEtY3Vyc29y', 'invalid_cursor'],
      ['?colour=red', 'validation_failed'],
    ] as const) {
      const res = await list(admin, query);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.equal(res.json().code, code, query);
    }
    const member = await env.user(admin.tenantId, 'member');
    assert.equal((await list(member, '')).statusCode, 403);
  });

  it("shows a tenant its own events only, and refuses another tenant's cursor", async () => {
    const a = await tenantAdmin();
    const b = await tenantAdmin();
    await withTenant(env.ctx.db.app, a.tenantId, (tx) => appendEvent(tx, a.tenantId, { type: 'tenant.updated', subject: { type: 'tenant', id: a.tenantId }, actor: { kind: 'system' }, payload: { secret: 'of A' } }));
    await withTenant(env.ctx.db.app, a.tenantId, (tx) => appendEvent(tx, a.tenantId, { type: 'tenant.updated', subject: { type: 'tenant', id: a.tenantId }, actor: { kind: 'system' }, payload: { secret: 'of A' } }));
    const ofB = await list(b, '?limit=200');
    assert.equal(ofB.statusCode, 200);
    assert.ok(ofB.json().items.length > 0, "B's own user events are listed");
    assert.ok(!ofB.body.includes(a.tenantId) && !ofB.body.includes('of A'), ofB.body);
    const pageOfA = await list(a, '?limit=1&type=tenant.updated');
    const res = await list(b, `?limit=1&type=tenant.updated&cursor=${pageOfA.json().next_cursor}`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'invalid_cursor');
  });
});
