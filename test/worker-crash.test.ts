/**
 * Kills a worker process in the middle of a batch of dispatches, starts another, and checks that no
 * message is lost and none reaches the vendor twice: each is sent exactly once, or — where the worker
 * died while the vendor call was in flight and the vendor cannot deduplicate — shown as needs_attention.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from './helpers.ts';
import { startTwilioFake, type TwilioFake } from './fakes/twilio.ts';
import { withTenant } from '../src/db/tx.ts';
import { enqueueMessage } from '../src/messaging/messages.service.ts';
import { putChannel } from '../src/messaging/channels.service.ts';
import { waitFor } from './processes.ts';

const SID = 'AC' + 'c'.repeat(32);
const TOKEN = 'crash-test-auth-token-000000';
const COUNT = 40;
const root = path.resolve(import.meta.dirname, '..');

let env: TestEnv;
let twilio: TwilioFake;
const workers: ChildProcess[] = [];

function startWorkerProcess(batch: number): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'bin/embark.js'), 'worker', '--concurrency', '4'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: env.url,
      EMBARK_SECRET_KEY: env.config.secretKey.toString('hex'),
      EMBARK_ALLOW_PROVIDER_BASE_URLS: 'true',
      EMBARK_LOG_LEVEL: 'error',
      EMBARK_SENDING_TIMEOUT: '1',
      EMBARK_WORKER_SWEEP_INTERVAL: '1',
      EMBARK_RETRY_BASE_SECONDS: '0',
      EMBARK_DISPATCH_BATCH: String(batch),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

before(async () => {
  env = await createTestEnv();
  twilio = await startTwilioFake({ accountSid: SID, authToken: TOKEN });
});
after(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await twilio.close();
  await env.close();
});

describe('a worker killed mid-batch', () => {
  // one message per job, and batches small enough that the kill lands with some of them in flight,
  // some claimed but not yet sent (their jobs already taken out of the queue), and some still queued
  for (const batch of [1, 3])
    it(`loses no message and sends none twice after another worker takes over (dispatch batches of ${batch})`, async (t) => {
      const tenant = await env.tenant();
      await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'sms', { provider: 'twilio', from: `+1555555010${batch}`, credentials: { account_sid: SID, auth_token: TOKEN, base_url: twilio.url } });
      // slow vendor answers make it likely that the kill lands while calls are in flight
      twilio.setDelay(150);
      const recipients = Array.from({ length: COUNT }, (_, i) => `+155570${batch}${String(i).padStart(4, '0')}`);
      const base = twilio.requests.length;
      const requests = () => twilio.requests.slice(base);
      await withTenant(env.ctx.db.app, tenant.id, async (tx) => {
        for (const recipient of recipients) {
          await enqueueMessage(env.ctx, tx, { tenantId: tenant.id, channel: 'sms', recipient, bundle: 'onboarding_sms', variables: { first_name: 'Crash' } });
        }
      });

      const first = startWorkerProcess(batch);
      await waitFor(() => requests().length >= 8, 'the first worker to be sending', first);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      const sentBeforeKill = requests().length;
      assert.ok(sentBeforeKill < COUNT, 'the kill happened mid-batch');

      twilio.setDelay(0);
      const second = startWorkerProcess(batch);
      const terminal = async () => {
        const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from messages where tenant_id = $1 and status in ('sent', 'needs_attention', 'failed')`, [tenant.id]);
        return rows[0].n === COUNT;
      };
      await waitFor(terminal, 'every message to reach a final state', second);
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));

      const perRecipient = new Map<string, number>();
      for (const request of requests()) perRecipient.set(String(request.params.To), (perRecipient.get(String(request.params.To)) ?? 0) + 1);
      const { rows } = await env.ctx.db.owner.query('select recipient, status from messages where tenant_id = $1', [tenant.id]);
      assert.equal(rows.length, COUNT);
      for (const { recipient, status } of rows) {
        const calls = perRecipient.get(recipient) ?? 0;
        assert.ok(calls <= 1, `${recipient} reached the vendor ${calls} times`);
        if (status === 'sent') assert.equal(calls, 1, `${recipient} is sent, so the vendor has it once`);
        else assert.equal(status, 'needs_attention', `${recipient} ended ${status}`);
      }
      const attention = rows.filter((r) => r.status === 'needs_attention').length;
      t.diagnostic(`${sentBeforeKill} vendor calls before the kill; ${rows.length - attention} sent once, ${attention} need attention`);
      twilio.assertNoViolations();
    });
});
