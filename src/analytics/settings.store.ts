import type { Queryable } from '../db/pool.ts';

export interface AnalyticsSettingsRow {
  retention_days: number;
  ip_mode: 'full' | 'truncate' | 'none';
  updated_at: Date | null;
}

export async function findSettings(db: Queryable, tenantId: string): Promise<AnalyticsSettingsRow> {
  const { rows } = await db.query('select retention_days, ip_mode, updated_at from analytics_settings where tenant_id = $1', [tenantId]);
  return rows[0] ?? { retention_days: 395, ip_mode: 'truncate', updated_at: null };
}

export async function putSettings(db: Queryable, tenantId: string, patch: { retentionDays?: number | undefined; ipMode?: string | undefined }): Promise<AnalyticsSettingsRow> {
  const { rows } = await db.query(
    `insert into analytics_settings (tenant_id, retention_days, ip_mode) values ($1, coalesce($2, 395), coalesce($3, 'truncate'))
     on conflict (tenant_id) do update set retention_days = coalesce($2, analytics_settings.retention_days), ip_mode = coalesce($3, analytics_settings.ip_mode), updated_at = now()
     returning retention_days, ip_mode, updated_at`,
    [tenantId, patch.retentionDays ?? null, patch.ipMode ?? null],
  );
  return rows[0];
}
