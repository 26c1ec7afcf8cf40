import type { Context } from '../context.ts';
import { withTenant } from '../db/tx.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import * as store from './settings.store.ts';
import type { AnalyticsSettingsRow } from './settings.store.ts';

export interface AnalyticsSettingsInput {
  readonly retention_days?: number | undefined;
  readonly ip_mode?: 'full' | 'truncate' | 'none' | undefined;
}

function present(row: AnalyticsSettingsRow) {
  return { retention_days: row.retention_days, ip_mode: row.ip_mode, updated_at: row.updated_at?.toISOString() ?? null };
}

/** How long the tenant's tracked events are kept, and how much of an address is (docs/checklists.md). */
export async function getAnalyticsSettings(ctx: Context, tenantId: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => present(await store.findSettings(tx, tenantId)));
}

export async function putAnalyticsSettings(ctx: Context, actor: Actor, tenantId: string, input: AnalyticsSettingsInput) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.putSettings(tx, tenantId, { retentionDays: input.retention_days, ipMode: input.ip_mode });
    await recordAudit(tx, actor, tenantId, 'analytics_settings.updated', { type: 'tenant', id: tenantId }, { ...input });
    return present(row);
  });
}
