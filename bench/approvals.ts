/**
 * CRM approvals (issue 13 §6): POST /api/v1/crm/contacts/:id/provision over HTTP, concurrently, each
 * request approving a qualified contact of its own, against two floors measured in alternating rounds
 * of the same run:
 * - argon2id hashes/s at the same concurrency: an approval is one hash plus one transaction (target
 *   >= 0.8);
 * - POST /api/v1/users with a password, through the same API: plain user creation, which hashes the
 *   same way and runs the same user-created hooks, without the contact's lock, moves, welcome email
 *   and feed event.
 * Every contact approved in the run is checked to have exactly one account, one welcome email and one
 * onboarding.account.provisioned event.
 */
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/app.ts';
import type { Actor } from '../src/audit/audit.service.ts';
import { createUser } from '../src/identities/users.service.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';
import { hashRound, roundTrips, type Tally } from './signup.ts';

const ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };
const APPROVAL_TARGET = 0.8;
const ADMIN_PASSWORD = 'bench approvals admin password';

interface PostLoad {
  host: string;
  port: number;
  token: string;
  kind: 'approve' | 'user';
  /** For approvals: the qualified contacts, each approved by one request. */
  ids: string[];
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
  /** Contacts handed to a request, measured or not (the warm-up's too). */
  used: number;
}

/**
 * The load generator, in a worker thread of its own (plain JavaScript: a worker does not inherit the
 * tsx loader): keep-alive sockets on raw TCP, one request in flight each, every request a new
 * contact's approval or a new user. Each connection is an address of its own behind the trusted
 * proxy, as the signup bench does, so the per-address hashing gate bounds no one.
 */
const POST_WORKER = String.raw`
const { connect } = require('node:net');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { parentPort, workerData: o } = require('node:worker_threads');
const runId = randomBytes(4).toString('hex');
const run = () => new Promise((resolve, reject) => {
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const stopAt = measureFrom + o.durationMs;
  const latencies = [];
  const statuses = {};
  let errors = 0, sent = 0, open = o.connections, firstError = null;
  const done = () => { if (--open === 0) resolve({ requests: latencies.length, errors, statuses, latencies: Float64Array.from(latencies), elapsedMs: Math.min(performance.now(), stopAt) - measureFrom, firstError, used: sent }); };
  const request = (connection) => {
    const n = sent++;
    let path, body;
    if (o.kind === 'approve') {
      path = '/api/v1/crm/contacts/' + o.ids[n] + '/provision';
      body = '';
    } else {
      path = '/api/v1/users';
      body = JSON.stringify({ email: 'u' + runId + '-' + n + '@users.bench', role: 'member', password: 'bench user password' });
    }
    const head = ['POST ' + path + ' HTTP/1.1', 'host: ' + o.host + ':' + o.port, 'connection: keep-alive', 'authorization: Bearer ' + o.token,
      ...(body ? ['content-type: application/json'] : []),
      'x-forwarded-for: 10.78.' + (connection >> 8) + '.' + (connection & 255),
      'content-length: ' + Buffer.byteLength(body)].join('\r\n') + '\r\n\r\n';
    return Buffer.from(head + body);
  };
  for (let i = 0; i < o.connections; i++) {
    const socket = connect({ host: o.host, port: o.port, noDelay: true });
    let buffer = Buffer.alloc(0), sentAt = 0;
    const send = () => {
      // out of time, or out of contacts to approve
      if (performance.now() >= stopAt || (o.kind === 'approve' && sent >= o.ids.length)) { socket.end(); return done(); }
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
      const ok = status === '201';
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

const perSecond = (t: Tally) => t.count / t.seconds;
const tallyOf = (r: PostResult): Tally => ({ count: r.requests - r.errors, seconds: r.elapsedMs / 1000 });
const sum = (tallies: Tally[]): Tally => ({ count: tallies.reduce((n, t) => n + t.count, 0), seconds: tallies.reduce((n, t) => n + t.seconds, 0) });

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** The rounds of one HTTP target as one row: answered requests over the summed measured time. */
function loadRow(name: string, unit: string, runs: PostResult[]): Row {
  const all = Float64Array.from(runs.flatMap((r) => [...r.latencies])).sort();
  const total = sum(runs.map(tallyOf));
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [status, n] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const firstError = runs.find((r) => r.firstError)?.firstError;
  return {
    name,
    value: Math.round(perSecond(total) * 10) / 10,
    unit,
    detail: `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, ${all.length} requests (${Object.entries(statuses)
      .map(([s, n]) => `${n}×${s}`)
      .join(' ')})${firstError ? `; first error: ${firstError}` : ''}`,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Qualified contacts for the approvals to take, written in one statement (they are the input, not what is measured). */
async function qualifiedContacts(bench: BenchContext, tenantId: string, tag: string, count: number): Promise<string[]> {
  const { rows } = await bench.ctx.db.owner.query<{ id: string }>(
    `insert into crm_contacts (tenant_id, first_name, last_name, email, status)
     select $1, 'Bench', 'Contact ' || g, 'c' || $2 || '-' || g || '@approvals.bench', 'qualified' from generate_series(1, $3::int) g
     returning id`,
    [tenantId, tag, count],
  );
  return rows.map((r) => r.id);
}

export const approvals: Benchmark = {
  name: 'approvals',
  async run(bench: BenchContext): Promise<Row[]> {
    const ctx = { ...bench.ctx, config: { ...bench.ctx.config, trustProxy: 1 } };
    const tenant = await createTenant(ctx, ACTOR, { name: 'Bench approvals', subdomain: 'bench-approvals' });
    const adminEmail = 'admin@approvals.bench';
    await createUser(ctx, ACTOR, tenant.id, { email: adminEmail, role: 'tenant_admin', password: ADMIN_PASSWORD });
    const app = await buildApp(ctx);
    const hashRounds: Tally[] = [];
    const approvalRuns: PostResult[] = [];
    const userRuns: PostResult[] = [];
    let trips: number;
    const approvedIds: string[] = [];
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as AddressInfo).port;
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: ADMIN_PASSWORD, tenant: tenant.subdomain }) });
      if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
      const { access_token: token } = (await login.json()) as { access_token: string };

      const approveOnce = async (id: string) => {
        const res = await fetch(`${base}/api/v1/crm/contacts/${id}/provision`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 201) throw new Error(`approve: ${res.status} ${await res.text()}`);
      };
      const [warm, counted] = await qualifiedContacts(bench, tenant.id, 'warm', 2);
      await approveOnce(warm!);
      trips = await roundTrips(() => approveOnce(counted!));
      approvedIds.push(warm!, counted!);
      await ctx.db.owner.query('analyze');

      const seconds = bench.durationSeconds / bench.rounds;
      for (let i = 0; i < bench.rounds; i++) {
        const warmupSeconds = i === 0 ? bench.warmupSeconds : 1;
        // enough contacts for a fast machine: a round that runs out says so in its row (fewer requests)
        const ids = await qualifiedContacts(bench, tenant.id, `r${i}`, Math.ceil((warmupSeconds + seconds) * 400));
        const load = { host: '127.0.0.1', port, token, connections: bench.connections, warmupMs: warmupSeconds * 1000, durationMs: seconds * 1000 };
        hashRounds.push(await hashRound(bench.connections, seconds));
        const approved = await drivePosts({ ...load, kind: 'approve', ids });
        approvalRuns.push(approved);
        approvedIds.push(...ids.slice(0, approved.used));
        if (approved.used >= ids.length) throw new Error(`round ${i} ran out of its ${ids.length} qualified contacts: raise the count in bench/approvals.ts`);
        userRuns.push(await drivePosts({ ...load, kind: 'user', ids: [] }));
      }
    } finally {
      await app.close();
    }

    const hashes = sum(hashRounds);
    const approvalsRow = loadRow(`Embark  POST /api/v1/crm/contacts/:id/provision, ${bench.connections} connections`, 'approvals/s', approvalRuns);
    const usersRow = loadRow(`Embark  POST /api/v1/users (with a password), ${bench.connections} connections`, 'users/s', userRuns);
    // each round pairs the approvals with the floors measured beside them; the median of those ratios
    // is what a burst of other work on the machine (which lands in one round) moves least
    const ratioRow = (name: string, floors: Tally[], target: number | undefined): Row => {
      const perRound = approvalRuns.map((r, i) => perSecond(tallyOf(r)) / perSecond(floors[i]!));
      const ratio = median(perRound);
      const combined = perSecond(sum(approvalRuns.map(tallyOf))) / perSecond(sum(floors));
      return {
        name,
        value: Number(ratio.toFixed(2)),
        unit: '×',
        ...(target === undefined ? {} : { meetsTarget: ratio >= target }),
        detail: `${target === undefined ? '' : `target >= ${target}; `}median of the rounds ${perRound.map((r) => r.toFixed(2)).join(', ')}; all rounds together ${combined.toFixed(2)}`,
      };
    };
    const rows: Row[] = [
      { name: `argon2id hashPassword, ${bench.connections} at a time`, value: Math.round(perSecond(hashes) * 10) / 10, unit: 'hashes/s', detail: `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}` },
      approvalsRow,
      ratioRow('ratio   approvals / argon2id hashes', hashRounds, APPROVAL_TARGET),
      usersRow,
      ratioRow('ratio   approvals / user creations', userRuns.map(tallyOf), undefined),
      {
        name: 'round trips to PostgreSQL per approval',
        value: trips,
        unit: 'queries',
        detail: 'the session; begin + tenant; the contact locked with a user of its email and the mapped role; crm_provision_contact (the user and its trigger, the welcome email, the move, three audit entries, two events); commit',
      },
    ];

    // every contact approved in the run: one account, one welcome email, one provisioned event
    const { rows: check } = await bench.ctx.db.owner.query(
      `select count(*)::int as contacts,
              count(*) filter (where c.status <> 'onboarding' or c.user_id is null
                or (select count(*) from users u where u.tenant_id = c.tenant_id and lower(u.email) = lower(c.email)) <> 1
                or (select count(*) from messages m where m.tenant_id = c.tenant_id and m.user_id = c.user_id and m.bundle = 'temporary_password_email') <> 1
                or (select count(*) from events e where e.tenant_id = c.tenant_id and e.type = 'onboarding.account.provisioned' and e.subject_type = 'contact' and e.subject_id = c.id::text) <> 1)::int as not_once
         from crm_contacts c where c.tenant_id = $1 and c.id = any($2::uuid[])`,
      [tenant.id, approvedIds],
    );
    rows.push({ name: 'approved contacts not provisioned exactly once', value: check[0].not_once, unit: 'contacts', detail: `of ${check[0].contacts} approved in this run`, meetsTarget: check[0].not_once === 0 });
    return rows;
  },
};
