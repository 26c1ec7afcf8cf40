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
  await db.query(`update password_tokens set used_at = now() where tenant_id = $1 and user_id = $2 and purpose = $3 and used_at is null`, [input.tenantId, input.userId, input.purpose]);
  const { rows } = await db.query(
    // the link names its tenant (issued_without_tenant defaults to true for an older build's inserts)
    `insert into password_tokens (tenant_id, user_id, purpose, token_hash, expires_at, created_by, issued_without_tenant)
     values ($1, $2, $3, $4, now() + make_interval(secs => $5), $6, false)
     returning tenant_id, id, user_id, purpose, expires_at, used_at`,
    [input.tenantId, input.userId, input.purpose, input.tokenHash, input.ttlSeconds, input.createdBy],
  );
  return rows[0];
}

/**
 * A presented link's row, in the tenant the link names: system work, since the person is not signed
 * in. A link issued before links named their tenant (null) is found by its hash alone.
 */
export async function findPasswordToken(db: Queryable, tenantId: string | null, tokenHash: Buffer): Promise<PasswordTokenRow | undefined> {
  const { rows } =
    tenantId !== null
      ? await db.query('select tenant_id, id, user_id, purpose, expires_at, used_at from password_tokens where tenant_id = $1 and token_hash = $2', [tenantId, tokenHash])
      : await db.query(
          `-- all tenants: a link issued before links named their tenant is found by its hash, and its row says whose it is
       select tenant_id, id, user_id, purpose, expires_at, used_at from password_tokens where token_hash = $1 and issued_without_tenant`,
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
