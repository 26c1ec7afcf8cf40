import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
before(async () => { env = await createTestEnv(); });
after(async () => { await env.close(); });

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`within 3 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('cached session state', () => {
  const profile = (token: string) => env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token });

  it('stops a session revoked by another process, told by the database', async () => {
    const tenant = await env.tenant();
    const member = await env.user(tenant.id, 'member');
    assert.equal((await profile(member.token)).statusCode, 200, 'now cached');
    // another Embark process (or an operator) revokes it: no HTTP request passes through this one
    await env.ctx.db.owner.query(`update sessions set revoked_at = now() where user_id = $1`, [member.id]);
    await eventually(async () => (await profile(member.token)).statusCode === 401, 'the revoked session is refused');
  });

  it('stops every session of a tenant deactivated elsewhere, and of a user disabled elsewhere', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const inA = await env.user(a.id, 'staff');
    const inB = await env.user(b.id, 'staff');
    assert.equal((await profile(inA.token)).statusCode, 200);
    assert.equal((await profile(inB.token)).statusCode, 200);
    await env.ctx.db.owner.query('update tenants set is_active = false where id = $1', [a.id]);
    await env.ctx.db.owner.query('update users set disabled_at = now() where id = $1', [inB.id]);
    await eventually(async () => (await profile(inA.token)).statusCode === 403, 'the deactivated tenant’s user is refused');
    await eventually(async () => (await profile(inB.token)).statusCode === 401, 'the disabled user is refused');
  });

  it('answers reads from a read-only connection: a read path cannot write', async () => {
    const client = await env.ctx.db.read.connect();
    try {
      await assert.rejects(client.query(`insert into login_failures (bucket) values ('x')`), /read-only transaction/);
    } finally {
      client.release();
    }
  });
});
