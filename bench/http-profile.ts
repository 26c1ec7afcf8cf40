/**
 * GET /api/v1/tenant/profile through the whole Embark app (token check, session lookup, tenant
 * transaction, RLS, response schema) against the floor: a bare Fastify route doing one indexed
 * SELECT with `pg` on the same database. The ratio says what Embark's safety costs per request.
 */
import Fastify from 'fastify';
import pg from 'pg';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { createTenant, putProfile } from '../src/tenants/tenants.service.ts';
import { createUser } from '../src/identities/users.service.ts';
import type { Actor } from '../src/audit/audit.service.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';
import { combine, driveLoad, type LoadSummary } from './load.ts';

const ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };
const PASSWORD = 'bench password, long enough';
const TARGET_RATIO = 0.6;
/** p99 at most this many times the bare route's. */
const TARGET_P99 = 2;
/** Other people's work per second while the reads are measured (BENCH_CHURN=0 turns it off). */
const CHURN_PER_SECOND = Number(process.env.BENCH_CHURN ?? 100);

/**
 * What else a real server does meanwhile, at `perSecond` operations a second over HTTP into the same
 * Embark: in another tenant, an admin re-roles members (each change ends what processes cached about
 * their sessions) and rewrites the tenant profile, and every tenth operation a member signs in and
 * out (an argon2id verify, a session written and revoked). Runs during both targets' rounds alike.
 */
async function startChurn(base: string, ctx: BenchContext['ctx'], perSecond: number): Promise<{ stop(): Promise<{ operations: number; failures: number }> }> {
  const tenant = await createTenant(ctx, ACTOR, { name: 'Churn Co', subdomain: 'churn' });
  await createUser(ctx, ACTOR, tenant.id, { email: 'admin@churn.example', role: 'tenant_admin', password: PASSWORD });
  const members = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await createUser(ctx, ACTOR, tenant.id, { email: `member${i}@churn.example`, role: 'member', password: PASSWORD })).user));
  const json = { 'content-type': 'application/json' };
  const login = async (email: string) => {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: PASSWORD, tenant: 'churn' }) });
    if (res.status !== 200) throw new Error(`churn login: ${res.status} ${await res.text()}`);
    return (await res.json()) as { access_token: string; refresh_token: string };
  };
  const admin = { ...json, authorization: `Bearer ${(await login('admin@churn.example')).access_token}` };
  let operations = 0;
  let failures = 0;
  const inFlight = new Set<Promise<void>>();
  const operation = async (n: number) => {
    const member = members[n % members.length]!;
    let res: Response;
    if (n % 10 === 9) {
      const session = await login(member.email!);
      res = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: json, body: JSON.stringify({ refresh_token: session.refresh_token }) });
    } else if (n % 2 === 0) {
      res = await fetch(`${base}/api/v1/users/${member.id}`, { method: 'PATCH', headers: admin, body: JSON.stringify({ role: (n >> 1) % 2 ? 'staff' : 'member' }) });
    } else {
      res = await fetch(`${base}/api/v1/tenant/profile`, { method: 'PUT', headers: admin, body: JSON.stringify({ business_name: `Churn Co ${n}`, website_url: null, phone_number: null, email: null }) });
    }
    await res.arrayBuffer();
    if (res.status >= 300) failures++;
  };
  const timer = setInterval(() => {
    const p = operation(operations++)
      .catch(() => {
        failures++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { operations, failures };
    },
  };
}

function loadRow(name: string, load: LoadSummary): Row {
  const statuses = Object.entries(load.statuses)
    .map(([s, n]) => `${n}×${s}`)
    .join(' ');
  return { name, value: Math.round(load.requestsPerSecond), unit: 'req/s', detail: `p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms, ${load.requests} requests (${statuses}), ${load.errors} errors` };
}

/**
 * Counts the statements each request sends to PostgreSQL (each is one round trip: node-postgres
 * sends a query only after the previous one on that connection has answered).
 */
async function countRoundTrips(url: string, token: string, requests: number): Promise<{ perRequest: number; statements: string[] }> {
  const original = pg.Client.prototype.query;
  const seen: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
    seen.push(text.replace(/\s+/g, ' ').trim());
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    for (let i = 0; i < requests; i++) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`round-trip count: ${res.status} ${await res.text()}`);
    }
  } finally {
    pg.Client.prototype.query = original;
  }
  const distinct = [...new Set(seen)].map((text) => `${text.length > 70 ? text.slice(0, 67) + '...' : text}`);
  return { perRequest: seen.length / requests, statements: distinct };
}

export const httpProfile: Benchmark = {
  name: 'http-profile',
  async run(bench: BenchContext): Promise<Row[]> {
    const { ctx } = bench;
    const tenant = await createTenant(ctx, ACTOR, { name: 'Bench Co', subdomain: 'bench' });
    await putProfile(ctx, ACTOR, tenant.id, { business_name: 'Bench Co', website_url: 'https://bench.example', phone_number: '+15555550123', email: 'hello@bench.example' });
    const { user } = await createUser(ctx, ACTOR, tenant.id, { email: 'member@bench.example', role: 'member', password: PASSWORD });

    const rows: Row[] = [];
    await ctx.db.owner.query('analyze'); // statistics for what was just written, as a grown database has
    const app = await buildApp(ctx);
    // the floor: one indexed select as the owner, through a pool of the same size as Embark's
    const pool = new pg.Pool({ connectionString: ctx.db.url, max: ctx.config.dbPoolSize });
    const bare = Fastify({ logger: false });
    bare.get('/profile', async () => {
      const { rows: found } = await pool.query('select business_name from tenant_profiles where tenant_id = $1', [tenant.id]);
      return { business_name: found[0]?.business_name ?? null };
    });
    const embarkRuns: LoadSummary[] = [];
    const bareRuns: LoadSummary[] = [];
    let trips: { perRequest: number; statements: string[] };
    let sequential: { embark: LoadSummary; bare: LoadSummary };
    let churned: { operations: number; failures: number } | undefined;
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      await bare.listen({ port: 0, host: '127.0.0.1' });
      const embarkUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/tenant/profile`;
      const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/profile`;
      const login = await fetch(new URL('/api/v1/auth/login', embarkUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: PASSWORD, tenant: 'bench' }) });
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const { access_token: token } = (await login.json()) as { access_token: string };
      const headers = { authorization: `Bearer ${token}` };
      trips = await countRoundTrips(embarkUrl, token, 50);
      const churn = CHURN_PER_SECOND > 0 ? await startChurn(new URL(embarkUrl).origin, ctx, CHURN_PER_SECOND) : undefined;

      // alternating rounds, so a burst of other work on the machine hits both targets alike
      const round = { connections: bench.connections, warmupSeconds: bench.warmupSeconds, durationSeconds: bench.durationSeconds / bench.rounds };
      for (let i = 0; i < bench.rounds; i++) {
        embarkRuns.push(await driveLoad(embarkUrl, { ...round, headers, warmupSeconds: i === 0 ? bench.warmupSeconds : 1 }));
        bareRuns.push(await driveLoad(bareUrl, { ...round, warmupSeconds: i === 0 ? bench.warmupSeconds : 1 }));
      }
      churned = await churn?.stop();
      // one request at a time: the latency a single user sees, less sensitive to CPU contention
      const one = { connections: 1, warmupSeconds: 0.5, durationSeconds: 2 };
      sequential = { embark: await driveLoad(embarkUrl, { ...one, headers }), bare: await driveLoad(bareUrl, one) };
    } finally {
      await app.close();
      await bare.close();
      await pool.end();
    }
    const embark = combine(embarkRuns);
    const floor = combine(bareRuns);
    rows.push(loadRow(`Embark  GET /api/v1/tenant/profile (member token), ${bench.connections} connections`, embark));
    rows.push(loadRow(`bare    Fastify + pg, one indexed select, ${bench.connections} connections`, floor));
    const perRound = embarkRuns.map((e, i) => (e.requestsPerSecond / bareRuns[i]!.requestsPerSecond).toFixed(2)).join(', ');
    const ratio = embark.requestsPerSecond / floor.requestsPerSecond;
    const during = churned ? `while ${churned.operations} other operations ran (${CHURN_PER_SECOND}/s: re-roles, profile writes, sign-in and out; ${churned.failures} failed)` : 'with nothing else running (BENCH_CHURN=0)';
    rows.push({ name: 'ratio   Embark / bare (req/s)', value: Number(ratio.toFixed(2)), unit: '×', detail: `target >= ${TARGET_RATIO}; per round ${perRound}; ${during}`, meetsTarget: ratio >= TARGET_RATIO });
    const p99Ratio = embark.p99 / floor.p99;
    rows.push({ name: 'ratio   Embark / bare (p99 over all samples)', value: Number(p99Ratio.toFixed(2)), unit: '×', detail: `target <= ${TARGET_P99}`, meetsTarget: p99Ratio <= TARGET_P99 });
    rows.push({ name: 'Embark  one request at a time', value: Number(sequential.embark.p50.toFixed(2)), unit: 'ms p50', detail: `p99 ${sequential.embark.p99.toFixed(2)} ms, ${Math.round(sequential.embark.requestsPerSecond)} req/s` });
    rows.push({ name: 'bare    one request at a time', value: Number(sequential.bare.p50.toFixed(2)), unit: 'ms p50', detail: `p99 ${sequential.bare.p99.toFixed(2)} ms, ${Math.round(sequential.bare.requestsPerSecond)} req/s` });
    rows.push({ name: 'round trips to PostgreSQL per Embark request', value: trips.perRequest, unit: 'queries', detail: trips.statements.join(' | ') });
    rows.push({ name: 'round trips to PostgreSQL per bare request', value: 1, unit: 'queries', detail: 'select business_name from tenant_profiles where tenant_id = $1' });
    return rows;
  },
};
