/**
 * The tenant's integrations: for each kind (email, SMS and voice channels, mailboxes, e-signature) the
 * provider Embark uses and its credentials, with a test send for the channels and a connection test
 * (one harmless call with the stored credentials) for mailboxes and e-signature. The forms are built
 * from the fields the server declares (GET /api/v1/integrations/providers), never copied here.
 * Secret fields are password inputs that are never pre-filled (the server returns only a mask) and
 * are read with takePassword; saving a stored provider with nothing changed omits `credentials`,
 * which tells the server to keep the stored ones.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { href } from '../router.ts';
import { channelLabel, ErrorAlert, Field, fieldProblems, formatDate, MessageStatus, Notice, onSubmitOf, refusal, SelectField, takePassword, useLoad, useSubmit, type Message } from '../ui.tsx';

type Catalogue = paths['/api/v1/integrations/providers']['get']['responses'][200]['content']['application/json'];
type KindSpec = Catalogue['kinds'][number];
type ProviderSpec = KindSpec['providers'][number];
type FieldSpec = ProviderSpec['fields'][number];
type Integration = paths['/api/v1/integrations']['get']['responses'][200]['content']['application/json']['items'][number];
type Kind = KindSpec['kind'];

const CHANNEL_KINDS: readonly Kind[] = ['email', 'sms', 'voice'];
const isChannel = (kind: Kind) => CHANNEL_KINDS.includes(kind);

/** The names the page's ids, test ids and buttons use: channels keep theirs ("SMS channel"). */
function naming(spec: KindSpec) {
  const channel = isChannel(spec.kind);
  const title = channel ? channelLabel(spec.kind) : spec.label;
  return {
    prefix: channel ? `channel-${spec.kind}` : `integration-${spec.kind}`,
    title,
    form: channel ? `${title} channel` : `${title} integration`,
    save: channel ? `Save ${title.toLowerCase()} channel` : `Save ${title.toLowerCase()} integration`,
  };
}

/** A stored non-secret value as the text its input shows. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

function storedValues(provider: ProviderSpec, stored: Integration | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of provider.fields) {
    if (field.type === 'secret') continue;
    const text = asText(stored?.credentials[field.name]);
    // a required choice starts on its first option, as the select shows it
    values[field.name] = text === '' && field.type === 'select' && field.required ? (field.options?.[0] ?? '') : text;
  }
  return values;
}

export function IntegrationsPage() {
  const catalogue = useLoad(() => api<Catalogue>('GET', '/api/v1/integrations/providers'), 'providers');
  const stored = useLoad(() => api<{ items: Integration[] }>('GET', '/api/v1/integrations'), 'integrations');
  const [notices, setNotices] = useState<Partial<Record<Kind, string>>>({});

  return (
    <>
      <h1>Integrations</h1>
      <p className="muted">
        The vendors Embark works with for this tenant. A channel left on the built-in outbox delivers into <a href={href('messages')}>Messages</a>, where you can read what would have been sent. Credentials are stored encrypted and never shown again.
      </p>
      <ErrorAlert error={catalogue.error ?? stored.error} testId="integrations-error" />
      {catalogue.data && stored.data
        ? catalogue.data.kinds.map((spec) => {
            const names = naming(spec);
            const rows = stored.data!.items.filter((row) => row.kind === spec.kind);
            const active = rows.find((row) => row.active);
            return (
              <section key={spec.kind} aria-labelledby={`${names.prefix}-heading`} data-testid={names.prefix}>
                <h2 id={`${names.prefix}-heading`}>{names.title}</h2>
                <Notice testId={`${names.prefix}-notice`}>{notices[spec.kind]}</Notice>
                {/* keyed by the saved version, so a save shows what the server stored */}
                <IntegrationForm
                  key={`${spec.kind}-${active?.provider ?? ''}-${active?.updated_at ?? 'default'}`}
                  spec={spec}
                  rows={rows}
                  onSaved={(saved) => {
                    const label = spec.providers.find((p) => p.id === saved.provider)?.label ?? saved.provider;
                    const what = isChannel(spec.kind) ? `${names.title} sends through ${label}` : `${label} for ${names.title.toLowerCase()}`;
                    setNotices((n) => ({ ...n, [spec.kind]: `Saved: ${what}${saved.enabled ? '' : ' (disabled)'}.` }));
                    stored.reload();
                  }}
                />
                {isChannel(spec.kind) ? <TestSendForm channel={spec.kind} prefix={names.prefix} /> : active ? <TestConnection key={`${active.provider}-${active.updated_at}`} kind={spec.kind} provider={active.provider} prefix={names.prefix} /> : null}
              </section>
            );
          })
        : null}
    </>
  );
}

function IntegrationForm({ spec, rows, onSaved }: { spec: KindSpec; rows: Integration[]; onSaved(saved: Integration): void }) {
  const kind = spec.kind;
  const names = naming(spec);
  const active = rows.find((row) => row.active);
  const [providerId, setProviderId] = useState(active?.provider ?? spec.providers[0]?.id ?? '');
  const provider = spec.providers.find((p) => p.id === providerId) ?? spec.providers[0]!;
  const stored = rows.find((row) => row.provider === provider.id);
  const [from, setFrom] = useState(active?.from ?? '');
  const [values, setValues] = useState<Record<string, string>>(() => storedValues(provider, stored));
  const [enabled, setEnabled] = useState(active?.enabled ?? true);
  const fields = provider.fields;
  const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
  const prefix = names.prefix;
  const channel = isChannel(kind);

  const submit = useSubmit(async (form: HTMLFormElement) => {
    // read and cleared at once, whatever happens next: a secret is never kept on the page
    const secrets: Record<string, string> = {};
    for (const field of fields) if (field.type === 'secret') secrets[field.name] = takePassword(form, `${prefix}-${field.name}`);
    const credentials = credentialsFrom(secrets);
    const saved = await api<Integration>('PUT', `/api/v1/integrations/${kind}/${provider.id}`, {
      ...(channel ? { from: from.trim() } : {}),
      enabled,
      ...(credentials === undefined ? {} : { credentials }),
    });
    onSaved(saved);
  });
  const problems = fieldProblems(submit.error, labels);

  function chooseProvider(next: string) {
    setProviderId(next);
    const nextSpec = spec.providers.find((p) => p.id === next);
    if (nextSpec)
      setValues(
        storedValues(
          nextSpec,
          rows.find((row) => row.provider === next),
        ),
      );
    submit.fail(null);
  }

  /** The credentials to send, or undefined to keep the stored ones; throws a refusal the page makes itself. */
  function credentialsFrom(secrets: Record<string, string>): Record<string, unknown> | undefined {
    const anySecret = Object.values(secrets).some((value) => value !== '');
    const before = storedValues(provider, stored);
    const changed = fields.some((field) => field.type !== 'secret' && (values[field.name] ?? '') !== (before[field.name] ?? ''));
    if (stored && !anySecret && !changed) return undefined;
    if (stored) {
      // the stored secrets never come back to the browser, so changing anything means giving them again
      const forgotten = fields.filter((field) => field.type === 'secret' && secrets[field.name] === '' && stored.credentials[field.name] !== undefined);
      if (forgotten.length) throw refusal(`Enter the ${forgotten.map((field) => field.label.toLowerCase()).join(' and ')} again to change these credentials; stored secrets are never shown, so they cannot be kept while others change.`);
    }
    const credentials: Record<string, unknown> = {};
    for (const field of fields) {
      const text = field.type === 'secret' ? (secrets[field.name] ?? '') : (values[field.name] ?? '').trim();
      if (text === '') {
        if (field.required) throw refusal(`${field.label} is required for ${provider.label}.`);
        continue;
      }
      if (field.type === 'integer') {
        if (!/^\d+$/.test(text)) throw refusal(`${field.label} must be a whole number.`);
        credentials[field.name] = Number(text);
      } else if (field.type === 'boolean') {
        credentials[field.name] = text === 'true';
      } else {
        credentials[field.name] = text;
      }
    }
    return credentials;
  }

  const isEmail = kind === 'email';
  const state = active
    ? `Configured${active.provider !== provider.id ? ` (${spec.providers.find((p) => p.id === active.provider)?.label ?? active.provider} in use)` : ''}${active.updated_at ? `, last saved ${formatDate(active.updated_at)}` : ''}.`
    : channel
      ? 'Not configured: the built-in outbox stands in.'
      : 'Not configured.';
  return (
    <form aria-label={names.form} data-version={active?.updated_at ?? ''} onSubmit={onSubmitOf(submit)}>
      <p className="muted" data-testid={`${prefix}-state`}>
        {state}
      </p>
      <div className="channel-grid">
        <SelectField label="Provider" name="provider" id={`${prefix}-provider`} value={provider.id} onChange={(e) => chooseProvider(e.target.value)} options={spec.providers.map((p) => [p.id, p.label] as const)} />
        {channel ? (
          <Field
            label="Sender"
            name="from"
            id={`${prefix}-from`}
            type={isEmail ? 'email' : 'tel'}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            placeholder={isEmail ? 'hello@example.com' : '+15555550100'}
            help={provider.id === 'outbox' ? 'Optional with the built-in outbox.' : isEmail ? 'The address messages come from.' : 'The number messages come from, in E.164 format.'}
          />
        ) : null}
      </div>
      {provider.notice ? (
        <p className="alert alert-warn" role="note" data-testid={`${prefix}-provider-notice`}>
          {provider.notice}
        </p>
      ) : null}
      {fields.length ? (
        <fieldset>
          <legend className="visually-hidden">{provider.label} credentials</legend>
          <div className="channel-grid">
            {fields.map((field) => (
              <CredentialInput key={`${provider.id}-${field.name}`} field={field} id={`${prefix}-${field.name}`} value={values[field.name] ?? ''} mask={stored?.credentials[field.name]} problem={problems[field.name]} onChange={(text) => setValues((v) => ({ ...v, [field.name]: text }))} />
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="field checkbox">
        <input id={`${prefix}-enabled`} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <label htmlFor={`${prefix}-enabled`}>Enabled</label>
      </div>
      <ErrorAlert error={submit.error} labels={labels} testId={`${prefix}-error`} />
      <button type="submit" className="primary" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : names.save}
      </button>
    </form>
  );
}

/** One credential field, as its spec says: a password input for a secret, a choice for a select or a yes/no. */
function CredentialInput({ field, id, value, mask, problem, onChange }: { field: FieldSpec; id: string; value: string; mask: unknown; problem: string | undefined; onChange(text: string): void }) {
  const label = field.required ? field.label : `${field.label} (optional)`;
  const help = problem ?? field.help;
  const invalid = problem ? true : undefined;
  if (field.type === 'secret') {
    return <Field label={label} name={id} id={id} type="password" autoComplete="new-password" aria-invalid={invalid} help={problem ?? (typeof mask === 'string' ? `Stored (${mask}). Leave empty to keep it.` : field.help)} />;
  }
  if (field.type === 'boolean' || field.type === 'select') {
    const options =
      field.type === 'boolean'
        ? ([
            ['', 'Not set'],
            ['true', 'Yes'],
            ['false', 'No'],
          ] as const)
        : [...(field.required ? [] : [['', 'Not set'] as const]), ...(field.options ?? []).map((o) => [o, o] as const)];
    return <SelectField label={label} name={id} id={id} value={value} onChange={(e) => onChange(e.target.value)} options={options} aria-invalid={invalid} help={help} />;
  }
  return <Field label={label} name={id} id={id} type={field.type === 'integer' ? 'number' : field.type === 'url' ? 'url' : 'text'} autoComplete="off" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid} help={help} />;
}

type ConnectionTest = paths['/api/v1/integrations/{kind}/{provider}/test']['post']['responses'][200]['content']['application/json'];

/** "Test connection": the server makes one harmless call to the vendor with the stored credentials and says what came back. */
function TestConnection({ kind, provider, prefix }: { kind: Kind; provider: string; prefix: string }) {
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const test = useSubmit(async () => {
    setResult(null);
    setResult(await api<ConnectionTest>('POST', `/api/v1/integrations/${kind}/${encodeURIComponent(provider)}/test`));
  });
  return (
    <div className="channel-test">
      <button type="button" disabled={test.busy} onClick={() => void test.run()}>
        {test.busy ? 'Testing…' : 'Test connection'}
      </button>
      <div data-testid={`${prefix}-connection`} aria-live="polite">
        <ErrorAlert error={test.error} testId={`${prefix}-connection-error`} />
        {result ? (
          <p className={result.ok === false ? 'alert alert-error' : result.ok ? 'alert alert-ok' : 'muted'} data-testid={`${prefix}-connection-result`} data-ok={String(result.ok)}>
            {result.ok === true ? 'Connected: ' : result.ok === false ? 'Failed: ' : 'Nothing to test: '}
            {result.detail} <small>({formatDate(result.checked_at)})</small>
          </p>
        ) : null}
      </div>
    </div>
  );
}

function TestSendForm({ channel, prefix }: { channel: Kind; prefix: string }) {
  const [to, setTo] = useState('');
  const [result, setResult] = useState<Message | null>(null);
  const isEmail = channel === 'email';
  const submit = useSubmit(async () => {
    setResult(null);
    setResult(await api<Message>('POST', `/api/v1/tenant/channels/${channel}/test`, { to: to.trim() }));
  });

  return (
    <div className="channel-test">
      <form aria-label={`Send a ${channelLabel(channel).toLowerCase()} test`} className="inline" onSubmit={onSubmitOf(submit)}>
        <Field label="Send a test to" name="to" id={`${prefix}-test-to`} type={isEmail ? 'email' : 'tel'} required placeholder={isEmail ? 'you@example.com' : '+15555550123'} value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Sending…' : 'Send test'}
        </button>
      </form>
      <div data-testid={`${prefix}-test-result`} aria-live="polite">
        <ErrorAlert error={submit.error} testId={`${prefix}-test-error`} />
        {result ? (
          <p>
            Test message: <MessageStatus status={result.status} testId={`${prefix}-test-status`} /> {result.provider ? <>via {result.provider} </> : null}
            <a href={href(`messages/${result.id}`)}>View message</a>
          </p>
        ) : null}
        {result?.last_error ? (
          <p className="alert alert-error" data-testid={`${prefix}-test-last-error`}>
            {result.last_error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
