import type { Queryable } from '../db/pool.ts';
import type { CredentialHome } from './tokens.ts';

/*
 * A tenant user's sessions and refresh tokens are rows of their tenant (sessions, refresh_tokens); a
 * global admin's are in platform_sessions and platform_refresh_tokens (migration 0028). The functions
 * here that take `tenantId: string | null` therefore run `tenant_id = $n` on the tenant tables, or — for
 * null, a global admin — a statement on the platform ones.
 */

export async function insertSession(db: Queryable, input: { tenantId: string | null; userId: string; ttlSeconds: number; userAgent?: string | undefined; ip?: string | undefined }): Promise<{ id: string; expires_at: Date }> {
  const values = [input.userId, input.ttlSeconds, input.userAgent?.slice(0, 500) ?? null, input.ip ?? null];
  const { rows } =
    input.tenantId === null
      ? await db.query(`insert into platform_sessions (admin_id, expires_at, user_agent, ip) values ($1, now() + make_interval(secs => $2), $3, $4) returning id, expires_at`, values)
      : await db.query(`insert into sessions (tenant_id, user_id, expires_at, user_agent, ip) values ($5, $1, now() + make_interval(secs => $2), $3, $4) returning id, expires_at`, [...values, input.tenantId]);
  return rows[0];
}

export async function insertRefreshToken(db: Queryable, tenantId: string | null, sessionId: string, tokenHash: Buffer): Promise<void> {
  if (tenantId === null) await db.query('insert into platform_refresh_tokens (token_hash, session_id) values ($1, $2)', [tokenHash, sessionId]);
  else await db.query('insert into refresh_tokens (tenant_id, token_hash, session_id) values ($1, $2, $3)', [tenantId, tokenHash, sessionId]);
}

export interface RefreshTokenState {
  session_id: string;
  tenant_id: string | null;
  user_id: string;
  used_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
}

const STATE = 'r.session_id, r.tenant_id, s.user_id, r.used_at, s.revoked_at, s.expires_at <= now() as expired';
const ADMIN_STATE = 'r.session_id, null::uuid as tenant_id, s.admin_id as user_id, r.used_at, s.revoked_at, s.expires_at <= now() as expired';

/**
 * Locks the token row, where the token says it is, so two concurrent refreshes with the same token
 * cannot both succeed.
 */
export async function lockRefreshToken(db: Queryable, home: CredentialHome, tokenHash: Buffer): Promise<RefreshTokenState | undefined> {
  if (home.kind === 'tenant') {
    const { rows } = await db.query(
      `select ${STATE} from refresh_tokens r join sessions s on s.tenant_id = r.tenant_id and s.id = r.session_id
        where r.tenant_id = $2 and s.tenant_id = $2 and r.token_hash = $1 for update of r`,
      [tokenHash, home.tenantId],
    );
    return rows[0];
  }
  const { rows } = await db.query(`select ${ADMIN_STATE} from platform_refresh_tokens r join platform_sessions s on s.id = r.session_id where r.token_hash = $1 for update of r`, [tokenHash]);
  if (home.kind === 'global' || rows[0]) return rows[0];
  const { rows: tenants } = await db.query(
    `-- all tenants: a token issued before refresh tokens named their tenant is found by its hash (refresh_tokens_hash), and its row says whose it is
     select ${STATE} from refresh_tokens r join sessions s on s.tenant_id = r.tenant_id and s.id = r.session_id where r.token_hash = $1 for update of r`,
    [tokenHash],
  );
  return tenants[0];
}

export async function markRefreshTokenUsed(db: Queryable, tenantId: string | null, tokenHash: Buffer): Promise<void> {
  if (tenantId === null) await db.query('update platform_refresh_tokens set used_at = now() where token_hash = $1', [tokenHash]);
  else await db.query('update refresh_tokens set used_at = now() where tenant_id = $2 and token_hash = $1', [tokenHash, tenantId]);
}

export async function revokeSession(db: Queryable, tenantId: string | null, sessionId: string, reason: string): Promise<void> {
  const revoke = 'set revoked_at = coalesce(revoked_at, now()), revoked_reason = coalesce(revoked_reason, $2)';
  if (tenantId === null) await db.query(`update platform_sessions ${revoke} where id = $1`, [sessionId, reason]);
  else await db.query(`update sessions ${revoke} where tenant_id = $3 and id = $1`, [sessionId, reason, tenantId]);
}

/** Ends every open session of the user but `exceptSessionId`; through sessions_tenant_user (platform_sessions_admin). */
export async function revokeUserSessions(db: Queryable, tenantId: string | null, userId: string, reason: string, exceptSessionId?: string): Promise<void> {
  const revoke = `set revoked_at = now(), revoked_reason = $2`;
  const open = `revoked_at is null and ($3::uuid is null or id <> $3)`;
  const params = [userId, reason, exceptSessionId ?? null];
  if (tenantId === null) await db.query(`update platform_sessions ${revoke} where admin_id = $1 and ${open}`, params);
  else await db.query(`update sessions ${revoke} where tenant_id = $4 and user_id = $1 and ${open}`, [...params, tenantId]);
}

export interface OpenSessionRow {
  id: string;
  created_at: Date;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
}

/** A tenant user's sessions that still work (not revoked, not expired), newest first; through sessions_tenant_user. */
export async function listOpenUserSessions(db: Queryable, tenantId: string, userId: string): Promise<OpenSessionRow[]> {
  const { rows } = await db.query(
    `select id, created_at, expires_at, user_agent, host(ip) as ip from sessions
      where tenant_id = $1 and user_id = $2 and revoked_at is null and expires_at > now()
      order by created_at desc limit 100`,
    [tenantId, userId],
  );
  return rows;
}
