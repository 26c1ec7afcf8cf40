import type { Queryable } from '../db/pool.ts';

export interface AuditEntry {
  readonly tenantId: string | null;
  readonly actorUserId: string | null;
  readonly actorKind: 'user' | 'api_key' | 'system' | 'cli';
  readonly impersonating: boolean;
  readonly action: string;
  readonly targetType?: string | undefined;
  readonly targetId?: string | undefined;
  readonly details?: Record<string, unknown> | undefined;
  readonly requestId?: string | undefined;
  readonly ip?: string | undefined;
}

export interface AuditRow {
  id: number;
  tenant_id: string | null;
  actor_user_id: string | null;
  actor_kind: string;
  impersonating: boolean;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  request_id: string | null;
  created_at: Date;
}

export async function insertAuditEntry(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [entry.tenantId, entry.actorUserId, entry.actorKind, entry.impersonating, entry.action, entry.targetType ?? null,
      entry.targetId ?? null, entry.details ?? {}, entry.requestId ?? null, entry.ip ?? null],
  );
}

export async function listAuditEntries(db: Queryable, filter: { tenantId?: string | undefined; action?: string | undefined; before?: number | undefined; limit: number }): Promise<AuditRow[]> {
  const { rows } = await db.query(
    `select id, tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, created_at
       from audit_log
      where ($1::uuid is null or tenant_id = $1) and ($2::text is null or action = $2) and ($3::bigint is null or id < $3)
      order by id desc
      limit $4`,
    [filter.tenantId ?? null, filter.action ?? null, filter.before ?? null, filter.limit],
  );
  return rows;
}
