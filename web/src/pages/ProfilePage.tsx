/**
 * The tenant's business profile, in two cards: the business details its messages and pages name, and
 * its branding (docs/branding.md): the logo and accent colour its sign-in, signup and password pages
 * show. "Last saved" says when someone saved the details, so it shows only once someone has.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { ErrorAlert, Field, Notice, formatDate, refusal, useLoad, useSubmit, onSubmitOf } from '../ui.tsx';

type Profile = paths['/api/v1/tenant/profile']['get']['responses'][200]['content']['application/json'];
type ProfileBody = paths['/api/v1/tenant/profile']['put']['requestBody']['content']['application/json'];

type Draft = { business_name: string; website_url: string; phone_number: string; email: string };

const EMPTY: Draft = { business_name: '', website_url: '', phone_number: '', email: '' };
const DEFAULT_ACCENT = '#2453d4';
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const LOGO_MAX_BYTES = 256 * 1024;
const ACCENT = /^#[0-9a-fA-F]{6}$/;

function toDraft(profile: Profile): Draft {
  return {
    business_name: profile.business_name ?? '',
    website_url: profile.website_url ?? '',
    phone_number: profile.phone_number ?? '',
    email: profile.email ?? '',
  };
}

// PUT replaces the whole profile; an empty field clears that value
function toBody(draft: Draft, accent: string | null | undefined): ProfileBody {
  const value = (text: string) => (text.trim() === '' ? null : text.trim());
  return { business_name: value(draft.business_name), website_url: value(draft.website_url), phone_number: value(draft.phone_number), email: value(draft.email), ...(accent === undefined ? {} : { accent_color: accent }) };
}

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en')} KB`;

export function ProfilePage({ canEdit }: { canEdit: boolean }) {
  const profile = useLoad(() => api<Profile>('GET', '/api/v1/tenant/profile'), 'profile');
  const [current, setCurrent] = useState<Profile | null>(null);
  useEffect(() => {
    if (profile.data) setCurrent(profile.data);
  }, [profile.data]);

  return (
    <>
      <h1>Business profile</h1>
      <p className="muted">What your organisation’s messages and its sign-in, signup and password pages show of it.</p>
      <ErrorAlert error={profile.error} testId="profile-load-error" />
      <DetailsCard profile={current} loading={profile.loading} failed={Boolean(profile.error)} canEdit={canEdit} onSaved={setCurrent} />
      <BrandingCard profile={current} loading={profile.loading} failed={Boolean(profile.error)} canEdit={canEdit} onSaved={setCurrent} />
      {canEdit ? null : <p className="muted">Only tenant admins can change the profile.</p>}
    </>
  );
}

interface CardProps {
  profile: Profile | null;
  loading: boolean;
  failed: boolean;
  canEdit: boolean;
  onSaved(profile: Profile): void;
}

function DetailsCard({ profile, loading, failed, canEdit, onSaved }: CardProps) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (profile) setDraft(toDraft(profile));
  }, [profile]);

  const change = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));

  const submit = useSubmit(async () => {
    setNotice('');
    // the accent colour is the branding card's: left out, it stays as it is
    const saved = await api<Profile>('PUT', '/api/v1/tenant/profile', toBody(draft, undefined));
    onSaved(saved);
    setNotice('Profile saved.');
  });

  return (
    <section aria-labelledby="profile-details-heading">
      <h2 id="profile-details-heading">Business details</h2>
      <form aria-label="Business profile" onSubmit={onSubmitOf(submit)} aria-busy={loading}>
        <fieldset disabled={!canEdit || loading || failed}>
          <legend className="visually-hidden">Business profile</legend>
          <Field label="Business name" name="business_name" maxLength={200} value={draft.business_name} onChange={change('business_name')} help="Shown on your sign-in, signup and password pages instead of the tenant name." />
          <Field label="Website" name="website_url" type="url" placeholder="https://example.com" value={draft.website_url} onChange={change('website_url')} />
          <Field label="Phone number" name="phone_number" type="tel" placeholder="+15555550123" value={draft.phone_number} onChange={change('phone_number')} help="International (E.164) format: + then country code and number, no spaces." />
          <Field label="Contact email" name="email" type="email" value={draft.email} onChange={change('email')} />
        </fieldset>
        {profile?.updated_at ? (
          <p className="muted" data-testid="profile-saved-at">
            Last saved {formatDate(profile.updated_at)}.
          </p>
        ) : null}
        <ErrorAlert error={submit.error} testId="profile-error" />
        <Notice testId="profile-notice">{notice}</Notice>
        {canEdit ? (
          <button type="submit" className="primary" disabled={submit.busy || loading || failed}>
            {submit.busy ? 'Saving…' : 'Save profile'}
          </button>
        ) : null}
      </form>
    </section>
  );
}

function BrandingCard({ profile, loading, failed, canEdit, onSaved }: CardProps) {
  const [accent, setAccent] = useState('');
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (profile) setAccent(profile.accent_color ?? '');
  }, [profile]);

  const saveAccent = useSubmit(async (value: string | null) => {
    setNotice('');
    if (!profile) return;
    if (value !== null && !ACCENT.test(value.trim())) throw refusal('The accent colour must be # and six hex digits, e.g. #2453d4.', 'accent_color_invalid');
    // the details as stored, so saving the colour never saves half-typed details
    const saved = await api<Profile>('PUT', '/api/v1/tenant/profile', toBody(toDraft(profile), value === null ? null : value.trim()));
    onSaved(saved);
    setNotice(value === null ? 'Accent colour reset to the default.' : 'Accent colour saved.');
  });

  const upload = useSubmit(async (file: File) => {
    setNotice('');
    if (!LOGO_TYPES.includes(file.type)) throw refusal(`${file.name} is not a PNG, JPEG or WebP image. SVG is not accepted.`, 'logo_type_unsupported');
    if (file.size > LOGO_MAX_BYTES) throw refusal(`${file.name} is ${kib(file.size)}; a logo may be at most 256 KB.`, 'logo_too_large');
    onSaved(await api<Profile>('PUT', '/api/v1/tenant/profile/logo', file));
    setNotice('Logo uploaded: your sign-in, signup and password pages show it now.');
  });

  const remove = useSubmit(async () => {
    setNotice('');
    onSaved(await api<Profile>('DELETE', '/api/v1/tenant/profile/logo'));
    setNotice('Logo removed.');
  });

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // the same file can be chosen again after an error
    event.target.value = '';
    if (file) void upload.run(file);
  };

  const disabled = !canEdit || loading || failed || !profile;
  const busy = upload.busy || remove.busy || saveAccent.busy;
  const valid = ACCENT.test(accent.trim());
  const preview = valid ? accent.trim().toLowerCase() : (profile?.accent_color ?? DEFAULT_ACCENT);
  const logo = profile?.logo;

  return (
    <section aria-labelledby="profile-branding-heading" data-testid="profile-branding">
      <h2 id="profile-branding-heading">Branding</h2>
      <p className="help">Your logo and accent colour on your organisation’s sign-in, signup and password pages.</p>
      <Notice testId="branding-notice">{notice}</Notice>
      <ErrorAlert error={upload.error ?? remove.error} testId="logo-error" />

      <h3 className="subheading">Logo</h3>
      <div className="logo-preview" data-testid="logo-preview">
        {logo ? <img src={logo.url} alt="Your logo, as your pages show it" /> : <span className="muted">No logo yet: your pages show your business name only.</span>}
      </div>
      {logo ? (
        <p className="muted" data-testid="logo-facts">
          {logo.content_type.replace('image/', '').toUpperCase()}, {kib(logo.size)}, uploaded {formatDate(logo.updated_at)}.
        </p>
      ) : null}
      {canEdit ? (
        <div className="actions wrap-actions logo-actions">
          <div className="field">
            <label htmlFor="logo-file">{logo ? 'Replace the logo' : 'Upload a logo'}</label>
            <input id="logo-file" name="logo" type="file" accept={LOGO_TYPES.join(',')} disabled={disabled || busy} onChange={pick} aria-describedby="logo-file-help" />
            <small id="logo-file-help" className="help">
              PNG, JPEG or WebP, at most 256 KB. A wide logo on a transparent or white background looks best.
            </small>
          </div>
          {logo ? (
            <button type="button" disabled={disabled || busy} onClick={() => void remove.run()}>
              {remove.busy ? 'Removing…' : 'Remove logo'}
            </button>
          ) : null}
        </div>
      ) : null}
      {upload.busy ? <p className="muted">Uploading…</p> : null}

      <h3 className="subheading">Accent colour</h3>
      <form
        aria-label="Accent colour"
        onSubmit={(event) => {
          event.preventDefault();
          void saveAccent.run(accent);
        }}
      >
        <fieldset disabled={disabled}>
          <legend className="visually-hidden">Accent colour</legend>
          <div className="accent-row">
            <Field label="Colour picker" name="accent_picker" type="color" value={preview} onChange={(e) => setAccent(e.target.value)} />
            <Field label="Hex value" name="accent_color" placeholder={DEFAULT_ACCENT} value={accent} maxLength={7} onChange={(e) => setAccent(e.target.value)} />
            <p className="accent-preview">
              <span className="muted">Preview: </span>
              <span className="preview-button" style={{ background: preview, borderColor: preview, color: textOn(preview) }} data-testid="accent-preview">
                Sign in
              </span>
            </p>
          </div>
          <p className="help">The primary button’s colour. Its text is black or white, whichever is easier to read on it, so any colour works.</p>
        </fieldset>
        <ErrorAlert error={saveAccent.error} testId="accent-error" />
        {canEdit ? (
          <div className="actions wrap-actions">
            <button type="submit" className="primary" disabled={disabled || busy || accent.trim() === (profile?.accent_color ?? '')}>
              {saveAccent.busy ? 'Saving…' : 'Save colour'}
            </button>
            {profile?.accent_color ? (
              <button type="button" disabled={disabled || busy} onClick={() => void saveAccent.run(null)}>
                Use the default colour
              </button>
            ) : null}
          </div>
        ) : null}
      </form>
    </section>
  );
}

/** Black or white, whichever contrasts more with `hex` (the rule the server applies, src/tenants/branding.ts). */
function textOn(hex: string): string {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
