import type { Queryable } from '../db/pool.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  scopes: string[];
}

const COLUMNS = 'id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at';

export async function insertApiKey(db: Queryable, input: { tenantId: string; name: string; prefix: string; keyHash: Buffer; scopes: readonly string[]; createdBy: string | null }): Promise<ApiKeyRow> {
  const { rows } = await db.query(
    `insert into api_keys (tenant_id, name, prefix, key_hash, scopes, created_by) values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [input.tenantId, input.name, input.prefix, input.keyHash, input.scopes, input.createdBy],
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
