/**
 * Event ingest and analytics (issue 12 §7), in one run on one tenant with a checklist:
 *  - batched ingest: POST /api/v1/events batches of 1,000 against a raw multi-row INSERT of the same
 *    rows through `pg` into tracked_events, in alternating rounds (target ≥ 0.5×);
 *  - a single-event POST one at a time, p50/p99;
 *  - with 100,000 users and 1,000,000 events loaded by SQL (generate_series, triggers off, over the past
 *    90 days): the onboarding status read GET /api/v1/onboarding/status?user_id= p50/p99 (target
 *    p99 < 5 ms), a 5-step funnel over 90 days (target < 0.5 s), 90-day DAU read live and from the
 *    rollups (target < 0.2 s with rollups), and the rollup itself;
 *  - the same at 10,000,000 events when BENCH_ANALYTICS_10M=1 (about 5 more minutes of loading on
 *    2 cores; targets: funnel < 5 s, DAU < 0.2 s), with how each cost grew.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import type { Actor } from '../src/audit/audit.service.ts';
import { createUser } from '../src/identities/users.service.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import { driveLoad, percentile } from './load.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';

const ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };
const PASSWORD = 'bench analytics password';
const USERS = 100_000;
const BATCH = 1000;
const INGEST_BATCHES = 10;
const STEPS = ['signup.done', 'project.created', 'service.created', 'invite.sent', 'deploy.done'];
const NAMES = [...STEPS, 'page.viewed', 'page.viewed', 'page.viewed', 'button.clicked', 'search.done'];
const DAYS = 90;

const ms = (start: number) => performance.now() - start;
const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Times `fn` `runs` times (after one warm-up run): median and max in ms. */
async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times.at(-1)! };
}

export const analytics: Benchmark = {
  name: 'analytics',
  async run(bench: BenchContext): Promise<Row[]> {
    const { ctx } = bench;
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const rows: Row[] = [];
    const owner = ctx.db.owner;
    try {
      const tag = randomBytes(3).toString('hex');
      const tenant = await createTenant(ctx, ACTOR, { name: 'Analytics bench', subdomain: `analytics${tag}` });
      await createUser(ctx, ACTOR, tenant.id, { email: `admin@analytics${tag}.bench`, role: 'tenant_admin', password: PASSWORD });
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `admin@analytics${tag}.bench`, password: PASSWORD, tenant: tenant.subdomain }) });
      const adminToken = ((await login.json()) as { access_token: string }).access_token;
      const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
      const keyRes = await fetch(`${base}/api/v1/tenant/api-keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'bench', scopes: ['events:write', 'analytics:read', 'onboarding:read'] }) });
      const key = { authorization: `Bearer ${((await keyRes.json()) as { key: string }).key}`, 'content-type': 'application/json' };
      // a checklist whose rules read two of the events: ingest counts those as it stores them
      const checklist = await fetch(`${base}/api/v1/tenant/checklists/start`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({
          title: 'Get started',
          scope: 'user',
          tasks: [
            { slug: 'service', title: 'Create a service', rule: { kind: 'live_count', object: 'service', min: 1 } },
            { slug: 'invite', title: 'Invite someone', rule: { kind: 'event', event: 'invite.sent' } },
            { slug: 'plan', title: 'Pick a plan', rule: { kind: 'property', property: 'plan', equals: 'pro' } },
          ],
        }),
      });
      if (checklist.status !== 200) throw new Error(`checklist: ${checklist.status} ${await checklist.text()}`);

      // 100,000 users with their progress, written by SQL with triggers off (as a grown tenant would have them)
      process.stderr.write(`  loading ${USERS.toLocaleString('en-US')} users…\n`);
      const loader = await owner.connect();
      try {
        await loader.query('set session_replication_role = replica');
        await loader.query(`insert into users (tenant_id, email, role) select $1, 'u' || g || '@analytics.bench', 'member' from generate_series(1, ${USERS}) g`, [tenant.id]);
        await loader.query(
          `insert into onboarding_progress (tenant_id, subject_type, subject_id, checklist_key, version, done, required)
           select u.tenant_id, 'user', u.id, 'start', 1, 0, 3 from users u where u.tenant_id = $1 and u.role = 'member'`,
          [tenant.id],
        );
        for (let m = 0; m <= 4; m++) await loader.query(`select make_tracked_events_partition((now() - make_interval(months => ${m}))::date)`);
      } finally {
        await loader.query('reset session_replication_role');
        loader.release();
      }
      await owner.query('analyze users, onboarding_progress');
      const { rows: someUsers } = await owner.query<{ id: string }>(`select id from users where tenant_id = $1 and role = 'member' order by id limit ${BATCH}`, [tenant.id]);
      const userIds = someUsers.map((u) => u.id);

      // ---- batched ingest against a raw multi-row INSERT of the same rows -------------------------
      const batchOf = (round: number) =>
        Array.from({ length: BATCH }, (_, i) => ({
          event: NAMES[(round + i) % NAMES.length]!,
          user_id: userIds[i]!,
          properties: { plan: i % 3 === 0 ? 'pro' : 'free', n: i },
          timestamp: new Date(Date.now() - ((round * BATCH + i) % 86_400) * 1000).toISOString(),
        }));
      const postBatch = async (round: number) => {
        const res = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: key, body: JSON.stringify({ batch: batchOf(round) }) });
        if (res.status !== 200) throw new Error(`ingest: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      };
      const rawBatch = async (round: number) => {
        const events = batchOf(round);
        const params: unknown[] = [];
        const values = events.map((e) => {
          params.push(tenant.id, e.timestamp, e.event, e.user_id, JSON.stringify(e.properties));
          const n = params.length;
          return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
        });
        await owner.query(`insert into tracked_events (tenant_id, occurred_at, event, user_id, properties) values ${values.join(', ')}`, params);
      };
      await postBatch(0);
      await rawBatch(0);
      let embarkMs = 0;
      let rawMs = 0;
      for (let round = 0; round < bench.rounds; round++) {
        for (let i = 0; i < INGEST_BATCHES / bench.rounds; i++) {
          let start = performance.now();
          await postBatch(round * 100 + i + 1);
          embarkMs += ms(start);
          start = performance.now();
          await rawBatch(round * 100 + i + 1);
          rawMs += ms(start);
        }
      }
      const batches = Math.floor(INGEST_BATCHES / bench.rounds) * bench.rounds;
      const embarkRate = (batches * BATCH) / (embarkMs / 1000);
      const rawRate = (batches * BATCH) / (rawMs / 1000);
      rows.push({ name: 'analytics: batched ingest, POST /api/v1/events', value: Math.round(embarkRate), unit: 'events/s', detail: `${batches} batches of ${BATCH}, one at a time, alternating with the raw INSERT` });
      rows.push({ name: 'analytics: raw multi-row INSERT through pg', value: Math.round(rawRate), unit: 'events/s', detail: 'the same rows into tracked_events, owner connection' });
      const ratio = embarkRate / rawRate;
      rows.push({ name: 'analytics: batched ingest / raw INSERT', value: Number(ratio.toFixed(2)), unit: '×', meetsTarget: ratio >= 0.5, detail: 'target ≥ 0.5×' });

      // ---- one event at a time --------------------------------------------------------------------
      const single: number[] = [];
      for (let i = 0; i < 600; i++) {
        const body = JSON.stringify({ event: NAMES[i % NAMES.length], user_id: userIds[i % userIds.length], properties: { n: i } });
        const start = performance.now();
        const res = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: key, body });
        await res.arrayBuffer();
        if (i >= 100) single.push(ms(start));
        if (res.status !== 200) throw new Error(`single event: ${res.status}`);
      }
      const sorted = Float64Array.from(single).sort();
      rows.push({ name: 'analytics: single-event POST', value: Number(percentile(sorted, 0.5).toFixed(2)), unit: 'ms p50', detail: `p99 ${percentile(sorted, 0.99).toFixed(2)} ms, ${single.length} requests one at a time (fetch, keep-alive)` });

      // ---- the big tenant: 1M events, then 10M when asked -------------------------------------------
      const targets = process.env.BENCH_ANALYTICS_10M === '1' ? [1_000_000, 10_000_000] : [1_000_000];
      let loaded = 0;
      const costs: { events: number; funnel: number; dau: number; dauLive: number }[] = [];
      const to = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
      const funnelUrl = `${base}/api/v1/analytics/funnel?steps=${STEPS.join(',')}&from=${from}&to=${to}&window=7d`;
      const dauUrl = `${base}/api/v1/analytics/active-users?interval=day&from=${from}&to=${to}`;
      const read = async (url: string) => {
        const res = await fetch(url, { headers: key });
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      for (const target of targets) {
        const more = target - loaded;
        process.stderr.write(`  loading ${more.toLocaleString('en-US')} events (to ${target.toLocaleString('en-US')}) over ${DAYS} days…\n`);
        const loadStart = performance.now();
        const client = await owner.connect();
        try {
          await client.query('set session_replication_role = replica');
          // in chunks of a million: each a statement the machine holds easily; users picked at random, times spread over the 90 days
          // users numbered 1…USERS to join on: indexing a 100,000-element array per row would detoast it every time
          await client.query(`create temporary table if not exists bench_users as select row_number() over (order by id)::int as n, id from users where tenant_id = $1 and role = 'member'`, [tenant.id]);
          await client.query('create unique index if not exists bench_users_n on bench_users (n)');
          for (let done = 0; done < more; done += 1_000_000) {
            const n = Math.min(1_000_000, more - done);
            await client.query(
              `insert into tracked_events (tenant_id, occurred_at, event, user_id, properties, source)
               select $1, now() - random() * interval '${DAYS} days', ($2::text[])[1 + floor(random() * ${NAMES.length})::int], b.id, '{}', 'api'
                 from generate_series(1, ${n}) g join bench_users b on b.n = 1 + (g::bigint * 7919 + ${done + loaded}) % ${USERS}`,
              [tenant.id, NAMES],
            );
          }
        } finally {
          await client.query('reset session_replication_role');
          client.release();
        }
        await owner.query('vacuum analyze tracked_events');
        loaded = target;
        const loadSeconds = ms(loadStart) / 1000;
        const label = `${(target / 1_000_000).toLocaleString('en-US')}M events`;
        rows.push({ name: `analytics: ${label} loaded`, value: Number(loadSeconds.toFixed(0)), unit: 's', detail: `generate_series with triggers off, then vacuum analyze; ${USERS.toLocaleString('en-US')} users` });

        // a new analytics_rollups row must not exist yet at 1M: the first DAU read is all live
        await owner.query('delete from analytics_rollups where tenant_id = $1', [tenant.id]);
        const dauLive = await timed(3, () => read(dauUrl));
        const rollStart = performance.now();
        const rolled = await ctx.db.app.connect();
        try {
          await rolled.query(`begin; select set_config('app.tenant_id', '${tenant.id}', true)`);
          await rolled.query('select analytics_rollup($1, null, $2::date)', [tenant.id, from]);
          await rolled.query('commit');
        } finally {
          rolled.release();
        }
        const rollSeconds = ms(rollStart) / 1000;
        const dau = await timed(10, () => read(dauUrl));
        const funnel = await timed(3, () => read(funnelUrl));
        const answer = (await read(funnelUrl)) as { entered: number; converted: number };
        const wau = await timed(3, () => read(dauUrl.replace('interval=day', 'interval=week')));
        const status = await driveLoad(`${base}/api/v1/onboarding/status?user_id=${userIds[7]}`, { connections: 1, warmupSeconds: 0.5, durationSeconds: 3, headers: { authorization: key.authorization } });
        costs.push({ events: target, funnel: funnel.median, dau: dau.median, dauLive: dauLive.median });
        rows.push({
          name: `analytics: onboarding status read, ${label}`,
          value: Number(status.p50.toFixed(2)),
          unit: 'ms p50',
          meetsTarget: status.p99 < 5,
          detail: `p99 ${status.p99.toFixed(2)} ms (target < 5 ms), ${Math.round(status.requestsPerSecond)} req/s one at a time, ${status.errors} errors`,
        });
        const funnelTarget = target >= 10_000_000 ? 5000 : 500;
        rows.push({
          name: `analytics: 5-step funnel over ${DAYS} days, ${label}`,
          value: Number((funnel.median / 1000).toFixed(3)),
          unit: 's median',
          meetsTarget: funnel.median < funnelTarget,
          detail: `max ${(funnel.max / 1000).toFixed(3)} s of 3; target < ${funnelTarget / 1000} s; ${fmt(answer.entered)} entered, ${fmt(answer.converted)} converted`,
        });
        rows.push({ name: `analytics: ${DAYS}-day DAU live (no rollups), ${label}`, value: Number((dauLive.median / 1000).toFixed(3)), unit: 's median', detail: `max ${(dauLive.max / 1000).toFixed(3)} s of 3` });
        rows.push({ name: `analytics: rollup of ${DAYS} days, ${label}`, value: Number(rollSeconds.toFixed(2)), unit: 's', detail: 'analytics_rollup from the first day: what the hourly sweep does once; later sweeps re-roll one day' });
        rows.push({ name: `analytics: ${DAYS}-day DAU with rollups, ${label}`, value: Number((dau.median / 1000).toFixed(4)), unit: 's median', meetsTarget: dau.median < 200, detail: `max ${(dau.max / 1000).toFixed(4)} s of 10; target < 0.2 s; today read live` });
        rows.push({ name: `analytics: ${DAYS}-day WAU with rollups, ${label}`, value: Number((wau.median / 1000).toFixed(3)), unit: 's median', detail: 'distinct users per week from the per-user daily rollup' });
      }
      if (costs.length === 2) {
        const [a, b] = costs as [(typeof costs)[0], (typeof costs)[0]];
        rows.push({ name: 'analytics: growth 1M → 10M events', value: Number((b.funnel / a.funnel).toFixed(2)), unit: '× funnel', detail: `DAU with rollups ${(b.dau / a.dau).toFixed(2)}×, DAU live ${(b.dauLive / a.dauLive).toFixed(2)}× for 10× the events` });
      }
    } finally {
      await app.close();
    }
    return rows;
  },
};
