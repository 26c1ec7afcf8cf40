/**
 * The event types a tenant's webhook endpoint can subscribe to, each with the one line its
 * documentation shows. Names are part of the API, like error codes: never rename one. Only types
 * Embark really emits are listed (onboarding.completed comes with the checklists that complete it); a
 * module that emits a new type adds it here, so subscriptions to it are accepted and emitEvent knows it.
 */
export const WEBHOOK_EVENT_TYPES = {
  'message.sent': 'A message (email, SMS or call) was handed to the provider.',
  'message.delivered': 'The provider reported a message delivered.',
  'message.failed': 'A message could not be sent, or the provider reported it undeliverable.',
  'user.created': 'A user was created in the tenant.',
  'onboarding.initialized': "A user's onboarding was initialised.",
  'tenant.updated': "The tenant's settings or profile changed.",
} as const satisfies Record<string, string>;

/** Sent only by POST /api/v1/tenant/webhooks/:id/test, to that endpoint, whatever it subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test';

export function webhookEventTypes(): Record<string, string> {
  return { ...WEBHOOK_EVENT_TYPES };
}

export function isWebhookEventType(type: string): boolean {
  return Object.hasOwn(WEBHOOK_EVENT_TYPES, type);
}
