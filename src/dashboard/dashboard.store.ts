/**
 * The reads of a tenant's home dashboard and of a member's own feed. Every statement names the
 * tenant (`tenant_id = $1`) and is served by an index that leads with it; the comment on each says
 * which, as EXPLAIN ANALYZE showed it on a tenant of 100,000 users and 300,000 messages
 * (docs/dashboard.md has the figures). The recent and by-status counts and every "needs attention"
 * read touch only the rows they count or show; the two totals (users, subjects of a checklist) read
 * one index entry per row, which is what an exact count costs.
 */
import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';
import type { EventRow } from '../events/events.store.ts';

/**
 * Every user of the tenant: an index-only scan of the tenant's range of an index leading with
 * tenant_id (users_tenant_created or the primary key); where the tenant is most of the table the
 * planner reads the table instead, at about the same cost.
 */
export async function countUsers(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await db.query('select count(*)::int as n from users where tenant_id = $1', [tenantId]);
  return rows[0].n;
}

/**
 * The users created since `since`, by UTC day: the range (tenant_id = $1, created_at >= $2) of
 * users_tenant_created, read from the index alone.
 */
export async function signupsByDay(db: Queryable, tenantId: string, since: Date): Promise<{ day: string; signups: number }[]> {
  const { rows } = await db.query(
    `select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as signups
       from users where tenant_id = $1 and created_at >= $2 group by 1 order by 1`,
    [tenantId, since],
  );
  return rows;
}

/**
 * The tenant's messages created since `since`, for each status: one range of messages_tenant_status
 * (tenant_id, status, created_at desc) per status, each read from the index alone.
 */
export async function messagesByStatus(db: Queryable, tenantId: string, since: Date, statuses: readonly string[]): Promise<Record<string, number>> {
  const { rows } = await db.query(
    `select s.status, (select count(*) from messages m where m.tenant_id = $1 and m.status = s.status and m.created_at >= $2)::int as n
       from unnest($3::text[]) as s (status)`,
    [tenantId, since, statuses],
  );
  return Object.fromEntries((rows as { status: string; n: number }[]).map((row) => [row.status, row.n]));
}

export interface ChecklistCompletionRow {
  key: string;
  title: string;
  scope: 'user' | 'organization';
  subjects: number;
  completed: number;
}

/**
 * Each current checklist with how many subjects it applies to (they have a progress row) and how many
 * completed it: the checklists by their primary key, then per checklist one range of
 * onboarding_progress_checklist (tenant_id, checklist_key, subject_type, …) and one of the partial
 * onboarding_progress_completed (… where completed_at is not null), both index-only.
 */
export async function checklistCompletion(db: Queryable, tenantId: string, max: number): Promise<ChecklistCompletionRow[]> {
  const { rows } = await db.query(
    `select c.key, v.title, v.scope,
            (select count(*) from onboarding_progress p where p.tenant_id = $1 and p.checklist_key = c.key and p.subject_type = v.scope)::int as subjects,
            (select count(*) from onboarding_progress p where p.tenant_id = $1 and p.checklist_key = c.key and p.subject_type = v.scope and p.completed_at is not null)::int as completed
       from checklists c join checklist_versions v on v.tenant_id = c.tenant_id and v.key = c.key and v.version = c.version
      where c.tenant_id = $1 and c.deleted_at is null
      order by c.key limit $2`,
    [tenantId, max],
  );
  return rows;
}

export interface FailedMessageRow {
  id: string;
  channel: string;
  recipient: string;
  bundle: string;
  status: string;
  last_error: string | null;
  created_at: Date;
}

/** The statuses of a message that will not go out unless someone acts (a retry, a channel to configure). */
export const STUCK_MESSAGE_STATUSES = ['failed', 'needs_attention'] as const;

/**
 * The newest failed (or stuck) messages and how many there are, up to `cap`: for each status the
 * newest rows of messages_tenant_status_created (tenant_id, status, created_at desc, id desc), so at
 * most `limit` rows per status are read; the count reads at most `cap` entries of messages_tenant_status.
 */
export async function failedMessages(db: Queryable, tenantId: string, limit: number, cap: number): Promise<{ rows: FailedMessageRow[]; count: number }> {
  const { rows } = await db.query(
    `select f.* from unnest($2::text[]) as s (status),
            lateral (select id, channel, recipient, bundle, status, last_error, created_at from messages
                      where tenant_id = $1 and status = s.status order by created_at desc, id desc limit $3) as f
      order by f.created_at desc, f.id desc limit $3`,
    [tenantId, STUCK_MESSAGE_STATUSES, limit],
  );
  const { rows: count } = await db.query(`select count(*)::int as n from (select 1 from messages where tenant_id = $1 and status = any($2::text[]) limit $3) capped`, [tenantId, STUCK_MESSAGE_STATUSES, cap]);
  return { rows, count: count[0].n };
}

export interface FailedRunRow {
  id: string;
  kind: string;
  subject_type: string | null;
  subject_id: string | null;
  last_error: string | null;
  updated_at: Date;
}

/**
 * The newest failed runs (durable multi-step work) other than hires' provisioning, which the hires
 * read below shows by hire, and how many: the partial index job_runs_failed (tenant_id, updated_at
 * desc, id desc) where state = 'failed' holds only those rows.
 */
export async function failedRuns(db: Queryable, tenantId: string, limit: number, cap: number): Promise<{ rows: FailedRunRow[]; count: number }> {
  const where = `tenant_id = $1 and state = 'failed' and subject_type is distinct from 'hire'`;
  const { rows } = await db.query(`select id, kind, subject_type, subject_id, last_error, updated_at from job_runs where ${where} order by updated_at desc, id desc limit $2`, [tenantId, limit]);
  const { rows: count } = await db.query(`select count(*)::int as n from (select 1 from job_runs where ${where} limit $2) capped`, [tenantId, cap]);
  return { rows, count: count[0].n };
}

export interface FailedHireRow {
  id: string;
  first_name: string;
  last_name: string;
  run_id: string | null;
  last_error: string | null;
  updated_at: Date;
}

/**
 * The newest hires whose provisioning failed, with their run's error, and how many: hires_status
 * (tenant_id, status, created_at, id) read backwards for status 'failed'; each run by its primary key.
 */
export async function failedHires(db: Queryable, tenantId: string, limit: number, cap: number): Promise<{ rows: FailedHireRow[]; count: number }> {
  const { rows } = await db.query(
    `select h.id, h.first_name, h.last_name, h.run_id, r.last_error, h.updated_at
       from hires h left join job_runs r on r.tenant_id = h.tenant_id and r.id = h.run_id
      where h.tenant_id = $1 and h.status = 'failed' order by h.created_at desc, h.id desc limit $2`,
    [tenantId, limit],
  );
  const { rows: count } = await db.query(`select count(*)::int as n from (select 1 from hires where tenant_id = $1 and status = 'failed' limit $2) capped`, [tenantId, cap]);
  return { rows, count: count[0].n };
}

export interface FailedDeliveryRow {
  id: string;
  endpoint_id: string;
  event_type: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
}

/**
 * The newest outbound webhook deliveries that used all their attempts, and how many: the partial
 * index webhook_deliveries_failed (tenant_id, created_at desc, id desc) where status = 'failed'.
 */
export async function failedDeliveries(db: Queryable, tenantId: string, limit: number, cap: number): Promise<{ rows: FailedDeliveryRow[]; count: number }> {
  const { rows } = await db.query(
    `select id, endpoint_id, event_type, last_status_code, last_error, created_at from webhook_deliveries
      where tenant_id = $1 and status = 'failed' order by created_at desc, id desc limit $2`,
    [tenantId, limit],
  );
  const { rows: count } = await db.query(`select count(*)::int as n from (select 1 from webhook_deliveries where tenant_id = $1 and status = 'failed' limit $2) capped`, [tenantId, cap]);
  return { rows, count: count[0].n };
}

// ---- a member's own feed ----------------------------------------------------------------------------

const EVENT_COLUMNS = 'id, type, subject_type, subject_id, actor, payload, occurred_at';
// events concerning the user (events.user_id) of the types a member is shown, read along events_user
// (tenant_id, user_id, id); not an organisation's checklist events, which name as their user the member
// whose action it was: those are about the organisation (its membership events are about the member)
const MINE = `tenant_id = $1 and user_id = $2 and type = any($3::text[]) and (subject_type <> 'organization' or type like 'organization.member%')`;

/** A page of the events concerning `userId` of `types`, newest first, walking events_user in id order. */
export async function listUserEvents(db: Queryable, tenantId: string, userId: string, types: readonly string[], start: PageStart, fetch: number): Promise<EventRow[]> {
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select ${EVENT_COLUMNS} from events where ${MINE} order by id desc limit $4 offset $5`, [tenantId, userId, types, fetch, start.offset])
      : db.query(`select ${EVENT_COLUMNS} from events where ${MINE} and id < $5 order by id desc limit $4`, [tenantId, userId, types, fetch, start.after]),
  );
  return rows;
}

export async function countUserEvents(db: Queryable, tenantId: string, userId: string, types: readonly string[], cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from events where ${MINE} limit $4) capped`, [tenantId, userId, types, cap]);
  return rows[0].n;
}

/** Whether the event is one of the user's feed: a cursor naming anyone else's event is refused. */
export async function userEventExists(db: Queryable, tenantId: string, userId: string, types: readonly string[], id: string): Promise<boolean> {
  const { rows } = await db.query(`select exists (select 1 from events where ${MINE} and id = $4) as found`, [tenantId, userId, types, id]);
  return rows[0].found;
}
