import type { Queryable } from '../db/pool.ts';

/** The events naming a user or organisation that is not in the tenant (track_events refused them all). */
export class UnknownSubjects extends Error {
  constructor(readonly events: readonly { index: number; field: 'user_id' | 'organization_id' }[]) {
    super(`${events.length} event(s) name an unknown subject`);
  }
}

/** Stores the events (track_events): answers how many were stored and how many were replays; UnknownSubjects when one names someone not in the tenant. */
export async function trackEvents(db: Queryable, tenantId: string, events: readonly Record<string, unknown>[]): Promise<{ stored: number; duplicates: number }> {
  try {
    const { rows } = await db.query('select stored, duplicates from track_events($1, $2::jsonb)', [tenantId, JSON.stringify(events)]);
    return rows[0];
  } catch (error) {
    const e = error as { code?: string; detail?: string };
    if (e.code === 'EMBSU' && e.detail) throw new UnknownSubjects(JSON.parse(e.detail));
    throw error;
  }
}
