/**
 * The catalogue of domain event types: every type the event log holds (src/events/events.service.ts),
 * each with the one line docs/events.md shows beside it (a test keeps the two equal). Names are part of
 * the API, like error codes: never rename one. Only types Embark really emits are listed
 * a module that emits a new type
 * adds it here, and webhook endpoints may subscribe to it from then on.
 */
export const EVENT_TYPES = {
  'message.sent': 'A message (email, SMS or call) was handed to the provider.',
  'message.delivered': 'The provider reported a message delivered.',
  'message.failed': 'A message could not be sent, or the provider reported it undeliverable.',
  'user.created': 'A user was created in the tenant.',
  'onboarding.initialized': "A user's onboarding was initialised.",
  'onboarding.task.completed': "A task of a subject's onboarding checklist became complete: by its rule from data, by hand (manual) or by an admin's override.",
  'onboarding.task.uncompleted': 'A task stopped being complete: the data behind it went away (e.g. the last object deleted), or a mark or override was removed.',
  'onboarding.completed': 'A subject (user or organisation) completed every required task of a checklist.',
  'onboarding.reopened': 'A subject that had completed a checklist lost a required task (or the checklist gained one).',
  'tenant.updated': "The tenant's settings or profile changed.",
  'organization.created': 'An organisation was created in the tenant (by an admin, the API or a signup that named it).',
  'organization.member_added': 'A user was put in an organisation (or moved to it from another).',
  'organization.member_removed': 'A user was taken out of an organisation, or left it when it was deleted.',
  'crm.contact.created': 'A CRM contact was created (by hand or by an import).',
  'crm.contact.moved': "A CRM contact's status changed: by hand, by provisioning or by onboarding completion.",
  'onboarding.account.provisioned': 'A qualified CRM contact was approved and its account created (its welcome email queued).',
  'hire.created': 'A hire was added.',
  'hire.documents_completed': "Every document a hire must sign is completed: the hire's provisioning run starts.",
  'provisioning.succeeded': "A hire's corporate account was made and the welcome email queued to their personal inbox.",
  'provisioning.failed': "A hire's provisioning run failed (a step out of attempts, or refused by the provider); an admin can retry it.",
} as const satisfies Record<string, string>;

export type EventType = keyof typeof EVENT_TYPES;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}
