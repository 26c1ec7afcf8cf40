import { objectBody, timestamp } from '../http/schemas.ts';
import { NAME_PATTERN, RENDER_TARGETS } from './render.ts';

export const MAX_SECTIONS = 100;
export const MAX_CONTENT_LENGTH = 20_000;

const name = (description: string) => ({ type: 'string', minLength: 1, maxLength: 64, pattern: NAME_PATTERN, description }) as const;
export const bundleName = name('lower_snake_case, starting with a letter, at most 64 characters, e.g. welcome_email');
const sectionKey = name('lower_snake_case; "subject" is the subject line of an email');
const locale = { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$', description: 'language, optionally with region: en, es, pt-BR' } as const;
const variant = { type: 'string', maxLength: 64, pattern: '^([a-z][a-z0-9_]{0,63})?$', description: "'' for the default; a named variant such as a signup mode (talent, hirer)" } as const;
// text, not markup: newlines and tabs are fine, other control characters are refused
const content = { type: 'string', maxLength: MAX_CONTENT_LENGTH, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$', description: "text with {{ variable }} placeholders; '' removes the section of the same key from the layer below" } as const;

export const bundleParams = { type: 'object', required: ['bundle'], additionalProperties: false, properties: { bundle: bundleName } } as const;

const sectionInput = objectBody(
  {
    section_key: sectionKey,
    position: { type: 'integer', minimum: 0, maximum: 9999 },
    content,
    locale: { ...locale, default: 'en' },
    variant: { ...variant, default: '' },
  },
  ['section_key', 'position', 'content'],
);

export const putSectionsBody = objectBody({ sections: { type: 'array', maxItems: MAX_SECTIONS, items: sectionInput } }, ['sections']);

const section = {
  type: 'object',
  properties: {
    section_key: { type: 'string' },
    position: { type: 'integer' },
    content: { type: 'string' },
    locale: { type: 'string' },
    variant: { type: 'string' },
    updated_at: timestamp,
  },
} as const;

const variableList = { type: 'array', items: { type: 'string' }, description: 'the variables templates of this bundle may use' } as const;

export const bundleSections = {
  type: 'object',
  properties: { bundle: { type: 'string' }, sections: { type: 'array', items: section }, variables: variableList },
} as const;

/** A tenant's own sections, and beside them the global ones they overlay (read-only here), so a page can show which wins. */
export const tenantBundleSections = {
  type: 'object',
  properties: {
    ...bundleSections.properties,
    global_sections: { type: 'array', items: section, description: 'the global sections of the bundle, every locale and variant; a tenant section of the same key, locale and variant wins over one' },
  },
} as const;

export const bundleList = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          bundle: { type: 'string' },
          has_global_sections: { type: 'boolean' },
          has_tenant_sections: { type: 'boolean' },
          variants: { type: 'array', items: { type: 'string' } },
          locales: { type: 'array', items: { type: 'string' } },
          variables: variableList,
        },
      },
    },
  },
} as const;

const tenantVariables = {
  type: ['object', 'null'],
  description: "the tenant's own variables, used wherever the sender gives no value: business_name (the profile's, else the tenant's name), tenant_name, login_url (the tenant's sign-in page) and support_email (the profile's email, null without one)",
  properties: { business_name: { type: 'string' }, tenant_name: { type: 'string' }, login_url: { type: 'string' }, support_email: { type: ['string', 'null'] } },
} as const;

export const composedQuery = { type: 'object', additionalProperties: false, properties: { locale, variant } } as const;

export const composedBundle = {
  type: 'object',
  properties: {
    bundle: { type: 'string' },
    locale: { type: 'string' },
    variant: { type: 'string' },
    sections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          section_key: { type: 'string' },
          position: { type: 'integer' },
          content: { type: 'string' },
          locale: { type: 'string' },
          variant: { type: 'string' },
          source: { type: 'string', enum: ['global', 'tenant'] },
        },
      },
    },
    tenant_variables: tenantVariables,
  },
} as const;

export const previewBody = objectBody(
  {
    variables: {
      type: 'object',
      maxProperties: 100,
      propertyNames: { pattern: NAME_PATTERN },
      description: "values are strings or numbers; anything else is refused with 422 template_variable_invalid. The tenant's own variables (business_name, tenant_name, login_url, support_email) fill in those not given",
    },
    locale,
    variant,
    target: { type: 'string', enum: RENDER_TARGETS, default: 'text' },
    sections: {
      type: 'array',
      maxItems: MAX_SECTIONS,
      items: objectBody({ section_key: sectionKey, position: sectionInput.properties.position, content }, ['section_key', 'position', 'content']),
      description: 'unsaved tenant sections of this locale and variant, previewed in place of the saved ones (checked as a save would check them); nothing is stored',
    },
  },
  ['variables'],
);

export const preview = {
  type: 'object',
  properties: {
    bundle: { type: 'string' },
    locale: { type: 'string' },
    variant: { type: 'string' },
    target: { type: 'string' },
    subject: { type: ['string', 'null'] },
    output: { type: 'string', description: 'the rendered body for the target: plain text, HTML, a TwiML document or the SMS text' },
    tenant_variables: tenantVariables,
  },
} as const;
