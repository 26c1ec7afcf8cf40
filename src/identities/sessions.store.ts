import type { Queryable } from '../db/pool.ts';
import type { CredentialHome } from './tokens.ts';

export async function insertSession(db: Queryable, input: { tenantId: string | null; userId: string; ttlSeconds: number; userAgent?: string | undefined; ip?: string | undefined }): Promise<{ id: string; expires_at: Date }> {
  const { rows } = await db.query(
    `insert into sessions (tenant_id, user_id, expires_at, user_agent, ip) values ($1, $2, now() + make_interval(secs => $3), $4, $5)
     returning id, expires_at`,
    [input.tenantId, input.userId, input.ttlSeconds, input.userAgent?.slice(0, 500) ?? null, input.ip ?? null],
  );
  return rows[0];
}

export async function insertRefreshToken(db: Queryable, tenantId: string | null, sessionId: string, tokenHash: Buffer): Promise<void> {
  await db.query('insert into refresh_tokens (tenant_id, token_hash, session_id) values ($1, $2, $3)', [tenantId, tokenHash, sessionId]);
}

export interface RefreshTokenState {
  session_id: string;
  tenant_id: string | null;
  user_id: string;
  used_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
}

/**
 * Locks the token row, where the token says it is, so two concurrent refreshes with the same token
 * cannot both succeed. Sessions and refresh tokens of global admins have tenant_id null; the functions
 * below that take a tenantId therefore run `tenant_id is null` or `tenant_id = $n` (see users.store.ts).
 */
export async function lockRefreshToken(db: Queryable, home: CredentialHome, tokenHash: Buffer): Promise<RefreshTokenState | undefined> {
  const state = 'r.session_id, r.tenant_id, s.user_id, r.used_at, s.revoked_at, s.expires_at <= now() as expired';
  const { rows } = home.kind === 'tenant'
    ? await db.query(
      `select ${state} from refresh_tokens r join sessions s on s.tenant_id = r.tenant_id and s.id = r.session_id
        where r.tenant_id = $2 and s.tenant_id = $2 and r.token_hash = $1 for update of r`,
      [tokenHash, home.tenantId],
    )
    : home.kind === 'global'
      ? await db.query(
        `select ${state} from refresh_tokens r join sessions s on s.id = r.session_id
          where r.tenant_id is null and s.tenant_id is null and r.token_hash = $1 for update of r`,
        [tokenHash],
      )
      : await db.query(
        `-- all tenants: a token issued before refresh tokens named their tenant is found by its hash, and its row says whose it is
         select ${state} from refresh_tokens r join sessions s on s.id = r.session_id where r.token_hash = $1 for update of r`,
        [tokenHash],
      );
  return rows[0];
}

export async function markRefreshTokenUsed(db: Queryable, tenantId: string | null, tokenHash: Buffer): Promise<void> {
  if (tenantId === null) await db.query('update refresh_tokens set used_at = now() where tenant_id is null and token_hash = $1', [tokenHash]);
  else await db.query('update refresh_tokens set used_at = now() where tenant_id = $2 and token_hash = $1', [tokenHash, tenantId]);
}

export async function revokeSession(db: Queryable, tenantId: string | null, sessionId: string, reason: string): Promise<void> {
  const revoke = 'set revoked_at = coalesce(revoked_at, now()), revoked_reason = coalesce(revoked_reason, $2)';
  if (tenantId === null) await db.query(`update sessions ${revoke} where tenant_id is null and id = $1`, [sessionId, reason]);
  else await db.query(`update sessions ${revoke} where tenant_id = $3 and id = $1`, [sessionId, reason, tenantId]);
}

/** Ends every open session of the user but `exceptSessionId`; through sessions_tenant_user. */
export async function revokeUserSessions(db: Queryable, tenantId: string | null, userId: string, reason: string, exceptSessionId?: string): Promise<void> {
  const revoke = `set revoked_at = now(), revoked_reason = $2`;
  const open = `user_id = $1 and revoked_at is null and ($3::uuid is null or id <> $3)`;
  const params = [userId, reason, exceptSessionId ?? null];
  if (tenantId === null) await db.query(`update sessions ${revoke} where tenant_id is null and ${open}`, params);
  else await db.query(`update sessions ${revoke} where tenant_id = $4 and ${open}`, [...params, tenantId]);
}
