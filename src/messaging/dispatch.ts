import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { decryptJson } from '../secrets.ts';
import { renderBundle } from '../templates/templates.service.ts';
import { createEmailProvider, createSmsProvider, createVoiceProvider } from '../providers/registry.ts';
import { ProviderError, type ChannelConfig, type SendResult } from '../providers/types.ts';
import { resolveChannel } from './channels.service.ts';
import * as store from './messages.store.ts';
import type { MessageRow } from './messages.store.ts';
import { onboardingCallUrls } from './voice.urls.ts';
import { emitEvent } from '../webhooks/outbound.service.ts';

/** Tells the tenant's webhook endpoints that a message reached sent, delivered or failed. */
export async function emitMessageEvent(ctx: Pick<Context, 'keys'>, tx: Queryable, message: Pick<MessageRow, 'tenant_id' | 'id' | 'channel' | 'bundle' | 'user_id' | 'provider'>, status: 'sent' | 'delivered' | 'failed', extra: Record<string, unknown> = {}): Promise<void> {
  await emitEvent(ctx, tx, message.tenant_id, `message.${status}`, {
    message_id: message.id, channel: message.channel, bundle: message.bundle, user_id: message.user_id, provider: message.provider, status, ...extra,
  });
}

/** Secret variables are shown as this wherever a message is stored or displayed. */
export const MASK = '••••••••';

export function secretContext(tenantId: string): string {
  return `message-secrets:${tenantId}`;
}

type Send = () => Promise<SendResult>;

interface Claimed {
  readonly message: MessageRow;
  readonly providerId: string;
  readonly send: Send;
}

type Variables = Record<string, string | number | null>;

async function render(tx: Queryable, message: MessageRow, variables: Variables) {
  return renderBundle(tx, message.tenant_id, message.bundle, { locale: message.locale, variant: message.variant, variables });
}

/** Builds the vendor call for this message; `real` has secrets, `shown` has them masked for storage. */
async function prepare(ctx: Context, tx: Queryable, message: MessageRow, config: ChannelConfig): Promise<{ send: Send; subject: string | null; content: string; supportsIdempotencyKey: boolean }> {
  const secrets = message.secret_variables_encrypted
    ? decryptJson<Variables>(ctx.keys.credentialEncryption, message.secret_variables_encrypted, secretContext(message.tenant_id))
    : {};
  const masked = Object.fromEntries(Object.keys(secrets).map((key) => [key, MASK]));
  const shown = await render(tx, message, { ...message.variables, ...masked });
  const real = Object.keys(secrets).length ? await render(tx, message, { ...message.variables, ...secrets }) : shown;
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

async function fail(ctx: Context, tx: Queryable, message: MessageRow, status: 'failed' | 'needs_attention', reason: string, detail: Record<string, unknown> = {}): Promise<void> {
  await store.updateMessage(tx, message.id, { status, last_error: reason, next_attempt_at: null });
  await store.insertEvent(tx, message.tenant_id, message.id, { status, detail: { reason, ...detail } });
  if (status === 'failed') await emitMessageEvent(ctx, tx, message, 'failed', { error: reason });
}

/**
 * Step 1, in a transaction holding the message's row lock: decide whether to send, render, and record
 * `sending` with the attempt counted. That commit happens before the vendor is called, so a crash
 * during the call leaves the message visibly `sending`, never silently lost.
 */
async function claim(ctx: Context, tenantId: string, messageId: string): Promise<Claimed | undefined> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const message = await store.lockMessage(tx, messageId);
    if (!message || !['queued', 'sending'].includes(message.status)) return undefined;
    const channel = await resolveChannel(ctx, tx, tenantId, message.channel);
    if (!channel.enabled) {
      await fail(ctx, tx, message, 'failed', `the ${message.channel} channel is disabled for this tenant`);
      return undefined;
    }
    if (message.channel === 'sms' && (await store.isOptedOut(tx, message.recipient))) {
      await fail(ctx, tx, message, 'failed', 'the recipient replied STOP and is opted out of SMS');
      return undefined;
    }
    let prepared;
    try {
      prepared = await prepare(ctx, tx, message, channel.config);
    } catch (error) {
      await fail(ctx, tx, message, 'failed', `could not prepare the message: ${(error as Error).message}`);
      return undefined;
    }
    if (message.status === 'sending' && !prepared.supportsIdempotencyKey) {
      // the last attempt may or may not have reached the vendor, and this vendor cannot deduplicate:
      // sending again could deliver twice, so a person decides
      await fail(ctx, tx, message, 'needs_attention', 'an earlier attempt was interrupted while calling the provider; it may or may not have been delivered. Check the provider, then retry or leave it.', { provider: channel.config.provider });
      return undefined;
    }
    await store.updateMessage(tx, message.id, {
      status: 'sending',
      provider: channel.config.provider,
      attempts: message.attempts + 1,
      subject: prepared.subject,
      content: prepared.content,
      next_attempt_at: null,
    });
    await store.insertEvent(tx, tenantId, message.id, { status: 'sending', detail: { attempt: message.attempts + 1, provider: channel.config.provider } });
    return { message: { ...message, attempts: message.attempts + 1 }, providerId: channel.config.provider, send: prepared.send };
  });
}

/** Renders a queued message from the tenant's templates and sends it through the tenant's channel. */
export async function dispatchMessage(ctx: Context, tenantId: string, messageId: string): Promise<void> {
  const claimed = await claim(ctx, tenantId, messageId);
  if (!claimed) return;
  const { message, providerId } = claimed;
  let result: SendResult;
  try {
    result = await claimed.send();
  } catch (error) {
    const providerError = error instanceof ProviderError ? error : new ProviderError(providerId, 'transient', (error as Error).message, { cause: error });
    const reason = `${providerError.provider}: ${providerError.message}${providerError.vendorCode ? ` (code ${providerError.vendorCode})` : ''}`;
    await withTenant(ctx.db.app, tenantId, async (tx) => {
      const detail = { kind: providerError.kind, status: providerError.status, vendor_code: providerError.vendorCode };
      if (providerError.retryable && message.attempts < ctx.config.messageMaxAttempts) {
        const delay = backoffSeconds(ctx, message.attempts, providerError.retryAfterSeconds);
        const runAt = new Date(Date.now() + delay * 1000);
        await store.updateMessage(tx, message.id, { status: 'queued', last_error: reason, next_attempt_at: runAt });
        await store.insertEvent(tx, tenantId, message.id, { status: 'retry_scheduled', detail: { ...detail, reason, retry_in_seconds: delay } });
        await store.scheduleDispatch(tx, tenantId, message.id, runAt);
      } else {
        await fail(ctx, tx, message, 'failed', reason, detail);
      }
    });
    ctx.log.warn({ message_id: message.id, tenant_id: tenantId, provider: providerId, kind: providerError.kind, status: providerError.status }, 'message dispatch failed');
    return;
  }
  await withTenant(ctx.db.app, tenantId, async (tx) => {
    const delivered = result.status === 'delivered';
    await store.updateMessage(tx, message.id, {
      status: delivered ? 'delivered' : 'sent',
      provider_message_id: result.providerMessageId,
      last_error: null,
      sent_at: new Date(),
      ...(delivered ? { delivered_at: new Date() } : {}),
      // the temporary password (or any secret) is needed no longer once it went out
      secret_variables_encrypted: null,
    });
    await store.insertEvent(tx, tenantId, message.id, { status: delivered ? 'delivered' : 'sent', detail: { provider: providerId, provider_message_id: result.providerMessageId } });
    await emitMessageEvent(ctx, tx, { ...message, provider: providerId }, delivered ? 'delivered' : 'sent', { provider_message_id: result.providerMessageId });
  });
}
