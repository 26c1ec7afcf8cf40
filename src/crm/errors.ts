import type { ErrorCatalogue } from '../errors.ts';

/** The CRM module's error codes; src/errors.ts collects every module's into one catalogue. */
export const CRM_ERRORS = {
  contact_not_found: { status: 404, doc: 'No contact with that id in this tenant.' },
  contact_email_taken: { status: 409, doc: 'Another contact of this tenant already has that email address.' },
  contact_transition_refused: { status: 409, doc: "The pipeline does not allow that move from the contact's status (onboarding and active come only from provisioning and completion)." },
  contact_empty: { status: 422, doc: 'A contact needs at least one of: a first or last name, an email, a phone number or a company.' },
  contact_not_qualified: { status: 400, doc: 'Only a qualified contact can be approved into an account.' },
  contact_unreachable: { status: 422, doc: 'The contact has no email address, which its account and welcome email need.' },
  account_exists: { status: 409, doc: 'The contact already has an account, or a user of the tenant has its email; nothing was created. `user_id` names that user.' },
  crm_role_unknown: { status: 422, doc: "The CRM settings name an application role the tenant's signup settings do not define." },
  crm_mode_unknown: { status: 422, doc: "The CRM settings name a signup mode the tenant's signup settings do not define." },
  crm_settings_outdated: { status: 409, doc: 'The CRM settings map contacts to an application role or signup mode the signup settings no longer define; nothing was created. A tenant admin fixes them (PUT /api/v1/tenant/crm-settings).' },
  csv_invalid: { status: 400, doc: 'The CSV could not be read: no header row, a column named twice, an unclosed quote, or more rows than an import takes.' },
} as const satisfies ErrorCatalogue;
