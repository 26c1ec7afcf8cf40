import { displayText, e164, email, objectBody, timestamp, uuid } from '../http/schemas.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../identities/passwords.ts';

export const MODE_KEY_PATTERN = '^[a-z][a-z0-9_]{0,31}$';
/** The same rule as template_sections.variant: '' is the default wording, a name overlays it. */
export const TEMPLATE_VARIANT_PATTERN = '^([a-z][a-z0-9_]{0,63})?$';
export const CHANNELS = ['voice', 'sms', 'email'] as const;
export const MAX_MODES = 20;
export const MAX_ROLES = 20;

const key = (description: string) => ({ type: 'string', pattern: MODE_KEY_PATTERN, description }) as const;
export const subdomain = { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', description: "the tenant's subdomain" } as const;
const nullableString = { type: ['string', 'null'] } as const;

/** onboarding.service.ts firstContactStatus: what onboarding decided, then its message's status. */
export const CONTACT_STATUSES = ['pending', 'queued', 'sending', 'sent', 'delivered', 'failed', 'needs_attention', 'cancelled', 'no_channel', 'disabled_by_policy'] as const;
export const CONTACT_STATUS_DOC = "the first contact's message status (queued, sending, sent, delivered, failed, needs_attention, cancelled) once onboarding queued it; no_channel or disabled_by_policy when it could not be sent; pending before onboarding decided";

/** Signup metadata, as the product's signup form sends it. A hint for onboarding: it authorises nothing. */
export const signupMetadata = {
  ...objectBody({
    signup_mode: key("one of the tenant's signup modes (talent, hirer…); an unknown mode gets the default role"),
    first_name: displayText(100),
    last_name: displayText(100),
    organization_name: displayText(200),
  }),
  description: 'hints for onboarding; they choose a role only among those the tenant marks self-assignable',
} as const;

export const signupBody = {
  ...objectBody(
    {
      tenant: subdomain,
      email,
      phone: e164,
      password: { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters` },
      metadata: signupMetadata,
    },
    ['tenant', 'password'],
  ),
  anyOf: [{ required: ['email'] }, { required: ['phone'] }],
  description: 'an email, a phone, or both',
} as const;

export const onboardingRecord = {
  type: 'object',
  properties: {
    user_id: uuid,
    initialized_at: timestamp,
    signup_mode: nullableString,
    role: nullableString,
    roles: { type: 'array', items: { type: 'string' } },
    profile: { type: 'object', properties: { first_name: nullableString, last_name: nullableString, organization_name: nullableString } },
    preferences: { type: 'object', properties: { default_mode: nullableString, last_mode: nullableString } },
    contact: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: CONTACT_STATUSES, description: CONTACT_STATUS_DOC },
        channel: nullableString,
        message_id: { type: ['string', 'null'] },
        message_status: nullableString,
      },
    },
  },
} as const;

export const signedUp = {
  type: 'object',
  properties: { id: uuid, tenant_id: uuid, email: nullableString, phone: nullableString, role: { type: 'string' }, created_at: timestamp },
} as const;

export const initialized = {
  type: 'object',
  properties: {
    initialized_now: { type: 'boolean', description: 'false when the user was already initialised: nothing was created twice' },
    onboarding: onboardingRecord,
  },
} as const;

export const userIdParams = { type: 'object', required: ['userId'], additionalProperties: false, properties: { userId: uuid } } as const;

const modeSchema = objectBody(
  {
    key: key('what signup metadata sends as signup_mode'),
    label: displayText(100),
    role: key('the application role this mode asks for; granted only when that role is self-assignable'),
    template_variant: { type: 'string', pattern: TEMPLATE_VARIANT_PATTERN, maxLength: 64, description: "the template variant of the first contact; '' is the default wording; absent means the mode's key" },
  },
  ['key', 'label', 'role'],
);

const roleSchema = objectBody(
  {
    key: key('an application role (talent, hirer…), not an access role'),
    label: displayText(100),
    self_assignable: { type: 'boolean', default: false, description: 'whether a signup mode may grant it' },
  },
  ['key', 'label'],
);

const contactPolicy = objectBody(
  {
    channels: { type: 'array', maxItems: CHANNELS.length, uniqueItems: true, items: { type: 'string', enum: CHANNELS }, description: 'tried in order; the first that can reach the person is used; empty means no first contact' },
  },
  ['channels'],
);

export const signupSettingsBody = {
  ...objectBody(
    {
      self_signup_open: { type: 'boolean' },
      modes: { type: 'array', maxItems: MAX_MODES, items: modeSchema },
      roles: { type: 'array', minItems: 1, maxItems: MAX_ROLES, items: roleSchema },
      default_role: key('the role of anyone whose signup mode does not grant one'),
      contact_policy: contactPolicy,
    },
    ['self_signup_open', 'modes', 'roles', 'default_role', 'contact_policy'],
  ),
  example: {
    self_signup_open: true,
    modes: [
      { key: 'talent', label: 'Looking for work', role: 'talent', template_variant: 'talent' },
      { key: 'hirer', label: 'Hiring', role: 'hirer', template_variant: 'hirer' },
    ],
    roles: [
      { key: 'member', label: 'Member', self_assignable: false },
      { key: 'talent', label: 'Talent', self_assignable: true },
      { key: 'hirer', label: 'Hirer', self_assignable: true },
    ],
    default_role: 'member',
    contact_policy: { channels: ['voice', 'sms', 'email'] },
  },
} as const;

export const signupSettings = {
  type: 'object',
  properties: {
    self_signup_open: { type: 'boolean' },
    modes: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, role: { type: 'string' }, template_variant: { type: 'string' } } } },
    roles: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, self_assignable: { type: 'boolean' } } } },
    default_role: { type: 'string' },
    contact_policy: { type: 'object', properties: { channels: { type: 'array', items: { type: 'string' } } } },
    identity_webhook: {
      type: 'object',
      properties: {
        url_path: { type: 'string' },
        secret_set: { type: 'boolean' },
        secret_created_at: { type: ['string', 'null'] },
      },
    },
    updated_at: { type: ['string', 'null'] },
  },
} as const;

export const webhookSecret = {
  type: 'object',
  properties: {
    secret: { type: 'string', description: 'whsec_…: shown in this response only; configure it at the identity provider' },
    url_path: { type: 'string' },
    created_at: timestamp,
  },
} as const;

export const identityWebhookParams = { type: 'object', required: ['tenant'], additionalProperties: false, properties: { tenant: subdomain } } as const;

export const identityWebhookResult = {
  type: 'object',
  properties: {
    outcome: { type: 'string', enum: ['created', 'identity_exists', 'duplicate', 'ignored'] },
    user_id: { type: ['string', 'null'] },
  },
} as const;
