import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { retryOnConnectionLoss } from '../db/connection-errors.ts';
import { decryptJson } from '../secrets.ts';
import { renderCompositionRows, tenantVariables, type TenantVariables } from '../templates/templates.service.ts';
import type { MessageSender } from '../tenants/tenants.service.ts';
import type { SectionRow } from '../templates/compose.ts';
import { createEmailProvider, createSmsProvider, createVoiceProvider } from '../providers/registry.ts';
import { ProviderError, type ChannelConfig, type SendResult } from '../providers/types.ts';
import { channelFromRow } from './channels.service.ts';
import type { MessageRow } from './messages.store.ts';
import { onboardingCallUrls } from './voice.urls.ts';
import { afterFailure, retryRules } from '../jobs/work.ts';

/** Secret variables are shown as this wherever a message is stored or displayed. */
export const MASK = '••••••••';

/** The associated data a message's secret variables are sealed under, so a copy moved to another tenant does not open. */
export function messageSecretContext(tenantId: string): string {
  return `message-secrets:${tenantId}`;
}

type Send = () => Promise<SendResult>;
type Variables = Record<string, string | number | null>;

type Message = Omit<MessageRow, 'secret_variables_encrypted' | 'revealable_secrets_encrypted' | 'created_at' | 'updated_at' | 'sent_at' | 'delivered_at' | 'next_attempt_at' | 'claimed_at'>;

/**
 * The tenant argument of a dispatch statement, which runs on its own (autocommit, one round trip): it
 * sets app.tenant_id to $1 for the statement's own transaction, and is evaluated before the function
 * it is passed to runs, so the function, which only checks the tenant it is given against the
 * transaction's, finds them equal. Row-level security applies inside as everywhere.
 */
const TENANT_OF_STATEMENT = `set_config('app.tenant_id', $1, true)::uuid`;

/** What claim_messages_for_dispatch (sql/functions) answers: everything dispatch reads, in one statement. */
interface DispatchRead {
  /** True when this statement moved the message to `sending`; false for one a crash left `sending`. */
  claimed: boolean;
  message: Message;
  secret_variables: string | null;
  channel: { provider: string; from_address: string; enabled: boolean; credentials: string | null } | null;
  opted_out: boolean;
  template_rows: SectionRow[];
  /** The tenant and its profile, for the variables every message can use (templates/tenant-variables.ts). */
  sender: MessageSender | null;
  /** More of the tenant's messages for the same channel and templates, claimed with this one. */
  batch?: { message: Message; secret_variables: string | null }[];
}

/** What every message of one claim is rendered from. */
interface Templates {
  rows: SectionRow[];
  tenant: TenantVariables | undefined;
}

/** Builds the vendor call for this message; the rendering with secrets is sent, the masked one stored. */
function prepare(ctx: Context, templates: Templates, message: Message, secretVariables: string | null, config: ChannelConfig): { send: Send; subject: string | null; content: string; supportsIdempotencyKey: boolean } {
  const secrets = secretVariables ? decryptJson<Variables>(ctx.keys.credentialEncryption, Buffer.from(secretVariables, 'base64'), messageSecretContext(message.tenant_id)) : {};
  const masked = Object.fromEntries(Object.keys(secrets).map((key) => [key, MASK]));
  const render = (variables: Variables) => renderCompositionRows(templates.rows, message.bundle, { locale: message.locale, variant: message.variant, variables, tenant: templates.tenant });
  const shown = render({ ...message.variables, ...masked });
  const real = Object.keys(secrets).length ? render({ ...message.variables, ...secrets }) : shown;
  const idempotencyKey = message.id;
  switch (message.channel) {
    case 'email': {
      const provider = createEmailProvider(config);
      const from = config.from || 'embark@localhost';
      return {
        supportsIdempotencyKey: provider.supportsIdempotencyKey,
        subject: shown.subject,
        content: shown.text,
        send: () => provider.sendEmail({ to: message.recipient, from, subject: real.subject ?? '', text: real.text, html: real.html, idempotencyKey }),
      };
    }
    case 'sms': {
      const provider = createSmsProvider(config);
      return {
        supportsIdempotencyKey: provider.supportsIdempotencyKey,
        subject: null,
        content: shown.sms,
        send: () => provider.sendSms({ to: message.recipient, from: config.from, body: real.sms, idempotencyKey, statusCallbackUrl: onboardingCallUrls(ctx.config.publicUrl, message).smsStatusUrl }),
      };
    }
    case 'voice': {
      const provider = createVoiceProvider(config);
      const urls = onboardingCallUrls(ctx.config.publicUrl, message);
      return {
        supportsIdempotencyKey: provider.supportsIdempotencyKey,
        subject: null,
        content: shown.sections.map((section) => section.text).join('\n\n'),
        send: () => provider.placeCall({ to: message.recipient, from: config.from, scriptUrl: urls.scriptUrl, statusCallbackUrl: urls.statusUrl, idempotencyKey }),
      };
    }
  }
}

/** A message's new state: `queued` again for a retry at nextAttemptAt, or where its attempt ended. */
interface Outcome {
  messageId: string;
  status: 'sent' | 'delivered' | 'failed' | 'needs_attention' | 'queued';
  event?: string;
  detail?: Record<string, unknown>;
  providerMessageId?: string | undefined;
  error?: string | undefined;
  nextAttemptAt?: Date | undefined;
  rendered?: { subject: string | null; content: string } | undefined;
}

/**
 * record_message_outcomes: each message's new state, its event and (sent, delivered, failed) its
 * webhook deliveries, for a whole batch in one statement — applied only while `claimToken` still holds
 * each message, so it is safe to send again when the connection was cut before the answer came.
 */
async function recordOutcomes(ctx: Context, tenantId: string, claimToken: string | null, outcomes: readonly Outcome[]): Promise<void> {
  const payload = JSON.stringify(
    outcomes.map((o) => ({
      message_id: o.messageId,
      status: o.status,
      event: o.event ?? o.status,
      detail: o.detail ?? {},
      provider_message_id: o.providerMessageId ?? null,
      error: o.error ?? null,
      next_attempt_at: o.nextAttemptAt?.toISOString() ?? null,
      subject: o.rendered?.subject ?? null,
      content: o.rendered?.content ?? null,
    })),
  );
  // the vendor has answered: losing the answer now would leave the message `sending` until recovery
  // marks it needs_attention, so keep trying while the database comes back. Its own transaction, for
  // the tenant, whose commit does not wait for the WAL flush (why that is safe: sql/functions/record_message_outcomes.sql)
  await retryOnConnectionLoss(ctx.log, 'recording a dispatch outcome', () =>
    ctx.db.app.query({
      name: 'embark_record_message_outcomes',
      text: `select record_message_outcomes(${TENANT_OF_STATEMENT}, $2, $3), set_config('synchronous_commit', 'off', true)`,
      values: [tenantId, payload, claimToken],
    }),
  );
}

function failure(messageId: string, status: 'failed' | 'needs_attention', reason: string, detail: Record<string, unknown> = {}): Outcome {
  return { messageId, status, detail: { reason, ...detail }, error: reason };
}

/** Calls the vendor for one prepared, claimed message; what happened, as an outcome (never throws). */
async function attempt(ctx: Context, config: ChannelConfig, message: Message, prepared: ReturnType<typeof prepare>): Promise<Outcome> {
  const attempts = message.attempts + 1;
  const rendered = { subject: prepared.subject, content: prepared.content };
  let result: SendResult;
  try {
    result = await prepared.send();
  } catch (error) {
    const providerError = error instanceof ProviderError ? error : new ProviderError(config.provider, 'transient', (error as Error).message, { cause: error });
    const reason = `${providerError.provider}: ${providerError.message}${providerError.vendorCode ? ` (code ${providerError.vendorCode})` : ''}`;
    const detail = { kind: providerError.kind, status: providerError.status, vendor_code: providerError.vendorCode, reason };
    ctx.log.warn({ message_id: message.id, tenant_id: message.tenant_id, provider: config.provider, kind: providerError.kind, status: providerError.status }, 'message dispatch failed');
    // the engine's rule (src/jobs/work.ts); the outcome statement queues the retry's job
    const next = afterFailure(retryRules.message(ctx.config), attempts, providerError);
    if (next.retry) {
      return { messageId: message.id, status: 'queued', event: 'retry_scheduled', detail: { ...detail, retry_in_seconds: next.delaySeconds }, error: reason, nextAttemptAt: next.runAt, rendered };
    }
    return { messageId: message.id, status: 'failed', detail, error: reason, rendered };
  }
  const status = result.status === 'delivered' ? 'delivered' : 'sent';
  return { messageId: message.id, status, detail: { provider: config.provider, provider_message_id: result.providerMessageId }, providerMessageId: result.providerMessageId, rendered };
}

/** Prepares and sends one claimed message; a message that cannot be rendered fails without a vendor call. */
async function prepareAndAttempt(ctx: Context, config: ChannelConfig, templates: Templates, message: Message, secretVariables: string | null): Promise<Outcome> {
  let prepared;
  try {
    prepared = prepare(ctx, templates, message, secretVariables, config);
  } catch (error) {
    return failure(message.id, 'failed', `could not prepare the message: ${(error as Error).message}`);
  }
  return attempt(ctx, config, message, prepared);
}

/**
 * Renders a queued message from the tenant's templates and sends it through the tenant's channel, in
 * two statements: claim it (read everything and move it to `sending` with the attempt counted —
 * committed before the vendor is called, so a crash during the call leaves it visibly `sending`, never
 * silently lost), then record the outcome with the rendering as stored (secrets masked).
 *
 * With `batch` above 1 (the worker's EMBARK_DISPATCH_BATCH), the claim also takes up to batch - 1 more
 * of the tenant's waiting messages for the same channel and templates, out of the queue: they are sent
 * concurrently and their outcomes recorded together, still two statements in all.
 */
export async function dispatchMessage(ctx: Context, tenantId: string, messageId: string, options: { batch?: number } = {}): Promise<void> {
  // this dispatch's claim: asked for again with the same token, the claim answers the same
  const claimToken = randomUUID();
  const { rows } = await retryOnConnectionLoss(ctx.log, 'claiming a message', () =>
    ctx.db.app.query({
      name: 'embark_claim_messages_for_dispatch',
      text: `select claim_messages_for_dispatch(${TENANT_OF_STATEMENT}, $2, $3, $4, $5) as read`,
      values: [tenantId, messageId, options.batch ?? 1, claimToken, ctx.config.sendingTimeout],
    }),
  );
  const read = rows[0]?.read as DispatchRead | null | undefined;
  // gone, finished, being sent by another dispatcher, or settled by the claim itself (a disabled
  // channel, an opted-out recipient)
  if (!read) return;
  const message = read.message;
  const { config } = channelFromRow(ctx, tenantId, message.channel, read.channel ? { ...read.channel, credentials_encrypted: read.channel.credentials ? Buffer.from(read.channel.credentials, 'base64') : null } : undefined);
  // the batch is of one tenant, channel and bundle: its members render from the same rows
  const templates: Templates = { rows: read.template_rows, tenant: read.sender ? tenantVariables(read.sender, ctx.config.publicUrl) : undefined };

  if (read.claimed) {
    const claimed = [{ message, secret_variables: read.secret_variables }, ...(read.batch ?? [])];
    const outcomes = await Promise.all(claimed.map((c) => prepareAndAttempt(ctx, config, templates, c.message, c.secret_variables)));
    await recordOutcomes(ctx, tenantId, claimToken, outcomes);
    return;
  }

  // its claim is older than the sending timeout: the dispatcher holding it died (or hung) mid-call, so
  // the last attempt may or may not have reached the vendor. Everything below acts only while that
  // stale claim still holds the message.
  const staleToken = message.claim_token;
  let prepared;
  try {
    prepared = prepare(ctx, templates, message, read.secret_variables, config);
  } catch (error) {
    return recordOutcomes(ctx, tenantId, staleToken, [failure(messageId, 'failed', `could not prepare the message: ${(error as Error).message}`)]);
  }
  if (!prepared.supportsIdempotencyKey) {
    // this vendor cannot deduplicate, so sending again could deliver twice: a person decides
    return recordOutcomes(ctx, tenantId, staleToken, [failure(messageId, 'needs_attention', 'an earlier attempt was interrupted while calling the provider; it may or may not have been delivered. Check the provider, then retry or leave it.', { provider: config.provider })]);
  }
  const { rows: marked } = await retryOnConnectionLoss(ctx.log, 'claiming a message', () =>
    ctx.db.app.query({
      name: 'embark_mark_message_sending',
      text: `select mark_message_sending(${TENANT_OF_STATEMENT}, $2, $3, $4, $5, $6, $7) as claimed`,
      values: [tenantId, messageId, staleToken, claimToken, config.provider, prepared.subject, prepared.content],
    }),
  );
  // false: someone else took it over first, and sending now could send twice
  if (!marked[0]?.claimed) return;
  await recordOutcomes(ctx, tenantId, claimToken, [await attempt(ctx, config, message, prepared)]);
}
