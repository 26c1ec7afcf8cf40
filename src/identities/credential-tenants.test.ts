/**
 * API keys, refresh tokens and password links name their tenant in their text, so their row is found
 * within that tenant (issue 10 §9). Those issued before, whose text names none, keep working; one edited
 * to name another tenant finds nothing there and reads like any unknown credential.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { insertPasswordToken } from './password-links.store.ts';
import { newPasswordLinkToken, sha256 } from './tokens.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

const hex = (tenantId: string) => tenantId.replace(/-/g, '');
const secret = () => randomBytes(32).toString('base64url');
/** The same credential, naming `to` where it named `from`. */
const retarget = (credential: string, from: string, to: string) => credential.replace(`_${hex(from)}_`, `_${hex(to)}_`);
const refusal = (res: { statusCode: number; json(): { code: string; detail: string } }) => ({ status: res.statusCode, code: res.json().code, detail: res.json().detail });

describe('API keys', () => {
  async function createKey(token: string): Promise<{ id: string; key: string; prefix: string }> {
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token, payload: { name: 'sync', scopes: ['users:read'] } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }
  const listUsers = (key: string) => env.inject({ method: 'GET', url: '/api/v1/users', token: key });

  it('name their tenant, and one edited to name another tenant is refused like an unknown key', async () => {
    const [a, b] = [await env.tenant(), await env.tenant()];
    const adminA = await env.user(a.id, 'tenant_admin');
    const { key, prefix } = await createKey(adminA.token);
    assert.equal(key, `emb_${hex(a.id)}_${prefix}_${key.slice(-43)}`);
    assert.equal((await listUsers(key)).statusCode, 200);

    // tenant b holds a key of the same prefix: prefixes are unique per tenant now
    await env.ctx.db.owner.query(`insert into api_keys (tenant_id, name, prefix, key_hash, scopes, issued_without_tenant) values ($1, 'twin', $2, $3, '{users:read}', false)`, [b.id, prefix, sha256(`emb_${hex(b.id)}_${prefix}_${secret()}`)]);
    const edited = await listUsers(retarget(key, a.id, b.id));
    const unknown = await listUsers(`emb_${hex(b.id)}_${'z'.repeat(8)}_${secret()}`);
    assert.equal(edited.statusCode, 401);
    assert.deepEqual(refusal(edited), refusal(unknown));
    // nor does the key without its tenant find its row: it is no key issued before keys named their tenant
    assert.equal((await listUsers(key.replace(`_${hex(a.id)}_`, '_'))).statusCode, 401);
  });

  it('issued before keys named their tenant keep working, until revoked', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const prefix = randomBytes(6).toString('hex').slice(0, 8);
    const key = `emb_${prefix}_${secret()}`;
    // as an older build inserted it: it does not say issued_without_tenant, whose default marks it
    const {
      rows: [row],
    } = await env.ctx.db.owner.query(`insert into api_keys (tenant_id, name, prefix, key_hash, scopes) values ($1, 'old', $2, $3, '{users:read}') returning id, issued_without_tenant`, [tenant.id, prefix, sha256(key)]);
    assert.equal(row.issued_without_tenant, true);
    const users = await listUsers(key);
    assert.equal(users.statusCode, 200, users.body);
    assert.ok(users.json().items.some((u: { id: string }) => u.id === admin.id));
    assert.equal((await env.inject({ method: 'DELETE', url: `/api/v1/tenant/api-keys/${row.id}`, token: admin.token })).statusCode, 200);
    assert.equal((await listUsers(key)).statusCode, 401);
  });
});

describe('refresh tokens', () => {
  const refresh = (token: string) => env.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: token } });
  const signIn = async (email: string, tenant?: string) => {
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD, ...(tenant ? { tenant } : {}) } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { access_token: string; refresh_token: string };
  };

  it('name their tenant, or say they are a global admin’s, and refresh as before', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const pair = await signIn(user.email, tenant.subdomain);
    assert.match(pair.refresh_token, new RegExp(`^rt_${hex(tenant.id)}_[A-Za-z0-9_-]{43}$`));
    const next = await refresh(pair.refresh_token);
    assert.equal(next.statusCode, 200, next.body);
    assert.match(next.json().refresh_token, new RegExp(`^rt_${hex(tenant.id)}_`));

    const admin = await env.globalAdmin();
    const adminPair = await signIn(admin.email);
    assert.match(adminPair.refresh_token, /^rt_global_[A-Za-z0-9_-]{43}$/);
    const adminNext = await refresh(adminPair.refresh_token);
    assert.equal(adminNext.statusCode, 200, adminNext.body);
    assert.equal(adminNext.json().user.role, 'global_admin');
  });

  it('edited to name another tenant, or a global admin’s to name a tenant, find nothing and revoke nothing', async () => {
    const [a, b] = [await env.tenant(), await env.tenant()];
    const user = await env.user(a.id, 'member');
    const pair = await signIn(user.email, a.subdomain);
    const edited = await refresh(retarget(pair.refresh_token, a.id, b.id));
    assert.deepEqual(refusal(edited), refusal(await refresh(`rt_${hex(b.id)}_${secret()}`)));
    assert.equal(edited.json().code, 'refresh_token_invalid');

    const admin = await env.globalAdmin();
    const adminPair = await signIn(admin.email);
    assert.equal((await refresh(adminPair.refresh_token.replace('rt_global_', `rt_${hex(a.id)}_`))).statusCode, 401);
    assert.equal((await refresh(adminPair.refresh_token.replace('rt_global_', 'rt_'))).statusCode, 401);
    // the real tokens were not taken for replays: their sessions still refresh
    assert.equal((await refresh(pair.refresh_token)).statusCode, 200);
    assert.equal((await refresh(adminPair.refresh_token)).statusCode, 200);
  });

  it('issued before refresh tokens named their tenant keep working, and give way to ones that do', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const pair = await signIn(user.email, tenant.subdomain);
    const {
      rows: [session],
    } = await env.ctx.db.owner.query('select session_id from refresh_tokens where token_hash = $1', [sha256(pair.refresh_token)]);
    const old = `rt_${secret()}`;
    await env.ctx.db.owner.query('insert into refresh_tokens (tenant_id, token_hash, session_id) values ($1, $2, $3)', [tenant.id, sha256(old), session.session_id]);
    const next = await refresh(old);
    assert.equal(next.statusCode, 200, next.body);
    assert.match(next.json().refresh_token, new RegExp(`^rt_${hex(tenant.id)}_`));
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refresh_token: next.json().refresh_token } })).statusCode, 204);
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/me', token: next.json().access_token })).statusCode, 401);
  });
});

describe('password links', () => {
  const confirm = (token: string) => env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, new_password: 'a whole new passphrase' } });
  const linkFor = (tenantId: string, userId: string, token: string) => withTenant(env.ctx.db.app, tenantId, (tx) => insertPasswordToken(tx, { tenantId, userId, purpose: 'reset', tokenHash: sha256(token), ttlSeconds: 600, createdBy: null }));

  it('name their tenant; one edited to name another tenant is refused like an unknown link, and spends nothing', async () => {
    const [a, b] = [await env.tenant(), await env.tenant()];
    const user = await env.user(a.id, 'member');
    const token = newPasswordLinkToken(a.id);
    assert.match(token, new RegExp(`^pwl_${hex(a.id)}_[A-Za-z0-9_-]{43}$`));
    await linkFor(a.id, user.id, token);
    const edited = await confirm(retarget(token, a.id, b.id));
    assert.equal(edited.statusCode, 400);
    assert.deepEqual(refusal(edited), refusal(await confirm(newPasswordLinkToken(b.id))));
    assert.equal((await confirm(token.replace(`_${hex(a.id)}_`, '_'))).statusCode, 400);
    const used = await confirm(token);
    assert.equal(used.statusCode, 200, used.body);
    assert.equal(used.json().user.id, user.id);
  });

  it('issued before links named their tenant keep working', async () => {
    const tenant = await env.tenant();
    const user = await env.user(tenant.id, 'member');
    const token = `pwl_${secret()}`;
    await env.ctx.db.owner.query(`insert into password_tokens (tenant_id, user_id, purpose, token_hash, expires_at) values ($1, $2, 'reset', $3, now() + interval '10 minutes')`, [tenant.id, user.id, sha256(token)]);
    const used = await confirm(token);
    assert.equal(used.statusCode, 200, used.body);
    assert.equal(used.json().user.id, user.id);
    assert.equal((await confirm(token)).statusCode, 400, 'once');
  });
});
