import type { Context } from '../context.ts';
import { withTenant } from '../db/tx.ts';
import { renderBundle } from '../templates/templates.service.ts';
import { sendTelnyxCallCommand, telnyxCallStatusReport, type TelnyxCallAction } from '../providers/voice/telnyx.ts';
import type { TelnyxCredentials, TelnyxEventFields } from '../providers/telnyx.ts';
import type { TwilioWebhookFields } from '../providers/twilio.ts';
import type { ChannelConfig } from '../providers/types.ts';
import * as store from './messages.store.ts';
import type { MessageRow } from './messages.store.ts';
import { applyMessageStatus } from './status.ts';

/** The sections of the call's script, composed from the tenant's onboarding_call_script for this message. */
export async function callScript(ctx: Context, message: MessageRow): Promise<string[]> {
  const rendered = await withTenant(ctx.db.app, message.tenant_id, (tx) => renderBundle(tx, message.tenant_id, message.bundle, { locale: message.locale, variant: message.variant, variables: message.variables, publicUrl: ctx.config.publicUrl }));
  return rendered.sections.map((section) => section.text);
}

/** What the person answered (Twilio Gather: digits or speech), on the call's history, once per call. */
export async function recordCallAnswer(ctx: Context, message: MessageRow, fields: TwilioWebhookFields): Promise<void> {
  await withTenant(ctx.db.app, message.tenant_id, (tx) =>
    store.insertEvent(tx, message.tenant_id, message.id, {
      status: 'answered',
      detail: { digits: fields.digits ?? null, speech: fields.speechResult?.slice(0, 1000) ?? null, confidence: fields.confidence ?? null },
      providerEventId: fields.callSid ? `${fields.callSid}:gather` : undefined,
    }),
  );
}

/**
 * A verified Telnyx Call Control event for the call. The call is driven from here: answered → speak
 * the composed script; speak ended → hang up; hangup → the message is delivered if the call was
 * answered, failed if not. Each event is applied once (its id), and each command carries a command_id
 * so a retried webhook cannot make Telnyx act twice.
 */
export async function applyTelnyxCallEvent(ctx: Context, message: MessageRow, channel: ChannelConfig, event: TelnyxEventFields & { callControlId: string }): Promise<void> {
  const { tenant_id: tenantId, id: messageId } = message;
  const next = await withTenant(ctx.db.app, tenantId, async (tx): Promise<{ action: TelnyxCallAction; body: Record<string, unknown> } | undefined> => {
    const answered = event.eventType === 'call.hangup' && (await store.hasEvent(tx, tenantId, messageId, 'call.answered'));
    const report = telnyxCallStatusReport(event, answered);
    // a duplicate event (its id seen before) is answered as received and does nothing
    if ((await applyMessageStatus(tx, tenantId, messageId, report)) === 'ignored') return undefined;
    if (event.eventType === 'call.answered') {
      const rendered = await renderBundle(tx, tenantId, message.bundle, { locale: message.locale, variant: message.variant, variables: message.variables, publicUrl: ctx.config.publicUrl });
      return {
        action: 'speak',
        body: {
          payload: rendered.sections
            .map((section) => section.text)
            .join(' ')
            .slice(0, 3000),
          voice: 'female',
          language: message.locale === 'en' ? 'en-US' : message.locale,
          command_id: `${messageId}:speak`,
        },
      };
    }
    if (event.eventType === 'call.speak.ended') return { action: 'hangup', body: { command_id: `${messageId}:hangup` } };
    return undefined;
  });
  if (!next) return;
  // outside the transaction: the event is recorded whether or not Telnyx takes the command
  try {
    await sendTelnyxCallCommand(channel.credentials as unknown as TelnyxCredentials, event.callControlId, next.action, next.body);
  } catch (error) {
    await withTenant(ctx.db.app, tenantId, (tx) => store.insertEvent(tx, tenantId, messageId, { status: 'command_failed', detail: { action: next.action, error: (error as Error).message } }));
    ctx.log.warn({ err: error, tenant_id: tenantId, message_id: messageId }, 'a Telnyx call command failed');
  }
}
