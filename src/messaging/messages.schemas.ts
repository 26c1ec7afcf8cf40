import { uuid } from '../http/schemas.ts';
import type { MessageStatus } from './messages.store.ts';

export const MESSAGE_STATUSES: readonly MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'failed', 'needs_attention', 'cancelled'];

/** A message as the API shows it (presentMessage). */
export const messageSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    channel: { type: 'string' },
    recipient: { type: 'string' },
    bundle: { type: 'string' },
    status: { type: 'string' },
    provider: { type: ['string', 'null'] },
    provider_message_id: { type: ['string', 'null'] },
    subject: { type: ['string', 'null'] },
    content: { type: ['string', 'null'] },
    attempts: { type: 'integer' },
    last_error: { type: ['string', 'null'] },
    revealable: { type: 'boolean', description: 'the outbox masked secrets here, and a global admin may reveal them (development switch)' },
  },
} as const;
