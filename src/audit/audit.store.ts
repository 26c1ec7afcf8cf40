import type { Queryable } from '../db/pool.ts';
import type { PageStart } from '../http/pagination.ts';
import { inIndexOrder } from '../db/index-order.ts';

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

/** An entry of a tenant in its audit_log; one of no tenant (tenantId null) in platform_audit_log. */
export async function insertAuditEntry(db: Queryable, entry: AuditEntry): Promise<void> {
  const values = [entry.actorUserId, entry.actorKind, entry.impersonating, entry.action, entry.targetType ?? null,
    entry.targetId ?? null, entry.details ?? {}, entry.requestId ?? null, entry.ip ?? null];
  if (entry.tenantId === null) {
    await db.query(
      `insert into platform_audit_log (actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      values,
    );
  } else {
    await db.query(
      `insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip)
       values ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [...values, entry.tenantId],
    );
  }
}

const AUDIT_COLUMNS = 'id, tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, created_at';

/**
 * A page of one tenant's log, newest first: from the newest entry (offset 0) or after (older than) the
 * entry `start.after` — the id is the sort key itself, so the cursor needs no lookup. The page's ids
 * are read from audit_log_tenant_id alone (it includes action, for ?action=), then their entries: the
 * log's order is its primary key's, and for a tenant with a large share of the log the planner would
 * otherwise walk the primary key from the newest entry of any tenant, past every other tenant's since.
 */
export async function listTenantAudit(db: Queryable, tenantId: string, filter: { action?: string | undefined }, start: PageStart, fetch: number): Promise<AuditRow[]> {
  const params = [tenantId, filter.action ?? null, fetch];
  const { rows } = await inIndexOrder(db, () => start.after === undefined
    ? db.query(
      `select ${AUDIT_COLUMNS} from audit_log
        where tenant_id = $1 and id = any (array(
          select id from audit_log where tenant_id = $1 and ($2::text is null or action = $2) order by id desc limit $3 offset $4))
        order by id desc`,
      [...params, start.offset],
    )
    : db.query(
      `select ${AUDIT_COLUMNS} from audit_log
        where tenant_id = $1 and id = any (array(
          select id from audit_log where tenant_id = $1 and ($2::text is null or action = $2) and id < $4 order by id desc limit $3))
        order by id desc`,
      [...params, start.after],
    ));
  return rows;
}

export async function countTenantAudit(db: Queryable, tenantId: string, filter: { action?: string | undefined }, cap: number): Promise<number> {
  const { rows } = await db.query(
    'select count(*)::int as n from (select 1 from audit_log where tenant_id = $1 and ($2::text is null or action = $2) limit $3) capped',
    [tenantId, filter.action ?? null, cap],
  );
  return rows[0].n;
}

export async function tenantAuditEntryExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from audit_log where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}

// the entries of no tenant (a global admin's own actions, the CLI's) are in platform_audit_log, whose ids
// come from audit_log's sequence: the whole log is both, merged by id (migration 0028)
const PLATFORM_COLUMNS = AUDIT_COLUMNS.replace('tenant_id', 'null::uuid as tenant_id');

/** A page of the whole log, every tenant's and the global entries, newest first, each table through its index on id. */
export async function listAllAudit(db: Queryable, filter: { action?: string | undefined }, start: PageStart, fetch: number): Promise<AuditRow[]> {
  const params = [filter.action ?? null, fetch];
  const { rows } = await inIndexOrder(db, () => start.after === undefined
    ? db.query(`-- all tenants: a global admin's view of the whole log
      select * from (
        (select ${AUDIT_COLUMNS} from audit_log where ($1::text is null or action = $1) order by id desc limit $2::int + $3::int)
        union all
        (select ${PLATFORM_COLUMNS} from platform_audit_log where ($1::text is null or action = $1) order by id desc limit $2::int + $3::int)
      ) entries order by id desc limit $2 offset $3`, [...params, start.offset])
    : db.query(`-- all tenants: a global admin's view of the whole log
      select * from (
        (select ${AUDIT_COLUMNS} from audit_log where ($1::text is null or action = $1) and id < $3 order by id desc limit $2)
        union all
        (select ${PLATFORM_COLUMNS} from platform_audit_log where ($1::text is null or action = $1) and id < $3 order by id desc limit $2)
      ) entries order by id desc limit $2`, [...params, start.after]));
  return rows;
}

export async function countAllAudit(db: Queryable, filter: { action?: string | undefined }, cap: number): Promise<number> {
  const { rows } = await db.query(`-- all tenants: a global admin's view of the whole log
    select least($2, (select count(*) from (select 1 from audit_log where ($1::text is null or action = $1) limit $2) capped)
                   + (select count(*) from (select 1 from platform_audit_log where ($1::text is null or action = $1) limit $2) capped))::int as n`,
  [filter.action ?? null, cap]);
  return rows[0].n;
}

export async function auditEntryExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query(`-- all tenants: a global admin's view of the whole log
    select exists (select 1 from audit_log where id = $1) or exists (select 1 from platform_audit_log where id = $1) as found`, [id]);
  return rows[0].found;
}
