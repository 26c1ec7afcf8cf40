import { useState, type FormEvent } from 'react';
import { api, type TenantRole } from '../api.ts';
import { ErrorAlert, Field, Notice, Pager, formatDate, roleLabel, takePassword, useLoad } from '../ui.tsx';

interface User {
  id: string;
  email: string;
  role: TenantRole;
  must_change_password: boolean;
  disabled: boolean;
  created_at: string;
}

interface UserList {
  items: User[];
  total: number;
}

const PAGE_SIZE = 50;
const ROLES: TenantRole[] = ['member', 'staff', 'tenant_admin'];

function status(user: User) {
  if (user.disabled) return <span className="badge off">Disabled</span>;
  if (user.must_change_password) return <span className="badge warn">Must change password</span>;
  return <span className="badge ok">Active</span>;
}

export function UsersPage({ canManage, currentUserId }: { canManage: boolean; currentUserId: string }) {
  const [offset, setOffset] = useState(0);
  const users = useLoad(() => api<UserList>('GET', `/api/v1/users?limit=${PAGE_SIZE}&offset=${offset}`), String(offset));
  const [notice, setNotice] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);

  async function setDisabled(user: User, disabled: boolean) {
    setNotice('');
    setActionError(null);
    try {
      const updated = await api<User>('PATCH', `/api/v1/users/${user.id}`, { disabled });
      setNotice(`${updated.email} is now ${updated.disabled ? 'disabled; their sessions have ended' : 'enabled'}.`);
      users.reload();
    } catch (failure) {
      setActionError(failure);
    }
  }

  return (
    <>
      <h1>Users</h1>
      {canManage ? (
        <CreateUserForm
          onCreated={(user) => {
            setNotice(`Created ${user.email} as ${roleLabel(user.role)}.`);
            setActionError(null);
            users.reload();
          }}
        />
      ) : null}
      <section aria-labelledby="user-list-heading">
        <h2 id="user-list-heading">People in this tenant</h2>
        <Notice testId="users-notice">{notice}</Notice>
        <ErrorAlert error={actionError ?? users.error} testId="users-error" />
        <table data-testid="users-table" aria-busy={users.loading}>
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              {canManage ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {users.data?.items.map((user) => (
              <tr key={user.id} data-testid={`user-row-${user.email}`}>
                <th scope="row">{user.email}</th>
                <td data-testid="user-role">{roleLabel(user.role)}</td>
                <td>{status(user)}</td>
                <td>{formatDate(user.created_at)}</td>
                {canManage ? (
                  <td className="row-actions">
                    {user.id === currentUserId ? null : (
                      <button type="button" aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`} onClick={() => void setDisabled(user, !user.disabled)}>
                        {user.disabled ? 'Enable' : 'Disable'}
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
            {users.data && users.data.items.length === 0 ? (
              <tr>
                <td colSpan={canManage ? 5 : 4} className="muted">No users in this tenant yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {users.data ? <Pager label="Users" offset={offset} limit={PAGE_SIZE} total={users.data.total} onChange={setOffset} /> : null}
      </section>
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated(user: User): void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TenantRole>('member');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // read and cleared at once, whatever the answer: a password is never kept on the page
    const password = takePassword(event.currentTarget as HTMLFormElement, 'password');
    setBusy(true);
    setError(null);
    try {
      const user = await api<User>('POST', '/api/v1/users', { email: email.trim(), role, ...(password ? { password } : {}) });
      setEmail('');
      setRole('member');
      onCreated(user);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add a user</h2>
      <form aria-label="Create user" onSubmit={(e) => void submit(e)}>
        <Field label="Email" name="email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" name="role" value={role} onChange={(e) => setRole(e.target.value as TenantRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{roleLabel(r)}</option>
            ))}
          </select>
        </div>
        <Field
          label="Password (optional)"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          help="At least 12 characters. Leave it empty and Embark generates a temporary password that is never shown to anyone here; the user must change it at first sign-in."
        />
        <ErrorAlert error={error} testId="create-user-error" />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add user'}</button>
      </form>
    </section>
  );
}
