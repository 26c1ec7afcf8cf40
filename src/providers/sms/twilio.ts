import { createTwilioResource, type TwilioCredentials } from '../twilio.ts';
import type { SendResult, SmsMessage, SmsProvider } from '../types.ts';

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
