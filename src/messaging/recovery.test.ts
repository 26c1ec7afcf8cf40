import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { enqueueMessage } from './messages.service.ts';
import { sweepStuckWork } from '../jobs/work.ts';
import { STUCK_WORK } from '../tasks/index.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv({ EMBARK_SENDING_TIMEOUT: '1' });
});
after(async () => {
  await env.close();
});

/** What a worker killed mid-job leaves: its job locked by a worker that will never finish it. */
async function orphan(key: string) {
  await env.ctx.db.owner.query(`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'dead-worker' where key = $1`, [key]);
}

describe('the sweep for stuck work (sweepStuckWork)', () => {
  it('gives a message and a webhook delivery left behind by a dead worker a new job, and leaves fresh ones alone', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const endpoint = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: 'https://hooks.example.test/x' } });
    const test = await env.inject({ method: 'POST', url: `/api/v1/tenant/webhooks/${endpoint.json().id}/test`, token: admin.token, payload: {} });
    const deliveryId = test.json().id as string;
    const messageId = await withTenant(env.ctx.db.app, tenant.id, (tx) => enqueueMessage(env.ctx, tx, { tenantId: tenant.id, channel: 'email', recipient: 'a@example.test', bundle: 'welcome_email' }));
    await orphan(`message:${messageId}`);
    await orphan(`webhook:${deliveryId}`);
    await env.ctx.db.owner.query(`update messages set status = 'sending' where id = $1`, [messageId]);
    await env.ctx.db.owner.query(`update webhook_deliveries set status = 'delivering' where id = $1`, [deliveryId]);

    const runnable = async (key: string) => (await env.ctx.db.owner.query(`select 1 from graphile_worker.jobs where key = $1 and locked_at is null`, [key])).rows.length;
    await sweepStuckWork(env.ctx, STUCK_WORK);
    assert.equal(await runnable(`message:${messageId}`), 0, 'not older than the timeout yet: left alone');
    assert.equal(await runnable(`webhook:${deliveryId}`), 0);
    // older than EMBARK_SENDING_TIMEOUT (1 s); updated_at is kept by a trigger, so let it age
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // (the tenant admin's own first-contact message, queued with no worker running, is picked up too)
    assert.ok((await sweepStuckWork(env.ctx, STUCK_WORK)) >= 2);
    assert.equal(await runnable(`message:${messageId}`), 1);
    assert.equal(await runnable(`webhook:${deliveryId}`), 1);
    assert.equal(await sweepStuckWork(env.ctx, STUCK_WORK), 0, 'touched: not picked up again straight away');
  });
});
