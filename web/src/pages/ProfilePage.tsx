import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { ErrorAlert, Field, Notice, formatDate, useLoad, useSubmit, onSubmitOf } from '../ui.tsx';

interface Profile {
  business_name: string | null;
  website_url: string | null;
  phone_number: string | null;
  email: string | null;
  updated_at: string | null;
}

type ProfileFields = Omit<Profile, 'updated_at'>;
type Draft = Record<keyof ProfileFields, string>;

const EMPTY: Draft = { business_name: '', website_url: '', phone_number: '', email: '' };

function toDraft(profile: Profile): Draft {
  return {
    business_name: profile.business_name ?? '',
    website_url: profile.website_url ?? '',
    phone_number: profile.phone_number ?? '',
    email: profile.email ?? '',
  };
}

// PUT replaces the whole profile; an empty field clears that value
function toBody(draft: Draft): ProfileFields {
  const value = (text: string) => (text.trim() === '' ? null : text.trim());
  return { business_name: value(draft.business_name), website_url: value(draft.website_url), phone_number: value(draft.phone_number), email: value(draft.email) };
}

export function ProfilePage({ canEdit }: { canEdit: boolean }) {
  const profile = useLoad(() => api<Profile>('GET', '/api/v1/tenant/profile'), 'profile');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    if (!profile.data) return;
    setDraft(toDraft(profile.data));
    setUpdatedAt(profile.data.updated_at);
  }, [profile.data]);

  const change = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));

  const submit = useSubmit(async () => {
    setNotice('');
    const saved = await api<Profile>('PUT', '/api/v1/tenant/profile', toBody(draft));
    setDraft(toDraft(saved));
    setUpdatedAt(saved.updated_at);
    setNotice('Profile saved.');
  });

  return (
    <>
      <h1>Business profile</h1>
      <ErrorAlert error={profile.error} testId="profile-load-error" />
      <form aria-label="Business profile" onSubmit={onSubmitOf(submit)} aria-busy={profile.loading}>
        <fieldset disabled={!canEdit || profile.loading || Boolean(profile.error)}>
          <legend className="visually-hidden">Business profile</legend>
          <Field label="Business name" name="business_name" maxLength={200} value={draft.business_name} onChange={change('business_name')} />
          <Field label="Website" name="website_url" type="url" placeholder="https://example.com" value={draft.website_url} onChange={change('website_url')} />
          <Field label="Phone number" name="phone_number" type="tel" placeholder="+15555550123" value={draft.phone_number} onChange={change('phone_number')} help="International (E.164) format: + then country code and number, no spaces." />
          <Field label="Contact email" name="email" type="email" value={draft.email} onChange={change('email')} />
        </fieldset>
        {updatedAt ? <p className="muted">Last saved {formatDate(updatedAt)}.</p> : null}
        <ErrorAlert error={submit.error} testId="profile-error" />
        <Notice testId="profile-notice">{notice}</Notice>
        {canEdit ? (
          <button type="submit" className="primary" disabled={submit.busy || profile.loading}>
            {submit.busy ? 'Saving…' : 'Save profile'}
          </button>
        ) : (
          <p className="muted">Only tenant admins can change the profile.</p>
        )}
      </form>
    </>
  );
}
