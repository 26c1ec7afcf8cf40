/**
 * Who may sign up to the tenant and what happens then: whether self-signup is open, the signup modes
 * (each asks for an application role and picks the first message's wording), the application roles,
 * the default role, and the order of channels tried for the first contact. Modes and roles are edited
 * as JSON, checked here before sending; the server checks the rest and its detail is shown.
 */
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { href, routeTo, ROUTES } from '../router.ts';
import { ErrorAlert, Field, Notice, TextAreaField, formatDate, useLoad, useSubmit, onSubmitOf } from '../ui.tsx';

interface SignupMode {
  key: string;
  label: string;
  role: string;
  template_variant?: string;
}

interface AppRole {
  key: string;
  label: string;
  self_assignable?: boolean;
}

type ContactChannel = 'voice' | 'sms' | 'email';

interface SignupSettings {
  self_signup_open: boolean;
  modes: SignupMode[];
  roles: AppRole[];
  default_role: string;
  contact_policy: { channels: ContactChannel[] };
  identity_webhook?: { url_path: string; secret_set: boolean; secret_created_at: string | null };
  updated_at: string | null;
}

interface Draft {
  open: boolean;
  modes: string;
  roles: string;
  defaultRole: string;
  channels: string;
}

const CONTACT_CHANNELS: readonly ContactChannel[] = ['voice', 'sms', 'email'];

function toDraft(settings: SignupSettings): Draft {
  return {
    open: settings.self_signup_open,
    modes: JSON.stringify(settings.modes, null, 2),
    roles: JSON.stringify(settings.roles, null, 2),
    defaultRole: settings.default_role,
    channels: settings.contact_policy.channels.join(', '),
  };
}

function invalid(detail: string): ApiError {
  return new ApiError(0, 'validation_failed', detail);
}

/** Parses a JSON list of objects with the given string keys; throws an ApiError naming the problem. */
function parseList<T>(what: string, text: string, requiredKeys: readonly string[]): T[] {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '[]' : text);
  } catch (error) {
    throw invalid(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw invalid(`${what} must be a JSON list, [ … ]`);
  value.forEach((item: unknown, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw invalid(`${what}: item ${index + 1} must be an object, { … }`);
    for (const key of requiredKeys) {
      const field = (item as Record<string, unknown>)[key];
      if (typeof field !== 'string' || field === '') throw invalid(`${what}: item ${index + 1} needs a "${key}" text`);
    }
  });
  return value as T[];
}

function parseChannels(text: string): ContactChannel[] {
  const channels = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((c) => c.toLowerCase());
  const unknown = channels.filter((c) => !(CONTACT_CHANNELS as readonly string[]).includes(c));
  if (unknown.length) throw invalid(`first-contact channels: ${unknown.join(', ')} is not one of voice, sms, email`);
  if (new Set(channels).size !== channels.length) throw invalid('first-contact channels: each channel may appear once');
  return channels as ContactChannel[];
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

  const change = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft((d) => (d ? { ...d, [field]: event.target.value } : d));

  const submit = useSubmit(async () => {
    if (!draft) return;
    setNotice('');
    // a list that is not valid JSON is refused here, with what is wrong with it
    const body = {
      self_signup_open: draft.open,
      modes: parseList<SignupMode>('Signup modes', draft.modes, ['key', 'label', 'role']),
      roles: parseList<AppRole>('Roles', draft.roles, ['key', 'label']),
      default_role: draft.defaultRole.trim(),
      contact_policy: { channels: parseChannels(draft.channels) },
    };
    const result = await api<SignupSettings>('PUT', '/api/v1/tenant/signup-settings', body);
    setDraft(toDraft(result));
    setSaved(result);
    setNotice('Signup settings saved.');
  });

  const signupLink = subdomain ? `${window.location.origin}${href(routeTo(ROUTES.signup, { subdomain }))}` : undefined;
  const loginRoute = subdomain ? routeTo(ROUTES.tenantLogin, { subdomain }) : undefined;

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
            <h2 id="signup-open-heading">Self-signup</h2>
            <div className="field checkbox">
              <input id="signup-open" type="checkbox" checked={draft?.open ?? false} onChange={(e) => setDraft((d) => (d ? { ...d, open: e.target.checked } : d))} />
              <label htmlFor="signup-open">Anyone may sign up to this tenant</label>
            </div>
            <Field label="First-contact channels, in order" name="channels" value={draft?.channels ?? ''} onChange={change('channels')} help="Any of voice, sms, email, separated by commas. The first that can reach the person is used; empty means no first contact." />
          </section>
          <section aria-labelledby="signup-modes-heading">
            <h2 id="signup-modes-heading">Modes and roles</h2>
            <TextAreaField
              label="Signup modes (JSON)"
              name="modes"
              rows={8}
              spellCheck={false}
              value={draft?.modes ?? ''}
              onChange={change('modes')}
              help={
                <>
                  A list of {'{ "key", "label", "role", "template_variant" }'}: the modes a signup may send, the role each asks for, and the wording of the first message (the key when left out). Embark’s public signup page offers <code>hirer</code> and <code>talent</code>; other keys come from your
                  own signup form.
                </>
              }
            />
            <TextAreaField label="Roles (JSON)" name="roles" rows={8} spellCheck={false} value={draft?.roles ?? ''} onChange={change('roles')} help={<>A list of {'{ "key", "label", "self_assignable" }'}: application roles; a mode grants its role only when it is self-assignable.</>} />
            <Field label="Default role" name="default_role" required value={draft?.defaultRole ?? ''} onChange={change('defaultRole')} help="The role of anyone whose mode does not grant one; one of the keys above." />
          </section>
        </fieldset>
        {saved?.identity_webhook ? (
          <p className="muted">
            Identity provider webhook: <code>{saved.identity_webhook.url_path}</code> {saved.identity_webhook.secret_set ? '(signing secret set)' : '(no signing secret yet)'}
          </p>
        ) : null}
        {saved?.updated_at ? <p className="muted">Last saved {formatDate(saved.updated_at)}.</p> : null}
        <ErrorAlert error={submit.error} testId="signup-settings-error" />
        <Notice testId="signup-settings-notice">{notice}</Notice>
        <button type="submit" className="primary" disabled={submit.busy || !draft}>
          {submit.busy ? 'Saving…' : 'Save signup settings'}
        </button>
      </form>
    </>
  );
}
