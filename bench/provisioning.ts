/**
 * Hire provisioning (issue 14 §7), end to end on one database, in alternating rounds so that other
 * work on the machine hits every target alike:
 *
 * - e-sign intake: N signed DocuSign Connect deliveries through receiveEsignWebhook (HMAC check,
 *   receipt, document status, and — each hire having one required document — the run started), four
 *   at a time; the service the webhook route calls, without the HTTP around it;
 * - Embark: those N runs through startWorker(), timed until every hire is `provisioned` — with the
 *   built-in provider (a staff user of the tenant: an argon2id hash each) and with Google Workspace
 *   pointed at the Directory fake (a token grant with an RS256 assertion, the address check's two
 *   reads and users.insert, each run);
 * - the floor: the same five steps as raw graphile-worker jobs on the same pool, concurrency and poll
 *   interval, each job queuing the next, doing only the work a step cannot skip — no-ops; the built-in
 *   mailbox's argon2id hash; the Google adapter's address check and create against the same fake —
 *   and none of the engine's bookkeeping (step rows, results, reservations, events, audit, email).
 *
 * Target: built-in runs/s >= 0.3x the raw chains doing the same work. The no-op chains show what a
 * run of five jobs costs the queue alone.
 *
 *   BENCH_HIRES=200   N, the runs of each target in each round
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Logger as WorkerLogger, run } from 'graphile-worker';
import type { Context } from '../src/context.ts';
import { SYSTEM_ACTOR } from '../src/audit/audit.service.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import { saveIntegration } from '../src/integrations/integrations.service.ts';
import { createHire, putHireSettings, registerDocument } from '../src/hires/hires.service.ts';
import { receiveEsignWebhook } from '../src/hires/esign.service.ts';
import { generateTemporaryPassword, hashPassword } from '../src/identities/passwords.ts';
import { createMailboxProvider } from '../src/providers/mailbox/index.ts';
import { startWorker } from '../src/worker/worker.ts';
import { docusignConnectEvent, signedDocuSignWebhook } from '../test/fakes/esign.ts';
import { startGoogleDirectoryFake, type GoogleDirectoryFake } from '../test/fakes/google-directory.ts';
import type { BenchContext, Benchmark, Row } from './types.ts';

const DOMAIN = 'bench.example.test';
const ADMIN = `it-admin@${DOMAIN}`;
const HMAC_KEY = 'bench-docusign-connect-hmac-key';
const STEPS = 5;
const TARGET = 0.3;
const INTAKE_CONCURRENCY = 4;
/** startWorker's default (src/worker/worker.ts), for the raw chains too. */
const POLL_INTERVAL_MS = 2000;

function hireCount(): number {
  const raw = process.env.BENCH_HIRES;
  if (raw === undefined || raw === '') return 200;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_HIRES must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** a, b, …, z, ba, bb, …: names without digits, whose addresses can never read as another's candidate (ada.bench1 + 2). */
function letters(i: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26);
  } while (i > 0);
  return out;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 300_000, everyMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

const googleCredentials = (fake: GoogleDirectoryFake) => ({ service_account_key: fake.serviceAccountKey, admin_email: ADMIN, base_url: fake.url });

/** A tenant with one required document, DocuSign, the mailbox provider, and N hires each with its document sent. */
async function prepareTenant(ctx: Context, label: string, n: number, fake?: GoogleDirectoryFake) {
  const subdomain = `bench${randomBytes(4).toString('hex')}`;
  const tenant = await createTenant(ctx, SYSTEM_ACTOR, { name: `Provisioning bench ${label}`, subdomain });
  await putHireSettings(ctx, SYSTEM_ACTOR, tenant.id, { document_kinds: [{ key: 'hire_agreement', label: 'Hire agreement' }], email_domain: DOMAIN, sign_in_url: null });
  await saveIntegration(ctx, SYSTEM_ACTOR, tenant.id, 'esign', 'docusign', { credentials: { hmac_key: HMAC_KEY } });
  if (fake) await saveIntegration(ctx, SYSTEM_ACTOR, tenant.id, 'mailbox', 'google_workspace', { credentials: googleCredentials(fake) });
  const envelopes: string[] = [];
  for (let i = 0; i < n; i++) {
    const hire = await createHire(ctx, SYSTEM_ACTOR, tenant.id, { first_name: 'Ada', last_name: `${label}${letters(i)}`, personal_email: `ada.${label}.${i}@personal.example.test` });
    const envelope = `env-${subdomain}-${i}`;
    await registerDocument(ctx, SYSTEM_ACTOR, tenant.id, hire.id, { kind: 'hire_agreement', provider: 'docusign', envelope_id: envelope });
    envelopes.push(envelope);
  }
  return { tenantId: tenant.id, subdomain, envelopes };
}

/** The signed completions of every envelope, INTAKE_CONCURRENCY at a time; answers the seconds it took. */
async function intake(ctx: Context, subdomain: string, envelopes: readonly string[]): Promise<number> {
  const deliveries = envelopes.map((envelopeId) => signedDocuSignWebhook([HMAC_KEY], docusignConnectEvent('envelope-completed', { envelopeId })));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: INTAKE_CONCURRENCY }, async () => {
      while (next < deliveries.length) {
        const { headers, body } = deliveries[next++]!;
        const outcome = await receiveEsignWebhook(ctx, subdomain, 'docusign', { headers, rawBody: body, contentType: headers['content-type'] });
        if (outcome !== 'applied') throw new Error(`an e-sign delivery was ${outcome}, not applied`);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

/** Jobs still to run (not those failed for good): what a worker still has to do. */
async function queued(observer: pg.Client): Promise<number> {
  const { rows } = await observer.query<{ n: number }>('select count(*)::int as n from graphile_worker.jobs where attempts < max_attempts and run_at <= now()');
  return rows[0]!.n;
}

/** The tenant's N runs through the worker: seconds from startWorker() to every hire provisioned. */
async function embarkRuns(ctx: Context, observer: pg.Client, tenantId: string, n: number): Promise<number> {
  const provisioned = async () => (await observer.query<{ n: number }>(`select count(*)::int as n from hires where tenant_id = $1 and status = 'provisioned'`, [tenantId])).rows[0]!.n;
  const failed = async () => (await observer.query<{ n: number }>(`select count(*)::int as n from job_runs where tenant_id = $1 and state = 'failed'`, [tenantId])).rows[0]!.n;
  const start = performance.now();
  const worker = await startWorker(ctx);
  try {
    await until(async () => {
      if (await failed()) throw new Error(`provisioning runs failed in the bench tenant: ${(await observer.query(`select last_error from job_runs where tenant_id = $1 and state = 'failed' limit 1`, [tenantId])).rows[0]?.last_error}`);
      return (await provisioned()) === n;
    }, `${n} hires to be provisioned`);
    const seconds = (performance.now() - start) / 1000;
    // what the runs caused and is still queued (the welcome emails' dispatch) runs here, not in the next target's time
    await until(async () => (await queued(observer)) === 0, 'the queue to empty after the runs');
    return seconds;
  } finally {
    await worker.stop();
  }
}

interface ChainWork {
  readonly address?: (i: number) => Promise<void>;
  readonly mailbox?: (i: number) => Promise<void>;
}

/** N chains of five raw graphile-worker jobs, each queuing the next: seconds from run() to the last. */
async function rawChains(ctx: Context, n: number, work: ChainWork): Promise<number> {
  const client = await ctx.db.owner.connect();
  try {
    await client.query(`select count(*) from graphile_worker.add_jobs(array(select row('bench_step', json_build_object('i', i, 'step', 0), null, null, null, null, null, null)::graphile_worker.job_spec from generate_series(1, $1) i))`, [n]);
  } finally {
    client.release();
  }
  let done = 0;
  let failure: unknown;
  const start = performance.now();
  const runner = await run({
    pgPool: ctx.db.owner,
    taskList: {
      bench_step: async (payload, helpers) => {
        const { i, step } = payload as { i: number; step: number };
        try {
          if (step === 0) await work.address?.(i);
          if (step === 2) await work.mailbox?.(i);
        } catch (error) {
          failure ??= error;
        }
        if (step < STEPS - 1) await helpers.addJob('bench_step', { i, step: step + 1 });
        else done++;
      },
    },
    concurrency: ctx.config.workerConcurrency,
    pollInterval: POLL_INTERVAL_MS,
    noHandleSignals: true,
    logger: new WorkerLogger(() => () => undefined),
  });
  try {
    await until(async () => done >= n, `${n} raw chains`);
    if (failure) throw failure;
    return (performance.now() - start) / 1000;
  } finally {
    await runner.stop();
  }
}

interface Tally {
  runs: number;
  seconds: number;
}
const add = (tally: Tally, runs: number, seconds: number) => {
  tally.runs += runs;
  tally.seconds += seconds;
};
const rate = (tally: Tally) => tally.runs / tally.seconds;

export const provisioning: Benchmark = {
  name: 'provisioning',
  async run(bench: BenchContext): Promise<Row[]> {
    const { ctx } = bench;
    const n = hireCount();
    const fake = await startGoogleDirectoryFake({ admins: [ADMIN], domains: [DOMAIN] });
    const observer = new pg.Client({ connectionString: ctx.db.url, application_name: 'embark-bench' });
    await observer.connect();
    const tallies = { noop: { runs: 0, seconds: 0 }, rawBuiltin: { runs: 0, seconds: 0 }, builtin: { runs: 0, seconds: 0 }, rawGoogle: { runs: 0, seconds: 0 }, google: { runs: 0, seconds: 0 }, intake: { runs: 0, seconds: 0 } };
    try {
      for (let round = 0; round < bench.rounds; round++) {
        add(tallies.noop, n, await rawChains(ctx, n, {}));
        add(tallies.rawBuiltin, n, await rawChains(ctx, n, { mailbox: async () => void (await hashPassword(generateTemporaryPassword())) }));
        const builtin = await prepareTenant(ctx, `builtin${letters(round)}`, n);
        add(tallies.intake, n, await intake(ctx, builtin.subdomain, builtin.envelopes));
        add(tallies.builtin, n, await embarkRuns(ctx, observer, builtin.tenantId, n));

        // a new adapter each step, as the run makes one: a token grant each time, as Embark pays it
        const google = () => createMailboxProvider('google_workspace', googleCredentials(fake));
        const rawAddress = (i: number) => `ada.raw${letters(round)}${letters(i)}@${DOMAIN}`;
        add(
          tallies.rawGoogle,
          n,
          await rawChains(ctx, n, {
            address: async (i) => void (await google().addressTaken(rawAddress(i))),
            mailbox: async (i) => void (await google().createMailbox({ primaryEmail: rawAddress(i), givenName: 'Ada', familyName: 'Raw', password: generateTemporaryPassword(), idempotencyKey: `raw-${round}-${i}` })),
          }),
        );
        const viaGoogle = await prepareTenant(ctx, `google${letters(round)}`, n, fake);
        add(tallies.intake, n, await intake(ctx, viaGoogle.subdomain, viaGoogle.envelopes));
        add(tallies.google, n, await embarkRuns(ctx, observer, viaGoogle.tenantId, n));
      }
      fake.assertNoViolations();
    } finally {
      await observer.end();
      await fake.close();
    }
    const builtinRatio = rate(tallies.builtin) / rate(tallies.rawBuiltin);
    const googleRatio = rate(tallies.google) / rate(tallies.rawGoogle);
    const per = `${n} runs a round, ${bench.rounds} rounds, worker concurrency ${ctx.config.workerConcurrency}`;
    return [
      { name: 'provisioning: raw no-op chains', value: rate(tallies.noop), unit: 'runs/s', detail: `${STEPS} graphile-worker no-op jobs a run, each queuing the next (${Math.round(rate(tallies.noop) * STEPS)} jobs/s); ${per}` },
      { name: 'provisioning: raw chains, argon2id hash', value: rate(tallies.rawBuiltin), unit: 'runs/s', detail: 'the same chains, the third job hashing a password as the built-in mailbox does' },
      {
        name: 'provisioning: built-in provider',
        value: rate(tallies.builtin),
        unit: 'runs/s',
        detail: `${builtinRatio.toFixed(2)}x the raw chains with the hash (target >= ${TARGET}x), ${(rate(tallies.builtin) / rate(tallies.noop)).toFixed(2)}x the no-op chains; startWorker() to every hire provisioned`,
        meetsTarget: builtinRatio >= TARGET,
      },
      { name: 'provisioning: raw chains, Google adapter', value: rate(tallies.rawGoogle), unit: 'runs/s', detail: 'the same chains, the first job checking the address and the third creating the user at the Directory fake' },
      { name: 'provisioning: Google Workspace (fake)', value: rate(tallies.google), unit: 'runs/s', detail: `${googleRatio.toFixed(2)}x the raw chains with the same Google calls; the fake verifies every RS256 assertion` },
      { name: 'provisioning: e-sign intake', value: rate(tallies.intake), unit: 'events/s', detail: `signed DocuSign completions through receiveEsignWebhook, ${INTAKE_CONCURRENCY} at a time, each starting its hire's run` },
    ];
  },
};
