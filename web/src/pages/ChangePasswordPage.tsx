import { ApiError, api, logout, setSession, type Session } from '../api.ts';
import { ErrorAlert, Field, takePassword, useSubmit, onSubmitOf } from '../ui.tsx';

const MIN_LENGTH = 12;

/** Shown alone while the account has a temporary password: the server refuses every other call until then. */
export function ChangePasswordPage({ session }: { session: Session }) {
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const current = takePassword(form, 'current_password');
    const next = takePassword(form, 'new_password');
    const confirm = takePassword(form, 'confirm_password');
    if (next.length < MIN_LENGTH) {
      throw new ApiError(0, 'weak_password', `the new password must be at least ${MIN_LENGTH} characters long`);
    }
    if (next !== confirm) {
      throw new ApiError(0, 'password_mismatch', 'the new password and its confirmation differ');
    }
    const pair = await api<Session>('POST', '/api/v1/auth/password', { current_password: current, new_password: next });
    setSession(pair);
  });

  return (
    <main className="narrow">
      <h1>Choose a new password</h1>
      <p>
        You signed in as <strong>{session.user.email}</strong> with a temporary password. Choose your own password to continue.
      </p>
      <form aria-label="Change password" onSubmit={onSubmitOf(submit)}>
        <Field label="Current password" name="current_password" type="password" autoComplete="current-password" required />
        <Field label="New password" name="new_password" type="password" autoComplete="new-password" required help={`At least ${MIN_LENGTH} characters. A few unrelated words make a good one.`} />
        <Field label="Confirm new password" name="confirm_password" type="password" autoComplete="new-password" required />
        <ErrorAlert error={submit.error} testId="password-error" />
        <div className="actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Change password'}
          </button>
          <button type="button" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </form>
    </main>
  );
}
