/**
 * Global admins live in platform_admins, their sessions and refresh tokens in platform_sessions and
 * platform_refresh_tokens, the audit entries of no tenant in platform_audit_log (migration 0028). What
 * they could do as tenant_id-null rows they still do, and what was in flight at the move keeps working.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { loadConfig } from '../config.ts';
import { createDatabase } from '../db/pool.ts';
import { migrate, MIGRATIONS_DIR } from '../db/migrate.ts';
import { createLogger } from '../log.ts';
import { createContext } from '../modules.ts';
import { buildApp } from '../app.ts';
import { hashPassword } from './passwords.ts';
import { sha256, signAccessToken } from './tokens.ts';

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

const me = (token: string) => env.inject({ method: 'GET', url: '/api/v1/me', token });

describe('global admins', () => {
  it('sign in, refresh and log out through the platform tables, and are no rows of the tenant tables', async () => {
    const admin = await env.globalAdmin();
    const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } });
    assert.equal(login.statusCode, 200, login.body);
    const pair = login.json();
    const who = (await me(pair.access_token)).json().user;
    assert.deepEqual([who.id, who.email, who.role, who.tenant_id], [admin.id, admin.email, 'global_admin', null]);
    const {
      rows: [counts],
    } = await env.ctx.db.owner.query(
      `select (select count(*)::int from users where id = $1) as users, (select count(*)::int from platform_admins where id = $1) as admins,
              (select count(*)::int from platform_sessions where admin_id = $1) > 0 as sessions, (select count(*)::int from platform_refresh_tokens where token_hash = $2) as tokens`,
      [admin.id, sha256(pair.refresh_token)],
    );
    assert.deepEqual(counts, { users: 0, admins: 1, sessions: true, tokens: 1 });
    const next = await env.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: pair.refresh_token } });
    assert.equal(next.statusCode, 200, next.body);
    assert.equal((await env.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refresh_token: next.json().refresh_token } })).statusCode, 204);
    assert.equal((await me(next.json().access_token)).statusCode, 401);
  });

  it('have their session ended everywhere when another process revokes it, or disables them', async () => {
    const admin = await env.globalAdmin();
    const token = await env.login(admin.email, TEST_PASSWORD);
    assert.equal((await me(token)).statusCode, 200, 'now cached');
    // the session just opened; the admin's others stay
    await env.ctx.db.owner.query('update platform_sessions set revoked_at = now() where id = (select id from platform_sessions where admin_id = $1 order by created_at desc limit 1)', [admin.id]);
    await eventually(async () => (await me(token)).statusCode === 401, 'the revoked session is refused');

    const other = await env.login(admin.email, TEST_PASSWORD);
    assert.equal((await me(other)).statusCode, 200, 'cached');
    await env.ctx.db.owner.query('update platform_admins set disabled_at = now() where id = $1', [admin.id]);
    try {
      await eventually(async () => (await me(other)).statusCode === 401, 'the disabled admin is refused');
    } finally {
      await env.ctx.db.owner.query('update platform_admins set disabled_at = null where id = $1', [admin.id]);
    }
  });

  it('acting in a tenant, make API keys that name them, and their requests are in the tenant’s log with their id', async () => {
    const admin = await env.globalAdmin();
    const tenant = await env.tenant();
    const created = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, tenantId: tenant.id, payload: { name: 'by the admin', scopes: ['users:read'] } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().created_by, admin.id);
    const {
      rows: [key],
    } = await env.ctx.db.owner.query('select created_by, created_by_admin from api_keys where tenant_id = $1 and id = $2', [tenant.id, created.json().id]);
    assert.deepEqual(key, { created_by: null, created_by_admin: admin.id });
    const { rows: audit } = await env.ctx.db.owner.query(`select actor_user_id, impersonating from audit_log where tenant_id = $1 and action = 'api_key.created'`, [tenant.id]);
    assert.deepEqual(audit, [{ actor_user_id: admin.id, impersonating: true }]);
  });
});

describe('migration 0028', () => {
  it('moves global admins, their sessions, refresh tokens, audit entries and keys’ creators, so what was in flight keeps working', async () => {
    const serverUrl = process.env.EMBARK_TEST_SERVER_URL!;
    const name = `${process.env.EMBARK_TEST_RUN_ID}_m28_${randomBytes(4).toString('hex')}`;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const server = new pg.Client({ connectionString: serverUrl });
    await server.connect();
    await server.query(`create database ${name}`);
    const before0028 = mkdtempSync(path.join(tmpdir(), 'embark-0027-'));
    const log = createLogger('silent');
    const db = createDatabase({ url: url.toString(), appRole: 'embark_app', poolSize: 3, log });
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    try {
      cpSync(MIGRATIONS_DIR, before0028, { recursive: true, filter: (source) => !source.endsWith('0028_platform_admins.sql') });
      await migrate(db.owner, { appRole: 'embark_app', log, migrationsDir: before0028 });
      // what the build before 0028 wrote: a global admin as a tenant_id-null user, with a session, a refresh
      // token (of the format before 0027), an audit entry of no tenant, and a key made acting in a tenant
      const oldRefreshToken = `rt_${randomBytes(32).toString('base64url')}`;
      const {
        rows: [seed],
      } = await db.owner.query(
        `with tenant as (insert into tenants (name, subdomain) values ('Moved', 'moved') returning id),
              admin as (insert into users (tenant_id, email, role, password_hash) values (null, 'root@moved.test', 'global_admin', $1) returning id),
              session as (insert into sessions (tenant_id, user_id, expires_at) select null, id, now() + interval '1 day' from admin returning id),
              token as (insert into refresh_tokens (tenant_id, token_hash, session_id) select null, $2, id from session),
              entry as (insert into audit_log (tenant_id, actor_user_id, actor_kind, action) select null, id, 'user', 'auth.login' from admin returning id),
              key as (insert into api_keys (tenant_id, name, prefix, key_hash, created_by) select tenant.id, 'k', 'abcdefgh', '\\x00', admin.id from tenant, admin returning id)
         select (select id from tenant) as tenant, (select id from admin) as admin, (select id from session) as session, (select id from entry) as entry, (select id from key) as key`,
        [await hashPassword(TEST_PASSWORD), sha256(oldRefreshToken)],
      );
      await migrate(db.owner, { appRole: 'embark_app', log });

      const config = loadConfig({ DATABASE_URL: url.toString(), EMBARK_SECRET_KEY: randomBytes(32).toString('hex'), EMBARK_LOG_LEVEL: 'silent' });
      const ctx = createContext(config, db, log);
      app = await buildApp(ctx);
      await app.ready();
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      // an access token issued before the move, for the moved session
      const access = await signAccessToken(ctx.keys.tokenSigning, { userId: seed.admin, sessionId: seed.session, tenantId: null, role: 'global_admin' }, 60);
      const who = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(access) });
      assert.equal(who.statusCode, 200, who.body);
      assert.equal(who.json().user.id, seed.admin);
      const refreshed = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: oldRefreshToken } });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      assert.equal(refreshed.json().user.id, seed.admin);
      assert.match(refreshed.json().refresh_token, /^rt_global_/);
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@moved.test', password: TEST_PASSWORD } });
      assert.equal(login.statusCode, 200, login.body);
      const token = login.json().access_token;
      const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?limit=100', headers: bearer(token) });
      assert.equal(audit.statusCode, 200, audit.body);
      assert.ok(
        audit.json().items.some((e: { id: number; tenant_id: string | null }) => String(e.id) === String(seed.entry) && e.tenant_id === null),
        audit.body,
      );
      const keys = await app.inject({ method: 'GET', url: '/api/v1/tenant/api-keys', headers: { ...bearer(token), 'x-tenant-id': seed.tenant } });
      assert.equal(keys.json().items.find((k: { id: string }) => k.id === seed.key)?.created_by, seed.admin, keys.body);
      const {
        rows: [left],
      } = await db.owner.query(
        `select (select count(*)::int from users) as users, (select count(*)::int from sessions) as sessions, (select count(*)::int from refresh_tokens) as tokens,
                (select count(*)::int from audit_log where not impersonating) as audit`,
      );
      assert.deepEqual(left, { users: 0, sessions: 0, tokens: 0, audit: 0 }, 'the tenant tables hold no global admin’s rows (but the log of the request made in the tenant)');
    } finally {
      await app?.close();
      await db.close();
      rmSync(before0028, { recursive: true, force: true });
      await server.query(`drop database if exists ${name} with (force)`);
      await server.end();
    }
  });
});
