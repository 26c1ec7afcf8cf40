import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import pg from 'pg';
import { SessionCache } from './session-cache.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

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

describe('cached API keys', () => {
  const users = (key: string) => env.inject({ method: 'GET', url: '/api/v1/users', token: key });
  async function newKey(tenantId: string, scopes: string[]) {
    const admin = await env.user(tenantId, 'tenant_admin');
    const created = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: 'cached', scopes } });
    assert.equal(created.statusCode, 201, created.body);
    return created.json() as { id: string; key: string };
  }

  it('stops a key revoked, or re-scoped, by another process, told by the database', async () => {
    const tenant = await env.tenant();
    const revoked = await newKey(tenant.id, ['users:read']);
    const rescoped = await newKey(tenant.id, ['users:read']);
    assert.equal((await users(revoked.key)).statusCode, 200, 'now cached');
    assert.equal((await users(rescoped.key)).statusCode, 200, 'now cached');
    // no HTTP request passes through this process: only the notification can tell it
    await env.ctx.db.owner.query('update api_keys set revoked_at = now() where id = $1', [revoked.id]);
    await env.ctx.db.owner.query(`update api_keys set scopes = '{messages:read}' where id = $1`, [rescoped.id]);
    await eventually(async () => (await users(revoked.key)).statusCode === 401, 'the revoked key is refused');
    await eventually(async () => (await users(rescoped.key)).json().code === 'scope_missing', 'the key without users:read is refused');
  });

  it('stops the keys of a tenant deactivated elsewhere, and keeps working for the others', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const inA = await newKey(a.id, ['users:read']);
    const inB = await newKey(b.id, ['users:read']);
    assert.equal((await users(inA.key)).statusCode, 200);
    assert.equal((await users(inB.key)).statusCode, 200);
    await env.ctx.db.owner.query('update tenants set is_active = false where id = $1', [a.id]);
    await eventually(async () => (await users(inA.key)).statusCode === 403, 'the deactivated tenant’s key is refused');
    assert.equal((await users(inB.key)).statusCode, 200);
  });

  it('records when a key was last used, without a write per request', async () => {
    const tenant = await env.tenant();
    const { id, key } = await newKey(tenant.id, ['users:read']);
    for (let i = 0; i < 5; i++) assert.equal((await users(key)).statusCode, 200);
    const lastUsed = async () => (await env.ctx.db.owner.query<{ at: Date | null }>('select last_used_at as at from api_keys where id = $1', [id])).rows[0]!.at;
    await eventually(async () => (await lastUsed()) !== null, 'last_used_at is set');
    const first = await lastUsed();
    for (let i = 0; i < 5; i++) assert.equal((await users(key)).statusCode, 200);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await lastUsed(), first, 'the next minute’s requests write nothing');
  });
});

describe('what a notification forgets', () => {
  const ids = {
    s1: '00000000-0000-4000-8000-000000000001',
    s2: '00000000-0000-4000-8000-000000000002',
    s3: '00000000-0000-4000-8000-000000000003',
    u1: '10000000-0000-4000-8000-000000000001',
    u2: '10000000-0000-4000-8000-000000000002',
    t1: '20000000-0000-4000-8000-000000000001',
    t2: '20000000-0000-4000-8000-000000000002',
  };
  const cache = () => {
    const c = new SessionCache<{ user: string; tenant: string }>({ url: 'postgres://unused', appRole: 'x', log: env.ctx.log, ownersOf: (s) => [`users:${s.user}`, `tenants:${s.tenant}`] });
    // as if listening: a cache trusts nothing until its channel is up
    (c as unknown as { listening: boolean }).listening = true;
    c.set(ids.s1, { user: ids.u1, tenant: ids.t1 });
    c.set(ids.s2, { user: ids.u1, tenant: ids.t1 });
    c.set(ids.s3, { user: ids.u2, tenant: ids.t2 });
    return c;
  };
  const cached = (c: ReturnType<typeof cache>) => [ids.s1, ids.s2, ids.s3].map((id) => c.get(id) !== undefined);

  it('forgets one session, a user’s sessions, or a tenant’s, and nothing else', () => {
    let c = cache();
    c.invalidate(`sessions:${ids.s1}`);
    assert.deepEqual(cached(c), [false, true, true]);
    c = cache();
    c.invalidate(`users:${ids.u1}`);
    assert.deepEqual(cached(c), [false, false, true]);
    c = cache();
    c.invalidate(`tenants:${ids.t2}`);
    assert.deepEqual(cached(c), [true, true, false]);
    // a session cached again after being forgotten is forgotten again by its user's next change
    c.set(ids.s3, { user: ids.u2, tenant: ids.t2 });
    c.invalidate(`users:${ids.u2}`);
    assert.deepEqual(cached(c), [true, true, false]);
  });

  it('forgets everything on a notification it cannot read (a bulk delete, an older trigger)', () => {
    for (const payload of ['sessions', 'users', 'users:not-a-uuid', '', undefined]) {
      const c = cache();
      c.invalidate(payload);
      assert.deepEqual(cached(c), [false, false, false], String(payload));
    }
  });
});

describe('a change elsewhere', () => {
  const profile = (token: string) => env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token });

  it('is named by the notification: one user re-roled, one session revoked', async () => {
    const listener = new pg.Client({ connectionString: env.ctx.db.url });
    await listener.connect();
    try {
      const payloads: string[] = [];
      listener.on('notification', (m) => payloads.push(m.payload ?? ''));
      await listener.query('listen embark_auth');
      const tenant = await env.tenant();
      const member = await env.user(tenant.id, 'member');
      assert.equal((await profile(member.token)).statusCode, 200);
      await env.ctx.db.owner.query(`update users set role = 'staff' where id = $1`, [member.id]);
      await env.ctx.db.owner.query(`update sessions set revoked_at = now() where user_id = $1 returning id`, [member.id]);
      const { rows } = await env.ctx.db.owner.query<{ id: string }>('select id from sessions where user_id = $1', [member.id]);
      await eventually(async () => payloads.length >= 2, 'two notifications');
      assert.ok(payloads.includes(`users:${member.id}`), payloads.join(' '));
      assert.ok(
        rows.every((r) => payloads.includes(`sessions:${r.id}`)),
        payloads.join(' '),
      );
      await eventually(async () => (await profile(member.token)).statusCode === 401, 'the revoked session is refused');
    } finally {
      await listener.end();
    }
  });
});
