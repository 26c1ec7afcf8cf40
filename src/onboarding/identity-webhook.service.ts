import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { withTenant } from '../db/tx.ts';
import { recordReceipt } from '../webhooks/receipts.ts';
import { verifyStandardWebhook, WebhookVerificationError } from '../webhooks/standard-webhooks.ts';
import { decryptSecret } from '../secrets.ts';
import { identityWebhookSecretContext } from './signup-settings.service.ts';
import * as store from './onboarding.store.ts';

// The code every inbound webhook answers when its signature does not verify; messaging's provider
// callbacks register it too, with the same status and words (a code has one status, and registering
// another throws). 403 rather than 401: there is no WWW-Authenticate scheme a webhook sender could use.

/**
 * Identities created at an external identity provider (Supabase Auth, Auth0, Clerk…), delivered as
 * Standard Webhooks signed with the tenant's identity webhook secret. Only `user.created` acts; other
 * event types are acknowledged and recorded, so the provider does not retry them forever.
 */
export type IdentityWebhookOutcome = 'created' | 'identity_exists' | 'duplicate' | 'ignored';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

export interface IdentityEvent {
  type: string;
  subject: string | undefined;
  email: string | null;
  phone: string | null;
  metadata: Record<string, unknown>;
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', `invalid body: ${path} ${message}`, { extra: { errors: [{ in: 'body', path, message }] } });
}

/** jsonb cannot hold U+0000; the provider's metadata is kept, minus that character. */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(withoutNul);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', ''), withoutNul(v)]));
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields onboarding needs from an event in the shape auth providers send:
 * `{type, data: {id, email, phone, raw_user_meta_data | user_metadata}}`. Providers differ on the phone:
 * Supabase stores it without the leading +, so digits alone are read as E.164.
 */
export function parseIdentityEvent(body: unknown): IdentityEvent {
  if (!isObject(body) || typeof body.type !== 'string' || body.type.length === 0 || body.type.length > 100) throw invalid('/type', 'must be the event type, e.g. "user.created"');
  if (body.type !== 'user.created') return { type: body.type, subject: undefined, email: null, phone: null, metadata: {} };
  const data = body.data;
  if (!isObject(data)) throw invalid('/data', 'must be an object with the user');
  if (typeof data.id !== 'string' && typeof data.id !== 'number') throw invalid('/data/id', "must be the provider's user id");
  const subject = String(data.id);
  if (subject.length === 0 || subject.length > 255) throw invalid('/data/id', 'must be 1 to 255 characters');

  let email: string | null = null;
  if (data.email !== undefined && data.email !== null && data.email !== '') {
    if (typeof data.email !== 'string' || data.email.length > 320 || !EMAIL.test(data.email)) throw invalid('/data/email', 'must be an email address');
    email = data.email;
  }
  let phone: string | null = null;
  if (data.phone !== undefined && data.phone !== null && data.phone !== '') {
    const text = typeof data.phone === 'string' ? data.phone : '';
    const e164 = /^[1-9][0-9]+$/.test(text) ? `+${text}` : text;
    if (!E164.test(e164)) throw invalid('/data/phone', 'must be an E.164 phone number, e.g. +15555550123');
    phone = e164;
  }
  if (!email && !phone) throw invalid('/data', 'must have an email or a phone: onboarding has no other way to reach the person');

  const metadata = data.raw_user_meta_data ?? data.user_metadata ?? {};
  if (!isObject(metadata)) throw invalid('/data/raw_user_meta_data', 'must be an object');
  return { type: body.type, subject, email, phone, metadata: withoutNul(metadata) as Record<string, unknown> };
}

export function identityProvider(tenantId: string): string {
  return `identity:${tenantId}`;
}

/**
 * Verifies and applies one delivery. The receipt (deduplicated by webhook-id) and the user it creates
 * commit together, so a replay, a retry after a timeout, or five concurrent deliveries of one event
 * create one user; the same identity under another webhook-id finds the existing user. Five round trips
 * to PostgreSQL in all: identity providers send these in bursts.
 */
export async function receiveIdentityWebhook(ctx: Context, subdomain: string, delivery: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer; body: unknown; requestId?: string | undefined }): Promise<{ outcome: IdentityWebhookOutcome; user_id: string | null }> {
  const target = await store.findIdentityWebhookTarget(ctx.db.app, subdomain);
  if (!target || !target.is_active) throw new AppError('tenant_not_found', `no tenant has the subdomain ${JSON.stringify(subdomain)}`);
  const tenantId = target.tenant_id;
  if (!target.secret_encrypted) throw new AppError('signature_invalid', 'this tenant has no identity webhook secret; an admin generates one with POST /api/v1/tenant/signup-settings/identity-webhook-secret');
  const secret = decryptSecret(ctx.keys.credentialEncryption, target.secret_encrypted, identityWebhookSecretContext(tenantId));
  let webhookId: string;
  try {
    webhookId = verifyStandardWebhook(secret, delivery.headers, delivery.rawBody).id;
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new AppError('signature_invalid', error.message);
    throw error;
  }
  // refused before the receipt is stored: nothing was acted on, and a retry gets the same answer
  const event = parseIdentityEvent(delivery.body);
  const provider = identityProvider(tenantId);

  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const subject = event.type === 'user.created' ? event.subject : undefined;
    // stored with the outcome it will have; identity_webhook_user corrects it when the person exists
    const receipt = await recordReceipt(tx, {
      tenantId,
      provider,
      eventId: webhookId,
      eventType: event.type,
      headers: delivery.headers,
      rawBody: delivery.rawBody,
      outcome: subject ? 'processed' : 'ignored',
    });
    if (receipt.duplicate) return { outcome: 'duplicate' as const, user_id: null };
    if (!subject) return { outcome: 'ignored' as const, user_id: null };
    return store.identityWebhookUser(tx, {
      tenantId,
      receiptId: receipt.id,
      provider,
      subject,
      email: event.email,
      phone: event.phone,
      metadata: event.metadata,
      webhookId,
      requestId: delivery.requestId ?? null,
    });
  });
}
