import { EVENT_TYPES, isEventType } from '../events/event-types.ts';

/**
 * The event types a tenant's webhook endpoint can subscribe to: every type of the event log
 * (src/events/event-types.ts), since every event feeds the webhooks (sql/functions/append_event.sql).
 */
export const WEBHOOK_EVENT_TYPES = EVENT_TYPES;

/** Sent only by POST /api/v1/tenant/webhooks/:id/test, to that endpoint, whatever it subscribes to; no event of the log. */
export const TEST_EVENT_TYPE = 'webhook.test';

export function webhookEventTypes(): Record<string, string> {
  return { ...WEBHOOK_EVENT_TYPES };
}

export function isWebhookEventType(type: string): boolean {
  return isEventType(type);
}
