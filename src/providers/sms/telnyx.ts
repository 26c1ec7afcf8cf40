import { jsonField } from '../http.ts';
import { postTelnyx, type TelnyxCredentials } from '../telnyx.ts';
import { ProviderError, type SendResult, type SmsMessage, type SmsProvider } from '../types.ts';

function sendStatus(telnyxStatus: unknown): SendResult['status'] {
  switch (telnyxStatus) {
    case 'sending':
    case 'sent':
    case 'delivered':
      return 'sent';
    default: // queued
      return 'queued';
  }
}

/** Telnyx Messaging: POST /v2/messages (PROVIDERS.md 2.1). */
export function createTelnyxSmsProvider(credentials: TelnyxCredentials): SmsProvider {
  return {
    id: 'telnyx',
    // POST /messages has no idempotency key: every request is a new message
    supportsIdempotencyKey: false,
    async sendSms(message: SmsMessage): Promise<SendResult> {
      const body: Record<string, unknown> = { from: message.from, to: message.to, text: message.body };
      if (credentials.messaging_profile_id) body.messaging_profile_id = credentials.messaging_profile_id;
      if (message.statusCallbackUrl) body.webhook_url = message.statusCallbackUrl;
      const data = await postTelnyx(credentials, '/messages', body);
      const id = data.id;
      if (typeof id !== 'string') throw new ProviderError('telnyx', 'rejected', 'telnyx answered without a message id');
      return { providerMessageId: id, status: sendStatus(jsonField(data, 'to', 0, 'status')) };
    },
  };
}
