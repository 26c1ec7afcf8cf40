/**
 * SQL functions never change the caller's tenant or durability: a function that takes a tenant id acts
 * only inside a transaction that acts for that tenant (or system work that set none), refuses any other
 * with SQLSTATE EMBTC, and leaves app.tenant_id and synchronous_commit as the caller set them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { enqueueMessage } from '../messaging/messages.service.ts';
import type { Tx } from './pool.ts';
import { withSystem, withTenant } from './tx.ts';

let env: TestEnv;
let a: { id: string; message: string };
let b: { id: string; message: string };

async function tenantWithMessage(): Promise<{ id: string; message: string }> {
  const tenant = await env.tenant();
  const message = await withTenant(env.ctx.db.app, tenant.id, (tx) =>
    enqueueMessage(env.ctx, tx, {
      tenantId: tenant.id,
      channel: 'email',
      recipient: 'context@example.test',
      bundle: 'welcome_email',
    }),
  );
  await env.ctx.db.owner.query('insert into signup_settings (tenant_id, self_signup_open) values ($1, true)', [tenant.id]);
  return { id: tenant.id, message };
}

before(async () => {
  env = await createTestEnv();
  a = await tenantWithMessage();
  b = await tenantWithMessage();
});
after(() => env.close());

/**
 * Each function that takes a tenant id, called for `tenant` and a message of that tenant, with
 * arguments under which it does its work (and, inside a savepoint, changes nothing that outlasts it).
 */
const CALLS: Record<string, string> = {
  enqueue_message: `select enqueue_message($1, 'email', 'context@example.test', 'welcome_email', p_related_id => $2::text)`,
  insert_webhook_deliveries: `select * from insert_webhook_deliveries($1, 'message.sent', jsonb_build_object('message_id', $2::uuid), null)`,
  append_event: `select append_event($1, 'message.sent', 'message', $2::text, '{"kind": "system"}', jsonb_build_object('message_id', $2::uuid))`,
  append_events: `select append_events($1, jsonb_build_array(jsonb_build_object('type', 'message.sent', 'subject_type', 'message', 'subject_id', $2::text, 'actor', '{"kind": "system"}'::jsonb, 'payload', jsonb_build_object('message_id', $2::uuid))))`,
  // the message row carries its tenant
  emit_message_event: `select emit_message_event(jsonb_populate_record(null::messages, jsonb_build_object('tenant_id', $1::uuid, 'id', $2::uuid, 'channel', 'email', 'bundle', 'welcome_email')), 'sent')`,
  message_event: `select message_event(jsonb_populate_record(null::messages, jsonb_build_object('tenant_id', $1::uuid, 'id', $2::uuid, 'channel', 'email', 'bundle', 'welcome_email')), 'sent')`,
  read_message_for_dispatch: 'select read_message_for_dispatch($1, $2)',
  claim_message_for_dispatch: 'select claim_message_for_dispatch($1, $2, gen_random_uuid(), 300)',
  claim_messages_for_dispatch: 'select claim_messages_for_dispatch($1, $2, 10, gen_random_uuid(), 300)',
  mark_message_sending: `select mark_message_sending($1, $2, null, gen_random_uuid(), 'outbox', null, 'content')`,
  apply_message_status: `select apply_message_status($1, $2, 'queued', 'retry_scheduled', '{}')`,
  record_message_outcomes: `select record_message_outcomes($1, jsonb_build_array(jsonb_build_object('message_id', $2::uuid, 'status', 'sent')), gen_random_uuid())`,
  signup_member: `select * from signup_member($1, 'signup-' || $2 || '@example.test', null, null, '{}', null, '127.0.0.1', 10, 60)`,
  // the onboarding checklists' (sql/functions/onboarding_*.sql, track_events.sql, crm_contact_onboarded.sql)
  track_events: `select * from track_events($1, jsonb_build_array(jsonb_build_object('event', 'context.checked', 'external_user_id', $2::text)))`,
  track_event: `select track_event($1, 'context.checked', null, '{}', null, $2::text)`,
  onboarding_lock_tenant: 'select onboarding_lock_tenant($1) where $2::uuid is not null',
  onboarding_lock_subjects: `select onboarding_lock_subjects($1, 'user', array[$2::uuid])`,
  onboarding_count_events: `select onboarding_count_events($1, array['context.checked'], array[$2::uuid], array[null::uuid])`,
  onboarding_evaluate: `select onboarding_evaluate($1, 'user', array[$2::uuid])`,
  onboarding_recount: `select onboarding_recount($1, array['event:context.checked']) where $2::uuid is not null`,
  onboarding_truth: `select * from onboarding_truth($1, 'user', array[$2::uuid], 'context', 1)`,
  onboarding_audience_includes: `select onboarding_audience_includes($1, $2::uuid, '{}')`,
  crm_contact_onboarded: 'select crm_contact_onboarded($1, $2::uuid)',
  // no contact has the message's id: it checks the tenant, finds nothing to approve and creates nothing
  crm_provision_contact: `select crm_provision_contact($1, $2::uuid, 'context@example.test', 'member', null, null, 'not a hash', null, false, '{"kind": "system"}', '{"kind": "system"}')`,
  analytics_funnel: `select * from analytics_funnel($1, array['context.checked', 'context.done'], now() - interval '1 day', now(), interval '7 days') where $2::uuid is not null`,
  analytics_onboarding_funnel: 'select * from analytics_onboarding_funnel($1, current_date) where $2::uuid is not null',
  analytics_rollup: 'select analytics_rollup($1) where $2::uuid is not null',
  identity_webhook_user: `select * from identity_webhook_user($1, gen_random_uuid(), 'test', $2::text, 'idp-' || $2 || '@example.test', null, '{}', 'msg_1', null)`,
};

interface Context {
  tenant: string | null;
  system: string | null;
  synchronousCommit: string;
  tenants: string[];
}

/** What the transaction acts as, and which tenants' messages it sees. */
async function context(tx: Tx): Promise<Context> {
  const { rows } = await tx.query(`select nullif(current_setting('app.tenant_id', true), '') as tenant, nullif(current_setting('app.system', true), '') as system,
                                          current_setting('synchronous_commit') as synchronous_commit,
                                          array(select distinct tenant_id::text from messages order by 1) as tenants`);
  return { tenant: rows[0].tenant, system: rows[0].system, synchronousCommit: rows[0].synchronous_commit, tenants: rows[0].tenants };
}

/** Runs `sql` in a savepoint: undone when it fails; kept, with whatever it changed, when it succeeds. */
async function attempt(tx: Tx, sql: string, values: unknown[]): Promise<{ error?: { code?: string; message: string } }> {
  await tx.query('savepoint call');
  try {
    await tx.query(sql, values);
    await tx.query('release savepoint call');
    return {};
  } catch (error) {
    await tx.query('rollback to savepoint call');
    return { error: error as { code?: string; message: string } };
  }
}

describe('SQL functions that take a tenant id', () => {
  it('are all covered here: every function with a p_tenant_id argument, or a messages row', async () => {
    const { rows } = await env.ctx.db.owner.query(`
      select distinct p.proname from pg_proc p
       where p.pronamespace = 'public'::regnamespace
         and ('p_tenant_id' = any(p.proargnames) or 'messages'::regtype = any(p.proargtypes::oid[]))
         -- the check itself
         and p.proname <> 'assert_tenant_context'
       order by 1`);
    assert.deepEqual(
      rows.map((r) => r.proname),
      Object.keys(CALLS).sort(),
    );
  });

  for (const [name, sql] of Object.entries(CALLS)) {
    describe(`${name}()`, () => {
      it("refuses another tenant's id inside a tenant's transaction (EMBTC), which still acts for its tenant and sees only its rows", async () => {
        await withTenant(env.ctx.db.app, a.id, async (tx) => {
          const before = await context(tx);
          assert.deepEqual(before.tenants, [a.id]);
          const { error } = await attempt(tx, sql, [b.id, b.message]);
          assert.deepEqual(await context(tx), before, 'the transaction acts for A as before, sees A only, and its synchronous_commit is unchanged');
          assert.ok(error, `${name} refused B's id`);
          assert.equal(error.code, 'EMBTC', error.message);
          assert.match(error.message, new RegExp(`acts for tenant ${a.id}, not for tenant ${b.id}`));
        });
      });

      it("leaves the tenant and synchronous_commit as they were when called with the transaction's own tenant", async () => {
        await withTenant(env.ctx.db.app, a.id, async (tx) => {
          const before = await context(tx);
          await tx.query('savepoint call');
          await tx.query(sql, [a.id, a.message]);
          assert.deepEqual(await context(tx), before);
          await tx.query('rollback to savepoint call');
        });
      });
    });
  }

  it('refuses a call from a transaction that acts for no tenant and is not system work', async () => {
    for (const [name, sql] of Object.entries(CALLS)) {
      await assert.rejects(env.ctx.db.app.query(sql, [a.id, a.message]), (error: { code?: string; message: string }) => {
        assert.equal(error.code, 'EMBTC', `${name}: ${error.message}`);
        assert.match(error.message, /acts for no tenant/);
        return true;
      });
    }
  });

  it('acts for the tenant it is given in system work that set no tenant (the users trigger, for a row another system inserted)', async () => {
    const id = await withSystem(env.ctx.db.app, async (tx) => {
      const { rows } = await tx.query(`select enqueue_message($1, 'email', 'system@example.test', 'welcome_email') as id`, [b.id]);
      assert.deepEqual(await context(tx), { tenant: null, system: 'on', synchronousCommit: 'on', tenants: [a.id, b.id].sort() });
      return rows[0].id;
    });
    const { rows } = await env.ctx.db.owner.query('select tenant_id from messages where id = $1', [id]);
    assert.equal(rows[0].tenant_id, b.id);
  });

  it('holds system work that set a tenant to that tenant', async () => {
    await withTenant(env.ctx.db.app, a.id, async (tx) => {
      await tx.query(`select set_config('app.system', 'on', true)`);
      const { error } = await attempt(tx, CALLS.enqueue_message!, [b.id, b.message]);
      assert.ok(error, 'refused');
      assert.equal(error.code, 'EMBTC');
      assert.match(error.message, new RegExp(`acts for tenant ${a.id}, not for tenant ${b.id}`));
    });
  });

  it('works in a statement that sets its own transaction’s tenant, as the dispatcher’s do, which ends with the statement', async () => {
    const client = await env.ctx.db.app.connect();
    try {
      const { rows } = await client.query(`select read_message_for_dispatch(set_config('app.tenant_id', $1, true)::uuid, $2) as read`, [b.id, b.message]);
      assert.equal(rows[0].read.message.id, b.message);
      const { rows: after } = await client.query(`select nullif(current_setting('app.tenant_id', true), '') as tenant, (select count(*)::int from messages) as visible`);
      assert.deepEqual(after[0], { tenant: null, visible: 0 }, 'the next statement acts for no tenant');
    } finally {
      client.release();
    }
  });
});
