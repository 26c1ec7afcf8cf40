/**
 * Who may sign up to the tenant and what happens then, as a form: whether self-signup is open, the
 * order of channels tried for the first contact, the application roles, the signup modes (each with
 * its label, the role it asks for and the wording of its first message), and the default role. The
 * server checks what it must (keys, roles named that exist) and each refusal is shown under its field.
 * Beside it, the identity provider's webhook: the endpoint URL to paste there, and a button that
 * generates its signing secret, shown once. Below, what a CRM contact approved into an account becomes:
 * its access role, and the saved app role and signup mode its onboarding starts with.
 */
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { href, routeTo, ROUTES } from '../router.ts';
import { channelLabel, ConfirmButton, ErrorAlert, Field, formatDate, Notice, onSubmitOf, plainWords, SecretOnce, SelectField, useLoad, useSubmit } from '../ui.tsx';

type SignupSettings = paths['/api/v1/tenant/signup-settings']['get']['responses'][200]['content']['application/json'];
type SignupSettingsBody = paths['/api/v1/tenant/signup-settings']['put']['requestBody']['content']['application/json'];
type WebhookSecret = paths['/api/v1/tenant/signup-settings/identity-webhook-secret']['post']['responses'][201]['content']['application/json'];
type CrmSettings = paths['/api/v1/tenant/crm-settings']['get']['responses'][200]['content']['application/json'];
type CrmSettingsBody = paths['/api/v1/tenant/crm-settings']['put']['requestBody']['content']['application/json'];
type ContactChannel = SignupSettingsBody['contact_policy']['channels'][number];

const CONTACT_CHANNELS: readonly ContactChannel[] = ['voice', 'sms', 'email'];

/** A row being edited; `id` keeps React's rows apart while a key is retyped. */
interface ModeRow {
  id: number;
  key: string;
  label: string;
  role: string;
  template_variant: string;
}

interface RoleRow {
  id: number;
  key: string;
  label: string;
  self_assignable: boolean;
}

interface Draft {
  open: boolean;
  modes: ModeRow[];
  roles: RoleRow[];
  defaultRole: string;
  /** Every channel, in the order tried; `on` says whether it is tried at all. */
  channels: { channel: ContactChannel; on: boolean }[];
}

let rowIds = 0;
const nextId = () => ++rowIds;

function toDraft(settings: SignupSettings): Draft {
  const chosen = (settings.contact_policy?.channels ?? []) as ContactChannel[];
  return {
    open: settings.self_signup_open ?? false,
    modes: (settings.modes ?? []).map((m) => ({ id: nextId(), key: m.key ?? '', label: m.label ?? '', role: m.role ?? '', template_variant: m.template_variant ?? '' })),
    roles: (settings.roles ?? []).map((r) => ({ id: nextId(), key: r.key ?? '', label: r.label ?? '', self_assignable: r.self_assignable ?? false })),
    defaultRole: settings.default_role ?? '',
    channels: [...chosen.map((channel) => ({ channel, on: true })), ...CONTACT_CHANNELS.filter((c) => !chosen.includes(c)).map((channel) => ({ channel, on: false }))],
  };
}

function toBody(draft: Draft): SignupSettingsBody {
  return {
    self_signup_open: draft.open,
    roles: draft.roles.map((r) => ({ key: r.key.trim(), label: r.label.trim(), self_assignable: r.self_assignable })),
    // a mode's variant left empty is its key (the server's default), so the field shows what is sent
    modes: draft.modes.map((m) => ({ key: m.key.trim(), label: m.label.trim(), role: m.role, ...(m.template_variant.trim() ? { template_variant: m.template_variant.trim() } : {}) })),
    default_role: draft.defaultRole,
    contact_policy: { channels: draft.channels.filter((c) => c.on).map((c) => c.channel) },
  };
}

const KEY_RULE = 'must be lower_snake_case: a lower-case letter, then letters, digits or _ (at most 32)';
const FIELD_LABELS: Readonly<Record<string, string>> = { key: 'Key', label: 'Label', role: 'Role', template_variant: 'Template variant', default_role: 'Default role', channels: 'First-contact channels', roles: 'Roles', modes: 'Modes' };

/**
 * The refusal's problems by field, keyed by the value's JSON pointer (/modes/0/role), in words: a
 * JSON-schema complaint in plain words after the field's label, the server's own checks as sentences.
 */
function problemsByPath(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const problem of error.errors) {
    const required = /^must have required property '(.+)'$/.exec(problem.message);
    const path = required ? `${problem.path.replace(/\/$/, '')}/${required[1]}` : problem.path;
    if (out[path]) continue;
    const field = path.split('/').at(-1) ?? '';
    const label = FIELD_LABELS[field] ?? 'This value';
    const undefinedRole = /^names role "(.+)", which is not in roles$/.exec(problem.message);
    const repeated = /^repeats (mode|role) "(.+)"/.exec(problem.message);
    let sentence: string;
    if (required) sentence = `${label} is required`;
    else if (undefinedRole) sentence = `The role “${undefinedRole[1]}” is not one of the roles above; choose one, or add it`;
    else if (repeated) sentence = `Another ${repeated[1]} already has the key “${repeated[2]}”; each key appears once`;
    else if (/^must match pattern/.test(problem.message)) sentence = `${label} ${field === 'template_variant' ? 'must be empty or lower_snake_case, like a key' : ['key', 'role', 'default_role'].includes(field) ? KEY_RULE : plainWords(problem.message)}`;
    else if (/^must /.test(problem.message)) sentence = `${label} ${plainWords(problem.message)}`;
    else sentence = problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
    out[path] = /[.!]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  return out;
}

export function SignupSettingsPage({ subdomain }: { subdomain: string | undefined }) {
  const settings = useLoad(() => api<SignupSettings>('GET', '/api/v1/tenant/signup-settings'), 'signup-settings');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<SignupSettings | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    if (!settings.data) return;
    setDraft(toDraft(settings.data));
    setSaved(settings.data);
  }, [settings.data]);

  const update = (change: (d: Draft) => Draft) => setDraft((d) => (d ? change(d) : d));
  const setMode = (id: number, patch: Partial<ModeRow>) => update((d) => ({ ...d, modes: d.modes.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
  const setRole = (id: number, patch: Partial<RoleRow>) => update((d) => ({ ...d, roles: d.roles.map((r) => (r.id === id ? { ...r, ...patch } : r)) }));
  const moveChannel = (index: number, by: -1 | 1) =>
    update((d) => {
      const channels = [...d.channels];
      const [moved] = channels.splice(index, 1);
      channels.splice(index + by, 0, moved!);
      return { ...d, channels };
    });

  const submit = useSubmit(async () => {
    if (!draft) return;
    setNotice('');
    const result = await api<SignupSettings>('PUT', '/api/v1/tenant/signup-settings', toBody(draft));
    setDraft(toDraft(result));
    setSaved(result);
    setNotice('Signup settings saved.');
  });
  const problems = problemsByPath(submit.error);
  const placed = Object.keys(problems).length > 0;

  const signupLink = subdomain ? `${window.location.origin}${href(routeTo(ROUTES.signup, { subdomain }))}` : undefined;
  const loginRoute = subdomain ? routeTo(ROUTES.tenantLogin, { subdomain }) : undefined;
  const roleOptions = (draft?.roles ?? []).filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.label.trim() ? `${r.label.trim()} (${r.key.trim()})` : r.key.trim()] as const);
  const withCurrent = (value: string) => (value && !roleOptions.some(([key]) => key === value) ? [[value, `${value} (not a role above)`] as const, ...roleOptions] : roleOptions);

  return (
    <>
      <h1>Signup settings</h1>
      <ErrorAlert error={settings.error} testId="signup-settings-load-error" />
      {signupLink ? (
        <p>
          Public signup page:{' '}
          <a href={href(routeTo(ROUTES.signup, { subdomain: subdomain! }))} data-testid="signup-link">
            {signupLink}
          </a>
          {saved && !saved.self_signup_open ? <span className="muted"> (closed until you open self-signup below)</span> : null}
        </p>
      ) : null}
      {loginRoute ? (
        <p>
          Sign-in page, linked from every email: <a href={href(loginRoute)} data-testid="login-link">{`${window.location.origin}${href(loginRoute)}`}</a>
        </p>
      ) : null}
      <form aria-label="Signup settings" onSubmit={onSubmitOf(submit)} aria-busy={settings.loading}>
        <fieldset disabled={!draft || submit.busy}>
          <legend className="visually-hidden">Signup settings</legend>
          <section aria-labelledby="signup-open-heading">
            <h2 id="signup-open-heading">Self-signup and first contact</h2>
            <div className="field checkbox">
              <input id="signup-open" type="checkbox" checked={draft?.open ?? false} onChange={(e) => update((d) => ({ ...d, open: e.target.checked }))} />
              <label htmlFor="signup-open">Anyone may sign up to this tenant</label>
            </div>
            <fieldset className="checks" aria-describedby="channels-help">
              <legend>First-contact channels, in the order tried</legend>
              <small id="channels-help" className="help">
                The first ticked channel that can reach the person is used; none ticked means no first contact.
              </small>
              <ol className="channel-order" data-testid="channel-order">
                {(draft?.channels ?? []).map(({ channel, on }, index, all) => (
                  <li key={channel} data-channel={channel}>
                    <label>
                      <input type="checkbox" checked={on} onChange={(e) => update((d) => ({ ...d, channels: d.channels.map((c) => (c.channel === channel ? { ...c, on: e.target.checked } : c)) }))} />
                      <span>{channelLabel(channel)}</span>
                    </label>
                    <span className="row-actions">
                      <button type="button" aria-label={`Move ${channelLabel(channel)} up`} disabled={index === 0} onClick={() => moveChannel(index, -1)}>
                        ↑
                      </button>
                      <button type="button" aria-label={`Move ${channelLabel(channel)} down`} disabled={index === all.length - 1} onClick={() => moveChannel(index, 1)}>
                        ↓
                      </button>
                    </span>
                  </li>
                ))}
              </ol>
              {problems['/contact_policy/channels'] ? <small className="field-error">{problems['/contact_policy/channels']}</small> : null}
            </fieldset>
          </section>

          <section aria-labelledby="signup-roles-heading">
            <h2 id="signup-roles-heading">Application roles</h2>
            <p className="muted">The roles your app gives people (not their access to this console). A signup mode grants its role only when the role may be chosen at signup.</p>
            {(draft?.roles ?? []).map((role, index) => (
              <fieldset key={role.id} className="settings-row" data-testid={`role-${index}`}>
                <legend>Role {index + 1}</legend>
                <Field label="Key" name={`role-key-${role.id}`} required maxLength={32} autoComplete="off" spellCheck={false} value={role.key} onChange={(e) => setRole(role.id, { key: e.target.value })} problem={problems[`/roles/${index}/key`]} />
                <Field label="Label" name={`role-label-${role.id}`} required maxLength={100} autoComplete="off" value={role.label} onChange={(e) => setRole(role.id, { label: e.target.value })} problem={problems[`/roles/${index}/label`]} />
                <div className="field checkbox">
                  <input id={`role-self-${role.id}`} type="checkbox" checked={role.self_assignable} onChange={(e) => setRole(role.id, { self_assignable: e.target.checked })} />
                  <label htmlFor={`role-self-${role.id}`}>May be chosen at signup</label>
                </div>
                <button type="button" aria-label={`Remove role ${index + 1}`} disabled={(draft?.roles.length ?? 0) <= 1} onClick={() => update((d) => ({ ...d, roles: d.roles.filter((r) => r.id !== role.id) }))}>
                  Remove
                </button>
              </fieldset>
            ))}
            {problems['/roles'] ? <p className="field-error">{problems['/roles']}</p> : null}
            <div className="actions">
              <button type="button" onClick={() => update((d) => ({ ...d, roles: [...d.roles, { id: nextId(), key: '', label: '', self_assignable: true }] }))}>
                Add a role
              </button>
            </div>
            <SelectField
              label="Default role"
              name="default_role"
              value={draft?.defaultRole ?? ''}
              onChange={(e) => update((d) => ({ ...d, defaultRole: e.target.value }))}
              options={withCurrent(draft?.defaultRole ?? '')}
              problem={problems['/default_role']}
              help="The role of anyone whose signup mode does not grant one."
            />
          </section>

          <section aria-labelledby="signup-modes-heading">
            <h2 id="signup-modes-heading">Signup modes</h2>
            <p className="muted">
              What a person signing up says they are here for. Your signup form (or identity provider) sends the mode's key as <code>signup_mode</code>; Embark's public signup page offers <code>hirer</code> and <code>talent</code>.
            </p>
            {draft && draft.modes.length === 0 ? (
              <p className="muted" data-testid="modes-empty">
                No modes yet: everyone gets the default role and the default wording. Add one when signups come for different reasons.
              </p>
            ) : null}
            {(draft?.modes ?? []).map((mode, index) => (
              <fieldset key={mode.id} className="settings-row" data-testid={`mode-${index}`}>
                <legend>Mode {index + 1}</legend>
                <Field label="Key" name={`mode-key-${mode.id}`} required maxLength={32} autoComplete="off" spellCheck={false} value={mode.key} onChange={(e) => setMode(mode.id, { key: e.target.value })} problem={problems[`/modes/${index}/key`]} />
                <Field label="Label" name={`mode-label-${mode.id}`} required maxLength={100} autoComplete="off" value={mode.label} onChange={(e) => setMode(mode.id, { label: e.target.value })} problem={problems[`/modes/${index}/label`]} />
                <SelectField label="Role" name={`mode-role-${mode.id}`} value={mode.role} onChange={(e) => setMode(mode.id, { role: e.target.value })} options={withCurrent(mode.role).length ? withCurrent(mode.role) : [['', 'Add a role first']]} problem={problems[`/modes/${index}/role`]} />

                <Field
                  label="Template variant"
                  name={`mode-variant-${mode.id}`}
                  maxLength={64}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={mode.key.trim() || undefined}
                  value={mode.template_variant}
                  onChange={(e) => setMode(mode.id, { template_variant: e.target.value })}
                  problem={problems[`/modes/${index}/template_variant`]}
                  help="The wording of the first message (a variant on the Templates page); empty means the mode's key."
                />
                <button type="button" aria-label={`Remove mode ${index + 1}`} onClick={() => update((d) => ({ ...d, modes: d.modes.filter((m) => m.id !== mode.id) }))}>
                  Remove
                </button>
              </fieldset>
            ))}
            <div className="actions">
              <button type="button" onClick={() => update((d) => ({ ...d, modes: [...d.modes, { id: nextId(), key: '', label: '', role: d.roles.find((r) => r.self_assignable)?.key ?? d.roles[0]?.key ?? '', template_variant: '' }] }))}>
                Add a mode
              </button>
            </div>
          </section>
        </fieldset>
        {saved?.updated_at ? <p className="muted">Last saved {formatDate(saved.updated_at)}.</p> : null}
        {submit.error && placed ? (
          <p className="alert alert-error" role="alert" data-testid="signup-settings-error">
            Not saved: {Object.values(problems).length === 1 ? 'one field needs a change' : `${Object.values(problems).length} fields need a change`}, shown under {Object.values(problems).length === 1 ? 'it' : 'each'}.
          </p>
        ) : (
          <ErrorAlert error={submit.error} testId="signup-settings-error" />
        )}
        <Notice testId="signup-settings-notice">{notice}</Notice>
        <button type="submit" className="primary" disabled={submit.busy || !draft}>
          {submit.busy ? 'Saving…' : 'Save signup settings'}
        </button>
      </form>
      {saved ? <ContactMapping signup={saved} /> : null}
      {saved?.identity_webhook ? <IdentityWebhook webhook={saved.identity_webhook} onGenerated={() => settings.reload()} /> : null}
    </>
  );
}

/** The endpoint an identity provider posts user.created to, and its signing secret (generated here, shown once). */
function IdentityWebhook({ webhook, onGenerated }: { webhook: NonNullable<SignupSettings['identity_webhook']>; onGenerated(): void }) {
  const [secret, setSecret] = useState<WebhookSecret | null>(null);
  const generate = useSubmit(async () => {
    const created = await api<WebhookSecret>('POST', '/api/v1/tenant/signup-settings/identity-webhook-secret');
    setSecret(created);
    onGenerated();
  });
  const url = `${window.location.origin}${webhook.url_path ?? ''}`;
  const [copied, setCopied] = useState(false);

  return (
    <section aria-labelledby="identity-webhook-heading" data-testid="identity-webhook">
      <h2 id="identity-webhook-heading">Identity provider webhook</h2>
      <p className="muted">When your identity provider creates a user, it can tell Embark with a signed user.created event (Standard Webhooks), and the person's onboarding starts as if they had signed up here.</p>
      <div className="field">
        <label htmlFor="identity-webhook-url">Endpoint URL to paste into your identity provider</label>
        <div className="secret-row">
          <input id="identity-webhook-url" readOnly value={url} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(url).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      </div>
      <p data-testid="identity-webhook-status">
        {webhook.secret_set ? `A signing secret is set${webhook.secret_created_at ? `, generated ${formatDate(webhook.secret_created_at)}` : ''}.` : 'No signing secret yet: generate one, then give it to your identity provider. Until then every event is refused.'}
      </p>
      {secret?.secret ? <SecretOnce label="Identity webhook signing secret" secret={secret.secret} testId="identity-webhook-secret" onDone={() => setSecret(null)} /> : null}
      <ErrorAlert error={generate.error} testId="identity-webhook-error" />
      {webhook.secret_set ? (
        <ConfirmButton question="Replace the signing secret? The current one stops working at once." confirm="Yes, generate a new one" disabled={generate.busy} onConfirm={() => void generate.run()}>
          Generate a new signing secret
        </ConfirmButton>
      ) : (
        <button type="button" className="primary" disabled={generate.busy} onClick={() => void generate.run()}>
          {generate.busy ? 'Generating…' : 'Generate signing secret'}
        </button>
      )}
    </section>
  );
}

/**
 * What an approved CRM contact becomes (Contacts → Approve & Create Account): member or staff, and the
 * saved app role and signup mode its onboarding starts with, which decide the checklists it gets.
 */
function ContactMapping({ signup }: { signup: SignupSettings }) {
  const mapping = useLoad(() => api<CrmSettings>('GET', '/api/v1/tenant/crm-settings'), 'crm-settings');
  const [notice, setNotice] = useState('');
  const submit = useSubmit(async (form: HTMLFormElement) => {
    setNotice('');
    const value = (name: string) => (form.elements.namedItem(name) as HTMLSelectElement).value;
    const body: CrmSettingsBody = { access_role: value('crm_access_role') as CrmSettingsBody['access_role'], app_role: value('crm_app_role') || null, signup_mode: value('crm_signup_mode') || null };
    await api<CrmSettings>('PUT', '/api/v1/tenant/crm-settings', body);
    setNotice('Saved: the next approved contact gets these.');
    mapping.reload();
  });
  const current = mapping.data;
  const known = (value: string | null | undefined, keys: readonly string[]) => (value && !keys.includes(value) ? [[value, `${value} (not defined: choose another)`] as const] : []);
  const roleKeys = (signup.roles ?? []).map((r) => r.key ?? '');
  const modeKeys = (signup.modes ?? []).map((m) => m.key ?? '');
  return (
    <section aria-labelledby="crm-mapping-heading" data-testid="crm-mapping">
      <h2 id="crm-mapping-heading">Approved contacts</h2>
      <p className="muted">What a contact becomes when staff approve it on the Contacts page. Its application role and signup mode decide which onboarding checklists it gets.</p>
      <ErrorAlert error={mapping.error} testId="crm-mapping-load-error" />
      {current ? (
        <form aria-label="Approved contacts" onSubmit={onSubmitOf(submit)} key={current.updated_at ?? 'defaults'}>
          <fieldset disabled={submit.busy}>
            <legend className="visually-hidden">Approved contacts</legend>
            <SelectField
              label="Access"
              name="crm_access_role"
              defaultValue={current.access_role}
              options={[
                ['member', 'Member'],
                ['staff', 'Staff'],
              ]}
            />
            <SelectField
              label="Application role"
              name="crm_app_role"
              defaultValue={current.app_role ?? ''}
              options={[['', 'As any new user'], ...known(current.app_role, roleKeys), ...(signup.roles ?? []).map((r) => [r.key ?? '', `${r.label} (${r.key})`] as const)]}
              help="As any new user: the signup mode’s role when it may be chosen at signup, else the default role."
            />
            <SelectField label="Signup mode" name="crm_signup_mode" defaultValue={current.signup_mode ?? ''} options={[['', 'None'], ...known(current.signup_mode, modeKeys), ...(signup.modes ?? []).map((m) => [m.key ?? '', `${m.label} (${m.key})`] as const)]} />
          </fieldset>
          <ErrorAlert error={submit.error} testId="crm-mapping-error" />
          <Notice testId="crm-mapping-notice">{notice}</Notice>
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Save for approved contacts'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
