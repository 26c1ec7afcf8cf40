import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { createTestEnv, SYSTEM_ACTOR, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { createGlobalAdmin, createUser } from './users.service.ts';
import { findUserByEmail } from './users.store.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

/** Runs findUserByEmail as the application does (system work under row-level security), with the plan of its statement. */
async function lookUp(tenantId: string | null, email: string): Promise<{ id: string | undefined; plan: string }> {
  const client = await env.ctx.db.app.connect();
  try {
    await client.query(`begin; select set_config('app.system', 'on', true); set local enable_seqscan = off`);
    let plan = '';
    const explaining = {
      query: async (text: string, values: unknown[]) => {
        plan = (await client.query(`explain ${text}`, values)).rows.map((row) => row['QUERY PLAN']).join('\n');
        return client.query(text, values);
      },
    } as unknown as pg.ClientBase;
    const row = await findUserByEmail(explaining, tenantId, email);
    await client.query('rollback');
    return { id: row?.id, plan };
  } finally {
    client.release();
  }
}

describe('findUserByEmail', () => {
  it('finds a tenant user and a global admin with the same email apart, in any case', async () => {
    const tenant = await env.tenant();
    const { user } = await createUser(env.ctx, SYSTEM_ACTOR, tenant.id, { email: 'Same.Person@Example.test', role: 'member', password: TEST_PASSWORD });
    const { user: admin } = await createGlobalAdmin(env.ctx, SYSTEM_ACTOR, { email: 'same.person@example.test', password: TEST_PASSWORD });
    assert.equal((await lookUp(tenant.id, 'SAME.person@example.TEST')).id, user.id);
    assert.equal((await lookUp(null, 'Same.Person@Example.Test')).id, admin.id);
    assert.equal((await lookUp((await env.tenant()).id, 'same.person@example.test')).id, undefined);
  });

  it('searches users_tenant_email_key by tenant and email both (platform_admins_email_key for an admin), so a login reads no other user', async () => {
    // lower(email) is not leakproof, so under row-level security it could not be an index condition: email_lower is compared
    const tenant = await env.tenant();
    const { plan } = await lookUp(tenant.id, 'someone@example.test');
    assert.match(plan, /users_tenant_email_key/, plan);
    assert.match(plan, /Index Cond: \(\(tenant_id = '[0-9a-f-]+'::uuid\) AND \(email_lower = 'someone@example\.test'::text\)\)/, plan);
    const { plan: adminPlan } = await lookUp(null, 'someone@example.test');
    assert.match(adminPlan, /platform_admins_email_key/, adminPlan);
    assert.match(adminPlan, /Index Cond: \(email_lower = 'someone@example\.test'::text\)/, adminPlan);
  });
});
