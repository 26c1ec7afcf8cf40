import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { insertAuditEntry, listAuditEntries, type AuditEntry, type AuditRow } from './audit.store.ts';

export type { AuditEntry } from './audit.store.ts';

/** Who is acting: taken from the request (see actorOf) or built by the CLI. */
export interface Actor {
  readonly userId: string | null;
  readonly kind: 'user' | 'api_key' | 'system' | 'cli';
  readonly impersonating: boolean;
  readonly requestId?: string | undefined;
  readonly ip?: string | undefined;
}

/** Records an action inside the caller's transaction, so the record and the change commit together. */
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

export async function listAudit(ctx: Context, scope: { tenantId: string | null }, filter: { action?: string | undefined; before?: number | undefined; limit: number; tenantFilter?: string | undefined }) {
  const rows = scope.tenantId
    ? await withTenant(ctx.db.app, scope.tenantId, (tx) => listAuditEntries(tx, { ...filter, tenantId: scope.tenantId! }))
    : await withSystem(ctx.db.app, (tx) => listAuditEntries(tx, { ...filter, tenantId: filter.tenantFilter }));
  const items = rows.map(present);
  return { items, next_before: items.length === filter.limit ? items.at(-1)!.id : null };
}
