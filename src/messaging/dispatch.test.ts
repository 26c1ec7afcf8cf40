import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { startTwilioFake, twilioError, type TwilioFake } from '../../test/fakes/twilio.ts';
import { withTenant } from '../db/tx.ts';
import { dispatchMessage, MASK } from './dispatch.ts';
import { enqueueMessage } from './messages.service.ts';
import { putChannel } from './channels.service.ts';
import { startWorker } from '../worker/worker.ts';

const SID = 'AC' + 'a'.repeat(32);
const TOKEN = 'twilio-auth-token-0123456789';

let env: TestEnv;
let twilio: TwilioFake;
before(async () => {
  env = await createTestEnv({ EMBARK_RETRY_BASE_SECONDS: '0', EMBARK_MESSAGE_MAX_ATTEMPTS: '3' });
  twilio = await startTwilioFake({ accountSid: SID, authToken: TOKEN });
});
after(async () => {
  await twilio.close();
  await env.close();
});

let numbers = 0;
// every tenant needs its own number: a number receives for one tenant only
async function useTwilioSms(tenantId: string, from = `+1555555${String(++numbers).padStart(4, '0')}`) {
  await putChannel(env.ctx, SYSTEM_ACTOR, tenantId, 'sms', { provider: 'twilio', from, credentials: { account_sid: SID, auth_token: TOKEN, base_url: twilio.url } });
}

async function enqueue(tenantId: string, input: Partial<Parameters<typeof enqueueMessage>[2]> = {}) {
  return withTenant(env.ctx.db.app, tenantId, (tx) =>
    enqueueMessage(env.ctx, tx, {
      tenantId,
      channel: 'sms',
      recipient: '+15555550199',
      bundle: 'onboarding_sms',
      variables: { first_name: 'Ada', business_name: 'Acme' },
      ...input,
    }),
  );
}

async function row(id: string) {
  const { rows } = await env.ctx.db.owner.query('select * from messages where id = $1', [id]);
  return rows[0];
}

async function events(id: string): Promise<string[]> {
  const { rows } = await env.ctx.db.owner.query('select status from message_events where message_id = $1 order by id', [id]);
  return rows.map((r) => r.status);
}

describe('enqueueMessage', () => {
  it('writes the message and its dispatch job in the caller’s transaction, and neither when it rolls back', async () => {
    const tenant = await env.tenant();
    const id = await enqueue(tenant.id);
    const { rows: jobs } = await env.ctx.db.owner.query(`select key from graphile_worker.jobs where key = $1`, [`message:${id}`]);
    assert.equal(jobs.length, 1);
    assert.equal((await row(id)).status, 'queued');

    await assert.rejects(
      withTenant(env.ctx.db.app, tenant.id, async (tx) => {
        await enqueueMessage(env.ctx, tx, { tenantId: tenant.id, channel: 'email', recipient: 'rolled@back.test', bundle: 'welcome_email' });
        throw new Error('the causing change failed');
      }),
    );
    const { rows } = await env.ctx.db.owner.query(`select 1 from messages where recipient = 'rolled@back.test'`);
    assert.equal(rows.length, 0);
  });
});

describe('dispatchMessage through the built-in outbox', () => {
  it('renders the tenant’s composed bundle and delivers it into Embark', async () => {
    const tenant = await env.tenant();
    const id = await enqueue(tenant.id, { channel: 'email', recipient: 'ada@example.test', bundle: 'welcome_email', variables: { first_name: 'Ada <b>', business_name: 'Acme', login_url: 'https://acme.test/login' } });
    await dispatchMessage(env.ctx, tenant.id, id);
    const message = await row(id);
    assert.equal(message.status, 'delivered');
    assert.equal(message.provider, 'outbox');
    assert.equal(message.subject, 'Welcome to Acme, Ada <b>');
    assert.match(message.content, /Sign in at https:\/\/acme\.test\/login/);
    assert.doesNotMatch(message.content, /\{\{/);
    assert.deepEqual(await events(id), ['queued', 'sending', 'delivered']);
  });

  it("fills in the tenant's sign-in page, support email and business name where the sender gave none, for a batch too", async () => {
    const tenant = await env.tenant();
    await withTenant(env.ctx.db.app, tenant.id, async (tx) => {
      await tx.query(`update tenant_profiles set business_name = 'Acme Staffing', email = 'help@acme.test' where tenant_id = $1`, [tenant.id]);
      await tx.query(`insert into template_sections (tenant_id, bundle, section_key, position, content) values ($1, 'onboarding_email', 'help', 90, '{{#if support_email}}Questions? Write to {{ support_email }}.{{/if}}')`, [tenant.id]);
    });
    // the onboarding email initialize_user_onboarding queues, in SQL, which knows no public URL
    await env.ctx.db.owner.query(`insert into users (tenant_id, email, role, metadata) values ($1, 'grace@example.test', 'member', '{"first_name": "Grace"}')`, [tenant.id]);
    const { rows } = await env.ctx.db.owner.query(`select m.id, m.variables from messages m join users u on u.id = m.user_id where u.email = 'grace@example.test'`);
    assert.equal(rows[0].variables.login_url, undefined, 'the queued message carries no login_url of its own');
    const given = await enqueue(tenant.id, { channel: 'email', recipient: 'ada@example.test', bundle: 'onboarding_email', variables: { first_name: 'Ada', login_url: 'https://sso.acme.test/', support_email: '' } });
    await dispatchMessage(env.ctx, tenant.id, rows[0].id, { batch: 10 });

    const loginUrl = `${env.config.publicUrl}/t/${tenant.subdomain}/login`;
    const grace = await row(rows[0].id);
    assert.equal(grace.status, 'delivered');
    assert.match(grace.subject, /Acme Staffing/);
    assert.ok(grace.content.includes(loginUrl), grace.content);
    assert.ok(grace.content.endsWith('\n\nQuestions? Write to help@acme.test.'), grace.content);
    // dispatched in the same batch: the sender's own login_url wins, its empty support_email does not
    const ada = await row(given);
    assert.equal(ada.status, 'delivered');
    assert.ok(ada.content.includes('https://sso.acme.test/'), ada.content);
    assert.ok(!ada.content.includes(loginUrl), ada.content);
    assert.ok(ada.content.endsWith('\n\nQuestions? Write to help@acme.test.'), ada.content);
  });

  it('is idempotent: dispatching a delivered message again sends nothing', async () => {
    const tenant = await env.tenant();
    const id = await enqueue(tenant.id, { channel: 'email', recipient: 'once@example.test', bundle: 'welcome_email' });
    await dispatchMessage(env.ctx, tenant.id, id);
    await dispatchMessage(env.ctx, tenant.id, id);
    assert.deepEqual(await events(id), ['queued', 'sending', 'delivered']);
  });
});

describe('dispatchMessage through Twilio', () => {
  it('sends the rendered SMS and records the provider’s message id', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    const before = twilio.requests.length;
    const id = await enqueue(tenant.id);
    await dispatchMessage(env.ctx, tenant.id, id);
    const sent = twilio.requests.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.params.To, '+15555550199');
    assert.match(String(sent[0]!.params.From), /^\+1555555\d{4}$/);
    assert.match(String(sent[0]!.params.Body), /^Hi Ada, thanks for signing up with Acme!/);
    const message = await row(id);
    assert.equal(message.status, 'sent');
    assert.match(message.provider_message_id, /^SM/);
    twilio.assertNoViolations();
  });

  it('retries a rate-limited send after the vendor’s Retry-After, then sends once', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    twilio.failNext(1, twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '7' }));
    const id = await enqueue(tenant.id);
    const started = Date.now();
    await dispatchMessage(env.ctx, tenant.id, id);
    let message = await row(id);
    assert.equal(message.status, 'queued');
    assert.match(message.last_error, /Too Many Requests/);
    assert.ok(message.next_attempt_at.getTime() - started >= 6500, 'the retry waits at least Retry-After');
    const { rows: jobs } = await env.ctx.db.owner.query('select run_at from graphile_worker.jobs where key = $1', [`message:${id}`]);
    assert.equal(jobs.length, 1);
    assert.ok(jobs[0].run_at.getTime() - started >= 6500);

    await dispatchMessage(env.ctx, tenant.id, id);
    message = await row(id);
    assert.equal(message.status, 'sent');
    assert.equal(message.attempts, 2);
    assert.deepEqual(await events(id), ['queued', 'sending', 'retry_scheduled', 'sending', 'sent']);
  });

  it('fails at once on a 4xx with the vendor’s reason, and an admin can retry it', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    await useTwilioSms(tenant.id);
    twilio.failNext(1, twilioError(400, 21211, "The 'To' number is not a valid phone number."));
    const id = await enqueue(tenant.id);
    await dispatchMessage(env.ctx, tenant.id, id);
    let message = await row(id);
    assert.equal(message.status, 'failed');
    assert.match(message.last_error, /not a valid phone number.*21211/);
    assert.equal(message.attempts, 1);

    const retried = await env.inject({ method: 'POST', url: `/api/v1/messages/${id}/retry`, token: admin.token });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json().status, 'queued');
    await dispatchMessage(env.ctx, tenant.id, id);
    message = await row(id);
    assert.equal(message.status, 'sent');

    const again = await env.inject({ method: 'POST', url: `/api/v1/messages/${id}/retry`, token: admin.token });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'message_not_retryable');
  });

  it('gives up after the configured attempts on repeated 5xx and shows the message as failed', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    twilio.failNext(3, twilioError(503, 20500, 'Service Unavailable'));
    const id = await enqueue(tenant.id);
    for (let i = 0; i < 3; i++) await dispatchMessage(env.ctx, tenant.id, id);
    const message = await row(id);
    assert.equal(message.status, 'failed');
    assert.equal(message.attempts, 3);
    assert.deepEqual((await events(id)).filter((e) => e === 'retry_scheduled').length, 2);
  });

  it('does not resend after a crash mid-call to a vendor without idempotency keys: it needs attention', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    const id = await enqueue(tenant.id);
    // what a worker killed between committing `sending` and recording the vendor's answer leaves behind,
    // once its claim is older than the sending timeout
    await env.ctx.db.owner.query(`update messages set status = 'sending', attempts = 1, claim_token = gen_random_uuid(), claimed_at = now() - interval '1 hour' where id = $1`, [id]);
    const before = twilio.requests.length;
    await dispatchMessage(env.ctx, tenant.id, id);
    assert.equal(twilio.requests.length, before, 'nothing was sent');
    const message = await row(id);
    assert.equal(message.status, 'needs_attention');
    assert.match(message.last_error, /may or may not have been delivered/);
  });

  it('resends after a crash mid-call when the provider deduplicates by idempotency key', async () => {
    const tenant = await env.tenant();
    const id = await enqueue(tenant.id, { channel: 'email', recipient: 'crash@example.test', bundle: 'welcome_email' });
    await env.ctx.db.owner.query(`update messages set status = 'sending', attempts = 1, claim_token = gen_random_uuid(), claimed_at = now() - interval '1 hour' where id = $1`, [id]);
    await dispatchMessage(env.ctx, tenant.id, id);
    const message = await row(id);
    assert.equal(message.status, 'delivered');
    assert.equal(message.provider_message_id, `outbox_${id}`);
  });

  it('leaves a message another dispatcher claimed within the sending timeout to that dispatcher', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    const id = await enqueue(tenant.id);
    // a live worker (or an inline send) is calling the vendor right now
    await env.ctx.db.owner.query(`update messages set status = 'sending', attempts = 1, claim_token = gen_random_uuid(), claimed_at = now() where id = $1`, [id]);
    const before = twilio.requests.length;
    await dispatchMessage(env.ctx, tenant.id, id);
    assert.equal(twilio.requests.length, before, 'nothing was sent');
    assert.equal((await row(id)).status, 'sending', 'still the other dispatcher’s: not needs_attention');
    assert.deepEqual(await events(id), ['queued']);
  });

  it('records an outcome only for the claim that holds the message, once', async () => {
    const tenant = await env.tenant();
    const id = await enqueue(tenant.id, { channel: 'email', recipient: 'fenced@example.test', bundle: 'welcome_email' });
    const {
      rows: [claim],
    } = await env.ctx.db.app.query(`select claim_messages_for_dispatch(set_config('app.tenant_id', $1, true)::uuid, $2, 1, gen_random_uuid(), 300) as read`, [tenant.id, id]);
    assert.equal(claim.read.claimed, true);
    const token = (await row(id)).claim_token;
    const outcome = (status: string) => JSON.stringify([{ message_id: id, status, event: status, detail: {} }]);
    // a dispatcher whose claim was taken over (another token) changes nothing
    await env.ctx.db.app.query(`select record_message_outcomes(set_config('app.tenant_id', $1, true)::uuid, $2, gen_random_uuid())`, [tenant.id, outcome('failed')]);
    assert.equal((await row(id)).status, 'sending');
    // the holder's outcome applies, and sent again (its acknowledgement lost) it applies no second time
    await env.ctx.db.app.query(`select record_message_outcomes(set_config('app.tenant_id', $1, true)::uuid, $2, $3)`, [tenant.id, outcome('delivered'), token]);
    await env.ctx.db.app.query(`select record_message_outcomes(set_config('app.tenant_id', $1, true)::uuid, $2, $3)`, [tenant.id, outcome('delivered'), token]);
    const message = await row(id);
    assert.equal(message.status, 'delivered');
    assert.equal(message.claim_token, null);
    assert.deepEqual(await events(id), ['queued', 'sending', 'delivered']);
  });

  it('answers the same claim again to the dispatcher that asks with its token (its first answer lost)', async () => {
    const tenant = await env.tenant();
    const first = await enqueue(tenant.id, { channel: 'email', recipient: 'again-1@example.test', bundle: 'welcome_email' });
    const second = await enqueue(tenant.id, { channel: 'email', recipient: 'again-2@example.test', bundle: 'welcome_email' });
    const claim = async (token: string) => (await env.ctx.db.app.query(`select claim_messages_for_dispatch(set_config('app.tenant_id', $1, true)::uuid, $2, 5, $3, 300) as read`, [tenant.id, first, token])).rows[0].read;
    const token = '00000000-0000-4000-8000-00000000a0a0';
    const once = await claim(token);
    const twice = await claim(token);
    assert.equal(twice.claimed, true);
    assert.equal(twice.message.attempts, once.message.attempts, 'the attempt is counted once');
    assert.deepEqual(
      twice.batch.map((b: { message: { id: string } }) => b.message.id),
      once.batch.map((b: { message: { id: string } }) => b.message.id),
    );
    assert.ok(once.batch.some((b: { message: { id: string } }) => b.message.id === second));
    assert.equal(await claim('00000000-0000-4000-8000-00000000b0b0'), null, 'another dispatcher gets nothing while the claim is fresh');
    assert.deepEqual(await events(first), ['queued', 'sending']);
  });

  it('never texts a number that replied STOP', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    await env.ctx.db.owner.query('insert into sms_opt_outs (tenant_id, phone_number) values ($1, $2)', [tenant.id, '+15555550199']);
    const before = twilio.requests.length;
    const id = await enqueue(tenant.id);
    await dispatchMessage(env.ctx, tenant.id, id);
    assert.equal(twilio.requests.length, before);
    assert.equal((await row(id)).status, 'failed');
    assert.match((await row(id)).last_error, /opted out/);
  });
});

describe('batch dispatch', () => {
  async function jobKeys(ids: string[]): Promise<string[]> {
    const { rows } = await env.ctx.db.owner.query('select key from graphile_worker.jobs where key = any($1) order by key', [ids.map((id) => `message:${id}`)]);
    return rows.map((r) => r.key);
  }

  it('sends the tenant’s waiting messages for the same channel and templates with the first, each with its own row, events and secrets', async () => {
    const tenant = await env.tenant();
    const other = await env.tenant();
    await useTwilioSms(tenant.id);
    await useTwilioSms(other.id);
    const before = twilio.requests.length;
    const first = await enqueue(tenant.id, { recipient: '+15555551000' });
    const same = [];
    for (let i = 1; i <= 3; i++) same.push(await enqueue(tenant.id, { recipient: `+1555555100${i}`, variables: { business_name: 'Acme' }, secretVariables: { first_name: `Secret${i}` } }));
    const otherLocale = await enqueue(tenant.id, { recipient: '+15555551010', locale: 'fr' });
    const email = await enqueue(tenant.id, { channel: 'email', recipient: 'batch@example.test', bundle: 'welcome_email' });
    const otherTenant = await enqueue(other.id, { recipient: '+15555551020' });

    await dispatchMessage(env.ctx, tenant.id, first, { batch: 10 });

    const sent = twilio.requests.slice(before);
    assert.deepEqual(sent.map((r) => r.params.To).sort(), ['+15555551000', '+15555551001', '+15555551002', '+15555551003']);
    for (let i = 1; i <= 3; i++) {
      // each message rendered with its own secret, which is sent but stored masked
      assert.match(String(sent.find((r) => r.params.To === `+1555555100${i}`)!.params.Body), new RegExp(`^Hi Secret${i},`));
    }
    const providerIds = new Set<string>();
    for (const id of [first, ...same]) {
      const message = await row(id);
      assert.equal(message.status, 'sent');
      assert.equal(message.attempts, 1);
      assert.match(message.provider_message_id, /^SM/);
      providerIds.add(message.provider_message_id);
      assert.deepEqual(await events(id), ['queued', 'sending', 'sent']);
      if (id !== first) {
        assert.ok(message.content.startsWith(`Hi ${MASK},`), message.content);
        assert.equal(message.secret_variables_encrypted, null);
      }
    }
    assert.equal(providerIds.size, 4);
    // the others' jobs were taken out of the queue with them; the first's is its caller's to complete
    assert.deepEqual(await jobKeys(same), []);
    for (const id of [otherLocale, email]) assert.equal((await row(id)).status, 'queued');
    assert.deepEqual(await jobKeys([otherLocale, email]), [`message:${otherLocale}`, `message:${email}`].sort());
    assert.equal((await row(otherTenant)).status, 'queued', 'never another tenant’s message');
    assert.deepEqual(await jobKeys([otherTenant]), [`message:${otherTenant}`]);
    twilio.assertNoViolations();
  });

  it('appends the batch’s message.sent events to the log with one multi-row insert, in the order of its outcomes', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await enqueue(tenant.id, { recipient: `+1555555200${i}` }));
    // a statement-level trigger, as the onboarding counters use: it sees how many rows each insert brought
    await env.ctx.db.owner.query(`
      create table test_event_inserts (n serial, rows integer not null);
      create function test_count_event_inserts() returns trigger language plpgsql security definer as $$
      begin insert into test_event_inserts (rows) select count(*) from appended; return null; end $$;
      create trigger test_count_event_inserts after insert on events referencing new table as appended
        for each statement execute function test_count_event_inserts();`);
    try {
      await dispatchMessage(env.ctx, tenant.id, ids[0]!, { batch: 10 });
      const { rows: inserts } = await env.ctx.db.owner.query('select rows from test_event_inserts order by n');
      assert.deepEqual(inserts, [{ rows: 3 }]);
    } finally {
      await env.ctx.db.owner.query('drop trigger test_count_event_inserts on events; drop function test_count_event_inserts(); drop table test_event_inserts');
    }
    const { rows: logged } = await env.ctx.db.owner.query(`select type, subject_id, payload ->> 'status' as status from events where tenant_id = $1 and type like 'message.%' order by id`, [tenant.id]);
    const { rows: claimed } = await env.ctx.db.owner.query(`select id::text from messages where id = any($1) order by created_at`, [ids]);
    assert.deepEqual(
      logged,
      claimed.map((m) => ({ type: 'message.sent', subject_id: m.id, status: 'sent' })),
    );
  });

  it('leaves a message whose job another worker holds, and one whose retry is not due yet', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    const before = twilio.requests.length;
    const first = await enqueue(tenant.id, { recipient: '+15555552000' });
    const held = await enqueue(tenant.id, { recipient: '+15555552001' });
    const later = await enqueue(tenant.id, { recipient: '+15555552002' });
    await env.ctx.db.owner.query(`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'another-worker' where key = $1`, [`message:${held}`]);
    await env.ctx.db.owner.query(`update messages set next_attempt_at = now() + interval '1 hour' where id = $1`, [later]);
    await env.ctx.db.owner.query(`update graphile_worker._private_jobs set run_at = now() + interval '1 hour' where key = $1`, [`message:${later}`]);

    await dispatchMessage(env.ctx, tenant.id, first, { batch: 10 });

    assert.deepEqual(
      twilio.requests.slice(before).map((r) => r.params.To),
      ['+15555552000'],
    );
    assert.equal((await row(held)).status, 'queued');
    assert.equal((await row(later)).status, 'queued');
    assert.deepEqual(await jobKeys([held, later]), [`message:${held}`, `message:${later}`].sort());
  });

  it('settles an opted-out recipient in the batch as failed, and records each vendor answer for its own message', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    await env.ctx.db.owner.query('insert into sms_opt_outs (tenant_id, phone_number) values ($1, $2)', [tenant.id, '+15555553009']);
    const first = await enqueue(tenant.id, { recipient: '+15555553000' });
    const stopped = await enqueue(tenant.id, { recipient: '+15555553009' });
    const rest = [await enqueue(tenant.id, { recipient: '+15555553001' }), await enqueue(tenant.id, { recipient: '+15555553002' })];
    const before = twilio.requests.length;
    twilio.failNext(1, twilioError(400, 21211, "The 'To' number is not a valid phone number."));

    await dispatchMessage(env.ctx, tenant.id, first, { batch: 10 });

    const to = twilio.requests.slice(before).map((r) => String(r.params.To));
    assert.deepEqual([...to].sort(), ['+15555553000', '+15555553001', '+15555553002']);
    const stoppedRow = await row(stopped);
    assert.equal(stoppedRow.status, 'failed');
    assert.match(stoppedRow.last_error, /opted out/);
    const statuses = await Promise.all([first, ...rest].map(async (id) => (await row(id)).status));
    assert.deepEqual([...statuses].sort(), ['failed', 'sent', 'sent'], 'the refused one failed, the others went out');
    const refused = (await Promise.all([first, ...rest].map(row))).find((m) => m.status === 'failed');
    assert.match(refused.last_error, /not a valid phone number.*21211/);
    assert.equal(refused.provider_message_id, null);
  });

  it('takes only jobs of the tenant the transaction acts for out of the queue', async () => {
    const mine = await env.tenant();
    const theirs = await env.tenant();
    const own = await enqueue(mine.id, { recipient: '+15555556000' });
    const foreign = await enqueue(theirs.id, { recipient: '+15555556001' });
    const taken = await withTenant(env.ctx.db.app, mine.id, async (tx) => (await tx.query('select take_message_jobs($1) as id', [[own, foreign]])).rows.map((r) => r.id));
    assert.deepEqual(taken, [own]);
    assert.deepEqual(await jobKeys([own, foreign]), [`message:${foreign}`]);
  });

  it('a running worker sends a burst in fewer jobs than messages, each message once', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    const recipients = Array.from({ length: 30 }, (_, i) => `+155555540${String(i).padStart(2, '0')}`);
    const before = twilio.requests.length;
    const ids = await withTenant(env.ctx.db.app, tenant.id, async (tx) => {
      const queued = [];
      for (const recipient of recipients) queued.push(await enqueueMessage(env.ctx, tx, { tenantId: tenant.id, channel: 'sms', recipient, bundle: 'onboarding_sms', variables: { first_name: 'Burst' } }));
      return queued;
    });
    const worker = await startWorker(env.ctx, { concurrency: 2 });
    let jobs = 0;
    worker.events.on('job:start', ({ job }) => {
      if (job.key && ids.includes(job.key.slice('message:'.length))) jobs++;
    });
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from messages where id = any($1) and status = 'sent'`, [ids]);
        if (rows[0].n === ids.length) break;
        assert.ok(Date.now() < deadline, `only ${rows[0].n} of ${ids.length} sent in 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await worker.stop(5_000);
    }
    const to = twilio.requests
      .slice(before)
      .map((r) => String(r.params.To))
      .filter((r) => recipients.includes(r));
    assert.deepEqual([...to].sort(), recipients, 'each recipient exactly once');
    assert.ok(jobs < ids.length, `${jobs} jobs ran for ${ids.length} messages`);
    assert.deepEqual(await jobKeys(ids), [], 'no job is left behind');
  });
});

describe('secret variables', () => {
  it('sends the temporary password, but stores and shows it only masked, and forgets it once sent', async () => {
    const tenant = await env.tenant();
    await useTwilioSms(tenant.id);
    const secret = 'Tmp-Pass-9xQ!z2Lm7';
    const id = await withTenant(env.ctx.db.app, tenant.id, (tx) =>
      enqueueMessage(env.ctx, tx, {
        tenantId: tenant.id,
        channel: 'email',
        recipient: 'new@example.test',
        bundle: 'temporary_password_email',
        variables: { first_name: 'New', business_name: 'Acme', login_url: 'https://acme.test' },
        secretVariables: { temporary_password: secret },
      }),
    );
    const { rows: raw } = await env.ctx.db.owner.query('select row_to_json(m)::text as text from messages m where id = $1', [id]);
    assert.equal(raw[0].text.includes(secret), false, 'the queued row does not hold the password in plain text');
    await dispatchMessage(env.ctx, tenant.id, id);
    const message = await row(id);
    assert.equal(message.status, 'delivered');
    assert.ok(message.content.includes(MASK));
    assert.equal(message.secret_variables_encrypted, null);
    const { rows: after } = await env.ctx.db.owner.query('select row_to_json(m)::text as text from messages m where id = $1', [id]);
    assert.equal(after[0].text.includes(secret), false);
    const admin = await env.user(tenant.id, 'tenant_admin');
    const shown = await env.inject({ method: 'GET', url: `/api/v1/messages/${id}`, token: admin.token });
    assert.equal(shown.body.includes(secret), false);
  });
});

describe('GET /api/v1/messages', () => {
  it('lists the tenant’s messages filtered by status and channel, with event history per message', async () => {
    const tenant = await env.tenant();
    const staff = await env.user(tenant.id, 'staff');
    const delivered = await enqueue(tenant.id, { channel: 'email', recipient: 'list@example.test', bundle: 'welcome_email' });
    await dispatchMessage(env.ctx, tenant.id, delivered);
    await enqueue(tenant.id);
    const list = await env.inject({ method: 'GET', url: '/api/v1/messages?status=delivered&channel=email', token: staff.token });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((m: { id: string }) => m.id),
      [delivered],
    );
    const one = await env.inject({ method: 'GET', url: `/api/v1/messages/${delivered}`, token: staff.token });
    assert.deepEqual(
      one.json().events.map((e: { status: string }) => e.status),
      ['queued', 'sending', 'delivered'],
    );
    const bad = await env.inject({ method: 'GET', url: '/api/v1/messages?status=lost', token: staff.token });
    assert.equal(bad.statusCode, 400);
  });

  it('a member may not read the outbox, and nobody sees another tenant’s message', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const member = await env.user(a.id, 'member');
    const bAdmin = await env.user(b.id, 'tenant_admin');
    const id = await enqueue(a.id);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/messages', token: member.token })).statusCode, 403);
    assert.equal((await env.inject({ method: 'GET', url: `/api/v1/messages/${id}`, token: bAdmin.token })).statusCode, 404);
    assert.equal((await env.inject({ method: 'POST', url: `/api/v1/messages/${id}/retry`, token: bAdmin.token })).statusCode, 404);
  });
});

describe('message events for outbound webhooks', () => {
  it('queues a signed delivery of message.delivered and message.failed to subscribed endpoints only', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const subscribed = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: 'https://hooks.example.test/embark', event_types: ['message.delivered', 'message.failed'] } });
    assert.equal(subscribed.statusCode, 201, subscribed.body);
    const other = await env.inject({ method: 'POST', url: '/api/v1/tenant/webhooks', token: admin.token, payload: { url: 'https://other.example.test/embark', event_types: ['tenant.updated'] } });
    assert.equal(other.statusCode, 201, other.body);

    const delivered = await enqueue(tenant.id, { channel: 'email', recipient: 'events@example.test', bundle: 'welcome_email' });
    await dispatchMessage(env.ctx, tenant.id, delivered);
    await useTwilioSms(tenant.id);
    twilio.failNext(1, twilioError(400, 21211, 'invalid number'));
    const failed = await enqueue(tenant.id);
    await dispatchMessage(env.ctx, tenant.id, failed);

    const { rows } = await env.ctx.db.owner.query(`select endpoint_id, event_type, payload from webhook_deliveries where tenant_id = $1 order by created_at`, [tenant.id]);
    assert.deepEqual(
      rows.map((r) => [r.endpoint_id, r.event_type, r.payload.data.message_id]),
      [
        [subscribed.json().id, 'message.delivered', delivered],
        [subscribed.json().id, 'message.failed', failed],
      ],
    );
    assert.match(rows[1].payload.data.error, /invalid number/);
  });
});
