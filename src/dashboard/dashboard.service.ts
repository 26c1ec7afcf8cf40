/**
 * A tenant's home (issue 15 §4, issue 13 §5): the staff dashboard — counts of users, signups,
 * messages and onboarding completion, and what needs attention — and a member's own feed, the events
 * about themself (spec 002 T6). The staff activity feed itself is the CRM's (GET /api/v1/feed).
 */
import type { Context } from '../context.ts';
import { withTenant } from '../db/tx.ts';
import { mapPage, readPage, type ListSpec, type PageQuery } from '../http/pagination.ts';
import type { EventRow } from '../events/events.store.ts';
import type { EventType } from '../events/event-types.ts';
import * as store from './dashboard.store.ts';

/** The window of "recent" counts: signups and messages of the last 7 days. */
export const RECENT_DAYS = 7;
/** Items of each kind of "needs attention" shown; the count says how many there are (up to COUNT_CAP). */
export const ATTENTION_ITEMS = 5;
/** Counts of what needs attention stop here: "1,000+" tells a person as much as an exact number would. */
export const ATTENTION_COUNT_CAP = 1000;
/** Checklists the dashboard shows the completion of. */
export const CHECKLISTS_SHOWN = 50;

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'needs_attention', 'cancelled'] as const;

const iso = (date: Date) => date.toISOString();

interface Attention<T> {
  count: number;
  count_capped: boolean;
  items: T[];
}

function attention<R, T>(read: { rows: R[]; count: number }, present: (row: R) => T): Attention<T> {
  return { count: Math.min(read.count, ATTENTION_COUNT_CAP), count_capped: read.count > ATTENTION_COUNT_CAP, items: read.rows.map(present) };
}

/** The last RECENT_DAYS UTC days, oldest first, today last: each day of the signups series, zeros included. */
function recentDays(now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: RECENT_DAYS }, (_, i) => new Date(today - (RECENT_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** The dashboard of the tenant, in one read transaction (one snapshot: the counts agree with each other). */
export async function getDashboard(ctx: Context, tenantId: string, now = new Date()) {
  const days = recentDays(now);
  // from the start of the first day shown, so the series and the total count the same users
  const since = new Date(`${days[0]}T00:00:00Z`);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    // one after the other: a transaction's client runs one query at a time
    const users = await store.countUsers(tx, tenantId);
    const byDay = new Map((await store.signupsByDay(tx, tenantId, since)).map((row) => [row.day, row.signups]));
    const messages = await store.messagesByStatus(tx, tenantId, since, MESSAGE_STATUSES);
    const checklists = await store.checklistCompletion(tx, tenantId, CHECKLISTS_SHOWN);
    const failedMessages = await store.failedMessages(tx, tenantId, ATTENTION_ITEMS, ATTENTION_COUNT_CAP + 1);
    const failedHires = await store.failedHires(tx, tenantId, ATTENTION_ITEMS, ATTENTION_COUNT_CAP + 1);
    const failedRuns = await store.failedRuns(tx, tenantId, ATTENTION_ITEMS, ATTENTION_COUNT_CAP + 1);
    const failedDeliveries = await store.failedDeliveries(tx, tenantId, ATTENTION_ITEMS, ATTENTION_COUNT_CAP + 1);
    const signups = days.map((day) => ({ day, signups: byDay.get(day) ?? 0 }));
    return {
      generated_at: iso(now),
      since: iso(since),
      users: { total: users, signups_recent: signups.reduce((sum, d) => sum + d.signups, 0), signups_by_day: signups },
      messages: { since: iso(since), by_status: Object.fromEntries(MESSAGE_STATUSES.map((status) => [status, messages[status] ?? 0])) },
      onboarding: checklists.map((c) => ({ ...c, share: c.subjects ? c.completed / c.subjects : null })),
      attention: {
        failed_messages: attention(failedMessages, (m) => ({ ...m, created_at: iso(m.created_at) })),
        failed_provisioning: attention(failedHires, (h) => ({ ...h, updated_at: iso(h.updated_at) })),
        failed_runs: attention(failedRuns, (r) => ({ ...r, updated_at: iso(r.updated_at) })),
        failed_webhook_deliveries: attention(failedDeliveries, (d) => ({ ...d, created_at: iso(d.created_at) })),
      },
    };
  });
}

/**
 * What a member's own feed shows: events concerning them (events.user_id) of these types only. Not
 * the CRM's (crm.contact.*: staff's notes on the contact behind the account stay with staff), nor the
 * tenant's, a hire's or an organisation's own (organisation checklists are the organisation's).
 */
export const MEMBER_FEED_TYPES: readonly EventType[] = [
  'user.created',
  'onboarding.initialized',
  'onboarding.account.provisioned',
  'onboarding.task.completed',
  'onboarding.task.uncompleted',
  'onboarding.completed',
  'onboarding.reopened',
  'message.sent',
  'message.delivered',
  'message.failed',
  'organization.member_added',
  'organization.member_removed',
];

const EVENT_KEY = /^[1-9][0-9]{0,17}$/;

function presentEvent(row: EventRow) {
  return { id: row.id, type: row.type, subject: { type: row.subject_type, id: row.subject_id }, actor: row.actor, payload: row.payload, occurred_at: iso(row.occurred_at) };
}

/**
 * The caller's own feed, newest first, a page at a time: only events concerning `userId` — the
 * caller, never a user named by the request — so nobody else's events can be reached; a cursor is
 * tied to the tenant and the user.
 */
export async function listMyFeed(ctx: Context, tenantId: string, userId: string, query: PageQuery) {
  const types = MEMBER_FEED_TYPES;
  const spec: ListSpec<EventRow> = { list: 'my_feed', scope: [tenantId, userId], keyPattern: EVENT_KEY, key: (row) => String(row.id) };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listUserEvents(tx, tenantId, userId, types, start, fetch),
      count: (cap) => store.countUserEvents(tx, tenantId, userId, types, cap),
      exists: (id) => store.userEventExists(tx, tenantId, userId, types, id),
    }),
  );
  return mapPage(page, presentEvent);
}
