import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import type { Channel, ChannelConfig, StatusReport } from '../providers/types.ts';
import { resolveChannel } from './channels.service.ts';
import * as store from './messages.store.ts';
import type { MessageRow, MessageStatus } from './messages.store.ts';

/** A change of a message's status with the event that records it (a StatusReport, or an admin's retry). */
export interface StatusChange extends Omit<StatusReport, 'status'> {
  readonly status?: MessageStatus | undefined;
  /** A retry: the message starts over with a fresh set of attempts. */
  readonly resetAttempts?: boolean | undefined;
}

/**
 * The one writer of a message's status after its claim, in the caller's transaction: records the
 * event and moves the message along the state machine (sql/functions/message_status_allowed.sql),
 * with the message.* webhook event or the retry's dispatch job that follows
 * (sql/functions/apply_message_status.sql). The dispatcher's outcomes take the same SQL path. Answers
 * `changed` when the status moved; `recorded` when only the event was (the state machine refused the
 * change, or there was none); `ignored` for a duplicate callback or a message that is not there.
 */
export async function applyMessageStatus(tx: Queryable, tenantId: string, messageId: string, change: StatusChange): Promise<'changed' | 'recorded' | 'ignored'> {
  const { rows } = await tx.query(`select apply_message_status($1, $2, $3, $4, $5, p_error => $6, p_provider_event_id => $7, p_sequence => $8, p_webhook_extra => $9, p_reset_attempts => $10) as outcome`, [
    tenantId,
    messageId,
    change.status ?? null,
    change.event,
    change.detail,
    change.error ?? null,
    change.providerEventId ?? null,
    change.sequence ?? null,
    change.webhook ?? null,
    change.resetAttempts ?? false,
  ]);
  return rows[0].outcome ?? 'ignored';
}

/** A message a vendor's callback names, with the channel that sent it: what the callback's signature is checked against. */
export interface CallbackTarget {
  readonly message: MessageRow;
  readonly channel: ChannelConfig;
}

/**
 * The tenant's message a callback URL names, sent through `channel` by `provider`; the tenant comes
 * from the URL and must be the message's own, so a callback never acts for a tenant it was not issued for.
 */
export async function findCallbackTarget(ctx: Context, tenantId: string, messageId: string, channel: Channel, provider?: string): Promise<CallbackTarget> {
  const found = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const message = await store.findMessage(tx, tenantId, messageId);
    if (!message || message.channel !== channel) return undefined;
    return { message, channel: (await resolveChannel(ctx, tx, tenantId, channel)).config };
  });
  if (!found || (provider && found.channel.provider !== provider)) throw new AppError('not_found', `no such ${channel === 'voice' ? 'call' : channel.toUpperCase()} for this tenant${provider ? ` through ${provider}` : ''}`);
  return found;
}

/** Applies a verified vendor status callback to the message it names. */
export async function receiveStatusReport(ctx: Context, tenantId: string, messageId: string, report: StatusReport): Promise<void> {
  await withTenant(ctx.db.app, tenantId, (tx) => applyMessageStatus(tx, tenantId, messageId, report));
}
