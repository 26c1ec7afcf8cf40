import type { Queryable } from '../db/pool.ts';

/** The indexes of the events naming a user or organisation that is not in the tenant. */
export async function unknownSubjects(db: Queryable, tenantId: string, userIds: readonly (string | null)[], organizationIds: readonly (string | null)[]): Promise<{ index: number; field: 'user_id' | 'organization_id' }[]> {
  const { rows } = await db.query(
    `select (n - 1)::int as index, case when s.user_id is not null and u.id is null then 'user_id' else 'organization_id' end as field
       from unnest($2::uuid[], $3::uuid[]) with ordinality as s (user_id, organization_id, n)
       left join users u on u.tenant_id = $1 and u.id = s.user_id
       left join organizations o on o.tenant_id = $1 and o.id = s.organization_id and o.deleted_at is null
      where (s.user_id is not null and u.id is null) or (s.organization_id is not null and o.id is null)
      order by n limit 100`,
    [tenantId, userIds, organizationIds],
  );
  return rows;
}

/** Stores the events (track_events): answers how many were stored and how many were replays. */
export async function trackEvents(db: Queryable, tenantId: string, events: readonly Record<string, unknown>[]): Promise<{ stored: number; duplicates: number }> {
  const { rows } = await db.query('select stored, duplicates from track_events($1, $2::jsonb)', [tenantId, JSON.stringify(events)]);
  return rows[0];
}
