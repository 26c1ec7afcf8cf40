import { createSesEmailProvider, type SesCredentials } from './email/ses.ts';
import { createSmtpEmailProvider, type SmtpCredentials } from './email/smtp.ts';
import { createOutboxProvider } from './outbox.ts';
import { createTelnyxSmsProvider } from './sms/telnyx.ts';
import { createTwilioSmsProvider } from './sms/twilio.ts';
import type { TelnyxCredentials } from './telnyx.ts';
import type { TwilioCredentials } from './twilio.ts';
import { ProviderError, type Channel, type ChannelConfig, type EmailProvider, type SmsProvider, type VoiceProvider } from './types.ts';
import { createTelnyxVoiceProvider } from './voice/telnyx.ts';
import { createTwilioVoiceProvider } from './voice/twilio.ts';

/**
 * Every vendor a tenant can connect, by kind of integration, with the credential fields each takes:
 * what the integrations API validates and serves (GET /api/v1/integrations/providers) and what the web
 * UI builds its forms from. Also picks the adapter for a channel's configured provider.
 */

export const INTEGRATION_KINDS = ['email', 'sms', 'voice', 'mailbox', 'esign'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/**
 * How a field is entered and what its value is: `secret` and `text` and `url` and `select` are
 * strings (`secret` is stored sealed and shown masked; `select` is one of `options`), `integer` a
 * number, `boolean` true or false.
 */
export type FieldType = 'text' | 'secret' | 'url' | 'select' | 'integer' | 'boolean';

export interface CredentialField {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly required: boolean;
  /** What to enter and where to find it, for the person filling the form. */
  readonly help?: string;
  /** The values a `select` field takes. */
  readonly options?: readonly string[];
  /**
   * Points the adapter at another server than the vendor's (tests use it for the fakes). Embark then
   * makes authenticated requests wherever a tenant says, so only an operator may allow it
   * (EMBARK_ALLOW_PROVIDER_BASE_URLS).
   */
  readonly endpoint?: true;
}

interface FieldSpec extends CredentialField {
  /** A problem with a value of the right type, or undefined when it is fine. */
  readonly check?: (value: never) => string | undefined;
}

export interface ProviderSpec {
  readonly id: string;
  readonly label: string;
  /** Something an admin must know before choosing it (an end of support). */
  readonly notice?: string;
  readonly fields: readonly FieldSpec[];
}

function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // fall through
  }
  return 'must be an http(s) URL';
}

type FieldOptions = { required?: boolean; help?: string; options?: readonly string[]; check?: FieldSpec['check']; endpoint?: true };

const field = (name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldSpec => ({
  name,
  label,
  type,
  required: options.required ?? false,
  ...(options.help ? { help: options.help } : {}),
  ...(options.options ? { options: options.options } : {}),
  ...(options.check ? { check: options.check } : {}),
  ...(options.endpoint ? { endpoint: true } : {}),
});

/** An optional URL that points the adapter at another server (see CredentialField.endpoint). */
const endpoint = (name: string, label: string, vendorDefault: string): FieldSpec => field(name, label, 'url', { endpoint: true, help: `Leave empty for ${vendorDefault}; another server only when the operator allows it.` });

const awsRegion = (v: string) => (/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v) ? undefined : 'must be an AWS region such as us-east-1');
const uuidLike = (what: string) => (v: string) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? undefined : `must be the ${what} (a GUID such as 00000000-0000-0000-0000-000000000000)`);
const emailLike = (v: string) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? undefined : 'must be an email address');

const TWILIO: readonly FieldSpec[] = [
  field('account_sid', 'Account SID', 'text', { required: true, help: 'AC followed by 32 hex digits, from the Twilio console.', check: (v: string) => (/^AC[0-9a-fA-F]{32}$/.test(v) ? undefined : 'must be AC followed by 32 hex digits, as shown in the Twilio console') }),
  field('auth_token', 'Auth token', 'secret', { required: true }),
  endpoint('base_url', 'API base URL', 'https://api.twilio.com'),
];

const telnyxPublicKey = (v: string) => (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32 ? undefined : 'must be the base64 Ed25519 public key (32 bytes) from Mission Control');
const TELNYX_KEYS: readonly FieldSpec[] = [field('api_key', 'API key', 'secret', { required: true }), field('public_key', 'Public key', 'text', { required: true, help: 'The base64 Ed25519 public key from Mission Control, to verify webhooks.', check: telnyxPublicKey })];
const TELNYX_SMS: readonly FieldSpec[] = [...TELNYX_KEYS, field('messaging_profile_id', 'Messaging profile id', 'text'), endpoint('base_url', 'API base URL', 'https://api.telnyx.com')];
const TELNYX_VOICE: readonly FieldSpec[] = [...TELNYX_KEYS, field('connection_id', 'Connection id', 'text', { required: true, help: 'The Call Control application id.' }), endpoint('base_url', 'API base URL', 'https://api.telnyx.com')];

const SMTP: readonly FieldSpec[] = [
  field('host', 'SMTP host', 'text', { required: true, help: 'A host name or IP address, without scheme or port.', check: (v: string) => (/^[^\s/:]+$|^\[[0-9a-fA-F:.]+\]$/.test(v) ? undefined : 'must be a host name or IP address, without scheme or port') }),
  field('port', 'Port', 'integer', { required: true, check: (v: number) => (v >= 1 && v <= 65535 ? undefined : 'must be between 1 and 65535') }),
  field('secure', 'Implicit TLS (port 465)', 'boolean'),
  field('username', 'Username', 'text'),
  field('password', 'Password', 'secret'),
  field('require_tls', 'Require STARTTLS', 'boolean'),
  field('ignore_tls', 'Never use STARTTLS', 'boolean'),
];

const SES: readonly FieldSpec[] = [
  field('region', 'AWS region', 'text', { required: true, help: 'For example us-east-1.', check: awsRegion }),
  field('access_key_id', 'Access key id', 'text', { required: true }),
  field('secret_access_key', 'Secret access key', 'secret', { required: true }),
  field('session_token', 'Session token', 'secret', { help: 'Only for temporary credentials.' }),
  endpoint('endpoint', 'Endpoint URL', 'the region’s SES endpoint'),
];

/** A Google service-account key file: JSON with the fields the JWT bearer grant needs (PROVIDERS.md 4.2). */
function serviceAccountKey(v: string): string | undefined {
  let key: unknown;
  try {
    key = JSON.parse(v);
  } catch {
    return 'must be the service account key file (JSON) as Google Cloud downloads it';
  }
  const k = key as Record<string, unknown> | null;
  const missing = ['client_email', 'private_key', 'token_uri'].filter((name) => typeof k?.[name] !== 'string' || k[name] === '');
  if (missing.length) return `must be a service account key file with ${missing.join(', ')}`;
  if (!String(k!.private_key).includes('PRIVATE KEY-----')) return 'must hold the private_key as a PEM block';
  return httpUrl(String(k!.token_uri)) ? 'must have an http(s) token_uri' : undefined;
}

export const WORKMAIL_END_OF_SUPPORT = 'AWS ends support for Amazon WorkMail on 2027-03-31: choose Google Workspace or Microsoft 365 for anything meant to last.';
/** The regions Amazon WorkMail runs in. */
const WORKMAIL_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;

const GOOGLE_WORKSPACE: readonly FieldSpec[] = [
  field('service_account_key', 'Service account key (JSON)', 'secret', { required: true, help: 'The key file of a service account with domain-wide delegation for the Admin SDK Directory scopes admin.directory.user and admin.directory.group.readonly.', check: serviceAccountKey }),
  field('admin_email', 'Admin to act as', 'text', { required: true, help: 'A Workspace admin the service account impersonates (the JWT `sub`).', check: emailLike }),
  endpoint('base_url', 'Directory API base URL', 'https://admin.googleapis.com'),
];

const MICROSOFT_365: readonly FieldSpec[] = [
  field('entra_tenant_id', 'Entra tenant id', 'text', { required: true, help: 'Directory (tenant) id from the app registration’s overview.', check: uuidLike('Directory (tenant) id') }),
  field('client_id', 'Client id', 'text', { required: true, help: 'Application (client) id of an app with the User.ReadWrite.All and Group.Read.All application permissions.', check: uuidLike('Application (client) id') }),
  field('client_secret', 'Client secret', 'secret', { required: true }),
  field('usage_location', 'Usage location', 'text', { help: 'Optional two-letter country code (e.g. US); Microsoft needs it before a licence is assigned.', check: (v: string) => (/^[A-Z]{2}$/.test(v) ? undefined : 'must be a two-letter country code such as US') }),
  field('license_sku', 'Licence SKU id', 'text', { help: 'Optional skuId of the licence to assign.', check: uuidLike('skuId') }),
  endpoint('login_base_url', 'Sign-in base URL', 'https://login.microsoftonline.com'),
  endpoint('graph_base_url', 'Graph base URL', 'https://graph.microsoft.com'),
];

const AWS_WORKMAIL: readonly FieldSpec[] = [
  field('organization_id', 'Organization id', 'text', { required: true, help: 'm- followed by 32 hex digits, from the WorkMail console.', check: (v: string) => (/^m-[0-9a-f]{32}$/.test(v) ? undefined : 'must be m- followed by 32 hex digits') }),
  field('region', 'AWS region', 'select', { required: true, options: WORKMAIL_REGIONS }),
  field('access_key_id', 'Access key id', 'text', { required: true }),
  field('secret_access_key', 'Secret access key', 'secret', { required: true }),
  endpoint('endpoint', 'Endpoint URL', 'the region’s WorkMail endpoint'),
];

const DOCUSIGN: readonly FieldSpec[] = [
  field('hmac_key', 'Connect HMAC key', 'secret', { required: true, help: 'A Connect HMAC key (Settings → Connect → Connect Keys); Connect must include HMAC signatures.' }),
  field('hmac_key_2', 'Second HMAC key', 'secret', { help: 'Optional: the other active key while you rotate them; a signature by either passes.' }),
  // the rest only to send documents from Embark (an eSignature API JWT grant): src/providers/esign/docusign.ts
  field('integration_key', 'Integration key', 'text', { help: 'Optional, to send documents from Embark: the app’s integration key (Apps and Keys).', check: uuidLike('integration key') }),
  field('user_id', 'API user id', 'text', { help: 'The user envelopes are sent as; it must have granted the app consent once.', check: uuidLike('API user id') }),
  field('private_key', 'RSA private key', 'secret', { help: 'The integration key’s RSA private key, PEM.', check: (v: string) => (v.includes('PRIVATE KEY-----') ? undefined : 'must be a PEM private key') }),
  field('account_id', 'API account id', 'text', { check: uuidLike('API account id') }),
  field('base_uri', 'Account base URI', 'url', { help: 'For example https://demo.docusign.net (the account’s base_uri).', check: (v: string) => (/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.docusign\.net\/?$/.test(v) ? undefined : 'must be the account’s https://….docusign.net base URI') }),
  field('environment', 'Environment', 'select', { options: ['demo', 'production'], help: 'demo signs in at account-d.docusign.com, production at account.docusign.com.' }),
  endpoint('oauth_base_url', 'OAuth base URL', 'the environment’s account server'),
  endpoint('api_base_url', 'eSignature API base URL', 'the account base URI'),
];

const DROPBOX_SIGN: readonly FieldSpec[] = [field('api_key', 'API key', 'secret', { required: true, help: 'The account’s API key; Dropbox Sign signs its callbacks with it.' }), endpoint('base_url', 'API base URL', 'https://api.hellosign.com')];

const provider = (id: string, label: string, fields: readonly FieldSpec[], notice?: string): ProviderSpec => ({ id, label, fields, ...(notice ? { notice } : {}) });
const OUTBOX = provider('outbox', 'Built-in outbox (nothing leaves Embark)', []);

/** Each kind's providers, in the order offered to admins. */
const PROVIDERS: { readonly [K in IntegrationKind]: readonly ProviderSpec[] } = {
  email: [OUTBOX, provider('smtp', 'SMTP', SMTP), provider('ses', 'Amazon SES', SES)],
  sms: [OUTBOX, provider('twilio', 'Twilio', TWILIO), provider('telnyx', 'Telnyx', TELNYX_SMS)],
  voice: [OUTBOX, provider('twilio', 'Twilio', TWILIO), provider('telnyx', 'Telnyx', TELNYX_VOICE)],
  mailbox: [provider('builtin', 'Built-in (Embark creates the staff account itself)', []), provider('google_workspace', 'Google Workspace', GOOGLE_WORKSPACE), provider('microsoft_365', 'Microsoft 365', MICROSOFT_365), provider('aws_workmail', 'AWS WorkMail', AWS_WORKMAIL, WORKMAIL_END_OF_SUPPORT)],
  esign: [provider('docusign', 'DocuSign Connect', DOCUSIGN), provider('dropbox_sign', 'Dropbox Sign', DROPBOX_SIGN)],
};

export const KIND_LABELS: Record<IntegrationKind, string> = { email: 'Email', sms: 'SMS', voice: 'Voice', mailbox: 'Mailboxes', esign: 'E-signature' };

/** The kinds Embark sends messages through; the others are credentials other modules use. */
export function isChannelKind(kind: IntegrationKind): kind is Channel {
  return kind === 'email' || kind === 'sms' || kind === 'voice';
}

export function providersOf(kind: IntegrationKind): readonly string[] {
  return PROVIDERS[kind].map((p) => p.id);
}

export const PROVIDERS_BY_CHANNEL: Record<Channel, readonly string[]> = { email: providersOf('email'), sms: providersOf('sms'), voice: providersOf('voice') };

function providerSpec(kind: IntegrationKind, id: string): ProviderSpec | undefined {
  return PROVIDERS[kind].find((p) => p.id === id);
}

export function providerLabel(kind: IntegrationKind, id: string): string {
  return providerSpec(kind, id)?.label ?? id;
}

function unknownProvider(kind: IntegrationKind, id: string): string {
  return `provider ${JSON.stringify(id)} is not available for ${kind}; choose one of ${providersOf(kind).join(', ')}`;
}

const served = ({ check: _check, ...spec }: FieldSpec): CredentialField => spec;

export function credentialFields(kind: IntegrationKind, id: string): CredentialField[] {
  const spec = providerSpec(kind, id);
  if (!spec) throw new Error(unknownProvider(kind, id));
  return spec.fields.map(served);
}

/** The catalogue the integrations API serves: every kind, its providers and their fields, without the checks. */
export function providerCatalogue() {
  return {
    kinds: INTEGRATION_KINDS.map((kind) => ({
      kind,
      label: KIND_LABELS[kind],
      providers: PROVIDERS[kind].map((p) => ({ id: p.id, label: p.label, ...(p.notice ? { notice: p.notice } : {}), fields: p.fields.map(served) })),
    })),
  };
}

function typeProblem(type: FieldType, value: unknown, options: readonly string[] | undefined): string | undefined {
  switch (type) {
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      return typeof value === 'string' && options?.includes(value) ? undefined : `must be one of ${options?.join(', ')}`;
    case 'url':
      return typeof value === 'string' ? httpUrl(value) : 'must be a string';
    default:
      return typeof value === 'string' ? undefined : 'must be a string';
  }
}

/** The fields of a provider that point its adapter at another server (base_url, endpoint). */
export function endpointFields(kind: IntegrationKind, id: string): string[] {
  return (providerSpec(kind, id)?.fields ?? []).filter((spec) => spec.endpoint).map((spec) => spec.name);
}

/** One problem with credentials: the field it is about (none for the whole object) and what is wrong, in words an admin can act on. */
export interface CredentialProblem {
  readonly field?: string;
  readonly message: string;
}

/** Every problem with `credentials` for this provider; empty when they are fine. */
export function credentialProblems(kind: IntegrationKind, id: string, credentials: unknown, options: { allowEndpoints?: boolean } = {}): CredentialProblem[] {
  const spec = providerSpec(kind, id);
  if (!spec) return [{ message: unknownProvider(kind, id) }];
  const fields = spec.fields;
  if (options.allowEndpoints === false && credentials && typeof credentials === 'object') {
    const set = endpointFields(kind, id).filter((name) => (credentials as Record<string, unknown>)[name] !== undefined);
    if (set.length) return [{ field: set[0]!, message: `${set.join(', ')} would point ${id} at another server, which this Embark does not allow (its operator can, with EMBARK_ALLOW_PROVIDER_BASE_URLS=true)` }];
  }
  if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials)) return [{ message: 'credentials must be an object' }];
  const given = credentials as Record<string, unknown>;
  const problems: CredentialProblem[] = [];
  for (const f of fields) {
    const value = given[f.name];
    if (value === undefined) {
      if (f.required) problems.push({ field: f.name, message: `${f.name} is required` });
      continue;
    }
    const problem = typeProblem(f.type, value, f.options) ?? (f.required && value === '' ? 'must not be empty' : undefined) ?? f.check?.(value as never);
    if (problem) problems.push({ field: f.name, message: `${f.name} ${problem}` });
  }
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) problems.push({ field: name, message: fields.length ? `unknown field ${JSON.stringify(name)} (${id} takes ${[...known].join(', ')})` : `unknown field ${JSON.stringify(name)} (${id} takes no credentials)` });
  }
  if (kind === 'email' && id === 'smtp') {
    if (given.password !== undefined && given.username === undefined) problems.push({ field: 'username', message: 'password is given without a username' });
    if (given.require_tls === true && given.ignore_tls === true) problems.push({ field: 'ignore_tls', message: 'require_tls and ignore_tls cannot both be true' });
  }
  return problems;
}

export function validateCredentials(kind: IntegrationKind, id: string, credentials: unknown, options: { allowEndpoints?: boolean } = {}): string[] {
  return credentialProblems(kind, id, credentials, options).map((p) => p.message);
}

/** Secrets as '••••' plus at most their last 4 characters (none for values shorter than 12); other fields as they are. */
export function maskCredentials(kind: IntegrationKind, id: string, credentials: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields = providerSpec(kind, id)?.fields;
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(credentials)) {
    const spec = fields?.find((f) => f.name === name);
    // a field this build does not know (or a provider it no longer has) might be secret: never show it
    if (!spec || spec.type === 'secret') masked[name] = typeof value === 'string' && value.length >= 12 ? '••••' + value.slice(-4) : '••••';
    else masked[name] = value;
  }
  return masked;
}

/** The credentials as the adapter's type, after the same validation the channel API applies. */
function checked<T>(channel: Channel, config: ChannelConfig): T {
  if (config.refused) throw new ProviderError(config.provider, 'rejected', config.refused);
  const problems = validateCredentials(channel, config.provider, config.credentials);
  if (problems.length) throw new Error(`${config.provider} ${channel} credentials: ${problems.join('; ')}`);
  return config.credentials as T;
}

export function createEmailProvider(config: ChannelConfig): EmailProvider {
  switch (config.provider) {
    case 'outbox':
      return createOutboxProvider();
    case 'smtp':
      return createSmtpEmailProvider(checked<SmtpCredentials>('email', config));
    case 'ses':
      return createSesEmailProvider(checked<SesCredentials>('email', config));
    default:
      throw new Error(unknownProvider('email', config.provider));
  }
}

export function createSmsProvider(config: ChannelConfig): SmsProvider {
  switch (config.provider) {
    case 'outbox':
      return createOutboxProvider();
    case 'twilio':
      return createTwilioSmsProvider(checked<TwilioCredentials>('sms', config));
    case 'telnyx':
      return createTelnyxSmsProvider(checked<TelnyxCredentials>('sms', config));
    default:
      throw new Error(unknownProvider('sms', config.provider));
  }
}

export function createVoiceProvider(config: ChannelConfig): VoiceProvider {
  switch (config.provider) {
    case 'outbox':
      return createOutboxProvider();
    case 'twilio':
      return createTwilioVoiceProvider(checked<TwilioCredentials>('voice', config));
    case 'telnyx':
      return createTelnyxVoiceProvider(checked<TelnyxCredentials>('voice', config));
    default:
      throw new Error(unknownProvider('voice', config.provider));
  }
}
