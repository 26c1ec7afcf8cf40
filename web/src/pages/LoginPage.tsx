import { useState, type FormEvent } from 'react';
import { api, setSession, type Session } from '../api.ts';
import { href, routeQuery } from '../router.ts';
import { ErrorAlert, Field, takePassword } from '../ui.tsx';

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

export function LoginPage() {
  // #/login?tenant=acme&email=… (the signup page links here) fills the form in
  const [email, setEmail] = useState(() => routeQuery().get('email') ?? '');
  const [tenant, setTenant] = useState(() => routeQuery().get('tenant') ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const password = takePassword(event.currentTarget as HTMLFormElement, 'password');
    setBusy(true);
    setError(null);
    try {
      // people who signed up with a phone number only log in with it (E.164, starting with +)
      const who = email.trim();
      const subdomain = tenant.trim().toLowerCase();
      // this browser's device token for that account: failures of others behind our address don't lock us out
      const deviceKey = `embark.device.${subdomain}.${who.toLowerCase()}`;
      const deviceToken = readDeviceToken(deviceKey);
      const body = {
        ...(who.startsWith('+') ? { phone: who } : { email: who }), password,
        ...(subdomain ? { tenant: subdomain } : {}), ...(deviceToken ? { device_token: deviceToken } : {}),
      };
      const pair = await api<Session & { device_token?: string }>('POST', '/api/v1/auth/login', body, { auth: false });
      if (pair.device_token) writeDeviceToken(deviceKey, pair.device_token);
      setSession(pair);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <main className="narrow">
      <h1>Sign in to Embark</h1>
      <form aria-label="Sign in" onSubmit={(e) => void submit(e)}>
        <Field label="Email (or phone, if you signed up with one)" name="email" type="text" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Field
          label="Tenant (optional)"
          name="tenant"
          autoComplete="organization"
          value={tenant}
          onChange={(e) => setTenant(e.target.value)}
          help="Your organisation's subdomain, e.g. acme. Leave empty if you are a global admin."
        />
        <ErrorAlert error={error} testId="login-error" />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p>
        New here? <a href={href(tenant.trim() ? `signup/${encodeURIComponent(tenant.trim().toLowerCase())}` : 'signup')}>Sign up</a>
      </p>
    </main>
  );
}
