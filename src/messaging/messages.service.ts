import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { decryptJson, encryptJson } from '../secrets.ts';
import { renderBundle } from '../templates/templates.service.ts';
import { OUTBOX_PROVIDER } from './channels.service.ts';
import type { Channel } from '../providers/types.ts';
import { dispatchMessage, messageSecretContext } from './dispatch.ts';
import * as store from './messages.store.ts';
import { applyMessageStatus } from './status.ts';
import { mapPage, readPage, UUID_KEY, type ListSpec, type PageQuery } from '../http/pagination.ts';

export interface EnqueueInput {
  readonly tenantId: string;
  readonly channel: Channel;
  readonly recipient: string;
  readonly bundle: string;
  readonly variables?: Record<string, string | number | null> | undefined;
  /** Encrypted at rest, rendered only when sending, shown masked everywhere. */
  readonly secretVariables?: Record<string, string> | undefined;
  readonly variant?: string | undefined;
  readonly locale?: string | undefined;
  readonly userId?: string | null | undefined;
  readonly artifacts?: Record<string, unknown> | undefined;
  readonly related?: { type: string; id: string } | undefined;
}

/**
 * Queues a message in the caller's transaction (the transactional outbox): it exists if and only if
 * the change that caused it commits. The worker renders and sends it.
 */
/**
 * A message's secret variables sealed as the outbox stores them (only the dispatcher opens them), for
 * SQL that queues a message itself in one statement with the rest of its work (crm_provision_contact).
 */
export function sealSecretVariables(ctx: Pick<Context, 'keys'>, tenantId: string, secretVariables: Record<string, string>): Buffer {
  return encryptJson(ctx.keys.credentialEncryption, secretVariables, messageSecretContext(tenantId));
}

export async function enqueueMessage(ctx: Pick<Context, 'keys' | 'config'>, tx: Queryable, input: EnqueueInput): Promise<string> {
  const sealed = input.secretVariables && Object.keys(input.secretVariables).length ? sealSecretVariables(ctx, input.tenantId, input.secretVariables) : null;
  const id = await store.insertMessage(tx, {
    tenantId: input.tenantId,
    channel: input.channel,
    recipient: input.recipient,
    bundle: input.bundle,
    variables: input.variables,
    variant: input.variant,
    locale: input.locale,
    userId: input.userId,
    artifacts: input.artifacts,
    secretVariablesEncrypted: sealed,
    relatedType: input.related?.type,
    relatedId: input.related?.id,
  });
  // development switch: a sealed copy outlives the send, for a global admin to reveal
  if (sealed && ctx.config.outboxRevealSecrets) await store.keepRevealableSecrets(tx, input.tenantId, id, sealed);
  return id;
}

export function presentMessage(row: store.MessageRow) {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    bundle: row.bundle,
    variant: row.variant,
    locale: row.locale,
    status: row.status,
    provider: row.provider,
    provider_message_id: row.provider_message_id,
    subject: row.subject,
    content: row.content,
    variables: row.variables,
    artifacts: row.artifacts,
    user_id: row.user_id,
    related_type: row.related_type,
    related_id: row.related_id,
    attempts: row.attempts,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    sent_at: row.sent_at?.toISOString() ?? null,
    delivered_at: row.delivered_at?.toISOString() ?? null,
    // the built-in outbox masked secrets this message carries, and the development switch kept them
    revealable: row.provider === OUTBOX_PROVIDER && row.revealable_secrets_encrypted !== null,
  };
}

/** The tenant's messages, newest first, a page at a time (src/http/pagination.ts). */
export async function listMessages(ctx: Context, tenantId: string, filter: store.MessageFilter, query: PageQuery) {
  const spec: ListSpec<store.MessageRow> = {
    list: 'messages',
    scope: [tenantId, filter.status, filter.channel, filter.userId, filter.provider],
    keyPattern: UUID_KEY,
    key: (row) => row.id,
  };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listMessages(tx, tenantId, filter, start, fetch),
      count: (cap) => store.countMessages(tx, tenantId, filter, cap),
      exists: (id) => store.messageExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, presentMessage);
}

export async function getMessage(ctx: Context, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.findMessage(tx, tenantId, id);
    if (!row) throw new AppError('not_found', `no message with id ${id} in this tenant`);
    const events = await store.listEvents(tx, tenantId, id);
    return { ...presentMessage(row), events: events.map((e) => ({ ...e, created_at: e.created_at.toISOString() })) };
  });
}

/** Sends a failed (or possibly-sent, needs_attention) message again, with a fresh set of attempts. */
export async function retryMessage(ctx: Context, actor: Actor, tenantId: string, id: string) {
  await withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.lockMessage(tx, tenantId, id);
    if (!row) throw new AppError('not_found', `no message with id ${id} in this tenant`);
    if (row.status !== 'failed' && row.status !== 'needs_attention') {
      throw new AppError('message_not_retryable', `the message is ${row.status}; only failed or needs_attention messages can be retried`);
    }
    await applyMessageStatus(tx, tenantId, id, { status: 'queued', event: 'retry_requested', detail: { by: actor.userId, previous_status: row.status }, resetAttempts: true });
    await recordAudit(tx, actor, tenantId, 'message.retried', { type: 'message', id });
  });
  return getMessage(ctx, tenantId, id);
}

/** The bundle a channel test sends; shipped globally by migration 0006. */
const TEST_BUNDLE = 'channel_test';

/**
 * Sends a test message through the tenant's channel now, so the admin sees the provider's answer. Its
 * dispatch job waits out the sending timeout, as a safety net should this process die before sending:
 * the worker never races this inline send for the message.
 */
export async function sendChannelTest(ctx: Context, tenantId: string, channel: Channel, to: string) {
  const id = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const { rows } = await tx.query('select name from tenants where id = $1', [tenantId]);
    const messageId = await enqueueMessage(ctx, tx, { tenantId, channel, recipient: to, bundle: TEST_BUNDLE, variables: { tenant_name: rows[0]?.name ?? '' }, artifacts: { test: true } });
    await store.scheduleDispatch(tx, tenantId, messageId, new Date(Date.now() + ctx.config.sendingTimeout * 1000));
    return messageId;
  });
  await dispatchMessage(ctx, tenantId, id);
  return getMessage(ctx, tenantId, id);
}

/**
 * Dispatches the tenant's due queued messages (every channel) now, oldest first. A worker may be
 * taking the same messages: whichever claims a message first sends it, the other leaves it alone.
 */
export async function dispatchDueMessages(ctx: Context, tenantId: string, limit: number) {
  const due = await withTenant(ctx.db.app, tenantId, (tx) => store.listDueMessageIds(tx, tenantId, limit));
  for (const id of due) await dispatchMessage(ctx, tenantId, id);
  const processed = await Promise.all(due.map((id) => getMessage(ctx, tenantId, id)));
  return { processed: processed.length, messages: processed };
}

/**
 * Development only (EMBARK_OUTBOX_REVEAL_SECRETS): the message the built-in outbox delivered, rendered
 * with the secrets and links it masked, for a global admin walking a flow with `npm start` alone.
 * Each reading is in the audit log.
 */
export async function revealMessage(ctx: Context, actor: Actor, tenantId: string, id: string) {
  if (!ctx.config.outboxRevealSecrets) throw new AppError('reveal_disabled', 'this server does not reveal masked secrets; its operator can, for development, with EMBARK_OUTBOX_REVEAL_SECRETS=true');
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.findMessage(tx, tenantId, id);
    if (!row) throw new AppError('not_found', `no message with id ${id} in this tenant`);
    if (row.provider !== OUTBOX_PROVIDER || !row.revealable_secrets_encrypted) {
      throw new AppError('not_revealable', 'only messages the built-in outbox delivered, with secrets kept while EMBARK_OUTBOX_REVEAL_SECRETS was on, can be revealed');
    }
    const secrets = decryptJson<Record<string, string>>(ctx.keys.credentialEncryption, row.revealable_secrets_encrypted, messageSecretContext(tenantId));
    const rendered = await renderBundle(tx, tenantId, row.bundle, { locale: row.locale, variant: row.variant, variables: { ...row.variables, ...secrets }, publicUrl: ctx.config.publicUrl });
    await recordAudit(tx, actor, tenantId, 'message.secrets_revealed', { type: 'message', id }, { variables: Object.keys(secrets) });
    return { id, subject: rendered.subject, content: row.channel === 'email' ? rendered.text : row.channel === 'sms' ? rendered.sms : rendered.sections.map((section) => section.text).join('\n\n') };
  });
}
