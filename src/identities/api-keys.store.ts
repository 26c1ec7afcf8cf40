import type { Queryable } from '../db/pool.ts';
import type { ApiKeyScope } from './tokens.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  /** A user of the key's tenant, or null: then created_by_admin may name the global admin who made it. */
  created_by: string | null;
  created_by_admin: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  scopes: string[];
}

const COLUMNS = 'id, name, prefix, scopes, created_by, created_by_admin, created_at, last_used_at, revoked_at';

export async function insertApiKey(db: Queryable, input: { tenantId: string; name: string; prefix: string; keyHash: Buffer; scopes: readonly string[]; createdBy: string | null; createdByAdmin: string | null }): Promise<ApiKeyRow> {
  const { rows } = await db.query(
    // the key names its tenant (issued_without_tenant defaults to true for an older build's inserts)
    `insert into api_keys (tenant_id, name, prefix, key_hash, scopes, created_by, created_by_admin, issued_without_tenant)
     values ($1, $2, $3, $4, $5, $6, $7, false) returning ${COLUMNS}`,
    [input.tenantId, input.name, input.prefix, input.keyHash, input.scopes, input.createdBy, input.createdByAdmin],
  );
  return rows[0];
}

export async function listApiKeys(db: Queryable, tenantId: string): Promise<ApiKeyRow[]> {
  const { rows } = await db.query(`select ${COLUMNS} from api_keys where tenant_id = $1 order by created_at desc, id`, [tenantId]);
  return rows;
}

export async function revokeApiKey(db: Queryable, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query(`update api_keys set revoked_at = coalesce(revoked_at, now()) where tenant_id = $1 and id = $2 returning ${COLUMNS}`, [tenantId, id]);
  return rows[0];
}

/** What authenticating with a key needs: its owner, hash, scopes and whether it (and its tenant) still works. */
export interface ApiKeyCredential {
  tenant_id: string;
  id: string;
  key_hash: Buffer;
  revoked_at: Date | null;
  scopes: ApiKeyScope[];
  tenant_active: boolean;
}

/** The key's row, in the tenant the key names; a key issued before keys named their tenant (null), by its prefix alone. */
export async function findApiKeyCredential(db: Queryable, tenantId: string | null, prefix: string): Promise<ApiKeyCredential | undefined> {
  const { rows } =
    tenantId !== null
      ? await db.query(
          `select k.tenant_id, k.id, k.key_hash, k.revoked_at, k.scopes, t.is_active as tenant_active
         from api_keys k join tenants t on t.id = k.tenant_id where k.tenant_id = $1 and k.prefix = $2`,
          [tenantId, prefix],
        )
      : await db.query(
          `-- all tenants: a key issued before keys named their tenant is found by its prefix, and its row says whose it is
       select k.tenant_id, k.id, k.key_hash, k.revoked_at, k.scopes, t.is_active as tenant_active
         from api_keys k join tenants t on t.id = k.tenant_id where k.prefix = $1 and k.issued_without_tenant`,
          [prefix],
        );
  return rows[0];
}

/** last_used_at is a hint for admins, not worth a write per request: at most one a minute. */
export async function touchApiKey(db: Queryable, tenantId: string, id: string): Promise<void> {
  await db.query(`update api_keys set last_used_at = now() where tenant_id = $1 and id = $2 and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [tenantId, id]);
}
