/**
 * The database cuts every connection of `embark serve` (with its in-process worker) and of an
 * `embark worker`, three times, while messages are being sent and requests served. Both processes
 * survive; a request in flight answers 503 database_unavailable with Retry-After, never 500; /readyz
 * is ready again once the pools reconnect; and every queued message reaches the vendor exactly once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from './helpers.ts';
import { startTwilioFake, type TwilioFake } from './fakes/twilio.ts';
import { freePort } from './net.ts';
import { putChannel } from '../src/messaging/channels.service.ts';

const SID = 'AC' + 'e'.repeat(32);
const TOKEN = 'connection-loss-auth-token-0';
const ROUNDS = 3;
const PER_ROUND = 30;
const root = path.resolve(import.meta.dirname, '..');

let env: TestEnv;
let twilio: TwilioFake;
let observer: pg.Client;
const processes: { name: string; child: ChildProcess; output: string[] }[] = [];

function start(name: string, args: string[], extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(root, 'bin/embark.js'), ...args], {
    cwd: root,
    env: {
      ...process.env,
      ...extra,
      DATABASE_URL: env.url,
      EMBARK_SECRET_KEY: env.config.secretKey.toString('hex'),
      EMBARK_ALLOW_PROVIDER_BASE_URLS: 'true',
      EMBARK_LOG_LEVEL: 'warn',
      // short, so the sweep releases what a cut connection left locked within the test's patience
      EMBARK_SENDING_TIMEOUT: '3',
      EMBARK_WORKER_SWEEP_INTERVAL: '1',
      EMBARK_RETRY_BASE_SECONDS: '0',
      EMBARK_WORKER_CONCURRENCY: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  processes.push({ name, child, output });
  return child;
}

function assertAlive(): void {
  for (const { name, child, output } of processes) {
    assert.equal(child.exitCode, null, `${name} exited with ${child.exitCode}:\n${output.join('').slice(-3000)}`);
  }
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return;
    assertAlive();
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  env = await createTestEnv();
  twilio = await startTwilioFake({ accountSid: SID, authToken: TOKEN });
  twilio.setDelay(20);
  // the test's own connection, which the rounds spare
  observer = new pg.Client({ connectionString: env.url, application_name: 'connection-loss-observer' });
  observer.on('error', () => undefined);
  await observer.connect();
});
after(async () => {
  for (const { child } of processes) if (child.exitCode === null) child.kill('SIGKILL');
  await observer.end().catch(() => undefined);
  await twilio.close();
  await env.close();
});

describe('a database that cuts its connections', () => {
  it(`leaves serve and worker running, answers 503 meanwhile, and sends every message once (${ROUNDS} rounds)`, async (t) => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'sms', { provider: 'twilio', from: '+15555550301', credentials: { account_sid: SID, auth_token: TOKEN, base_url: twilio.url } });
    // the in-process pools of the test itself are not under test: close them so that only the
    // observer stays connected beside Embark's processes
    const database = new URL(env.url).pathname.slice(1);

    const port = await freePort();
    start('embark serve', ['serve', '--port', String(port)]);
    start('embark worker', ['worker']);
    const base = `http://127.0.0.1:${port}`;
    const ready = async () => (await fetch(`${base}/readyz`)).status === 200;
    await until(ready, 'embark serve to be ready');

    // light traffic for the whole run: every answer is a success or a 503 that says to retry
    const answers = new Map<string, number>();
    let traffic = true;
    const client = (async () => {
      while (traffic) {
        for (const url of ['/api/v1/users', '/api/v1/messages?limit=5', '/api/v1/tenant/profile']) {
          const res = await fetch(base + url, { headers: { authorization: `Bearer ${admin.token}` } }).catch(() => undefined);
          if (!res) continue;
          const body = await res.text();
          const key = res.status === 200 ? '200' : `${res.status} ${JSON.parse(body).code}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
          if (res.status !== 200) {
            assert.equal(res.status, 503, `${url}: ${body}`);
            assert.equal(JSON.parse(body).code, 'database_unavailable', body);
            assert.ok(Number(res.headers.get('retry-after')) > 0, 'Retry-After is set');
          }
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const recipients: string[] = [];
    let terminated = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: PER_ROUND }, (_, i) => `+1555750${round}${String(i).padStart(4, '0')}`);
      recipients.push(...batch);
      await observer.query('begin');
      await observer.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
      for (const to of batch) await observer.query(`select enqueue_message($1, 'sms', $2, 'onboarding_sms', '{"first_name": "Cut"}')`, [tenant.id, to]);
      await observer.query('commit');
      // let dispatch get under way, then cut every connection but the observer's
      await new Promise((r) => setTimeout(r, 60));
      const { rowCount } = await observer.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and application_name like 'embark%'`, [database]);
      terminated += rowCount ?? 0;
      await new Promise((r) => setTimeout(r, 1000));
      assertAlive();
      await until(ready, `/readyz to answer ready after round ${round + 1}`);
    }

    const done = async () => (await observer.query(`select count(*)::int as n from messages where tenant_id = $1 and bundle = 'onboarding_sms' and status not in ('queued', 'sending')`, [tenant.id])).rows[0].n === recipients.length;
    await until(done, 'every message to be dispatched');
    traffic = false;
    await client;
    assertAlive();

    const perRecipient = new Map<string, number>();
    for (const request of twilio.requests) perRecipient.set(String(request.params.To), (perRecipient.get(String(request.params.To)) ?? 0) + 1);
    const { rows } = await observer.query(`select recipient, status from messages where tenant_id = $1 and bundle = 'onboarding_sms'`, [tenant.id]);
    assert.equal(rows.length, recipients.length);
    for (const { recipient, status } of rows) {
      assert.equal(perRecipient.get(recipient), 1, `${recipient} reached the vendor ${perRecipient.get(recipient) ?? 0} times`);
      assert.equal(status, 'sent', `${recipient} ended ${status}`);
    }
    twilio.assertNoViolations();
    assert.ok(terminated >= ROUNDS, 'connections were cut');

    for (const { child } of processes) child.kill('SIGTERM');
    for (const { name, child } of processes) {
      const code = child.exitCode ?? (await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c))));
      assert.ok(code === 0 || code === 143, `${name} stopped on SIGTERM with ${code}`);
    }
    for (const { name, output } of processes) {
      assert.doesNotMatch(output.join(''), /unhandled promise rejection|"level":60/, `${name} logged no fatal error`);
    }
    t.diagnostic(`${ROUNDS} rounds, ${terminated} connections cut; ${recipients.length} messages each sent once; answers ${JSON.stringify(Object.fromEntries(answers))}`);
  });
});
