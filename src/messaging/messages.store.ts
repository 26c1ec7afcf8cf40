import type { Queryable } from '../db/pool.ts';
import type { Channel } from '../providers/types.ts';

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
  const { rows } = await db.query(
    `select enqueue_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) as id`,
    [m.tenantId, m.channel, m.recipient, m.bundle, m.variables ?? {}, m.variant ?? '', m.locale ?? 'en', m.userId ?? null,
      m.artifacts ?? {}, m.secretVariablesEncrypted ?? null, m.relatedType ?? null, m.relatedId ?? null],
  );
  return rows[0].id;
}

export async function keepRevealableSecrets(db: Queryable, tenantId: string, id: string, sealed: Buffer): Promise<void> {
  await db.query('update messages set revealable_secrets_encrypted = $3 where tenant_id = $1 and id = $2', [tenantId, id, sealed]);
}

/** Queued messages whose (next) attempt is due, oldest first. */
export async function listDueMessageIds(db: Queryable, tenantId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query(
    `select id from messages where tenant_id = $1 and status = 'queued' and (next_attempt_at is null or next_attempt_at <= now()) order by created_at limit $2`,
    [tenantId, limit],
  );
  return rows.map((row: { id: string }) => row.id);
}

export async function lockMessage(db: Queryable, id: string): Promise<MessageRow | undefined> {
  const { rows } = await db.query('select * from messages where id = $1 for update', [id]);
  return rows[0];
}

export async function findMessage(db: Queryable, id: string): Promise<MessageRow | undefined> {
  const { rows } = await db.query('select * from messages where id = $1', [id]);
  return rows[0];
}

export async function listMessages(db: Queryable, filter: { status?: string | undefined; channel?: string | undefined; userId?: string | undefined; provider?: string | undefined; limit: number; offset: number }): Promise<{ rows: MessageRow[]; total: number }> {
  const where = `where ($1::text is null or status = $1) and ($2::text is null or channel = $2) and ($3::uuid is null or user_id = $3) and ($4::text is null or provider = $4)`;
  const params = [filter.status ?? null, filter.channel ?? null, filter.userId ?? null, filter.provider ?? null];
  // one after the other: a transaction's client runs one query at a time
  const { rows } = await db.query(`select * from messages ${where} order by created_at desc, id limit $5 offset $6`, [...params, filter.limit, filter.offset]);
  const { rows: count } = await db.query(`select count(*)::int as total from messages ${where}`, params);
  return { rows, total: count[0].total };
}

export async function listEvents(db: Queryable, messageId: string): Promise<MessageEventRow[]> {
  const { rows } = await db.query(
    'select id, status, detail, provider_event_id, sequence, created_at from message_events where message_id = $1 order by id',
    [messageId],
  );
  return rows;
}

export async function updateMessage(db: Queryable, id: string, changes: Partial<Pick<MessageRow,
  'status' | 'provider' | 'provider_message_id' | 'subject' | 'content' | 'attempts' | 'last_error' | 'next_attempt_at' | 'sent_at' | 'delivered_at' | 'last_sequence' | 'secret_variables_encrypted'>>): Promise<void> {
  const entries = Object.entries(changes);
  if (!entries.length) return;
  const sets = entries.map(([column], index) => `${column} = $${index + 2}`).join(', ');
  await db.query(`update messages set ${sets} where id = $1`, [id, ...entries.map(([, value]) => value)]);
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
  await db.query(
    `select queue_job('dispatch_message', json_build_object('tenant_id', $1::uuid, 'message_id', $2::uuid), 'message:' || $2, $3)`,
    [tenantId, messageId, runAt],
  );
}
