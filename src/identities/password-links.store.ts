import type { Queryable } from '../db/pool.ts';

export type PasswordLinkPurpose = 'reset' | 'invitation';

export interface PasswordTokenRow {
  tenant_id: string;
  id: string;
  user_id: string;
  purpose: PasswordLinkPurpose;
  expires_at: Date;
  used_at: Date | null;
}

/** A new link for the user; their earlier unused links of the same purpose stop working. */
export async function insertPasswordToken(db: Queryable, input: { tenantId: string; userId: string; purpose: PasswordLinkPurpose; tokenHash: Buffer; ttlSeconds: number; createdBy: string | null }): Promise<PasswordTokenRow> {
  await db.query(
    `update password_tokens set used_at = now() where tenant_id = $1 and user_id = $2 and purpose = $3 and used_at is null`,
    [input.tenantId, input.userId, input.purpose],
  );
  const { rows } = await db.query(
    `insert into password_tokens (tenant_id, user_id, purpose, token_hash, expires_at, created_by)
     values ($1, $2, $3, $4, now() + make_interval(secs => $5), $6)
     returning tenant_id, id, user_id, purpose, expires_at, used_at`,
    [input.tenantId, input.userId, input.purpose, input.tokenHash, input.ttlSeconds, input.createdBy],
  );
  return rows[0];
}

/** Which tenant a presented link belongs to: system work, since the person is not signed in. */
export async function findPasswordToken(db: Queryable, tokenHash: Buffer): Promise<PasswordTokenRow | undefined> {
  const { rows } = await db.query(
    `-- all tenants: the link is the credential, and its row says whose it is
     select tenant_id, id, user_id, purpose, expires_at, used_at from password_tokens where token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

/** Uses the link up, if it still works; undefined when it was used, replaced or has expired. */
export async function consumePasswordToken(db: Queryable, tenantId: string, id: string): Promise<PasswordTokenRow | undefined> {
  const { rows } = await db.query(
    `update password_tokens set used_at = now()
      where tenant_id = $1 and id = $2 and used_at is null and expires_at > now()
      returning tenant_id, id, user_id, purpose, expires_at, used_at`,
    [tenantId, id],
  );
  return rows[0];
}

/** Every link of the user that still works stops working: their password was set, changed or the account disabled. */
export async function spendPasswordTokens(db: Queryable, tenantId: string, userId: string): Promise<void> {
  await db.query(`update password_tokens set used_at = now() where tenant_id = $1 and user_id = $2 and used_at is null`, [tenantId, userId]);
}
