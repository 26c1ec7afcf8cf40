import { useState, type FormEvent } from 'react';
import { api, setSession, type Session } from '../api.ts';
import { href, routeQuery } from '../router.ts';
import { ErrorAlert, Field, takePassword } from '../ui.tsx';

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
      const body = { ...(who.startsWith('+') ? { phone: who } : { email: who }), password, ...(tenant.trim() ? { tenant: tenant.trim().toLowerCase() } : {}) };
      const pair = await api<Session>('POST', '/api/v1/auth/login', body, { auth: false });
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
