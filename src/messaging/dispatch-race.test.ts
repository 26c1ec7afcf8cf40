/**
 * Inline dispatch (channel tests, dispatch-due) racing a running worker for the same messages, against
 * a vendor that answers at once and one that answers slowly: each message reaches the vendor once and
 * ends sent, none needs attention. A too-kind fake hid this race before: whoever lost it took the
 * winner's fresh claim for a crash.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { startTwilioFake, type TwilioFake } from '../../test/fakes/twilio.ts';
import { withTenant } from '../db/tx.ts';
import { enqueueMessage } from './messages.service.ts';
import { putChannel } from './channels.service.ts';
import { startWorker, type WorkerHandle } from '../worker/worker.ts';

const SID = 'AC' + 'd'.repeat(32);
const TOKEN = 'race-test-auth-token-000000';
const QUEUED = 100;
const CHANNEL_TESTS = 20;

let env: TestEnv;
let twilio: TwilioFake;
let worker: WorkerHandle;
before(async () => {
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0', EMBARK_WORKER_SWEEP_INTERVAL: '3600' });
  twilio = await startTwilioFake({ accountSid: SID, authToken: TOKEN });
  worker = await startWorker(env.ctx, { concurrency: 4, pollInterval: 100 });
});
after(async () => {
  await worker.stop();
  await twilio.close();
  await env.close();
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('inline dispatch beside a running worker', () => {
  for (const delay of [0, 40])
    it(`sends each message once and none needs attention (vendor answering in ${delay} ms)`, async (t) => {
      twilio.setDelay(delay);
      const tenant = await env.tenant();
      const admin = await env.user(tenant.id, 'tenant_admin');
      await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'sms', { provider: 'twilio', from: `+1555555020${delay ? 1 : 0}`, credentials: { account_sid: SID, auth_token: TOKEN, base_url: twilio.url } });
      const queuedTo = Array.from({ length: QUEUED }, (_, i) => `+1555730${delay ? 1 : 0}${String(i).padStart(4, '0')}`);
      const testedTo = Array.from({ length: CHANNEL_TESTS }, (_, i) => `+1555740${delay ? 1 : 0}${String(i).padStart(4, '0')}`);
      const base = twilio.requests.length;

      await withTenant(env.ctx.db.app, tenant.id, async (tx) => {
        for (const recipient of queuedTo) await enqueueMessage(env.ctx, tx, { tenantId: tenant.id, channel: 'sms', recipient, bundle: 'onboarding_sms', variables: { first_name: 'Race' } });
      });
      // the worker is already taking them; three admins press "dispatch due" (one through the old path)
      // and twenty channel tests go out at the same time
      const calls = [
        ...['/api/v1/messages/dispatch-due', '/api/v1/messages/dispatch-due', '/api/v1/voice/process-jobs'].map((url) => env.inject({ method: 'POST', url, token: admin.token, payload: { limit: 100 } })),
        ...testedTo.map((to) => env.inject({ method: 'POST', url: '/api/v1/tenant/channels/sms/test', token: admin.token, payload: { to } })),
      ];
      const answers = await Promise.all(calls);
      for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
      for (const answer of answers.slice(3)) assert.equal(answer.json().status, 'sent', 'a channel test reports the vendor’s answer');

      const total = QUEUED + CHANNEL_TESTS;
      const finished = async () => (await env.ctx.db.owner.query(`select count(*)::int as n from messages where tenant_id = $1 and bundle in ('onboarding_sms', 'channel_test') and status not in ('queued', 'sending')`, [tenant.id])).rows[0].n === total;
      await until(finished, 'every message to be dispatched');

      const perRecipient = new Map<string, number>();
      for (const request of twilio.requests.slice(base)) perRecipient.set(String(request.params.To), (perRecipient.get(String(request.params.To)) ?? 0) + 1);
      const { rows } = await env.ctx.db.owner.query(
        `select recipient, status, (select array_agg(status order by id) from message_events e where e.message_id = m.id) as events
         from messages m where tenant_id = $1 and bundle in ('onboarding_sms', 'channel_test')`,
        [tenant.id],
      );
      assert.equal(rows.length, total);
      for (const { recipient, status, events } of rows) {
        assert.equal(perRecipient.get(recipient), 1, `${recipient} reached the vendor ${perRecipient.get(recipient) ?? 0} times`);
        assert.equal(status, 'sent', `${recipient} ended ${status} (${events.join(' > ')})`);
        assert.deepEqual(events, ['queued', 'sending', 'sent'], recipient);
      }
      twilio.assertNoViolations();
      t.diagnostic(`${total} messages, ${twilio.requests.length - base} vendor calls, 0 sent twice, 0 needs_attention`);
    });
});
