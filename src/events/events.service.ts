import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit/audit.service.ts';
import { mapPage, readPage, type ListSpec, type PageQuery } from '../http/pagination.ts';
import { EVENT_TYPES, isEventType, type EventType } from './event-types.ts';
import * as store from './events.store.ts';
import type { EventFilter, EventRow } from './events.store.ts';

/** Who caused an event: a person (or their API key, or the CLI) acting, or Embark itself. */
export type EventActor = { readonly kind: 'system' } | { readonly kind: 'user' | 'api_key' | 'cli'; readonly user_id: string | null };

export interface NewEvent {
  readonly type: EventType;
  /** What the event is about, e.g. `{ type: 'tenant', id }`. */
  readonly subject: { readonly type: string; readonly id: string };
  readonly actor: EventActor;
  /** The event's data, which its webhooks carry as `data`. */
  readonly payload: Record<string, unknown>;
}

export interface Event {
  id: number;
  type: string;
  subject: { type: string; id: string };
  actor: Record<string, unknown>;
  payload: Record<string, unknown>;
  occurred_at: string;
}

/** The event log's actor for the audit log's. */
export function eventActor(actor: Actor): EventActor {
  return actor.kind === 'system' ? { kind: 'system' } : { kind: actor.kind, user_id: actor.userId };
}

/**
 * Appends the event to the log in the caller's transaction, with its webhook deliveries: both exist
 * exactly when the change that caused them commits. Answers the event's id.
 */
export function appendEvent(tx: Queryable, tenantId: string, event: NewEvent): Promise<number> {
  // the compiler checks the type; this stops a caller that cast its way past it, since nobody could subscribe to it
  if (!isEventType(event.type)) throw new Error(`appendEvent: ${JSON.stringify(event.type)} is not an event type; add it to EVENT_TYPES (src/events/event-types.ts)`);
  return store.appendEvent(tx, tenantId, { type: event.type, subjectType: event.subject.type, subjectId: event.subject.id, actor: event.actor, payload: event.payload });
}

function present(row: EventRow): Event {
  return {
    id: row.id,
    type: row.type,
    subject: { type: row.subject_type, id: row.subject_id },
    actor: row.actor,
    payload: row.payload,
    occurred_at: row.occurred_at.toISOString(),
  };
}

/** An event's id: a positive bigint (kept below its limit, so a forged cursor cannot overflow it). */
const EVENT_KEY = /^[1-9][0-9]{0,17}$/;

/** The tenant's events, newest first, a page at a time (src/http/pagination.ts). */
export async function listEvents(ctx: Context, tenantId: string, filter: EventFilter, query: PageQuery) {
  if (filter.type !== undefined && !isEventType(filter.type)) {
    throw new AppError('event_type_unknown', `${JSON.stringify(filter.type)} is not an event type; known: ${Object.keys(EVENT_TYPES).join(', ')}`);
  }
  const spec: ListSpec<EventRow> = { list: 'events', scope: [tenantId, filter.type, filter.subject?.type, filter.subject?.id, filter.since, filter.about?.subject.type, filter.about?.subject.id, filter.about?.userId], keyPattern: EVENT_KEY, key: (row) => String(row.id) };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listEvents(tx, tenantId, filter, start, fetch),
      count: (cap) => store.countEvents(tx, tenantId, filter, cap),
      exists: (id) => store.eventExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, present);
}
