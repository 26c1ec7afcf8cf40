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
 * Picks the adapter for a channel's configured provider, and describes each provider's credentials
 * for the channel API: which fields, which are secret, what a valid value looks like.
 */

export interface CredentialField {
  readonly name: string;
  readonly required: boolean;
  /** Secret fields are stored encrypted and shown masked. */
  readonly secret: boolean;
  readonly type: 'string' | 'integer' | 'boolean';
}

interface FieldSpec extends CredentialField {
  /** A problem with a value of the right type, or undefined when it is fine. */
  readonly check?: (value: never) => string | undefined;
  /**
   * Points the adapter at another server than the vendor's (tests use it for the fakes). Embark then
   * makes authenticated requests wherever a tenant says, so only an operator may allow it
   * (EMBARK_ALLOW_PROVIDER_BASE_URLS).
   */
  readonly endpoint?: true;
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

const field = (name: string, type: FieldSpec['type'], options: { required?: boolean; secret?: boolean; check?: FieldSpec['check']; endpoint?: true } = {}): FieldSpec => ({
  name,
  type,
  required: options.required ?? false,
  secret: options.secret ?? false,
  ...(options.check ? { check: options.check } : {}),
  ...(options.endpoint ? { endpoint: true } : {}),
});

const TWILIO: readonly FieldSpec[] = [
  field('account_sid', 'string', { required: true, check: (v: string) => (/^AC[0-9a-fA-F]{32}$/.test(v) ? undefined : 'must be AC followed by 32 hex digits, as shown in the Twilio console') }),
  field('auth_token', 'string', { required: true, secret: true }),
  field('base_url', 'string', { check: httpUrl, endpoint: true }),
];

const telnyxPublicKey = (v: string) => (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32 ? undefined : 'must be the base64 Ed25519 public key (32 bytes) from Mission Control');
const TELNYX_SMS: readonly FieldSpec[] = [
  field('api_key', 'string', { required: true, secret: true }),
  field('public_key', 'string', { required: true, check: telnyxPublicKey }),
  field('messaging_profile_id', 'string'),
  field('base_url', 'string', { check: httpUrl, endpoint: true }),
];
const TELNYX_VOICE: readonly FieldSpec[] = [
  field('api_key', 'string', { required: true, secret: true }),
  field('public_key', 'string', { required: true, check: telnyxPublicKey }),
  field('connection_id', 'string', { required: true }),
  field('base_url', 'string', { check: httpUrl, endpoint: true }),
];

const SMTP: readonly FieldSpec[] = [
  field('host', 'string', { required: true, check: (v: string) => (/^[^\s/:]+$|^\[[0-9a-fA-F:.]+\]$/.test(v) ? undefined : 'must be a host name or IP address, without scheme or port') }),
  field('port', 'integer', { required: true, check: (v: number) => (v >= 1 && v <= 65535 ? undefined : 'must be between 1 and 65535') }),
  field('secure', 'boolean'),
  field('username', 'string'),
  field('password', 'string', { secret: true }),
  field('require_tls', 'boolean'),
  field('ignore_tls', 'boolean'),
];

const SES: readonly FieldSpec[] = [
  field('region', 'string', { required: true, check: (v: string) => (/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v) ? undefined : 'must be an AWS region such as us-east-1') }),
  field('access_key_id', 'string', { required: true }),
  field('secret_access_key', 'string', { required: true, secret: true }),
  field('session_token', 'string', { secret: true }),
  field('endpoint', 'string', { check: httpUrl, endpoint: true }),
];

/** Provider id → credential fields, per channel; the order of the keys is the order offered to admins. */
const CREDENTIALS: { readonly [C in Channel]: Readonly<Record<string, readonly FieldSpec[]>> } = {
  email: { outbox: [], smtp: SMTP, ses: SES },
  sms: { outbox: [], twilio: TWILIO, telnyx: TELNYX_SMS },
  voice: { outbox: [], twilio: TWILIO, telnyx: TELNYX_VOICE },
};

export const PROVIDERS_BY_CHANNEL: Record<Channel, readonly string[]> = {
  email: Object.keys(CREDENTIALS.email),
  sms: Object.keys(CREDENTIALS.sms),
  voice: Object.keys(CREDENTIALS.voice),
};

function specs(channel: Channel, provider: string): readonly FieldSpec[] | undefined {
  return Object.hasOwn(CREDENTIALS[channel], provider) ? CREDENTIALS[channel][provider] : undefined;
}

function unknownProvider(channel: Channel, provider: string): string {
  return `provider ${JSON.stringify(provider)} is not available for ${channel}; choose one of ${PROVIDERS_BY_CHANNEL[channel].join(', ')}`;
}

export function credentialFields(channel: Channel, provider: string): CredentialField[] {
  const fields = specs(channel, provider);
  if (!fields) throw new Error(unknownProvider(channel, provider));
  return fields.map(({ name, required, secret, type }) => ({ name, required, secret, type }));
}

function typeProblem(type: FieldSpec['type'], value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
  }
}

/** Every problem with `credentials` for this provider, in words an admin can act on; empty when they are fine. */
/** The fields of a provider that point its adapter at another server (base_url, endpoint). */
export function endpointFields(channel: Channel, provider: string): string[] {
  return (specs(channel, provider) ?? []).filter((spec) => spec.endpoint).map((spec) => spec.name);
}

export function validateCredentials(channel: Channel, provider: string, credentials: unknown, options: { allowEndpoints?: boolean } = {}): string[] {
  const fields = specs(channel, provider);
  if (!fields) return [unknownProvider(channel, provider)];
  if (options.allowEndpoints === false && credentials && typeof credentials === 'object') {
    const set = endpointFields(channel, provider).filter((name) => (credentials as Record<string, unknown>)[name] !== undefined);
    if (set.length) return [`${set.join(', ')} would point ${provider} at another server, which this Embark does not allow (its operator can, with EMBARK_ALLOW_PROVIDER_BASE_URLS=true)`];
  }
  if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials)) return ['credentials must be an object'];
  const given = credentials as Record<string, unknown>;
  const problems: string[] = [];
  for (const spec of fields) {
    const value = given[spec.name];
    if (value === undefined) {
      if (spec.required) problems.push(`${spec.name} is required`);
      continue;
    }
    const problem = typeProblem(spec.type, value) ?? (spec.required && value === '' ? 'must not be empty' : undefined) ?? spec.check?.(value as never);
    if (problem) problems.push(`${spec.name} ${problem}`);
  }
  const known = new Set(fields.map((spec) => spec.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) problems.push(fields.length ? `unknown field ${JSON.stringify(name)} (${provider} takes ${[...known].join(', ')})` : `unknown field ${JSON.stringify(name)} (${provider} takes no credentials)`);
  }
  if (provider === 'smtp') {
    if (given.password !== undefined && given.username === undefined) problems.push('password is given without a username');
    if (given.require_tls === true && given.ignore_tls === true) problems.push('require_tls and ignore_tls cannot both be true');
  }
  return problems;
}

/** Secrets as '••••' plus at most their last 4 characters (none for values shorter than 12); other fields as they are. */
export function maskCredentials(channel: Channel, provider: string, credentials: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields = specs(channel, provider);
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(credentials)) {
    const spec = fields?.find((f) => f.name === name);
    // a field this build does not know (or a provider it no longer has) might be secret: never show it
    if (!spec || spec.secret) masked[name] = typeof value === 'string' && value.length >= 12 ? '••••' + value.slice(-4) : '••••';
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
