/**
 * The pages a link or a forgotten password leads to, before anyone is signed in: choosing the first
 * global admin (/setup?token=…, the link `embark serve` prints), asking for a reset link
 * ("Forgot password?"), and choosing a password from a reset or invitation link
 * (/reset-password?token=…). Passwords are read from the form and cleared at once, never kept.
 */
import { useEffect, useState } from 'react';
import { ApiError, api, setSession, type Session } from '../api.ts';
import { href, navigate, routeQuery, routeTo, ROUTES } from '../router.ts';
import { brandStyle, ErrorAlert, Field, Notice, takePassword, TenantLogo, TenantMissing, tenantName, useSubmit, useTenantFace, onSubmitOf, type TenantFace } from '../ui.tsx';

/**
 * The token of the link that opened the page, read once; it is then taken out of the address bar, so
 * it stays out of the browser's history and of anything the address is copied into.
 */
function useLinkToken(): string {
  const [token] = useState(() => routeQuery().get('token') ?? '');
  useEffect(() => {
    if (token) window.history.replaceState(null, '', window.location.pathname);
  }, [token]);
  return token;
}

const MIN_LENGTH = 12;

/** The new password and its confirmation, checked as the server will; an error to show, else the password. */
function readNewPassword(form: HTMLFormElement): { password: string } | { error: ApiError } {
  const password = takePassword(form, 'new_password');
  const confirm = takePassword(form, 'confirm_password');
  if (password.length < MIN_LENGTH) return { error: new ApiError(0, 'weak_password', `the password must be at least ${MIN_LENGTH} characters long`) };
  if (password !== confirm) return { error: new ApiError(0, 'password_mismatch', 'the password and its confirmation differ') };
  return { password };
}

function NewPasswordFields() {
  return (
    <>
      <Field label="Password" name="new_password" type="password" autoComplete="new-password" required help={`At least ${MIN_LENGTH} characters. A few unrelated words make a good one.`} />
      <Field label="Confirm password" name="confirm_password" type="password" autoComplete="new-password" required />
    </>
  );
}

/** /setup?token=…: the first global admin, while there is none. */
export function SetupPage() {
  const token = useLinkToken();
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [email, setEmail] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    api<{ needed: boolean }>('GET', '/api/v1/setup', undefined, { auth: false }).then((answer) => setNeeded(answer.needed), setLoadError);
  }, []);

  const submit = useSubmit(async (form: HTMLFormElement) => {
    const read = readNewPassword(form);
    if ('error' in read) throw read.error;
    await api('POST', '/api/v1/setup', { token, email: email.trim(), password: read.password }, { auth: false });
    setSession(await api<Session>('POST', '/api/v1/auth/login', { email: email.trim(), password: read.password }, { auth: false }));
    navigate('', { replace: true });
  });

  if (needed === false) {
    return (
      <main className="narrow">
        <h1>Embark is set up</h1>
        <p data-testid="setup-done">
          A global administrator exists already. <a href={href('')}>Sign in</a>.
        </p>
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>Set up Embark</h1>
      <p>Create the first global administrator: the account that creates tenants and their administrators.</p>
      {!token ? (
        <p className="alert alert-error" role="alert">
          This page needs the link <code>embark serve</code> printed, with its token.
        </p>
      ) : null}
      <form aria-label="Create the first administrator" onSubmit={onSubmitOf(submit)}>
        <Field label="Email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <NewPasswordFields />
        <ErrorAlert error={submit.error ?? loadError} testId="setup-error" />
        <button type="submit" className="primary" disabled={submit.busy || !token}>
          {submit.busy ? 'Creating…' : 'Create administrator'}
        </button>
      </form>
    </main>
  );
}

/** "Forgot password?" of a tenant's sign-in page: its name, logo and colour, or the plain word that no such tenant is. */
export function TenantForgotPasswordPage({ subdomain: raw }: { subdomain: string }) {
  const subdomain = raw.toLowerCase();
  const face = useTenantFace(subdomain);
  if (face.status === 'missing') return <TenantMissing subdomain={subdomain} />;
  return <ForgotPasswordPage subdomain={subdomain} face={face} />;
}

/** "Forgot password?", for a tenant's account (from its sign-in page) or asking for the organisation. */
export function ForgotPasswordPage({ subdomain, face }: { subdomain?: string; face?: TenantFace }) {
  const [who, setWho] = useState(() => routeQuery().get('email') ?? '');
  const [tenant, setTenant] = useState(subdomain ?? '');
  const [sent, setSent] = useState('');

  const submit = useSubmit(async () => {
    const value = who.trim();
    const answer = await api<{ detail: string }>('POST', '/api/v1/auth/password-reset', { ...(value.startsWith('+') ? { phone: value } : { email: value }), tenant: tenant.trim().toLowerCase() }, { auth: false });
    setSent(`Thanks: ${answer.detail}. The link works once, for 30 minutes.`);
  });

  const back = subdomain ? routeTo(ROUTES.tenantLogin, { subdomain }) : '';
  return (
    <main className="narrow branded" style={face && brandStyle(face)}>
      {face ? <TenantLogo face={face} /> : null}
      <h1>Forgot your password?</h1>
      {subdomain && face ? (
        <p className="muted" data-testid="reset-tenant">
          For your account with {tenantName(face, subdomain)}.
        </p>
      ) : null}
      {face?.status === 'unknown' ? <ErrorAlert error={face.error} testId="tenant-error" /> : null}
      <p>Give the email (or phone) of your account, and we send a link to choose a new password to it.</p>
      <Notice testId="reset-sent">{sent}</Notice>
      <form aria-label="Ask for a reset link" onSubmit={onSubmitOf(submit)}>
        <Field label="Email (or phone, if you signed up with one)" name="email" type="text" autoComplete="username" required value={who} onChange={(e) => setWho(e.target.value)} />
        {subdomain ? null : <Field label="Organisation" name="tenant" autoComplete="organization" required value={tenant} onChange={(e) => setTenant(e.target.value.toLowerCase())} help="Its short name in Embark (the subdomain), e.g. acme." />}
        <ErrorAlert error={submit.error} testId="reset-error" />
        <button type="submit" className="primary" disabled={submit.busy}>
          {submit.busy ? 'Sending…' : 'Send me a link'}
        </button>
      </form>
      {subdomain ? null : (
        <p className="muted" data-testid="global-admin-reset">
          Global administrators: run <code>embark admin reset-password --email you@example.com</code> on the server.
        </p>
      )}
      <p>
        <a href={href(back)}>Back to sign in</a>
      </p>
    </main>
  );
}

/** /reset-password?token=…: the page a reset or invitation link opens. */
export function ResetPasswordPage() {
  const token = useLinkToken();

  const submit = useSubmit(async (form: HTMLFormElement) => {
    const read = readNewPassword(form);
    if ('error' in read) throw read.error;
    setSession(await api<Session>('POST', '/api/v1/auth/password-reset/confirm', { token, new_password: read.password }, { auth: false }));
    navigate('', { replace: true });
  });

  const expired = submit.error instanceof ApiError && submit.error.code === 'password_link_invalid';
  return (
    <main className="narrow">
      <h1>Choose your password</h1>
      <p>Choose the password you will sign in with. Every other session of your account ends.</p>
      <form aria-label="Choose your password" onSubmit={onSubmitOf(submit)}>
        <NewPasswordFields />
        <ErrorAlert error={submit.error} testId="reset-password-error" />
        <button type="submit" className="primary" disabled={submit.busy || !token}>
          {submit.busy ? 'Saving…' : 'Save password and sign in'}
        </button>
      </form>
      {expired ? <p>Ask for a new link with “Forgot password?” on your organisation’s sign-in page.</p> : null}
    </main>
  );
}
