import { displayText, e164, email, timestamp, uuid } from '../http/schemas.ts';

export const CONTACT_STATUSES = ['lead', 'qualified', 'onboarding', 'active', 'lost'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

/** The fields a person (or an import) sets on a contact; every one optional, null clears it. */
export const contactFields = {
  first_name: nullable(displayText(100)),
  last_name: nullable(displayText(100)),
  email: nullable(email),
  phone: nullable(e164),
  company: nullable(displayText(200)),
  source: nullable({ ...displayText(100), description: 'where the contact came from: a campaign, a referral, an import' }),
  owner_id: nullable({ ...uuid, description: 'the staff member who owns the contact' }),
  notes: nullable({ type: 'string', maxLength: 10_000 }),
  custom: { type: 'object', maxProperties: 50, propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' }, additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 2000 }, description: "fields of the tenant's own: up to 50 names with text, number or true/false values" },
} as const;

export const contactInput = { type: 'object', additionalProperties: false, properties: contactFields } as const;

export const contact = {
  type: 'object',
  properties: {
    id: uuid,
    ...Object.fromEntries(Object.keys(contactFields).map((name) => [name, {}])),
    status: { type: 'string', enum: CONTACT_STATUSES },
    user_id: { type: ['string', 'null'], description: 'the account provisioning created for the contact' },
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const transition = {
  type: 'object',
  properties: {
    from_status: { type: ['string', 'null'] },
    to_status: { type: 'string' },
    actor_kind: { type: 'string' },
    actor_id: { type: ['string', 'null'] },
    actor_email: { type: ['string', 'null'], description: "the acting user's email, when a user of the tenant made the move" },
    note: { type: ['string', 'null'] },
    created_at: timestamp,
  },
} as const;
