/**
 * The catalogue of domain event types: every type the event log holds (src/events/events.service.ts),
 * each with the one line docs/events.md shows beside it (a test keeps the two equal). Names are part of
 * the API, like error codes: never rename one. Only types Embark really emits are listed
 * (onboarding.completed comes with the checklists that complete it); a module that emits a new type
 * adds it here, and webhook endpoints may subscribe to it from then on.
 */
export const EVENT_TYPES = {
  'message.sent': 'A message (email, SMS or call) was handed to the provider.',
  'message.delivered': 'The provider reported a message delivered.',
  'message.failed': 'A message could not be sent, or the provider reported it undeliverable.',
  'user.created': 'A user was created in the tenant.',
  'onboarding.initialized': "A user's onboarding was initialised.",
  'tenant.updated': "The tenant's settings or profile changed.",
} as const satisfies Record<string, string>;

export type EventType = keyof typeof EVENT_TYPES;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}
