import type { CallRequest, EmailMessage, EmailProvider, SendResult, SmsMessage, SmsProvider, VoiceProvider } from './types.ts';

/**
 * The built-in provider of every channel: the message is delivered "into Embark itself" — the stored
 * message row is the delivery, read in Embark's UI — so nothing leaves the server. It stands in for a
 * channel the tenant has not configured.
 */
export interface OutboxProvider extends EmailProvider, SmsProvider, VoiceProvider {}

function delivered(idempotencyKey: string): Promise<SendResult> {
  return Promise.resolve({ providerMessageId: `outbox_${idempotencyKey}`, status: 'delivered' });
}

export function createOutboxProvider(): OutboxProvider {
  return {
    id: 'outbox',
    // the id is derived from the key and nothing external happens, so a repeat changes nothing
    supportsIdempotencyKey: true,
    sendEmail: (message: EmailMessage) => delivered(message.idempotencyKey),
    sendSms: (message: SmsMessage) => delivered(message.idempotencyKey),
    placeCall: (call: CallRequest) => delivered(call.idempotencyKey),
  };
}
