/**
 * The public signup page of one tenant, at /signup/<subdomain>: no session needed. It creates a member
 * account (POST /api/v1/auth/signup) and issues no tokens, so it ends with a link to the sign-in form.
 *
 * The API has no public list of a tenant's signup modes, so the "I am…" choice offers the two modes
 * the talent/hirer setup uses; "Not sure" sends no mode and the tenant's default role applies. A mode
 * the tenant did not define is only a hint the server ignores, never an error.
 */
import { useState } from 'react';
import { ApiError, api } from '../api.ts';
import { href, navigate, routeTo, ROUTES } from '../router.ts';
import { brandStyle, ErrorAlert, Field, SelectField, takePassword, TenantLogo, TenantMissing, tenantName, useSubmit, useTenantFace, onSubmitOf } from '../ui.tsx';

const MIN_LENGTH = 12;
const E164 = /^\+[1-9][0-9]{6,14}$/;
const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const MODES = [
  ['', 'Not sure yet'],
  ['hirer', 'Hiring'],
  ['talent', 'Looking for work'],
] as const;

/** POST /api/v1/auth/signup answers with the new user (no tokens). */
interface SignedUp {
  id: string;
  email: string | null;
  phone: string | null;
}

export function SignupPage({ subdomain }: { subdomain: string }) {
  if (!subdomain || !SUBDOMAIN.test(subdomain)) return <ChooseTenant initial={subdomain} />;
  return <SignupForm key={subdomain} subdomain={subdomain} />;
}

function ChooseTenant({ initial }: { initial: string }) {
  const [tenant, setTenant] = useState(initial);
  return (
    <main className="narrow">
      <h1>Sign up</h1>
      <form
        aria-label="Choose organisation"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tenant.trim().toLowerCase();
          if (SUBDOMAIN.test(value)) navigate(routeTo(ROUTES.signup, { subdomain: value }));
        }}
      >
        <Field label="Organisation" name="tenant" required pattern="[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?" value={tenant} onChange={(e) => setTenant(e.target.value.toLowerCase())} help="The subdomain of the organisation you are joining, e.g. acme." />
        <button type="submit" className="primary">
          Continue
        </button>
      </form>
      <p>
        <a href={href('')}>Back to sign in</a>
      </p>
    </main>
  );
}

function SignupForm({ subdomain }: { subdomain: string }) {
  const face = useTenantFace(subdomain);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [organization, setOrganization] = useState('');
  const [mode, setMode] = useState('');
  const [done, setDone] = useState<SignedUp | null>(null);

  const submit = useSubmit(async (form: HTMLFormElement) => {
    // read and cleared at once, whatever the answer: a password is never kept on the page
    const password = takePassword(form, 'password');
    const address = email.trim();
    const number = phone.trim();
    if (!address && !number) {
      throw new ApiError(0, 'validation_failed', 'give an email address, a phone number, or both');
    }
    if (number && !E164.test(number)) {
      throw new ApiError(0, 'validation_failed', 'the phone number must be in international (E.164) format: + then country code and number, no spaces');
    }
    if (password.length < MIN_LENGTH) {
      throw new ApiError(0, 'weak_password', `the password must be at least ${MIN_LENGTH} characters long`);
    }
    // empty answers are left out: the server accepts a missing name, not an empty one
    const metadata: Record<string, string> = {};
    if (mode) metadata.signup_mode = mode;
    if (firstName.trim()) metadata.first_name = firstName.trim();
    if (lastName.trim()) metadata.last_name = lastName.trim();
    if (organization.trim()) metadata.organization_name = organization.trim();
    const result = await api<SignedUp>(
      'POST',
      '/api/v1/auth/signup',
      {
        tenant: subdomain,
        password,
        ...(address ? { email: address } : {}),
        ...(number ? { phone: number } : {}),
        metadata,
      },
      { auth: false },
    );
    setDone(result);
  });

  if (face.status === 'missing') return <TenantMissing subdomain={subdomain} />;
  const name = tenantName(face, subdomain);

  if (done) {
    const login = routeTo(ROUTES.tenantLogin, { subdomain });
    const who = done.email ?? done.phone;
    return (
      <main className="narrow branded" style={brandStyle(face)}>
        <TenantLogo face={face} />
        <h1>Welcome to {name}</h1>
        <p className="alert alert-ok" role="status" data-testid="signup-success">
          Account created — <a href={href(who ? `${login}?${new URLSearchParams({ email: who })}` : login)}>log in</a>
        </p>
        {done.email ? null : <p className="muted">Sign in with your phone number and password.</p>}
      </main>
    );
  }

  return (
    <main className="narrow branded" style={brandStyle(face)}>
      <TenantLogo face={face} />
      <h1>
        Sign up to <span data-testid="signup-tenant">{name}</span>
      </h1>
      {face.status === 'unknown' ? <ErrorAlert error={face.error} testId="tenant-error" /> : null}
      <form aria-label="Sign up" onSubmit={onSubmitOf(submit)}>
        <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} help="An email, a phone number, or both." />
        <Field label="Phone (optional)" name="phone" type="tel" autoComplete="tel" placeholder="+15555550123" value={phone} onChange={(e) => setPhone(e.target.value)} help="International (E.164) format: + then country code and number, no spaces." />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={MIN_LENGTH} help={`At least ${MIN_LENGTH} characters.`} />
        <Field label="First name" name="first_name" autoComplete="given-name" maxLength={100} value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        <Field label="Last name" name="last_name" autoComplete="family-name" maxLength={100} value={lastName} onChange={(e) => setLastName(e.target.value)} />
        <Field label="Organization name" name="organization_name" autoComplete="organization" maxLength={200} value={organization} onChange={(e) => setOrganization(e.target.value)} />
        <SelectField label="I am…" name="signup_mode" value={mode} onChange={(e) => setMode(e.target.value)} options={MODES} />
        <ErrorAlert error={submit.error} testId="signup-error" />
        <button type="submit" className="primary" disabled={submit.busy}>
          {submit.busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <a href={href(routeTo(ROUTES.tenantLogin, { subdomain }))}>Sign in</a>
      </p>
    </main>
  );
}
