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
const accentColor = {
  anyOf: [{ type: 'string', maxLength: 32 }, { type: 'null' }],
  description: 'The accent colour of its public pages, #rrggbb (400 accent_color_invalid otherwise); null for the default. Left out: unchanged.',
  example: '#2453d4',
} as const;
export const profileBody = objectBody(
  {
    business_name: nullable(displayText(200)),
    website_url: nullable(httpUrl),
    phone_number: nullable(e164),
    email: nullable(email),
    accent_color: accentColor,
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
    accent_color: { type: ['string', 'null'], description: '#rrggbb, or null for the default' },
    accent_text_color: { type: ['string', 'null'], description: 'black or white, whichever is more readable on accent_color (at least 4.5:1); null without one' },
    logo: {
      type: ['object', 'null'],
      description: 'the logo uploaded with PUT /api/v1/tenant/profile/logo, or null',
      properties: { url: { type: 'string', description: 'same-origin and public; changes with the image' }, content_type: { type: 'string' }, size: { type: 'integer' }, updated_at: timestamp },
      required: ['url', 'content_type', 'size', 'updated_at'],
    },
    updated_at: { type: ['string', 'null'], description: 'when someone last saved the profile; null until the first save' },
  },
  required: ['business_name', 'website_url', 'phone_number', 'email', 'accent_color', 'accent_text_color', 'logo', 'updated_at'],
} as const;

export const publicTenantParams = { type: 'object', required: ['subdomain'], additionalProperties: false, properties: { subdomain } } as const;

/** All a tenant shows of itself to anyone: its face (names, colour, logo), nothing an attacker could use beyond knowing it exists. */
export const publicTenant = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    subdomain: { type: 'string' },
    business_name: { type: ['string', 'null'], description: 'the business name of its profile; pages show it, else name' },
    accent_color: { type: ['string', 'null'], description: 'the colour of its primary buttons, #rrggbb; null for the default' },
    accent_text_color: { type: ['string', 'null'], description: 'black or white: the readable text colour on accent_color' },
    logo_url: { type: ['string', 'null'], description: 'same-origin URL of its logo, or null' },
  },
  required: ['name', 'subdomain', 'business_name', 'accent_color', 'accent_text_color', 'logo_url'],
  additionalProperties: false,
} as const;

export const logoQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { v: { type: 'string', maxLength: 64, pattern: '^[0-9a-f]*$', description: 'the version logo_url carries; any other value is served too, cached for a short time' } },
} as const;
