import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';
import { jobs, queueJob } from '../jobs/tasks.ts';

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed' | 'cancelled';

/** An endpoint as it may be shown: the sealed secrets are not selected. */
export interface EndpointRow {
  tenant_id: string;
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  tenant_id: string;
  id: string;
  endpoint_id: string;
  event_type: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_response_body: string | null;
  created_at: Date;
  delivered_at: Date | null;
  /** The event of the log the delivery was made for; null for webhook.test. */
  event_id: number | null;
}

export interface AttemptRow {
  attempt: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
  duration_ms: number;
  attempted_at: Date;
}

/** A delivery with what sending it needs from its endpoint. */
export interface SendableDelivery extends DeliveryRow {
  url: string;
  endpoint_enabled: boolean;
  endpoint_deleted: boolean;
  secret_encrypted: Buffer | null;
  /** Null once the grace period after a rotation is over. */
  previous_secret_encrypted: Buffer | null;
}

const ENDPOINT_COLUMNS = 'tenant_id, id, url, description, event_types, enabled, disabled_reason, created_at, updated_at';
const DELIVERY_FIELDS = ['tenant_id', 'id', 'endpoint_id', 'event_type', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_status_code', 'last_error', 'last_response_body', 'created_at', 'delivered_at', 'event_id'];
const DELIVERY_COLUMNS = DELIVERY_FIELDS.join(', ');

export async function insertEndpoint(db: Queryable, input: { tenantId: string; id: string; url: string; description: string; eventTypes: string[]; enabled: boolean; secretEncrypted: Buffer }): Promise<EndpointRow> {
  const { rows } = await db.query(
    `insert into webhook_endpoints (tenant_id, id, url, description, event_types, enabled, secret_encrypted)
     values ($1, $2, $3, $4, $5, $6, $7) returning ${ENDPOINT_COLUMNS}`,
    [input.tenantId, input.id, input.url, input.description, input.eventTypes, input.enabled, input.secretEncrypted],
  );
  return rows[0];
}

export async function findEndpoint(db: Queryable, tenantId: string, id: string): Promise<EndpointRow | undefined> {
  const { rows } = await db.query(`select ${ENDPOINT_COLUMNS} from webhook_endpoints where tenant_id = $1 and id = $2 and deleted_at is null`, [tenantId, id]);
  return rows[0];
}

export async function listEndpoints(db: Queryable, tenantId: string): Promise<EndpointRow[]> {
  const { rows } = await db.query(`select ${ENDPOINT_COLUMNS} from webhook_endpoints where tenant_id = $1 and deleted_at is null order by created_at, id`, [tenantId]);
  return rows;
}

/** Changing `enabled` either way clears disabled_reason: it explains only an automatic disabling. */
export async function updateEndpoint(db: Queryable, tenantId: string, id: string, patch: { url?: string | undefined; description?: string | undefined; eventTypes?: string[] | undefined; enabled?: boolean | undefined }): Promise<EndpointRow | undefined> {
  const { rows } = await db.query(
    `update webhook_endpoints
        set url = coalesce($2, url), description = coalesce($3, description), event_types = coalesce($4, event_types),
            enabled = coalesce($5, enabled), disabled_reason = case when $5::boolean is null then disabled_reason end
      where tenant_id = $6 and id = $1 and deleted_at is null
      returning ${ENDPOINT_COLUMNS}`,
    [id, patch.url ?? null, patch.description ?? null, patch.eventTypes ?? null, patch.enabled ?? null, tenantId],
  );
  return rows[0];
}

/** The new secret signs from now on; the old one keeps signing beside it until `graceSeconds` pass. */
export async function rotateSecret(db: Queryable, tenantId: string, id: string, secretEncrypted: Buffer, graceSeconds: number): Promise<EndpointRow | undefined> {
  const { rows } = await db.query(
    `update webhook_endpoints
        set previous_secret_encrypted = secret_encrypted, previous_secret_expires_at = now() + make_interval(secs => $3),
            secret_encrypted = $2
      where tenant_id = $4 and id = $1 and deleted_at is null
      returning ${ENDPOINT_COLUMNS}`,
    [id, secretEncrypted, graceSeconds, tenantId],
  );
  return rows[0];
}

/**
 * Marks the endpoint deleted and forgets its secrets. Answers whether the endpoint exists at all
 * (deleted before or now), so deleting twice is not an error.
 */
export async function deleteEndpoint(db: Queryable, tenantId: string, id: string): Promise<{ existed: boolean; deletedNow: boolean }> {
  const { rows } = await db.query(`select deleted_at from webhook_endpoints where tenant_id = $1 and id = $2 for update`, [tenantId, id]);
  if (!rows[0]) return { existed: false, deletedNow: false };
  if (rows[0].deleted_at) return { existed: true, deletedNow: false };
  await db.query(
    `update webhook_endpoints set deleted_at = now(), enabled = false, secret_encrypted = null, previous_secret_encrypted = null,
            previous_secret_expires_at = null
      where tenant_id = $1 and id = $2`,
    [tenantId, id],
  );
  return { existed: true, deletedNow: true };
}

export async function disableEndpoint(db: Queryable, tenantId: string, id: string, reason: string): Promise<void> {
  await db.query(`update webhook_endpoints set enabled = false, disabled_reason = $3 where tenant_id = $1 and id = $2 and enabled`, [tenantId, id, reason]);
}

/**
 * Creates a pending delivery for each enabled endpoint that subscribes to `eventType` (or, with
 * `endpointId`, for that endpoint alone, whatever it subscribes to) and schedules its job, all in the
 * caller's transaction (queue_job: the app role cannot write graphile-worker's tables itself). The job
 * key keeps one pending job per delivery. Only webhook.test is queued from here: a domain event's
 * deliveries are queued by append_event (src/events/), with the event's id.
 */
export async function insertDeliveries(db: Queryable, input: { tenantId: string; eventType: string; payload: object; endpointId?: string | undefined }): Promise<{ id: string; endpoint_id: string }[]> {
  // insert_webhook_deliveries is shared with append_event, which passes the event's id
  const { rows } = await db.query('select id, endpoint_id from insert_webhook_deliveries($1, $2, $3, $4)', [input.tenantId, input.eventType, input.payload, input.endpointId ?? null]);
  return rows.map((row) => ({ id: row.id, endpoint_id: row.endpoint_id }));
}

/** (Re)schedules a delivery's job; run_at null means now. */
export async function scheduleDelivery(db: Queryable, tenantId: string, deliveryId: string, runAt: Date | null): Promise<void> {
  await queueJob(db, jobs.deliverWebhook(tenantId, deliveryId), runAt);
}

// status narrows the walk of webhook_deliveries_endpoint; it is no index condition there, so `$3 is null or` costs nothing
const DELIVERY_FILTER = `tenant_id = $1 and endpoint_id = $2 and ($3::text is null or status = $3)`;

/** A page of the endpoint's deliveries, newest first: from the start (offset 0) or after the delivery `start.after`. */
export async function listDeliveries(db: Queryable, tenantId: string, endpointId: string, filter: { status?: DeliveryStatus | undefined }, start: PageStart, fetch: number): Promise<DeliveryRow[]> {
  const params = [tenantId, endpointId, filter.status ?? null, fetch];
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select ${DELIVERY_COLUMNS} from webhook_deliveries where ${DELIVERY_FILTER} order by created_at desc, id desc limit $4 offset $5`, [...params, start.offset])
      : db.query(
          `select ${DELIVERY_COLUMNS} from webhook_deliveries
        where ${DELIVERY_FILTER}
          and (created_at, id) < (select created_at, id from webhook_deliveries where tenant_id = $1 and id = $5)
        order by created_at desc, id desc limit $4`,
          [...params, start.after],
        ),
  );
  return rows;
}

/** The endpoint's deliveries with the status, counted up to `cap`. */
export async function countDeliveries(db: Queryable, tenantId: string, endpointId: string, filter: { status?: DeliveryStatus | undefined }, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from webhook_deliveries where ${DELIVERY_FILTER} limit $4) capped`, [tenantId, endpointId, filter.status ?? null, cap]);
  return rows[0].n;
}

export async function deliveryExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from webhook_deliveries where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}

export async function findDelivery(db: Queryable, tenantId: string, endpointId: string, id: string, options: { lock?: boolean } = {}): Promise<DeliveryRow | undefined> {
  const { rows } = await db.query(`select ${DELIVERY_COLUMNS} from webhook_deliveries where tenant_id = $1 and endpoint_id = $2 and id = $3${options.lock ? ' for update' : ''}`, [tenantId, endpointId, id]);
  return rows[0];
}

export async function listAttempts(db: Queryable, tenantId: string, deliveryId: string): Promise<AttemptRow[]> {
  const { rows } = await db.query(
    `select attempt, status_code, error, response_body, duration_ms, attempted_at from webhook_delivery_attempts
      where tenant_id = $1 and delivery_id = $2 order by attempt`,
    [tenantId, deliveryId],
  );
  return rows;
}

/** The delivery, locked, with its endpoint's URL and sealed secrets (the previous one only while it is valid). */
export async function lockSendableDelivery(db: Queryable, tenantId: string, id: string): Promise<SendableDelivery | undefined> {
  const { rows } = await db.query(
    `select ${DELIVERY_FIELDS.map((column) => `d.${column}`).join(', ')},
            e.url, e.enabled as endpoint_enabled, e.deleted_at is not null as endpoint_deleted, e.secret_encrypted,
            case when e.previous_secret_expires_at > now() then e.previous_secret_encrypted end as previous_secret_encrypted
       from webhook_deliveries d
       join webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
      where d.tenant_id = $1 and d.id = $2
      for update of d`,
    [tenantId, id],
  );
  return rows[0];
}

export async function updateDelivery(db: Queryable, tenantId: string, id: string, patch: Partial<Pick<DeliveryRow, 'status' | 'attempts' | 'next_attempt_at' | 'last_status_code' | 'last_error' | 'last_response_body' | 'delivered_at'>>): Promise<DeliveryRow | undefined> {
  const columns = Object.keys(patch) as (keyof typeof patch)[];
  if (!columns.length) return undefined;
  const { rows } = await db.query(`update webhook_deliveries set ${columns.map((column, i) => `${column} = $${i + 3}`).join(', ')} where tenant_id = $1 and id = $2 returning ${DELIVERY_COLUMNS}`, [tenantId, id, ...columns.map((column) => patch[column])]);
  return rows[0];
}

/** Logs one HTTP attempt; its number continues across manual retries. */
export async function insertAttempt(db: Queryable, tenantId: string, deliveryId: string, attempt: Omit<AttemptRow, 'attempt' | 'attempted_at'>): Promise<void> {
  await db.query(
    `insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, status_code, error, response_body, duration_ms)
     select $1, $2, coalesce(max(attempt), 0) + 1, $3, $4, $5, $6 from webhook_delivery_attempts where tenant_id = $1 and delivery_id = $2`,
    [tenantId, deliveryId, attempt.status_code, attempt.error, attempt.response_body, attempt.duration_ms],
  );
}
