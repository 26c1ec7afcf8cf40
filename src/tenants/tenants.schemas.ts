import { displayText, e164, email, httpUrl, objectBody, pageOf, pageQuery, timestamp, uuid } from '../http/schemas.ts';

const subdomain = { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', description: 'DNS label: lower-case letters, digits and inner hyphens' } as const;

export const tenant = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    subdomain: { type: 'string' },
    is_active: { type: 'boolean' },
    deletion: {
      type: ['object', 'null'],
      description: 'set while the tenant is marked for deletion: erased with all its data at erase_after, restorable until then',
      properties: { requested_at: timestamp, erase_after: timestamp },
    },
    created_at: timestamp,
    updated_at: timestamp,
  },
  required: ['id', 'name', 'subdomain', 'is_active', 'created_at'],
} as const;

export const createTenantBody = objectBody({ name: displayText(200), subdomain, is_active: { type: 'boolean', default: true } }, ['name', 'subdomain']);
export const patchTenantBody = { ...objectBody({ name: displayText(200), subdomain, is_active: { type: 'boolean' } }), minProperties: 1 } as const;
export const listTenantsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, name: { type: 'string', maxLength: 200 }, subdomain: { type: 'string', maxLength: 63 } },
} as const;
export const tenantList = pageOf(tenant);

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
export const profileBody = objectBody(
  {
    business_name: nullable(displayText(200)),
    website_url: nullable(httpUrl),
    phone_number: nullable(e164),
    email: nullable(email),
  },
  ['business_name', 'website_url', 'phone_number', 'email'],
);
export const profile = {
  type: 'object',
  properties: {
    business_name: { type: ['string', 'null'] },
    website_url: { type: ['string', 'null'] },
    phone_number: { type: ['string', 'null'] },
    email: { type: ['string', 'null'] },
    updated_at: { type: ['string', 'null'] },
  },
} as const;

export const publicTenantParams = { type: 'object', required: ['subdomain'], additionalProperties: false, properties: { subdomain } } as const;

/** All a tenant shows of itself to anyone: nothing an attacker could use beyond knowing it exists. */
export const publicTenant = {
  type: 'object',
  properties: { name: { type: 'string' }, subdomain: { type: 'string' } },
  required: ['name', 'subdomain'],
  additionalProperties: false,
} as const;
