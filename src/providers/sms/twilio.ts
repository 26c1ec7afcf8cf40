import { createTwilioResource, type TwilioCredentials } from '../twilio.ts';
import type { TwilioWebhookFields } from '../twilio.ts';
import type { SendResult, SmsMessage, SmsProvider, StatusReport } from '../types.ts';

function sendStatus(twilioStatus: unknown): SendResult['status'] {
  switch (twilioStatus) {
    case 'sending':
    case 'sent':
    case 'delivered':
      return 'sent';
    default: // queued, accepted, scheduled
      return 'queued';
  }
}

/** Twilio Programmable Messaging: POST /2010-04-01/Accounts/{sid}/Messages.json (PROVIDERS.md 1.5). */
export function createTwilioSmsProvider(credentials: TwilioCredentials): SmsProvider {
  return {
    id: 'twilio',
    // Twilio never deduplicates Messages: every POST is a new message
    supportsIdempotencyKey: false,
    async sendSms(message: SmsMessage): Promise<SendResult> {
      const form = new URLSearchParams({ To: message.to, From: message.from, Body: message.body });
      if (message.statusCallbackUrl) form.append('StatusCallback', message.statusCallbackUrl);
      const created = await createTwilioResource(credentials, 'Messages', form);
      return { providerMessageId: created.sid as string, status: sendStatus(created.status) };
    },
  };
}

/**
 * A Twilio message status callback (MessageStatus): delivered settles the message, undelivered or
 * failed fails it with the carrier's error code; queued, sending and sent only add to its history.
 */
export function twilioSmsStatusReport(fields: TwilioWebhookFields): StatusReport {
  const status = fields.messageStatus ?? '';
  const report = { event: `sms.${status || 'unknown'}`, detail: { error_code: fields.errorCode ?? null }, providerEventId: `${fields.messageSid ?? ''}:${status}` };
  if (status === 'delivered') return { ...report, status: 'delivered', webhook: {} };
  if (status === 'undelivered' || status === 'failed') {
    const error = `carrier reported ${status}${fields.errorCode ? ` (error ${fields.errorCode})` : ''}`;
    return { ...report, status: 'failed', error, webhook: { error } };
  }
  return report;
}
