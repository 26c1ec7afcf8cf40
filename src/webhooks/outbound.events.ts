/**
 * The event types a tenant's webhook endpoint can subscribe to, each with the one line its
 * documentation shows. Names are part of the API, like error codes: never rename one. A module that
 * emits a new type registers it here or with registerWebhookEventTypes, so subscriptions to it are
 * accepted and emitEvent knows it.
 */
export const WEBHOOK_EVENT_TYPES = {
  'message.sent': 'A message (email, SMS or call) was handed to the provider.',
  'message.delivered': 'The provider reported a message delivered.',
  'message.failed': 'A message could not be sent, or the provider reported it undeliverable.',
  'user.created': 'A user was created in the tenant.',
  'onboarding.initialized': "A user's onboarding was initialised.",
  'onboarding.completed': 'A user completed onboarding.',
  'tenant.updated': "The tenant's settings or profile changed.",
} as const satisfies Record<string, string>;

/** Sent only by POST /api/v1/tenant/webhooks/:id/test, to that endpoint, whatever it subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test';

const moduleTypes = new Map<string, string>();

export function registerWebhookEventTypes(types: Record<string, string>): void {
  for (const [type, doc] of Object.entries(types)) {
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(type)) throw new Error(`webhook event type ${JSON.stringify(type)} is not dotted lower-case words`);
    if (type === TEST_EVENT_TYPE) throw new Error(`${TEST_EVENT_TYPE} is reserved for test deliveries`);
    moduleTypes.set(type, doc);
  }
}

export function webhookEventTypes(): Record<string, string> {
  return { ...WEBHOOK_EVENT_TYPES, ...Object.fromEntries(moduleTypes) };
}

export function isWebhookEventType(type: string): boolean {
  return Object.hasOwn(WEBHOOK_EVENT_TYPES, type) || moduleTypes.has(type);
}
