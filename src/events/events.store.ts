import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';

export interface EventRow {
  id: number;
  type: string;
  subject_type: string;
  subject_id: string;
  actor: Record<string, unknown>;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

export interface EventFilter {
  readonly type?: string | undefined;
  readonly subject?: { readonly type: string; readonly id: string } | undefined;
  readonly since?: string | undefined;
  /** Events about this subject, or concerning this user (events.user_id): a CRM contact and its account. */
  readonly about?: { readonly subject: { readonly type: string; readonly id: string }; readonly userId: string | null } | undefined;
}

/** append_event (sql/functions/append_event.sql) records the event and queues its webhook deliveries. */
export async function appendEvent(db: Queryable, tenantId: string, event: { type: string; subjectType: string; subjectId: string; actor: object; payload: object }): Promise<number> {
  const { rows } = await db.query('select append_event($1, $2, $3, $4, $5, $6) as id', [tenantId, event.type, event.subjectType, event.subjectId, event.actor, event.payload]);
  return rows[0].id;
}

const EVENT_COLUMNS = 'id, type, subject_type, subject_id, actor, payload, occurred_at';
// each filter is absent (null) or an index condition: custom plans fold the `is null or` away
const EVENT_FILTER = `tenant_id = $1 and ($2::text is null or type = $2) and ($3::text is null or (subject_type = $3 and subject_id = $4))
  and ($5::timestamptz is null or occurred_at >= $5) and ($6::text is null or (subject_type = $6 and subject_id = $7) or user_id = $8::uuid)`;

function filterParams(tenantId: string, filter: EventFilter): unknown[] {
  return [tenantId, filter.type ?? null, filter.subject?.type ?? null, filter.subject?.id ?? null, filter.since ?? null, filter.about?.subject.type ?? null, filter.about?.subject.id ?? null, filter.about?.userId ?? null];
}

/**
 * A page of the tenant's events, newest first: from the newest (offset 0) or older than the event
 * `start.after` (the id is the sort key). Without `since` the page walks the primary key, or the type
 * or subject index, in id order; with it the planner may rather read events_occurred_at's range of
 * recent events and sort them, which is what a poll for the last minutes needs.
 */
export async function listEvents(db: Queryable, tenantId: string, filter: EventFilter, start: PageStart, fetch: number): Promise<EventRow[]> {
  const params = [...filterParams(tenantId, filter), fetch];
  const read = () =>
    start.after === undefined
      ? db.query(`select ${EVENT_COLUMNS} from events where ${EVENT_FILTER} order by id desc limit $9 offset $10`, [...params, start.offset])
      : db.query(`select ${EVENT_COLUMNS} from events where ${EVENT_FILTER} and id < $10 order by id desc limit $9`, [...params, start.after]);
  const { rows } = filter.since === undefined ? await inIndexOrder(db, read) : await read();
  return rows;
}

export async function countEvents(db: Queryable, tenantId: string, filter: EventFilter, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from events where ${EVENT_FILTER} limit $9) capped`, [...filterParams(tenantId, filter), cap]);
  return rows[0].n;
}

export async function eventExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from events where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}
