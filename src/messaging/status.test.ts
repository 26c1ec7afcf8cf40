/**
 * The message state machine: apply_message_status is the one writer of a message's status after its
 * claim, keeps to message_status_allowed, records every callback once, and follows a real change (and
 * only a real change) with its webhook event or its retry job.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { enqueueMessage } from './messages.service.ts';
import { applyMessageStatus, type StatusChange } from './status.ts';
import type { MessageStatus } from './messages.store.ts';

let env: TestEnv;
let tenantId: string;

before(async () => {
  env = await createTestEnv();
  tenantId = (await env.tenant()).id;
  // an endpoint for every event type, so each webhook event a change emits leaves a delivery
  await env.ctx.db.owner.query(`insert into webhook_endpoints (tenant_id, id, url, secret_encrypted, event_types) values ($1, gen_random_uuid(), 'https://hooks.example.test/in', '\\x00', '{}')`, [tenantId]);
});
after(() => env.close());

/** A message of the tenant standing in `status`, as if it had got there. */
async function messageIn(status: MessageStatus): Promise<string> {
  const id = await withTenant(env.ctx.db.app, tenantId, (tx) => enqueueMessage(env.ctx, tx, { tenantId, channel: 'sms', recipient: '+15550100', bundle: 'welcome_email' }));
  await env.ctx.db.owner.query('update messages set status = $3 where tenant_id = $1 and id = $2', [tenantId, id, status]);
  return id;
}

const apply = (id: string, change: StatusChange) => withTenant(env.ctx.db.app, tenantId, (tx) => applyMessageStatus(tx, tenantId, id, change));

async function state(id: string) {
  const {
    rows: [message],
  } = await env.ctx.db.owner.query('select status, attempts, last_error, delivered_at, last_sequence from messages where tenant_id = $1 and id = $2', [tenantId, id]);
  const { rows: events } = await env.ctx.db.owner.query('select status from message_events where tenant_id = $1 and message_id = $2 order by id', [tenantId, id]);
  const { rows: deliveries } = await env.ctx.db.owner.query(`select event_type from webhook_deliveries where tenant_id = $1 and payload -> 'data' ->> 'message_id' = $2 order by created_at`, [tenantId, id]);
  const { rows: jobs } = await env.ctx.db.owner.query(`select count(*)::int as n from graphile_worker.jobs where key = 'message:' || $1`, [id]);
  return { ...message, events: events.map((e) => e.status), webhooks: deliveries.map((d) => d.event_type), jobs: jobs[0].n };
}

describe('apply_message_status', () => {
  it('moves a sent message to delivered once, with one message.delivered webhook', async () => {
    const id = await messageIn('sent');
    assert.equal(await apply(id, { status: 'delivered', event: 'sms.delivered', detail: {}, providerEventId: 'SM1:delivered' }), 'changed');
    assert.equal(await apply(id, { status: 'delivered', event: 'sms.delivered', detail: {}, providerEventId: 'SM1:delivered' }), 'ignored');
    const after = await state(id);
    assert.equal(after.status, 'delivered');
    assert.ok(after.delivered_at);
    assert.deepEqual(after.events, ['queued', 'sms.delivered']);
    assert.deepEqual(after.webhooks, ['message.delivered']);
  });

  it('refuses what the state machine does not allow, recording the event only', async () => {
    const refused: [MessageStatus, MessageStatus][] = [
      ['delivered', 'failed'],
      ['delivered', 'sent'],
      ['failed', 'delivered'],
      ['queued', 'delivered'],
      ['cancelled', 'queued'],
      ['sent', 'queued'],
    ];
    for (const [from, to] of refused) {
      const id = await messageIn(from);
      assert.equal(await apply(id, { status: to, event: `test.${to}`, detail: {}, error: 'late' }), 'recorded', `${from} → ${to}`);
      const after = await state(id);
      assert.equal(after.status, from, `${from} → ${to} leaves it ${from}`);
      assert.deepEqual(after.webhooks, [], `${from} → ${to} emits nothing`);
      assert.deepEqual(after.events.at(-1), `test.${to}`);
    }
  });

  it('applies callbacks in their sequence: an older one arriving late changes nothing', async () => {
    const id = await messageIn('sent');
    assert.equal(await apply(id, { status: 'failed', event: 'call.busy', detail: {}, sequence: 3, error: 'call ended: busy' }), 'changed');
    const id2 = await messageIn('sending');
    assert.equal(await apply(id2, { status: 'sent', event: 'call.ringing', detail: {}, sequence: 5 }), 'changed');
    assert.equal(await apply(id2, { status: 'delivered', event: 'call.completed', detail: {}, sequence: 4 }), 'recorded');
    const after = await state(id2);
    assert.equal(after.status, 'sent');
    assert.equal(after.last_sequence, 5);
    assert.deepEqual((await state(id)).webhooks, ['message.failed']);
  });

  it("an admin's retry re-queues with fresh attempts and its dispatch job", async () => {
    const id = await messageIn('failed');
    await env.ctx.db.owner.query('update messages set attempts = 7 where tenant_id = $1 and id = $2', [tenantId, id]);
    const jobsBefore = (await state(id)).jobs;
    assert.equal(await apply(id, { status: 'queued', event: 'retry_requested', detail: {}, resetAttempts: true }), 'changed');
    const after = await state(id);
    assert.equal(after.status, 'queued');
    assert.equal(after.attempts, 0);
    assert.equal(after.jobs, Math.max(jobsBefore, 1));
    assert.deepEqual(after.webhooks, []);
  });

  it('ignores a message of another tenant as if it did not exist', async () => {
    const other = (await env.tenant()).id;
    const foreign = await withTenant(env.ctx.db.app, other, (tx) => enqueueMessage(env.ctx, tx, { tenantId: other, channel: 'sms', recipient: '+15550100', bundle: 'welcome_email' }));
    assert.equal(await apply(foreign, { status: 'failed', event: 'sms.failed', detail: {} }), 'ignored');
    const { rows } = await env.ctx.db.owner.query('select status from messages where id = $1', [foreign]);
    assert.equal(rows[0].status, 'queued');
  });
});

describe("a message's status", () => {
  it('is written only by apply_message_status and, queued → sending, by the claim', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = [
      ...readdirSync(path.join(root, 'sql/functions')).map((f) => `sql/functions/${f}`),
      ...readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => `src/${f}`),
    ];
    // an update whose set clause (before its where) assigns status
    const writers = files.filter((file) => /update\s+messages\b(?:(?!\bwhere\b)[^;])*?\bset\b(?:(?!\bwhere\b)[^;])*?\bstatus\s*=/is.test(readFileSync(path.join(root, file), 'utf8')));
    assert.deepEqual(writers.sort(), ['sql/functions/apply_message_status.sql', 'sql/functions/claim_message_for_dispatch.sql', 'sql/functions/claim_messages_for_dispatch.sql']);
  });
});
