import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { decryptJson } from '../secrets.ts';
import { renderCompositionRows } from '../templates/templates.service.ts';
import type { SectionRow } from '../templates/compose.ts';
import { createEmailProvider, createSmsProvider, createVoiceProvider } from '../providers/registry.ts';
import { ProviderError, type ChannelConfig, type SendResult } from '../providers/types.ts';
import { channelFromRow } from './channels.service.ts';
import type { MessageRow } from './messages.store.ts';
import { onboardingCallUrls } from './voice.urls.ts';

/**
 * Tells the tenant's webhook endpoints that a message reached sent, delivered or failed, in the
 * caller's transaction, through the same SQL (emit_message_event) the dispatcher's outcomes use.
 */
export async function emitMessageEvent(tx: Queryable, message: Pick<MessageRow, 'id'>, status: 'sent' | 'delivered' | 'failed', extra: Record<string, unknown> = {}): Promise<void> {
  await tx.query('select emit_message_event(m, $2, $3) from messages m where m.id = $1', [message.id, status, extra]);
}

/** Secret variables are shown as this wherever a message is stored or displayed. */
export const MASK = '••••••••';

export function secretContext(tenantId: string): string {
  return `message-secrets:${tenantId}`;
}

type Send = () => Promise<SendResult>;
type Variables = Record<string, string | number | null>;

/** What claim_message_for_dispatch (migration 0008) answers: everything dispatch reads, in one statement. */
interface DispatchRead {
  /** True when this statement moved the message to `sending`; false for one a crash left `sending`. */
  claimed: boolean;
  message: Omit<MessageRow, 'secret_variables_encrypted' | 'created_at' | 'updated_at' | 'sent_at' | 'delivered_at' | 'next_attempt_at'>;
  secret_variables: string | null;
  channel: { provider: string; from_address: string; enabled: boolean; credentials: string | null } | null;
  opted_out: boolean;
  template_rows: SectionRow[];
}

/** Builds the vendor call for this message; the rendering with secrets is sent, the masked one stored. */
function prepare(ctx: Context, read: DispatchRead, config: ChannelConfig): { send: Send; subject: string | null; content: string; supportsIdempotencyKey: boolean } {
  const message = read.message;
  const secrets = read.secret_variables
    ? decryptJson<Variables>(ctx.keys.credentialEncryption, Buffer.from(read.secret_variables, 'base64'), secretContext(message.tenant_id))
    : {};
  const masked = Object.fromEntries(Object.keys(secrets).map((key) => [key, MASK]));
  const render = (variables: Variables) => renderCompositionRows(read.template_rows, message.bundle, { locale: message.locale, variant: message.variant, variables });
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

function backoffSeconds(ctx: Context, attempts: number, retryAfter: number | undefined): number {
  const exponential = Math.min(3600, ctx.config.messageRetryBaseSeconds * 2 ** Math.max(0, attempts - 1));
  // full jitter on the exponential part, never sooner than the vendor asked
  return Math.max(retryAfter ?? 0, Math.ceil(exponential / 2 + Math.random() * (exponential / 2)));
}

/** record_message_outcome: the message's new state, its event and (sent, delivered, failed) its webhook deliveries, in one statement. */
async function recordOutcome(ctx: Context, tenantId: string, messageId: string, outcome: {
  status: 'sent' | 'delivered' | 'failed' | 'needs_attention' | 'queued';
  event?: string;
  detail?: Record<string, unknown>;
  providerMessageId?: string | undefined;
  error?: string | undefined;
  nextAttemptAt?: Date | undefined;
  rendered?: { subject: string | null; content: string } | undefined;
}): Promise<void> {
  await ctx.db.app.query({
    name: 'embark_record_message_outcome',
    text: 'select record_message_outcome($1, $2, $3, $4, $5, $6, $7, $8, 10, $9, $10)',
    values: [tenantId, messageId, outcome.status, outcome.event ?? outcome.status, outcome.detail ?? {}, outcome.providerMessageId ?? null,
      outcome.error ?? null, outcome.nextAttemptAt ?? null, outcome.rendered?.subject ?? null, outcome.rendered?.content ?? null],
  });
}

/**
 * Renders a queued message from the tenant's templates and sends it through the tenant's channel, in
 * two statements: claim it (read everything and move it to `sending` with the attempt counted —
 * committed before the vendor is called, so a crash during the call leaves it visibly `sending`, never
 * silently lost), then record the outcome with the rendering as stored (secrets masked).
 */
export async function dispatchMessage(ctx: Context, tenantId: string, messageId: string): Promise<void> {
  const { rows } = await ctx.db.app.query({ name: 'embark_claim_message_for_dispatch', text: 'select claim_message_for_dispatch($1, $2) as read', values: [tenantId, messageId] });
  const read = rows[0]?.read as DispatchRead | null | undefined;
  // gone, finished, or settled by the claim itself (a disabled channel, an opted-out recipient)
  if (!read) return;
  const message = read.message;
  const fail = (status: 'failed' | 'needs_attention', reason: string, detail: Record<string, unknown> = {}) =>
    recordOutcome(ctx, tenantId, messageId, { status, detail: { reason, ...detail }, error: reason });

  const { config } = channelFromRow(ctx, tenantId, message.channel, read.channel
    ? { ...read.channel, credentials_encrypted: read.channel.credentials ? Buffer.from(read.channel.credentials, 'base64') : null }
    : undefined);

  let prepared;
  try {
    prepared = prepare(ctx, read, config);
  } catch (error) {
    return fail('failed', `could not prepare the message: ${(error as Error).message}`);
  }
  if (!read.claimed) {
    // a crash left it `sending`: the last attempt may or may not have reached the vendor
    if (!prepared.supportsIdempotencyKey) {
      // this vendor cannot deduplicate, so sending again could deliver twice: a person decides
      return fail('needs_attention', 'an earlier attempt was interrupted while calling the provider; it may or may not have been delivered. Check the provider, then retry or leave it.', { provider: config.provider });
    }
    const { rows: claimed } = await ctx.db.app.query({
      name: 'embark_mark_message_sending',
      text: 'select mark_message_sending($1, $2, $3, $4, $5, $6, $7) as claimed',
      values: [tenantId, messageId, message.status, message.attempts, config.provider, prepared.subject, prepared.content],
    });
    if (!claimed[0]?.claimed) return;
  }
  const attempts = message.attempts + 1;
  const rendered = { subject: prepared.subject, content: prepared.content };

  let result: SendResult;
  try {
    result = await prepared.send();
  } catch (error) {
    const providerError = error instanceof ProviderError ? error : new ProviderError(config.provider, 'transient', (error as Error).message, { cause: error });
    const reason = `${providerError.provider}: ${providerError.message}${providerError.vendorCode ? ` (code ${providerError.vendorCode})` : ''}`;
    const detail = { kind: providerError.kind, status: providerError.status, vendor_code: providerError.vendorCode, reason };
    if (providerError.retryable && attempts < ctx.config.messageMaxAttempts) {
      const delay = backoffSeconds(ctx, attempts, providerError.retryAfterSeconds);
      await recordOutcome(ctx, tenantId, messageId, { status: 'queued', event: 'retry_scheduled', detail: { ...detail, retry_in_seconds: delay }, error: reason, nextAttemptAt: new Date(Date.now() + delay * 1000), rendered });
    } else {
      await recordOutcome(ctx, tenantId, messageId, { status: 'failed', detail, error: reason, rendered });
    }
    ctx.log.warn({ message_id: messageId, tenant_id: tenantId, provider: config.provider, kind: providerError.kind, status: providerError.status }, 'message dispatch failed');
    return;
  }
  const status = result.status === 'delivered' ? 'delivered' : 'sent';
  await recordOutcome(ctx, tenantId, messageId, { status, detail: { provider: config.provider, provider_message_id: result.providerMessageId }, providerMessageId: result.providerMessageId, rendered });
}
