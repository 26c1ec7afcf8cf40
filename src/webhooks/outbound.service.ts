import { randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { encryptSecret } from '../secrets.ts';
import { newWebhookSecret } from './standard-webhooks.ts';
import { isWebhookEventType, TEST_EVENT_TYPE, webhookEventTypes } from './outbound.events.ts';
import * as store from './outbound.store.ts';
import type { AttemptRow, DeliveryRow, DeliveryStatus, EndpointRow } from './outbound.store.ts';
import { mapPage, readPage, type ListSpec, type PageQuery } from '../http/pagination.ts';

/** A delivery id, the webhook-id: msg_ and time-ordered hex (migration 0005). */
const DELIVERY_KEY = /^msg_[0-9a-z]{1,60}$/;

/** How long the secret replaced by a rotation keeps signing beside the new one. */
export const SECRET_ROTATION_GRACE_SECONDS = 24 * 3600;

/**
 * Plain http is for a receiver on the developer's own machine. This is also the SSRF guard, and only
 * a partial one: an https URL may still name a host inside the operator's network (or a DNS name
 * that resolves to one), and the first 2 KB of its answer are shown in the delivery log. It does stop
 * plain-http internal services such as the cloud metadata endpoint, and redirects are never followed,
 * so a public URL cannot bounce a delivery inward. Where tenants are not trusted that far, run the
 * worker behind an egress firewall.
 */
const LOCAL_DEVELOPMENT_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDelivery {
  id: string;
  endpoint_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_response_body: string | null;
  created_at: string;
  delivered_at: string | null;
  event_id: number | null;
}

/** The secret is sealed with its tenant and endpoint as associated data, so it decrypts on that row only. */
export function endpointSecretContext(tenantId: string, endpointId: string): string {
  return `webhook-endpoint:${tenantId}:${endpointId}`;
}

/** A UUIDv7: endpoints listed by id come out in creation order. */
function uuidv7(nowMs = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function presentEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.event_types,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function presentDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    event_type: row.event_type,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    last_response_body: row.last_response_body,
    created_at: row.created_at.toISOString(),
    delivered_at: row.delivered_at?.toISOString() ?? null,
    event_id: row.event_id,
  };
}

function presentAttempt(row: AttemptRow) {
  return { ...row, attempted_at: row.attempted_at.toISOString() };
}

function checkUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('webhook_url_not_allowed', `${JSON.stringify(raw)} is not a URL`);
  }
  const local = LOCAL_DEVELOPMENT_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new AppError('webhook_url_not_allowed', `the webhook URL must use https; http is accepted only for localhost and 127.0.0.1 (local development), got ${url.protocol}//${url.host}`);
  }
  if (url.username || url.password) {
    // everyone who can list endpoints would read them; receivers authenticate deliveries by their signature
    throw new AppError('webhook_url_not_allowed', 'the webhook URL must not contain a user name or password; verify the webhook-signature header instead');
  }
}

function checkEventTypes(types: readonly string[] | undefined): void {
  const unknown = (types ?? []).filter((type) => !isWebhookEventType(type));
  if (unknown.length) {
    throw new AppError('webhook_event_type_unknown', `unknown event type(s) ${unknown.map((t) => JSON.stringify(t)).join(', ')}; known: ${Object.keys(webhookEventTypes()).join(', ')}`, { extra: { unknown } });
  }
}

function endpointNotFound(id: string): AppError {
  return new AppError('webhook_endpoint_not_found', `no webhook endpoint with id ${id} in this tenant`);
}

async function requireEndpoint(tx: Queryable, tenantId: string, id: string): Promise<EndpointRow> {
  const row = await store.findEndpoint(tx, tenantId, id);
  if (!row) throw endpointNotFound(id);
  return row;
}

export function listEventTypes() {
  return { items: Object.entries(webhookEventTypes()).map(([type, description]) => ({ type, description })) };
}

/** The secret is in this answer only; the database keeps it sealed. */
export async function createEndpoint(ctx: Context, actor: Actor, tenantId: string, input: { url: string; description?: string | undefined; event_types?: string[] | undefined; enabled?: boolean | undefined }): Promise<WebhookEndpoint & { secret: string }> {
  checkUrl(input.url);
  checkEventTypes(input.event_types);
  const id = uuidv7();
  const secret = newWebhookSecret();
  const row = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const created = await store.insertEndpoint(tx, {
      tenantId,
      id,
      url: input.url,
      description: input.description ?? '',
      eventTypes: [...new Set(input.event_types ?? [])],
      enabled: input.enabled ?? true,
      secretEncrypted: encryptSecret(ctx.keys.credentialEncryption, secret, endpointSecretContext(tenantId, id)),
    });
    await recordAudit(tx, actor, tenantId, 'webhook_endpoint.created', { type: 'webhook_endpoint', id }, { url: created.url, event_types: created.event_types, enabled: created.enabled });
    return created;
  });
  return { ...presentEndpoint(row), secret };
}

export async function listEndpoints(ctx: Context, tenantId: string): Promise<{ items: WebhookEndpoint[] }> {
  const rows = await withTenant(ctx.db.app, tenantId, (tx) => store.listEndpoints(tx, tenantId));
  return { items: rows.map(presentEndpoint) };
}

export async function getEndpoint(ctx: Context, tenantId: string, id: string): Promise<WebhookEndpoint> {
  return presentEndpoint(await withTenant(ctx.db.app, tenantId, (tx) => requireEndpoint(tx, tenantId, id)));
}

export async function updateEndpoint(ctx: Context, actor: Actor, tenantId: string, id: string, patch: { url?: string | undefined; description?: string | undefined; event_types?: string[] | undefined; enabled?: boolean | undefined }): Promise<WebhookEndpoint> {
  if (patch.url !== undefined) checkUrl(patch.url);
  checkEventTypes(patch.event_types);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.updateEndpoint(tx, tenantId, id, { url: patch.url, description: patch.description, eventTypes: patch.event_types && [...new Set(patch.event_types)], enabled: patch.enabled });
    if (!row) throw endpointNotFound(id);
    await recordAudit(tx, actor, tenantId, 'webhook_endpoint.updated', { type: 'webhook_endpoint', id }, patch);
    return presentEndpoint(row);
  });
}

/**
 * Deliveries still pending are cancelled when their job runs. Deleting an endpoint that is already
 * deleted succeeds again, so a client may safely retry the request.
 */
export async function deleteEndpoint(ctx: Context, actor: Actor, tenantId: string, id: string): Promise<void> {
  await withTenant(ctx.db.app, tenantId, async (tx) => {
    const { existed, deletedNow } = await store.deleteEndpoint(tx, tenantId, id);
    if (!existed) throw endpointNotFound(id);
    if (deletedNow) await recordAudit(tx, actor, tenantId, 'webhook_endpoint.deleted', { type: 'webhook_endpoint', id });
  });
}

/** A new secret, in this answer only. The old one keeps signing beside it for SECRET_ROTATION_GRACE_SECONDS. */
export async function rotateEndpointSecret(ctx: Context, actor: Actor, tenantId: string, id: string): Promise<WebhookEndpoint & { secret: string }> {
  const secret = newWebhookSecret();
  const row = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const rotated = await store.rotateSecret(tx, tenantId, id, encryptSecret(ctx.keys.credentialEncryption, secret, endpointSecretContext(tenantId, id)), SECRET_ROTATION_GRACE_SECONDS);
    if (!rotated) throw endpointNotFound(id);
    await recordAudit(tx, actor, tenantId, 'webhook_endpoint.secret_rotated', { type: 'webhook_endpoint', id });
    return rotated;
  });
  return { ...presentEndpoint(row), secret };
}

/** Queues a `webhook.test` delivery to this endpoint only, whatever event types it subscribes to. */
export async function sendTestEvent(ctx: Context, actor: Actor, tenantId: string, id: string): Promise<WebhookDelivery> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const endpoint = await requireEndpoint(tx, tenantId, id);
    if (!endpoint.enabled) throw new AppError('webhook_endpoint_disabled', `the webhook endpoint ${id} is disabled${endpoint.disabled_reason ? ` (${endpoint.disabled_reason})` : ''}; enable it with PATCH first`);
    const data = { endpoint_id: id, message: 'A test event from Embark: the endpoint is reachable and can verify the signature.' };
    const [created] = await store.insertDeliveries(tx, { tenantId, eventType: TEST_EVENT_TYPE, endpointId: id, payload: { type: TEST_EVENT_TYPE, timestamp: new Date().toISOString(), data } });
    await recordAudit(tx, actor, tenantId, 'webhook_endpoint.tested', { type: 'webhook_endpoint', id }, { delivery_id: created!.id });
    return presentDelivery((await store.findDelivery(tx, tenantId, id, created!.id))!);
  });
}

/** The endpoint's deliveries, newest first, a page at a time (src/http/pagination.ts). */
export async function listDeliveries(ctx: Context, tenantId: string, endpointId: string, filter: { status?: DeliveryStatus | undefined }, query: PageQuery) {
  const spec: ListSpec<DeliveryRow> = { list: 'deliveries', scope: [tenantId, endpointId, filter.status], keyPattern: DELIVERY_KEY, key: (row) => row.id };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      // rows are read first, once the cursor is known to be good: a malformed one is a 400 whichever endpoint it names
      rows: async (start, fetch) => {
        await requireEndpoint(tx, tenantId, endpointId);
        return store.listDeliveries(tx, tenantId, endpointId, filter, start, fetch);
      },
      count: (cap) => store.countDeliveries(tx, tenantId, endpointId, filter, cap),
      exists: (id) => store.deliveryExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, presentDelivery);
}

/** One delivery with every HTTP attempt made for it. */
export async function getDelivery(ctx: Context, tenantId: string, endpointId: string, deliveryId: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await requireEndpoint(tx, tenantId, endpointId);
    const row = await store.findDelivery(tx, tenantId, endpointId, deliveryId);
    if (!row) throw new AppError('webhook_delivery_not_found', `no delivery ${deliveryId} for webhook endpoint ${endpointId}`);
    return { ...presentDelivery(row), attempt_log: (await store.listAttempts(tx, tenantId, deliveryId)).map(presentAttempt) };
  });
}

/** Sends a failed, cancelled or waiting delivery again now, with a fresh round of attempts. */
export async function retryDelivery(ctx: Context, actor: Actor, tenantId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const endpoint = await requireEndpoint(tx, tenantId, endpointId);
    const row = await store.findDelivery(tx, tenantId, endpointId, deliveryId, { lock: true });
    if (!row) throw new AppError('webhook_delivery_not_found', `no delivery ${deliveryId} for webhook endpoint ${endpointId}`);
    if (row.status === 'succeeded' || row.status === 'delivering') {
      throw new AppError('webhook_delivery_not_retryable', `delivery ${deliveryId} is ${row.status}; only pending, failed and cancelled deliveries can be retried`);
    }
    if (!endpoint.enabled) throw new AppError('webhook_endpoint_disabled', `the webhook endpoint ${endpointId} is disabled${endpoint.disabled_reason ? ` (${endpoint.disabled_reason})` : ''}; enable it with PATCH first`);
    const updated = await store.updateDelivery(tx, tenantId, deliveryId, { status: 'pending', attempts: 0, next_attempt_at: null });
    await store.scheduleDelivery(tx, tenantId, deliveryId, null);
    await recordAudit(tx, actor, tenantId, 'webhook_delivery.retried', { type: 'webhook_delivery', id: deliveryId }, { endpoint_id: endpointId, previous_status: row.status });
    return presentDelivery(updated!);
  });
}
