/**
 * The sign-in pages. Each tenant has its own, at /t/<subdomain>/login (router.ts ROUTES.tenantLogin),
 * which names the tenant and asks for nothing but the account: that is the address in every email.
 * The global page (/) is for global administrators, who belong to no tenant, and sends anyone else
 * to their tenant's page.
 */
import { useEffect, useState } from 'react';
import { api, setSession, type Session } from '../api.ts';
import { href, navigate, routeQuery, routeTo, ROUTES } from '../router.ts';
import { brandStyle, ErrorAlert, Field, takePassword, TenantLogo, TenantMissing, tenantName, useSubmit, useTenantFace, onSubmitOf } from '../ui.tsx';

const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function readDeviceToken(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeDeviceToken(key: string, token: string): void {
  try {
    localStorage.setItem(key, token);
  } catch {
    // storage refused (private mode): the login works all the same
  }
}

/** Email (or phone) and password, for a tenant's account or, without `subdomain`, a global admin's. */
function SignInForm({ subdomain, label }: { subdomain?: string; label: string }) {
  // ?email=… (the signup page links here with it) fills the form in
  const [email, setEmail] = useState(() => routeQuery().get('email') ?? '');

  const submit = useSubmit(async (form: HTMLFormElement) => {
    const password = takePassword(form, 'password');
    // people who signed up with a phone number only log in with it (E.164, starting with +)
    const who = email.trim();
    // this browser's device token for that account: failures of others behind our address don't lock us out
    const deviceKey = `embark.device.${subdomain ?? ''}.${who.toLowerCase()}`;
    const deviceToken = readDeviceToken(deviceKey);
    const body = {
      ...(who.startsWith('+') ? { phone: who } : { email: who }),
      password,
      ...(subdomain ? { tenant: subdomain } : {}),
      ...(deviceToken ? { device_token: deviceToken } : {}),
    };
    const pair = await api<Session & { device_token?: string }>('POST', '/api/v1/auth/login', body, { auth: false });
    if (pair.device_token) writeDeviceToken(deviceKey, pair.device_token);
    setSession(pair);
  });

  return (
    <form aria-label={label} onSubmit={onSubmitOf(submit)}>
      <Field label="Email (or phone, if you signed up with one)" name="email" type="text" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <ErrorAlert error={submit.error} testId="login-error" />
      <button type="submit" className="primary" disabled={submit.busy}>
        {submit.busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p>
        <a href={href(subdomain ? routeTo(ROUTES.tenantForgotPassword, { subdomain }) : ROUTES.forgotPassword)}>Forgot password?</a>
      </p>
    </form>
  );
}

/** The global sign-in page: for global administrators, with the way to a tenant's page for everyone else. */
export function LoginPage() {
  const [tenant, setTenant] = useState('');
  const value = tenant.trim().toLowerCase();

  // an address of the old single sign-in page (/login?tenant=acme&email=…): that tenant's page now
  const legacyTenant = routeQuery().get('tenant')?.trim().toLowerCase();
  useEffect(() => {
    if (!legacyTenant || !SUBDOMAIN.test(legacyTenant)) return;
    const email = routeQuery().get('email');
    navigate(`${routeTo(ROUTES.tenantLogin, { subdomain: legacyTenant })}${email ? `?${new URLSearchParams({ email })}` : ''}`, { replace: true });
  }, [legacyTenant]);

  return (
    <main className="narrow">
      <h1>Sign in to Embark</h1>
      <section aria-labelledby="global-admins">
        <h2 id="global-admins">Global administrators</h2>
        <p className="muted" data-testid="global-login-help">
          Sign in here with your email and password: global administrators belong to no organisation, so there is none to enter.
        </p>
        <SignInForm label="Sign in as a global administrator" />
      </section>
      <section aria-labelledby="tenant-users">
        <h2 id="tenant-users">Everyone else</h2>
        <p className="muted" data-testid="tenant-login-help">
          Your organisation has its own sign-in page, at{' '}
          <code>
            {window.location.origin}/t/<em>your-organisation</em>/login
          </code>{' '}
          — the address in your emails from it. Sign in there, or enter your organisation to go to it.
        </p>
        <form
          aria-label="Go to your organisation's sign-in page"
          onSubmit={(e) => {
            e.preventDefault();
            if (SUBDOMAIN.test(value)) navigate(routeTo(ROUTES.tenantLogin, { subdomain: value }));
          }}
        >
          <Field label="Organisation" name="tenant" autoComplete="organization" required pattern="[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?" value={tenant} onChange={(e) => setTenant(e.target.value.toLowerCase())} help="Its short name in Embark (the subdomain), e.g. acme." />
          <button type="submit">Go to its sign-in page</button>
        </form>
      </section>
      <p>
        New here? <a href={href(SUBDOMAIN.test(value) ? routeTo(ROUTES.signup, { subdomain: value }) : ROUTES.chooseSignup)}>Sign up</a>
      </p>
    </main>
  );
}

/** A tenant's own sign-in page: its name and logo, its colour on the button, and the account fields only. */
export function TenantLoginPage({ subdomain: raw }: { subdomain: string }) {
  const subdomain = raw.toLowerCase();
  const face = useTenantFace(subdomain);

  // addresses are typed by hand: /t/Acme/login is Acme's page
  useEffect(() => {
    if (raw !== subdomain) navigate(`${routeTo(ROUTES.tenantLogin, { subdomain })}${window.location.search}`, { replace: true });
  }, [raw, subdomain]);

  if (face.status === 'missing') return <TenantMissing subdomain={subdomain} />;

  const name = tenantName(face, subdomain);
  return (
    <main className="narrow branded" style={brandStyle(face)}>
      <TenantLogo face={face} />
      {/* without the name (still loading, or the lookup failed) the page still signs in to this tenant */}
      <h1>
        Sign in to <span data-testid="login-tenant">{name}</span>
      </h1>
      {face.status === 'unknown' ? <ErrorAlert error={face.error} testId="tenant-error" /> : null}
      <SignInForm subdomain={subdomain} label="Sign in" />
      <p>
        New here? <a href={href(routeTo(ROUTES.signup, { subdomain }))}>Sign up</a>
      </p>
      <p className="muted">
        Not with {face.status === 'found' ? name : 'this organisation'}? Global administrators sign in on <a href={href('')}>the Embark sign-in page</a>.
      </p>
    </main>
  );
}
