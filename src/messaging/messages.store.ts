import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { Channel } from '../providers/types.ts';
import type { PageStart } from '../http/pagination.ts';
import { jobs, queueJob } from '../jobs/tasks.ts';

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'needs_attention' | 'cancelled';

export interface MessageRow {
  tenant_id: string;
  id: string;
  channel: Channel;
  recipient: string;
  bundle: string;
  variant: string;
  locale: string;
  variables: Record<string, string | number | null>;
  secret_variables_encrypted: Buffer | null;
  artifacts: Record<string, unknown>;
  user_id: string | null;
  related_type: string | null;
  related_id: string | null;
  status: MessageStatus;
  provider: string | null;
  provider_message_id: string | null;
  subject: string | null;
  content: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  last_sequence: number | null;
  /** The dispatcher holding the message while it is `sending` (migration 0011), and since when. */
  claim_token: string | null;
  claimed_at: Date | null;
  /** Development switch only (EMBARK_OUTBOX_REVEAL_SECRETS): a sealed copy of the secret variables. */
  revealable_secrets_encrypted: Buffer | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
}

export interface MessageEventRow {
  id: number;
  status: string;
  detail: Record<string, unknown>;
  provider_event_id: string | null;
  sequence: number | null;
  created_at: Date;
}

export interface NewMessage {
  tenantId: string;
  channel: Channel;
  recipient: string;
  bundle: string;
  variables?: Record<string, string | number | null> | undefined;
  variant?: string | undefined;
  locale?: string | undefined;
  userId?: string | null | undefined;
  artifacts?: Record<string, unknown> | undefined;
  secretVariablesEncrypted?: Buffer | null | undefined;
  relatedType?: string | undefined;
  relatedId?: string | undefined;
}

/** Writes the message and its dispatch job through the one SQL function that every path uses. */
export async function insertMessage(db: Queryable, m: NewMessage): Promise<string> {
  const { rows } = await db.query(`select enqueue_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) as id`, [
    m.tenantId,
    m.channel,
    m.recipient,
    m.bundle,
    m.variables ?? {},
    m.variant ?? '',
    m.locale ?? 'en',
    m.userId ?? null,
    m.artifacts ?? {},
    m.secretVariablesEncrypted ?? null,
    m.relatedType ?? null,
    m.relatedId ?? null,
  ]);
  return rows[0].id;
}

export async function keepRevealableSecrets(db: Queryable, tenantId: string, id: string, sealed: Buffer): Promise<void> {
  await db.query('update messages set revealable_secrets_encrypted = $3 where tenant_id = $1 and id = $2', [tenantId, id, sealed]);
}

/** Queued messages whose (next) attempt is due, oldest first. */
export async function listDueMessageIds(db: Queryable, tenantId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query(`select id from messages where tenant_id = $1 and status = 'queued' and (next_attempt_at is null or next_attempt_at <= now()) order by created_at limit $2`, [tenantId, limit]);
  return rows.map((row: { id: string }) => row.id);
}

export async function lockMessage(db: Queryable, tenantId: string, id: string): Promise<MessageRow | undefined> {
  const { rows } = await db.query('select * from messages where tenant_id = $1 and id = $2 for update', [tenantId, id]);
  return rows[0];
}

export async function findMessage(db: Queryable, tenantId: string, id: string): Promise<MessageRow | undefined> {
  const { rows } = await db.query('select * from messages where tenant_id = $1 and id = $2', [tenantId, id]);
  return rows[0];
}

export interface MessageFilter {
  readonly status?: string | undefined;
  readonly channel?: string | undefined;
  readonly userId?: string | undefined;
  readonly provider?: string | undefined;
}

/**
 * One ` and column = $n` for each filter given, its value appended to `params` (which hold the tenant
 * id as $1). Only the filters that are there are written: `($2 is null or status = $2)` would keep
 * status from being an index condition in a generic plan, and ?status= and ?user_id= have indexes of
 * their own (migration 0018).
 */
function filterConditions(filter: MessageFilter, params: unknown[]): string {
  let conditions = '';
  for (const [column, value] of [
    ['status', filter.status],
    ['channel', filter.channel],
    ['user_id', filter.userId],
    ['provider', filter.provider],
  ] as const) {
    if (value !== undefined) conditions += ` and ${column} = $${params.push(value)}`;
  }
  return conditions;
}

/** A page of the tenant's messages, newest first: from the start (offset 0) or after the message `start.after`. */
export async function listMessages(db: Queryable, tenantId: string, filter: MessageFilter, start: PageStart, fetch: number): Promise<MessageRow[]> {
  const params: unknown[] = [tenantId];
  const filters = filterConditions(filter, params);
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select * from messages where tenant_id = $1${filters} order by created_at desc, id desc limit $${params.length + 1} offset $${params.length + 2}`, [...params, fetch, start.offset])
      : db.query(
          `select * from messages
        where tenant_id = $1${filters}
          and (created_at, id) < (select created_at, id from messages where tenant_id = $1 and id = $${params.length + 1})
        order by created_at desc, id desc limit $${params.length + 2}`,
          [...params, start.after, fetch],
        ),
  );
  return rows;
}

/** The tenant's messages matching the filter, counted up to `cap`. */
export async function countMessages(db: Queryable, tenantId: string, filter: MessageFilter, cap: number): Promise<number> {
  const params: unknown[] = [tenantId];
  const filters = filterConditions(filter, params);
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from messages where tenant_id = $1${filters} limit $${params.length + 1}) capped`, [...params, cap]);
  return rows[0].n;
}

export async function messageExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from messages where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}

export async function listEvents(db: Queryable, tenantId: string, messageId: string): Promise<MessageEventRow[]> {
  const { rows } = await db.query('select id, status, detail, provider_event_id, sequence, created_at from message_events where tenant_id = $1 and message_id = $2 order by id', [tenantId, messageId]);
  return rows;
}

/** Whether the message has an event with this status (a call that was answered). */
export async function hasEvent(db: Queryable, tenantId: string, messageId: string, status: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from message_events where tenant_id = $1 and message_id = $2 and status = $3) as found', [tenantId, messageId, status]);
  return rows[0].found;
}

/**
 * Records an event once: a provider event id seen before (a duplicate callback) inserts nothing and
 * answers false.
 */
export async function insertEvent(db: Queryable, tenantId: string, messageId: string, event: { status: string; detail?: Record<string, unknown>; providerEventId?: string | undefined; sequence?: number | undefined }): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into message_events (tenant_id, message_id, status, detail, provider_event_id, sequence) values ($1, $2, $3, $4, $5, $6)
     on conflict do nothing`,
    [tenantId, messageId, event.status, event.detail ?? {}, event.providerEventId ?? null, event.sequence ?? null],
  );
  return rowCount === 1;
}

/** Schedules (or re-schedules) the dispatch job; the job key keeps one pending job per message. */
export async function scheduleDispatch(db: Queryable, tenantId: string, messageId: string, runAt: Date | null): Promise<void> {
  await queueJob(db, jobs.dispatchMessage(tenantId, messageId), runAt);
}
