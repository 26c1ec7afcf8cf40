import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { mapPage, readPage, type ListSpec, type PageQuery } from '../http/pagination.ts';
import { auditEntryExists, countAllAudit, countTenantAudit, insertAuditEntry, listAllAudit, listTenantAudit, tenantAuditEntryExists, type AuditEntry, type AuditFilter, type AuditRow } from './audit.store.ts';

export type { AuditEntry, AuditFilter } from './audit.store.ts';

/** Who is acting: taken from the request (see actorOf) or built by the CLI. */
export interface Actor {
  readonly userId: string | null;
  readonly kind: 'user' | 'api_key' | 'system' | 'cli';
  readonly impersonating: boolean;
  readonly requestId?: string | undefined;
  readonly ip?: string | undefined;
}

/** Records an action inside the caller's transaction, so the record and the change commit together. */
/** Embark itself acting: a worker's step, a webhook's effect, a trigger. */
export const SYSTEM_ACTOR: Actor = { userId: null, kind: 'system', impersonating: false };

export function recordAudit(tx: Queryable, actor: Actor, tenantId: string | null, action: string, target?: { type: string; id: string }, details?: Record<string, unknown>): Promise<void> {
  const entry: AuditEntry = {
    tenantId,
    actorUserId: actor.userId,
    actorKind: actor.kind,
    impersonating: actor.impersonating,
    action,
    targetType: target?.type,
    targetId: target?.id,
    details,
    requestId: actor.requestId,
    ip: actor.ip,
  };
  return insertAuditEntry(tx, entry);
}

function present(row: AuditRow) {
  return { ...row, created_at: row.created_at.toISOString() };
}

/** An audit entry's id: a positive bigint (kept below its limit, so a forged cursor cannot overflow it). */
const AUDIT_KEY = /^[1-9][0-9]{0,17}$/;

/**
 * The audit log, newest first, a page at a time (src/http/pagination.ts): one tenant's through
 * audit_log_tenant_id, or — for a global admin naming no tenant — every entry, the tenants' and
 * platform_audit_log's, through their indexes on id.
 * `before` is the deprecated way to page: the id of the last entry seen.
 */
export async function listAudit(ctx: Context, tenantId: string | null, filter: AuditFilter, query: PageQuery & { before?: number | undefined }) {
  const after = query.before === undefined ? undefined : String(query.before);
  if (after !== undefined && query.cursor) throw new AppError('validation_failed', 'give either cursor or before (deprecated), not both');
  const spec: ListSpec<AuditRow> = { list: 'audit', scope: [tenantId, filter.action, filter.actorUserId, filter.targetType, filter.targetId, filter.since, filter.until], keyPattern: AUDIT_KEY, key: (row) => String(row.id) };
  const page = tenantId
    ? await withTenant(ctx.db.app, tenantId, (tx) =>
        readPage(
          spec,
          query,
          {
            rows: (start, fetch) => listTenantAudit(tx, tenantId, filter, start, fetch),
            count: (cap) => countTenantAudit(tx, tenantId, filter, cap),
            exists: (id) => tenantAuditEntryExists(tx, tenantId, id),
          },
          { after },
        ),
      )
    : await withSystem(ctx.db.app, (tx) =>
        readPage(
          spec,
          query,
          {
            rows: (start, fetch) => listAllAudit(tx, filter, start, fetch),
            count: (cap) => countAllAudit(tx, filter, cap),
            exists: (id) => auditEntryExists(tx, id),
          },
          { after },
        ),
      );
  const presented = mapPage(page, present);
  // deprecated: the id to send as `before` for the next page
  return { ...presented, next_before: presented.next_cursor ? presented.items.at(-1)!.id : null };
}
