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
  const values = [entry.actorUserId, entry.actorKind, entry.impersonating, entry.action, entry.targetType ?? null, entry.targetId ?? null, entry.details ?? {}, entry.requestId ?? null, entry.ip ?? null];
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

/** What a list of the log may be narrowed to; every field absent lists everything. `since` and `until` bound created_at (from, before). */
export interface AuditFilter {
  readonly action?: string | undefined;
  readonly actorUserId?: string | undefined;
  readonly targetType?: string | undefined;
  readonly targetId?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

/**
 * The filter as SQL conditions on parameters numbered from `from`, and their values. An absent field
 * adds no condition, so an unfiltered page keeps its index-only read of audit_log_tenant_id.
 */
function filterSql(filter: AuditFilter, from: number): { sql: string; values: unknown[] } {
  const columns: [keyof AuditFilter, string][] = [
    ['action', 'action = $'],
    ['actorUserId', 'actor_user_id = $'],
    ['targetType', 'target_type = $'],
    ['targetId', 'target_id = $'],
    ['since', 'created_at >= $'],
    ['until', 'created_at < $'],
  ];
  const conditions: string[] = [];
  const values: unknown[] = [];
  for (const [field, condition] of columns) {
    if (filter[field] === undefined) continue;
    values.push(filter[field]);
    conditions.push(`${condition}${from + values.length - 1}`);
  }
  return { sql: conditions.map((c) => ` and ${c}`).join(''), values };
}

/**
 * A page of one tenant's log, newest first: from the newest entry (offset 0) or after (older than) the
 * entry `start.after` — the id is the sort key itself, so the cursor needs no lookup. The page's ids
 * are read from audit_log_tenant_id (it includes action, for ?action=), then their entries: the
 * log's order is its primary key's, and for a tenant with a large share of the log the planner would
 * otherwise walk the primary key from the newest entry of any tenant, past every other tenant's since.
 */
export async function listTenantAudit(db: Queryable, tenantId: string, filter: AuditFilter, start: PageStart, fetch: number): Promise<AuditRow[]> {
  const where = filterSql(filter, 4);
  const params = [tenantId, fetch, start.after ?? start.offset, ...where.values];
  const { rows } = await inIndexOrder(db, () =>
    db.query(
      `select ${AUDIT_COLUMNS} from audit_log
      where tenant_id = $1 and id = any (array(
        select id from audit_log where tenant_id = $1${where.sql}${start.after === undefined ? ' order by id desc limit $2 offset $3' : ' and id < $3 order by id desc limit $2'}))
      order by id desc`,
      params,
    ),
  );
  return rows;
}

export async function countTenantAudit(db: Queryable, tenantId: string, filter: AuditFilter, cap: number): Promise<number> {
  const where = filterSql(filter, 3);
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from audit_log where tenant_id = $1${where.sql} limit $2) capped`, [tenantId, cap, ...where.values]);
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
export async function listAllAudit(db: Queryable, filter: AuditFilter, start: PageStart, fetch: number): Promise<AuditRow[]> {
  const where = filterSql(filter, 3);
  const params = [fetch, start.after ?? start.offset, ...where.values];
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(
          `-- all tenants: a global admin's view of the whole log
      select * from (
        (select ${AUDIT_COLUMNS} from audit_log where true${where.sql} order by id desc limit $1::int + $2::int)
        union all
        (select ${PLATFORM_COLUMNS} from platform_audit_log where true${where.sql} order by id desc limit $1::int + $2::int)
      ) entries order by id desc limit $1 offset $2`,
          params,
        )
      : db.query(
          `-- all tenants: a global admin's view of the whole log
      select * from (
        (select ${AUDIT_COLUMNS} from audit_log where id < $2${where.sql} order by id desc limit $1)
        union all
        (select ${PLATFORM_COLUMNS} from platform_audit_log where id < $2${where.sql} order by id desc limit $1)
      ) entries order by id desc limit $1`,
          params,
        ),
  );
  return rows;
}

export async function countAllAudit(db: Queryable, filter: AuditFilter, cap: number): Promise<number> {
  const where = filterSql(filter, 2);
  const { rows } = await db.query(
    `-- all tenants: a global admin's view of the whole log
    select least($1, (select count(*) from (select 1 from audit_log where true${where.sql} limit $1) capped)
                   + (select count(*) from (select 1 from platform_audit_log where true${where.sql} limit $1) capped))::int as n`,
    [cap, ...where.values],
  );
  return rows[0].n;
}

export async function auditEntryExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query(
    `-- all tenants: a global admin's view of the whole log
    select exists (select 1 from audit_log where id = $1) or exists (select 1 from platform_audit_log where id = $1) as found`,
    [id],
  );
  return rows[0].found;
}
