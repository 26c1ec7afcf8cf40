/**
 * The tenant's email, SMS and voice channels: which provider sends, from which sender, with which
 * credentials, and a test send. Secret credentials are password inputs that are never pre-filled (the
 * server never returns them, only a mask) and are read with takePassword; leaving every credential as
 * it was and keeping the provider omits `credentials`, which tells the server to keep the stored ones.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../api.ts';
import { href } from '../router.ts';
import { ErrorAlert, Field, MessageStatus, Notice, SelectField, formatDate, takePassword, useLoad } from '../ui.tsx';
import { channelLabel, type Message } from './MessagesPage.tsx';

type Channel = 'email' | 'sms' | 'voice';

interface ChannelView {
  channel: Channel;
  provider: string;
  from: string;
  enabled: boolean;
  configured: boolean;
  /** Secret fields masked by the server ('••••' and at most the last 4 characters). */
  credentials: Record<string, unknown>;
  updated_at: string | null;
}

/**
 * Each provider's credential fields, mirrored from src/providers/registry.ts (names, types, which are
 * required and which are secret); the server validates them again and its detail is shown on refusal.
 */
interface CredentialField {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly required: boolean;
  readonly secret: boolean;
  readonly help?: string;
}

const f = (name: string, label: string, type: CredentialField['type'], options: { required?: boolean; secret?: boolean; help?: string } = {}): CredentialField => ({
  name,
  label,
  type,
  required: options.required ?? false,
  secret: options.secret ?? false,
  ...(options.help ? { help: options.help } : {}),
});

const TWILIO = [
  f('account_sid', 'Account SID', 'string', { required: true, help: 'AC followed by 32 hex digits, from the Twilio console.' }),
  f('auth_token', 'Auth token', 'string', { required: true, secret: true }),
  f('base_url', 'API base URL', 'string', { help: 'Optional; https://api.twilio.com when empty.' }),
];
const TELNYX_KEYS = [
  f('api_key', 'API key', 'string', { required: true, secret: true }),
  f('public_key', 'Public key', 'string', { required: true, help: 'The base64 Ed25519 public key from Mission Control, to verify webhooks.' }),
];
const TELNYX_SMS = [...TELNYX_KEYS, f('messaging_profile_id', 'Messaging profile id', 'string', { help: 'Optional.' }), f('base_url', 'API base URL', 'string', { help: 'Optional; https://api.telnyx.com when empty.' })];
const TELNYX_VOICE = [...TELNYX_KEYS, f('connection_id', 'Connection id', 'string', { required: true }), f('base_url', 'API base URL', 'string', { help: 'Optional; https://api.telnyx.com when empty.' })];
const SMTP = [
  f('host', 'SMTP host', 'string', { required: true, help: 'A host name or IP address, without scheme or port.' }),
  f('port', 'Port', 'integer', { required: true }),
  f('secure', 'Implicit TLS (port 465)', 'boolean'),
  f('username', 'Username', 'string'),
  f('password', 'Password', 'string', { secret: true }),
  f('require_tls', 'Require STARTTLS', 'boolean'),
  f('ignore_tls', 'Never use STARTTLS', 'boolean'),
];
const SES = [
  f('region', 'AWS region', 'string', { required: true, help: 'For example us-east-1.' }),
  f('access_key_id', 'Access key id', 'string', { required: true }),
  f('secret_access_key', 'Secret access key', 'string', { required: true, secret: true }),
  f('session_token', 'Session token', 'string', { secret: true, help: 'Only for temporary credentials.' }),
  f('endpoint', 'Endpoint URL', 'string', { help: 'Optional; the region’s SES endpoint when empty.' }),
];

const PROVIDERS: Record<Channel, Record<string, readonly CredentialField[]>> = {
  email: { outbox: [], smtp: SMTP, ses: SES },
  sms: { outbox: [], twilio: TWILIO, telnyx: TELNYX_SMS },
  voice: { outbox: [], twilio: TWILIO, telnyx: TELNYX_VOICE },
};

const PROVIDER_LABELS: Record<string, string> = {
  outbox: 'Built-in outbox (nothing leaves Embark)',
  smtp: 'SMTP',
  ses: 'Amazon SES',
  twilio: 'Twilio',
  telnyx: 'Telnyx',
};

/** A stored non-secret value as the text its input shows. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

function storedValues(view: ChannelView, provider: string): Record<string, string> {
  const values: Record<string, string> = {};
  if (!view.configured || view.provider !== provider) return values;
  for (const field of PROVIDERS[view.channel][provider] ?? []) {
    if (!field.secret) values[field.name] = asText(view.credentials[field.name]);
  }
  return values;
}

function invalid(detail: string): ApiError {
  return new ApiError(0, 'validation_failed', detail);
}

export function ChannelsPage() {
  const channels = useLoad(() => api<{ items: ChannelView[] }>('GET', '/api/v1/tenant/channels'), 'channels');
  const [notices, setNotices] = useState<Partial<Record<Channel, string>>>({});

  return (
    <>
      <h1>Channels</h1>
      <p className="muted">
        How Embark reaches people. A channel left on the built-in outbox delivers into <a href={href('messages')}>Messages</a>,
        where you can read what would have been sent. Credentials are stored encrypted and never shown again.
      </p>
      <ErrorAlert error={channels.error} testId="channels-error" />
      {channels.data?.items.map((view) => (
        <section key={view.channel} aria-labelledby={`channel-${view.channel}-heading`} data-testid={`channel-${view.channel}`}>
          <h2 id={`channel-${view.channel}-heading`}>{channelLabel(view.channel)}</h2>
          <Notice testId={`channel-${view.channel}-notice`}>{notices[view.channel]}</Notice>
          {/* keyed by the saved version, so a save shows what the server stored */}
          <ChannelForm
            key={`${view.channel}-${view.updated_at ?? 'default'}`}
            view={view}
            onSaved={(saved) => {
              setNotices((n) => ({ ...n, [saved.channel]: `Saved: ${channelLabel(saved.channel)} sends through ${PROVIDER_LABELS[saved.provider] ?? saved.provider}${saved.enabled ? '' : ' (disabled)'}.` }));
              channels.reload();
            }}
          />
          <TestSendForm channel={view.channel} />
        </section>
      ))}
    </>
  );
}

function ChannelForm({ view, onSaved }: { view: ChannelView; onSaved(view: ChannelView): void }) {
  const channel = view.channel;
  const [provider, setProvider] = useState(view.provider);
  const [from, setFrom] = useState(view.from);
  const [values, setValues] = useState<Record<string, string>>(() => storedValues(view, view.provider));
  const [enabled, setEnabled] = useState(view.enabled);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = PROVIDERS[channel][provider] ?? [];
  const stored = view.configured && view.provider === provider;
  const prefix = `channel-${channel}`;

  function chooseProvider(next: string) {
    setProvider(next);
    setValues(storedValues(view, next));
    setError(null);
  }

  /** The credentials to send, or undefined to keep the stored ones; throws an ApiError for a client-side refusal. */
  function credentialsFrom(secrets: Record<string, string>): Record<string, unknown> | undefined {
    const anySecret = Object.values(secrets).some((value) => value !== '');
    const before = storedValues(view, provider);
    const changed = fields.some((field) => !field.secret && (values[field.name] ?? '') !== (before[field.name] ?? ''));
    if (stored && !anySecret && !changed) return undefined;
    if (stored) {
      // the stored secrets never come back to the browser, so changing anything means giving them again
      const forgotten = fields.filter((field) => field.secret && secrets[field.name] === '' && view.credentials[field.name] !== undefined);
      if (forgotten.length) throw invalid(`enter the ${forgotten.map((field) => field.label.toLowerCase()).join(' and ')} again to change these credentials; stored secrets are never shown, so they cannot be kept while others change`);
    }
    const credentials: Record<string, unknown> = {};
    for (const field of fields) {
      const text = field.secret ? (secrets[field.name] ?? '') : (values[field.name] ?? '').trim();
      if (text === '') {
        if (field.required) throw invalid(`${field.label} is required for ${PROVIDER_LABELS[provider] ?? provider}`);
        continue;
      }
      if (field.type === 'integer') {
        if (!/^\d+$/.test(text)) throw invalid(`${field.label} must be a whole number`);
        credentials[field.name] = Number(text);
      } else if (field.type === 'boolean') {
        credentials[field.name] = text === 'true';
      } else {
        credentials[field.name] = text;
      }
    }
    return credentials;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    // read and cleared at once, whatever happens next: a secret is never kept on the page
    const secrets: Record<string, string> = {};
    for (const field of fields) if (field.secret) secrets[field.name] = takePassword(form, `${prefix}-${field.name}`);
    setError(null);
    let credentials: Record<string, unknown> | undefined;
    try {
      credentials = credentialsFrom(secrets);
    } catch (failure) {
      setError(failure);
      return;
    }
    setBusy(true);
    try {
      const saved = await api<ChannelView>('PUT', `/api/v1/tenant/channels/${channel}`, {
        provider,
        from: from.trim(),
        enabled,
        ...(credentials === undefined ? {} : { credentials }),
      });
      onSaved(saved);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const isEmail = channel === 'email';
  return (
    <form aria-label={`${channelLabel(channel)} channel`} data-version={view.updated_at ?? ''} onSubmit={(e) => void submit(e)}>
      <p className="muted" data-testid={`${prefix}-state`}>
        {view.configured ? `Configured${view.updated_at ? `, last saved ${formatDate(view.updated_at)}` : ''}.` : 'Not configured: the built-in outbox stands in.'}
      </p>
      <div className="channel-grid">
        <SelectField
          label="Provider"
          name="provider"
          id={`${prefix}-provider`}
          value={provider}
          onChange={(e) => chooseProvider(e.target.value)}
          options={Object.keys(PROVIDERS[channel]).map((id) => [id, PROVIDER_LABELS[id] ?? id] as const)}
        />
        <Field
          label="Sender"
          name="from"
          id={`${prefix}-from`}
          type={isEmail ? 'email' : 'tel'}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          placeholder={isEmail ? 'hello@example.com' : '+15555550100'}
          help={provider === 'outbox' ? 'Optional with the built-in outbox.' : isEmail ? 'The address messages come from.' : 'The number messages come from, in E.164 format.'}
        />
      </div>
      {fields.length ? (
        <fieldset>
          <legend className="visually-hidden">{PROVIDER_LABELS[provider] ?? provider} credentials</legend>
          <div className="channel-grid">
            {fields.map((field) => {
              const id = `${prefix}-${field.name}`;
              const label = field.required ? field.label : `${field.label} (optional)`;
              if (field.secret) {
                const mask = stored ? view.credentials[field.name] : undefined;
                return (
                  <Field
                    key={`${provider}-${field.name}`}
                    label={label}
                    name={id}
                    id={id}
                    type="password"
                    autoComplete="new-password"
                    help={typeof mask === 'string' ? `Stored (${mask}). Leave empty to keep it.` : field.help}
                  />
                );
              }
              const value = values[field.name] ?? '';
              const change = (text: string) => setValues((v) => ({ ...v, [field.name]: text }));
              if (field.type === 'boolean') {
                return <SelectField key={`${provider}-${field.name}`} label={label} name={id} id={id} value={value} onChange={(e) => change(e.target.value)} options={[['', 'Not set'], ['true', 'Yes'], ['false', 'No']]} help={field.help} />;
              }
              return (
                <Field
                  key={`${provider}-${field.name}`}
                  label={label}
                  name={id}
                  id={id}
                  type={field.type === 'integer' ? 'number' : 'text'}
                  autoComplete="off"
                  spellCheck={false}
                  value={value}
                  onChange={(e) => change(e.target.value)}
                  help={field.help}
                />
              );
            })}
          </div>
        </fieldset>
      ) : null}
      <div className="field checkbox">
        <input id={`${prefix}-enabled`} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <label htmlFor={`${prefix}-enabled`}>Enabled</label>
      </div>
      <ErrorAlert error={error} testId={`${prefix}-error`} />
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : `Save ${channelLabel(channel).toLowerCase()} channel`}</button>
    </form>
  );
}

function TestSendForm({ channel }: { channel: Channel }) {
  const [to, setTo] = useState('');
  const [result, setResult] = useState<Message | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const isEmail = channel === 'email';
  const prefix = `channel-${channel}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api<Message>('POST', `/api/v1/tenant/channels/${channel}/test`, { to: to.trim() }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="channel-test">
      <form aria-label={`Send a ${channelLabel(channel).toLowerCase()} test`} className="inline" onSubmit={(e) => void submit(e)}>
        <Field
          label="Send a test to"
          name="to"
          id={`${prefix}-test-to`}
          type={isEmail ? 'email' : 'tel'}
          required
          placeholder={isEmail ? 'you@example.com' : '+15555550123'}
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <button type="submit" disabled={busy}>{busy ? 'Sending…' : 'Send test'}</button>
      </form>
      <div data-testid={`${prefix}-test-result`} aria-live="polite">
        <ErrorAlert error={error} testId={`${prefix}-test-error`} />
        {result ? (
          <p>
            Test message: <MessageStatus status={result.status} testId={`${prefix}-test-status`} />{' '}
            {result.provider ? <>via {result.provider} </> : null}
            <a href={href(`messages/${result.id}`)}>View message</a>
          </p>
        ) : null}
        {result?.last_error ? <p className="alert alert-error" data-testid={`${prefix}-test-last-error`}>{result.last_error}</p> : null}
      </div>
    </div>
  );
}
