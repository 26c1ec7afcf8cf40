/**
 * Signup onboarding throughput, each against its floor:
 * - POST /api/v1/auth/signup over HTTP, concurrently, against argon2id hashes/s with the same
 *   concurrency in the same run: a signup hashes one password, so hashing bounds it (target >= 0.85).
 * - POST /api/v1/webhooks/identity/:tenant (signed, verified, receipt, user, trigger) against one raw SQL
 *   statement that writes the same rows and adds the same job, from a pool of the app's size
 *   (target >= 0.5). Every identity both paths create is checked to be initialised exactly once.
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import type { Actor } from '../src/audit/audit.service.ts';
import { hashPassword } from '../src/identities/passwords.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import { putSignupSettings, regenerateIdentityWebhookSecret } from '../src/onboarding/signup-settings.service.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';

const ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };
const SIGNUP_TARGET = 0.85;
const WEBHOOK_TARGET = 0.5;

interface PostLoad {
  host: string;
  port: number;
  kind: 'signup' | 'webhook';
  subdomain: string;
  secret: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

interface PostResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  latencies: Float64Array;
  elapsedMs: number;
  firstError: string | null;
}

/**
 * The load generator, in a worker thread of its own (as bench/load-worker.mjs, whose requests are all
 * the same GET): every request here is a POST with a body of its own, a new person each time, and for
 * webhooks a Standard Webhooks signature computed per delivery, as an identity provider would.
 */
const POST_WORKER = String.raw`
const { connect } = require('node:net');
const { createHmac, randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { parentPort, workerData: o } = require('node:worker_threads');
const runId = randomBytes(4).toString('hex');
const secretBytes = o.secret ? Buffer.from(o.secret.slice('whsec_'.length), 'base64') : null;
const run = () => new Promise((resolve, reject) => {
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const stopAt = measureFrom + o.durationMs;
  const latencies = [];
  const statuses = {};
  let errors = 0, sent = 0, open = o.connections, firstError = null;
  const done = () => { if (--open === 0) resolve({ requests: latencies.length, errors, statuses, latencies: Float64Array.from(latencies), elapsedMs: Math.min(performance.now(), stopAt) - measureFrom, firstError }); };
  const request = (connection) => {
    const n = sent++;
    const who = 'b' + runId + '-' + n;
    let path, headers = {}, body;
    if (o.kind === 'signup') {
      path = '/api/v1/auth/signup';
      body = JSON.stringify({ tenant: o.subdomain, email: who + '@signup.bench', password: 'bench signup password', metadata: { signup_mode: n % 2 ? 'talent' : 'hirer', first_name: 'Bench', last_name: 'Person ' + n } });
    } else {
      path = '/api/v1/webhooks/identity/' + o.subdomain;
      body = JSON.stringify({ type: 'user.created', data: { id: 'idp-' + who, email: who + '@idp.bench', raw_user_meta_data: { signup_mode: n % 2 ? 'talent' : 'hirer', first_name: 'Bench', last_name: 'Person ' + n } } });
      const id = 'msg_' + who, ts = Math.floor(Date.now() / 1000);
      const mac = createHmac('sha256', secretBytes).update(id + '.' + ts + '.').update(body).digest('base64');
      headers = { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': 'v1,' + mac };
    }
    const head = ['POST ' + path + ' HTTP/1.1', 'host: ' + o.host + ':' + o.port, 'connection: keep-alive', 'content-type: application/json',
      'x-forwarded-for: 10.77.' + (connection >> 8) + '.' + (connection & 255),
      'content-length: ' + Buffer.byteLength(body), ...Object.entries(headers).map(([k, v]) => k + ': ' + v)].join('\r\n') + '\r\n\r\n';
    return Buffer.from(head + body);
  };
  for (let i = 0; i < o.connections; i++) {
    const socket = connect({ host: o.host, port: o.port, noDelay: true });
    let buffer = Buffer.alloc(0), sentAt = 0;
    const send = () => {
      if (performance.now() >= stopAt) { socket.end(); return done(); }
      sentAt = performance.now();
      socket.write(request(i));
    };
    socket.on('connect', send);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = buffer.subarray(0, headerEnd).toString('latin1');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(header);
      if (!length) return reject(new Error('no content-length: ' + header.slice(0, 200)));
      const total = headerEnd + 4 + Number(length[1]);
      if (buffer.length < total) return;
      const status = header.slice(9, 12);
      const ok = status === (o.kind === 'signup' ? '201' : '200');
      if (!ok && !firstError) firstError = status + ' ' + buffer.subarray(headerEnd + 4, total).toString('utf8').slice(0, 300);
      buffer = buffer.subarray(total);
      if (sentAt >= measureFrom) {
        latencies.push(performance.now() - sentAt);
        statuses[status] = (statuses[status] || 0) + 1;
        if (!ok) errors++;
      }
      send();
    });
  }
});
run().then((result) => parentPort.postMessage(result, [result.latencies.buffer]), (error) => { throw error; });
`;

function drivePosts(options: PostLoad): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(POST_WORKER, { eval: true, workerData: options });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** The rounds of one HTTP target as one row: requests over the summed measured time. */
function loadRow(name: string, unit: string, runs: PostResult[]): Row & Tally {
  const all = Float64Array.from(runs.flatMap((r) => [...r.latencies])).sort();
  const count = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.elapsedMs / 1000, 0);
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [status, n] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const firstError = runs.find((r) => r.firstError)?.firstError;
  return {
    name,
    value: Math.round((count / seconds) * 10) / 10,
    unit,
    count,
    seconds,
    detail: `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, ${count} requests (${Object.entries(statuses)
      .map(([s, n]) => `${n}×${s}`)
      .join(' ')})${firstError ? `; first error: ${firstError}` : ''}`,
  };
}

export interface Tally {
  count: number;
  seconds: number;
}

const perSecond = (t: Tally) => t.count / t.seconds;
const sum = (tallies: Tally[]): Tally => ({ count: tallies.reduce((n, t) => n + t.count, 0), seconds: tallies.reduce((n, t) => n + t.seconds, 0) });

/** argon2id at the HTTP target's concurrency, for as long as one of its rounds (the signup and approvals benches). */
export async function hashRound(concurrency: number, seconds: number): Promise<Tally> {
  await hashPassword('warm-up password');
  const start = performance.now();
  const stopAt = start + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        await hashPassword('bench password');
        count++;
      }
    }),
  );
  return { count, seconds: (performance.now() - start) / 1000 };
}

/** The statements one call sends to PostgreSQL (node-postgres sends each after the previous answer). */
export async function roundTrips(call: () => Promise<void>): Promise<number> {
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await call();
  } finally {
    pg.Client.prototype.query = original;
  }
  return count;
}

/**
 * The floor for one identity: every row the webhook path writes (user, profile, preferences, role,
 * state, message and its event, receipt, identity link, audit entry) and the dispatch job, in one
 * statement from a plain pg pool as the owner, with the values computed by the client. The
 * onboarding trigger is disabled while it runs, or it would do the work a second time.
 */
const RAW_IDENTITY = `
with u as (
  insert into users (tenant_id, email, role, metadata) values ($1, $2, 'member', $3) returning tenant_id, id
), receipt as (
  insert into webhook_receipts (tenant_id, provider, event_id, event_type, headers, body, outcome)
  select tenant_id, 'identity:' || tenant_id, $4, 'user.created', '{}', $5, 'processed' from u
), link as (
  insert into identity_links (tenant_id, provider, subject, user_id) select tenant_id, 'identity:' || tenant_id, $4, id from u
), audit as (
  insert into audit_log (tenant_id, actor_kind, action, target_type, target_id, details) select tenant_id, 'system', 'user.created', 'user', id::text, '{}' from u
), profile as (
  insert into user_profiles (tenant_id, user_id, first_name, last_name) select tenant_id, id, 'Bench', $6 from u
), preferences as (
  insert into user_preferences (tenant_id, user_id, default_mode, last_mode) select tenant_id, id, 'talent', 'talent' from u
), role as (
  insert into role_assignments (tenant_id, user_id, role_key, source) select tenant_id, id, 'talent', 'signup' from u
), message as (
  insert into messages (tenant_id, channel, recipient, bundle, variant, variables, artifacts, user_id, related_type, related_id)
  select tenant_id, 'email', $2, 'onboarding_email', 'talent', $7, '{"signup_mode": "talent", "role": "talent"}', id, 'onboarding', id::text from u
  returning tenant_id, id, user_id
), event as (
  insert into message_events (tenant_id, message_id, status) select tenant_id, id, 'queued' from message
), state as (
  insert into onboarding_states (tenant_id, user_id, signup_mode, role_key, contact_status, contact_channel, contact_message_id)
  select tenant_id, user_id, 'talent', 'talent', 'queued', 'email', id from message
)
select graphile_worker.add_job('dispatch_message', json_build_object('tenant_id', tenant_id, 'message_id', id), job_key => 'message:' || id, max_attempts => 25) from message`;

/** One round of the floor; `tag` keeps the rows of each round apart. */
async function rawRound(bench: BenchContext, tenantId: string, tag: string, warmupSeconds: number, seconds: number): Promise<Tally> {
  const pool = new pg.Pool({ connectionString: bench.ctx.db.url, max: bench.ctx.config.dbPoolSize });
  let n = 0;
  const one = async () => {
    const i = n++;
    const email = `raw${tag}-${i}@raw.bench`;
    const subject = `raw_${tag}_${i}`;
    const metadata = { signup_mode: 'talent', first_name: 'Bench', last_name: `Person ${i}` };
    const variables = { first_name: 'Bench', last_name: `Person ${i}`, full_name: `Bench Person ${i}`, organization_name: null, signup_mode: 'talent', business_name: 'Bench onboarding', tenant_name: 'Bench onboarding' };
    await pool.query(RAW_IDENTITY, [tenantId, email, metadata, subject, JSON.stringify({ type: 'user.created', data: { id: subject, email, raw_user_meta_data: metadata } }), `Person ${i}`, variables]);
  };
  const loop = async (stopAt: number) => {
    while (performance.now() < stopAt) await one();
  };
  await bench.ctx.db.owner.query('alter table users disable trigger on_user_created_onboarding');
  try {
    const warmupEnd = performance.now() + warmupSeconds * 1000;
    await Promise.all(Array.from({ length: bench.connections }, () => loop(warmupEnd)));
    const start = performance.now();
    const before = n;
    const stopAt = start + seconds * 1000;
    await Promise.all(Array.from({ length: bench.connections }, () => loop(stopAt)));
    return { count: n - before, seconds: (performance.now() - start) / 1000 };
  } finally {
    await bench.ctx.db.owner.query('alter table users enable trigger on_user_created_onboarding');
    await pool.end();
  }
}

export const signup: Benchmark = {
  name: 'signup',
  async run(bench: BenchContext): Promise<Row[]> {
    const { ctx } = bench;
    const tenant = await createTenant(ctx, ACTOR, { name: 'Bench onboarding', subdomain: 'bench-onboarding' });
    await putSignupSettings(ctx, ACTOR, tenant.id, {
      self_signup_open: true,
      modes: [
        { key: 'talent', label: 'Talent', role: 'talent', template_variant: 'talent' },
        { key: 'hirer', label: 'Hirer', role: 'hirer', template_variant: 'hirer' },
      ],
      roles: [
        { key: 'member', label: 'Member' },
        { key: 'talent', label: 'Talent', self_assignable: true },
        { key: 'hirer', label: 'Hirer', self_assignable: true },
      ],
      default_role: 'member',
      contact_policy: { channels: ['voice', 'sms', 'email'] },
    });
    const { secret } = await regenerateIdentityWebhookSecret(ctx, ACTOR, tenant.id);

    // alternating rounds, so a burst of other work on the machine hits each target and its floor alike
    const rows: Row[] = [];
    await ctx.db.owner.query('analyze'); // statistics for what was just written, as a grown database has
    // people signing up come from many addresses, and one address may hash only a couple of passwords
    // at once: behind a trusted proxy, each connection of the load generator is an address of its own
    const app = await buildApp({ ...ctx, config: { ...ctx.config, trustProxy: 1 } });
    const hashRounds: Tally[] = [];
    const signupRuns: PostResult[] = [];
    const webhookRuns: PostResult[] = [];
    const rawRounds: Tally[] = [];
    let signupTrips: number;
    let webhookTrips: number;
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as AddressInfo).port;
      const base = `http://127.0.0.1:${port}`;

      const signupOnce = async (email: string) => {
        const res = await fetch(`${base}/api/v1/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: tenant.subdomain, email, password: 'bench signup password', metadata: { signup_mode: 'talent' } }) });
        if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
      };
      await signupOnce('warm@signup.bench');
      signupTrips = await roundTrips(() => signupOnce('trips@signup.bench'));
      webhookTrips = await roundTrips(async () => {
        const body = JSON.stringify({ type: 'user.created', data: { id: 'idp-trips', email: 'trips@idp.bench', raw_user_meta_data: { signup_mode: 'talent' } } });
        const ts = Math.floor(Date.now() / 1000);
        const mac = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
          .update(`msg_trips.${ts}.`)
          .update(body)
          .digest('base64');
        const res = await fetch(`${base}/api/v1/webhooks/identity/${tenant.subdomain}`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'msg_trips', 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${mac}` }, body });
        if (res.status !== 200) throw new Error(`webhook: ${res.status} ${await res.text()}`);
      });

      const seconds = bench.durationSeconds / bench.rounds;
      for (let i = 0; i < bench.rounds; i++) {
        const warmupSeconds = i === 0 ? bench.warmupSeconds : 1;
        const load = { host: '127.0.0.1', port, subdomain: tenant.subdomain, secret, connections: bench.connections, warmupMs: warmupSeconds * 1000, durationMs: seconds * 1000 };
        hashRounds.push(await hashRound(bench.connections, seconds));
        signupRuns.push(await drivePosts({ ...load, kind: 'signup' }));
        webhookRuns.push(await drivePosts({ ...load, kind: 'webhook' }));
        rawRounds.push(await rawRound(bench, tenant.id, String(i), warmupSeconds, seconds));
      }
    } finally {
      await app.close();
    }
    const hashes = sum(hashRounds);
    const signups = loadRow(`Embark  POST /api/v1/auth/signup, ${bench.connections} connections`, 'signups/s', signupRuns);
    const webhooks = loadRow(`Embark  POST /api/v1/webhooks/identity/:tenant, ${bench.connections} connections`, 'identities/s', webhookRuns);
    const raw = sum(rawRounds);
    // each round pairs a target with its floor measured right after it; the median of those ratios is
    // what a burst of other work on the machine (which lands in one round) moves least
    const ratiosByRound = (runs: PostResult[], floors: Tally[]) => runs.map((r, i) => r.requests / (r.elapsedMs / 1000) / perSecond(floors[i]!));
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    };
    const ratioRow = (name: string, runs: PostResult[], floors: Tally[], combined: number, target: number): Row => {
      const perRound = ratiosByRound(runs, floors);
      const ratio = median(perRound);
      return {
        name,
        value: Number(ratio.toFixed(2)),
        unit: '×',
        meetsTarget: ratio >= target,
        detail: `target >= ${target}; median of the rounds ${perRound.map((r) => r.toFixed(2)).join(', ')}; all rounds together ${combined.toFixed(2)}`,
      };
    };

    rows.push({ name: `argon2id hashPassword, ${bench.connections} at a time`, value: Math.round(perSecond(hashes) * 10) / 10, unit: 'hashes/s', detail: `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}` });
    rows.push(signups);
    rows.push(ratioRow('ratio   signups / argon2id hashes', signupRuns, hashRounds, perSecond(signups) / perSecond(hashes), SIGNUP_TARGET));
    rows.push(webhooks);
    rows.push({ name: `raw SQL one statement, same rows + add_job, ${bench.connections} at a time`, value: Math.round(perSecond(raw) * 10) / 10, unit: 'identities/s', detail: `pool ${ctx.config.dbPoolSize}, as the owner, onboarding trigger disabled` });
    rows.push(ratioRow('ratio   identity webhook / raw SQL', webhookRuns, rawRounds, perSecond(webhooks) / perSecond(raw), WEBHOOK_TARGET));
    rows.push({ name: 'round trips to PostgreSQL per signup', value: signupTrips, unit: 'queries', detail: 'signup_member (checks, user, its trigger, audit); signup_gate before hashing too when the tenant is not in the 10 s cache' });
    rows.push({ name: 'round trips to PostgreSQL per identity webhook', value: webhookTrips, unit: 'queries', detail: 'identity_webhook_target; begin + tenant; recordReceipt; identity_webhook_user (user, its trigger, link, audit); commit' });

    // every identity the run created, by whichever path, initialised exactly once
    const { rows: check } = await ctx.db.owner.query(
      `select count(*)::int as users,
              count(*) filter (where (select count(*) from onboarding_states s where s.user_id = u.id) <> 1)::int as not_once,
              count(*) filter (where (select count(*) from messages m where m.user_id = u.id and m.related_type = 'onboarding') <> 1)::int as contacts_not_once
         from users u where u.tenant_id = $1`,
      [tenant.id],
    );
    const broken = check[0].not_once + check[0].contacts_not_once;
    rows.push({ name: 'identities not initialised exactly once', value: broken, unit: 'users', detail: `of ${check[0].users} created in this run`, meetsTarget: broken === 0 });
    return rows;
  },
};
