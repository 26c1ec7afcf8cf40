import { timestamp } from '../http/schemas.ts';

/** One event of the log (docs/events.md), as every route that lists events answers it: the tenant's log, the CRM feed, a member's own feed. */
export const eventSchema = {
  type: 'object',
  required: ['id', 'type', 'subject', 'actor', 'payload', 'occurred_at'],
  properties: {
    id: { type: 'integer', description: 'later events have larger ids' },
    type: { type: 'string' },
    subject: { type: 'object', required: ['type', 'id'], properties: { type: { type: 'string' }, id: { type: 'string' } } },
    actor: { type: 'object', additionalProperties: true, description: '{"kind": "system"}, or {"kind": "user" | "api_key" | "cli", "user_id"}' },
    payload: { type: 'object', additionalProperties: true, description: "the event's data, as its webhooks carry it in `data`" },
    occurred_at: timestamp,
  },
} as const;
