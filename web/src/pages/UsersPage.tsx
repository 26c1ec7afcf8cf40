import { useState } from 'react';
import { ApiError, api, type TenantRole } from '../api.ts';
import { href } from '../router.ts';
import { channelLabel, DataTable, ErrorAlert, Field, fieldProblems, MessageStatus, Notice, Pager, SelectField, formatDate, roleLabel, takePassword, useCursorPages, useLoad, type ListPage, useSubmit, onSubmitOf } from '../ui.tsx';

interface User {
  id: string;
  email: string;
  role: TenantRole;
  must_change_password: boolean;
  password_set?: boolean;
  disabled: boolean;
  created_at: string;
  /** Set when the user was created without a password: the invitation sent instead. */
  invitation?: LinkSent;
}

/** What POST /api/v1/users/:id/invite answers (never the link itself). */
interface LinkSent {
  kind: 'invitation' | 'reset';
  channel: 'email' | 'sms';
  message_id: string;
  expires_at: string;
}

type UserList = ListPage<User>;

const PAGE_SIZE = 50;
const USER_LABELS = { email: 'Email', role: 'Role', password: 'Password' };

/** GET /api/v1/onboarding/users: each user's application role, modes and first contact. */
interface OnboardingUser {
  user_id: string;
  email: string | null;
  phone: string | null;
  access_role: string;
  app_role: string | null;
  preferences: { default_mode: string | null; last_mode: string | null } | null;
  contact: { status: string; channel: string | null; message_id: string | null; message_status: string | null } | null;
}

type OnboardingList = ListPage<OnboardingUser>;

/** One page of the Users table: the cursors of both lists it is read from, side by side. */
interface UsersCursor {
  users: string;
  /** Null when the onboarding list gave none (it is not available here): it is asked from its start, and shows nobody of this page. */
  onboarding: string | null;
}

/** A page of the onboarding list, or null when this server has no such endpoint (or does not let this role read it). */
async function loadOnboarding(cursor: string | null): Promise<{ byUser: Map<string, OnboardingUser>; next: string | null } | null> {
  try {
    const list = await api<OnboardingList>('GET', `/api/v1/onboarding/users?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    return { byUser: new Map(list.items.map((item) => [item.user_id, item])), next: list.next_cursor };
  } catch (failure) {
    if (failure instanceof ApiError && (failure.status === 404 || failure.status === 403)) return null;
    throw failure;
  }
}

const CONTACT_STATUS: Record<string, string> = {
  pending: 'Pending',
  queued: 'Queued',
  no_channel: 'No channel reaches them',
  disabled_by_policy: 'Off by policy',
};

function modes(preferences: OnboardingUser['preferences']) {
  if (!preferences || (!preferences.default_mode && !preferences.last_mode)) return <span className="muted">—</span>;
  if (preferences.default_mode === preferences.last_mode) return <code>{preferences.default_mode}</code>;
  return (
    <>
      default <code>{preferences.default_mode ?? '—'}</code>, last <code>{preferences.last_mode ?? '—'}</code>
    </>
  );
}

function firstContact(contact: OnboardingUser['contact']) {
  if (!contact) return <span className="muted">—</span>;
  const channel = contact.channel ? `${channelLabel(contact.channel)}: ` : '';
  if (contact.message_id) {
    return (
      <>
        {channel}
        <a href={href(`messages/${contact.message_id}`)} data-testid="user-contact-link">
          {contact.message_status ? <MessageStatus status={contact.message_status} /> : (CONTACT_STATUS[contact.status] ?? contact.status)}
        </a>
      </>
    );
  }
  return (
    <>
      {channel}
      {CONTACT_STATUS[contact.status] ?? contact.status}
    </>
  );
}

const ROLES: TenantRole[] = ['member', 'staff', 'tenant_admin'];

function status(user: User) {
  if (user.disabled) return <span className="badge off">Disabled</span>;
  if (user.password_set === false) return <span className="badge warn">No password yet</span>;
  if (user.must_change_password) return <span className="badge warn">Must change password</span>;
  return <span className="badge ok">Active</span>;
}

export function UsersPage({ canManage, currentUserId }: { canManage: boolean; currentUserId: string }) {
  const pages = useCursorPages<UsersCursor>();
  const [filter, setFilter] = useState<{ email: string; role: string }>({ email: '', role: '' });
  const [search, setSearch] = useState(filter);
  const filtered = Boolean(filter.email || filter.role);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(pages.cursor ? { cursor: pages.cursor.users } : {}), ...(filter.email ? { email: filter.email } : {}), ...(filter.role ? { role: filter.role } : {}) });
  const key = JSON.stringify([pages.cursor ?? null, filter]);
  const users = useLoad(() => pages.load(api<UserList>('GET', `/api/v1/users?${query}`)), key);
  // both lists are ordered by creation, so one page of each covers the same people; a filtered page
  // of users is not a page of the onboarding list, so its columns wait until the filter is cleared
  const onboarding = useLoad(async () => (filtered ? undefined : loadOnboarding(pages.cursor?.onboarding ?? null)), key);
  const withOnboarding = !filtered && onboarding.data !== null && !onboarding.error;
  const reload = () => {
    users.reload();
    onboarding.reload();
  };
  const [notice, setNotice] = useState('');
  // a row's actions share one busy state and one error line
  const action = useSubmit(async (act: () => Promise<string>) => {
    setNotice('');
    setNotice(await act());
  });
  const sendLink = (user: User, name: string) =>
    action.run(async () => {
      const sent = await api<LinkSent>('POST', `/api/v1/users/${user.id}/invite`);
      return `${sent.kind === 'invitation' ? 'An invitation' : 'A password reset link'} is on its way to ${name} by ${sent.channel === 'sms' ? 'SMS' : 'email'}; it works once, until ${formatDate(sent.expires_at)}.`;
    });
  const setDisabled = (user: User, disabled: boolean) =>
    action.run(async () => {
      const updated = await api<User>('PATCH', `/api/v1/users/${user.id}`, { disabled });
      reload();
      return `${updated.email} is now ${updated.disabled ? 'disabled; their sessions have ended' : 'enabled'}.`;
    });

  return (
    <>
      <h1>Users</h1>
      {canManage ? (
        <CreateUserForm
          onCreated={(user) => {
            setNotice(`Created ${user.email} as ${roleLabel(user.role)}.${user.invitation ? ` An invitation to choose a password is on its way to ${user.email}.` : ''}`);
            action.fail(null);
            reload();
          }}
        />
      ) : null}
      <section aria-labelledby="user-list-heading">
        <h2 id="user-list-heading">People in this tenant</h2>
        <form
          role="search"
          aria-label="Filter users"
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            pages.reset();
            setFilter({ email: search.email.trim(), role: search.role });
          }}
        >
          <Field label="Email contains" name="email_filter" type="search" maxLength={320} value={search.email} onChange={(e) => setSearch((f) => ({ ...f, email: e.target.value }))} />
          <SelectField label="Role" name="role_filter" value={search.role} onChange={(e) => setSearch((f) => ({ ...f, role: e.target.value }))} options={[['', 'Any role'], ...ROLES.map((r) => [r, roleLabel(r)] as const)]} />
          <button type="submit">Filter</button>
        </form>
        <Notice testId="users-notice">{notice}</Notice>
        <ErrorAlert error={action.error ?? users.error} testId="users-error" />
        {filtered ? (
          <p className="muted" data-testid="onboarding-filtered">
            Application role, mode and first contact show when no filter is set.
          </p>
        ) : null}
        {onboarding.data === null ? (
          <p className="muted" data-testid="onboarding-unavailable">
            Onboarding details (application role, modes, first contact) are not available from this server.
          </p>
        ) : null}
        {onboarding.error ? (
          <p className="muted" data-testid="onboarding-error">
            Onboarding details could not be loaded: {onboarding.error instanceof ApiError ? onboarding.error.detail : 'please try again'}.
          </p>
        ) : null}
        {users.data && users.data.items.length === 0 ? (
          <p className="muted" data-testid="users-empty">
            {filtered ? 'Nobody matches these filters. Clear them to see everyone.' : canManage ? 'No users in this tenant yet. Add the first one above; without a password they get an invitation to choose their own.' : 'No users in this tenant yet.'}
          </p>
        ) : null}
        {users.data?.items.length ? (
          <DataTable caption="Users" testId="users-table" busy={users.loading} columns={['Email', 'Role', ...(withOnboarding ? ['App role', 'Mode', 'First contact'] : []), 'Status', 'Created', ...(canManage ? [''] : [])]}>
            {users.data.items.map((user) => {
              const details = onboarding.data?.byUser.get(user.id);
              // people who signed up with a phone only have no email
              const name = user.email || details?.phone || user.id;
              return (
                <tr key={user.id} data-testid={`user-row-${name}`}>
                  <th scope="row">
                    <a href={href(`users/${user.id}`)}>{name}</a>
                  </th>
                  <td data-testid="user-role">{roleLabel(user.role)}</td>
                  {withOnboarding ? (
                    <>
                      <td data-testid="user-app-role">{details?.app_role ?? <span className="muted">—</span>}</td>
                      <td data-testid="user-modes">{modes(details?.preferences ?? null)}</td>
                      <td data-testid="user-contact">{firstContact(details?.contact ?? null)}</td>
                    </>
                  ) : null}
                  <td>{status(user)}</td>
                  <td>{formatDate(user.created_at)}</td>
                  {canManage ? (
                    <td>
                      <div className="row-actions">
                        {user.id === currentUserId ? null : (
                          <>
                            {user.disabled ? null : (
                              <button type="button" aria-label={`Send invite or reset link to ${name}`} onClick={() => void sendLink(user, name)}>
                                Send invite or reset link
                              </button>
                            )}
                            <button type="button" aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${name}`} onClick={() => void setDisabled(user, !user.disabled)}>
                              {user.disabled ? 'Enable' : 'Disable'}
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </DataTable>
        ) : null}
        {users.data ? <Pager label="Users" list={users.data} onPrevious={pages.previous} onNext={(cursor) => pages.next({ users: cursor, onboarding: onboarding.data?.next ?? null })} /> : null}
      </section>
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated(user: User): void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TenantRole>('member');

  const submit = useSubmit(async (form: HTMLFormElement) => {
    // read and cleared at once, whatever the answer: a password is never kept on the page
    const password = takePassword(form, 'password');
    const user = await api<User>('POST', '/api/v1/users', { email: email.trim(), role, ...(password ? { password } : {}) });
    setEmail('');
    setRole('member');
    onCreated(user);
  });

  const problems = fieldProblems(submit.error, USER_LABELS);

  return (
    <section aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add a user</h2>
      <form aria-label="Create user" onSubmit={onSubmitOf(submit)}>
        <Field label="Email" name="email" type="email" autoComplete="off" required maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} problem={problems.email} />
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" name="role" value={role} onChange={(e) => setRole(e.target.value as TenantRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <Field label="Password (optional)" name="password" type="password" autoComplete="new-password" minLength={12} help="At least 12 characters. Leave it empty and Embark emails them an invitation link to choose their own password; nobody here ever sees one." />
        <ErrorAlert error={submit.error} labels={USER_LABELS} testId="create-user-error" />
        <button type="submit" className="primary" disabled={submit.busy}>
          {submit.busy ? 'Adding…' : 'Add user'}
        </button>
      </form>
    </section>
  );
}
