/**
 * One user of the tenant: who they are, their access role (changed here, as the API allows: never
 * one's own admin role, never to global admin), disabling and enabling them, a link to choose a
 * password (an invitation until they first sign in, then a reset link), their app role and signup mode,
 * their organisation (moved or taken out here, through the organisation membership routes), their
 * onboarding progress (read-only), their sessions with a way to sign them out everywhere, and the
 * messages sent to them.
 */
import { useState } from 'react';
import { api, type TenantRole } from '../api.ts';
import type { paths } from '../api-types.ts';
import { href } from '../router.ts';
import { channelLabel, ConfirmButton, DataTable, ErrorAlert, formatDate, MessageStatus, Notice, onSubmitOf, roleLabel, SelectField, useLoad, useSubmit, type ListPage, type Message } from '../ui.tsx';

type User = paths['/api/v1/users/{id}']['get']['responses'][200]['content']['application/json'];
type Sessions = paths['/api/v1/users/{id}/sessions']['get']['responses'][200]['content']['application/json'];
type Session = NonNullable<Sessions['items']>[number];
type LinkSent = paths['/api/v1/users/{id}/invite']['post']['responses'][202]['content']['application/json'];
type Onboarding = paths['/api/v1/onboarding/status']['get']['responses'][200]['content']['application/json'];
type ChecklistStatus = NonNullable<Onboarding['items']>[number];
type Organizations = paths['/api/v1/organizations']['get']['responses'][200]['content']['application/json'];

const ROLES: readonly TenantRole[] = ['member', 'staff', 'tenant_admin'];
const ORGANIZATION_ROLES: Record<string, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

function status(user: User) {
  if (user.disabled) return <span className="badge off">Disabled</span>;
  if (user.password_set === false) return <span className="badge warn">No password yet</span>;
  if (user.must_change_password) return <span className="badge warn">Must change password</span>;
  return <span className="badge ok">Active</span>;
}

/** A browser's user agent in a few words: "Chrome on Linux", else the text itself. */
function browserOf(agent: string | null | undefined): string {
  if (!agent) return 'Unknown browser';
  const browser = /Edg\//.test(agent) ? 'Edge' : /Firefox\//.test(agent) ? 'Firefox' : /Chrom(e|ium)\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : '';
  const system = /Windows/.test(agent) ? 'Windows' : /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Mac OS X/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : '';
  return browser ? `${browser}${system ? ` on ${system}` : ''}` : agent;
}

export function UserPage({ userId, canManage, canSeeMessages, currentUserId }: { userId: string; canManage: boolean; canSeeMessages: boolean; currentUserId: string }) {
  const [revision, setRevision] = useState(0);
  const user = useLoad(() => api<User>('GET', `/api/v1/users/${encodeURIComponent(userId)}`), `${userId}|${revision}`);
  const [notice, setNotice] = useState('');
  const action = useSubmit(async (act: () => Promise<string>) => {
    setNotice('');
    setNotice(await act());
    setRevision((r) => r + 1);
  });
  const self = userId === currentUserId;
  const person = user.data;
  const name = person?.email || person?.phone || userId;

  return (
    <>
      <a className="back" href={href('users')}>
        ← All users
      </a>
      <h1>{person ? name : 'User'}</h1>
      <ErrorAlert error={user.error} testId="user-load-error" />
      <Notice testId="user-notice">{notice}</Notice>
      <ErrorAlert error={action.error} testId="user-error" />
      {person ? (
        <section aria-labelledby="user-profile-heading" data-testid="user-profile">
          <h2 id="user-profile-heading">Profile</h2>
          <dl className="facts">
            <dt>Email</dt>
            <dd>{person.email ?? <span className="muted">—</span>}</dd>
            <dt>Phone</dt>
            <dd>{person.phone ?? <span className="muted">—</span>}</dd>
            <dt>Access role</dt>
            <dd data-testid="user-page-role">{roleLabel(person.role ?? '')}</dd>
            <dt>App role</dt>
            <dd data-testid="user-page-app-role">{person.app_role ?? <span className="muted">None</span>}</dd>
            <dt>Signup mode</dt>
            <dd data-testid="user-page-signup-mode">{person.signup_mode ?? <span className="muted">None</span>}</dd>
            <dt>Organisation</dt>
            <dd data-testid="user-page-organization">
              {person.organization ? (
                <>
                  {person.organization.name} <span className="badge">{ORGANIZATION_ROLES[person.organization.role] ?? person.organization.role}</span>
                </>
              ) : (
                <span className="muted">None</span>
              )}
            </dd>
            <dt>Status</dt>
            <dd>{status(person)}</dd>
            <dt>Last sign-in</dt>
            <dd>{person.last_login_at ? formatDate(person.last_login_at) : <span className="muted">Never</span>}</dd>
            <dt>Created</dt>
            <dd>{person.created_at ? formatDate(person.created_at) : ''}</dd>
          </dl>
          {canManage && !self ? (
            <div className="actions wrap-actions">
              {person.disabled ? null : (
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      const sent = await api<LinkSent>('POST', `/api/v1/users/${userId}/invite`);
                      return `${sent.kind === 'invitation' ? 'An invitation' : 'A password reset link'} is on its way to ${name} by ${sent.channel === 'sms' ? 'SMS' : 'email'}; it works once, until ${formatDate(sent.expires_at ?? '')}.`;
                    })
                  }
                >
                  Send invite or reset link
                </button>
              )}
              {person.disabled ? (
                <button type="button" disabled={action.busy} onClick={() => void action.run(async () => setDisabled(userId, false))}>
                  Enable
                </button>
              ) : (
                <ConfirmButton question={`Disable ${name}? Their sessions end at once.`} confirm="Yes, disable" disabled={action.busy} onConfirm={() => void action.run(async () => setDisabled(userId, true))}>
                  Disable
                </ConfirmButton>
              )}
            </div>
          ) : null}
          {self ? <p className="muted">This is you: another admin can change your role or disable you.</p> : null}
        </section>
      ) : null}
      {person && canManage && !self ? (
        <RoleForm
          key={`${person.role}-${revision}`}
          user={person}
          onSaved={(text) => {
            setNotice(text);
            setRevision((r) => r + 1);
          }}
        />
      ) : null}
      {person && canManage ? (
        <OrganizationForm
          key={`org-${person.organization?.id ?? ''}-${revision}`}
          user={person}
          onSaved={(text) => {
            setNotice(text);
            setRevision((r) => r + 1);
          }}
        />
      ) : null}
      {person ? <UserOnboarding userId={userId} revision={revision} /> : null}
      {person && canManage ? <SessionsPanel userId={userId} self={self} revision={revision} /> : null}
      {person && canSeeMessages ? <UserMessages userId={userId} revision={revision} /> : null}
    </>
  );
}

async function setDisabled(userId: string, disabled: boolean): Promise<string> {
  const updated = await api<User>('PATCH', `/api/v1/users/${userId}`, { disabled });
  const name = updated.email || updated.phone || userId;
  return disabled ? `${name} is disabled; their sessions have ended.` : `${name} is enabled again.`;
}

function RoleForm({ user, onSaved }: { user: User; onSaved(notice: string): void }) {
  const [role, setRole] = useState<TenantRole>((user.role as TenantRole) ?? 'member');
  const save = useSubmit(async () => {
    const updated = await api<User>('PATCH', `/api/v1/users/${user.id}`, { role });
    onSaved(`${updated.email || updated.phone || updated.id} is now ${roleLabel(updated.role ?? '')}.`);
  });
  return (
    <section aria-labelledby="user-role-heading">
      <h2 id="user-role-heading">Access role</h2>
      <form aria-label="Change access role" className="inline" onSubmit={onSubmitOf(save)}>
        <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as TenantRole)} options={ROLES.map((r) => [r, roleLabel(r)] as const)} />
        <button type="submit" className="primary" disabled={save.busy || role === user.role}>
          {save.busy ? 'Saving…' : 'Save role'}
        </button>
      </form>
      <p className="help">Members use your app; staff also read users and messages here; tenant admins manage everything in this tenant.</p>
      <ErrorAlert error={save.error} testId="user-role-error" />
    </section>
  );
}

function SessionsPanel({ userId, self, revision }: { userId: string; self: boolean; revision: number }) {
  const [ended, setEnded] = useState(0);
  const sessions = useLoad(() => api<Sessions>('GET', `/api/v1/users/${encodeURIComponent(userId)}/sessions`), `${userId}|${revision}|${ended}`);
  const [notice, setNotice] = useState('');
  const end = useSubmit(async () => {
    setNotice('');
    const result = await api<{ ended?: number }>('DELETE', `/api/v1/users/${encodeURIComponent(userId)}/sessions`);
    setNotice(result.ended === 1 ? 'Ended 1 session.' : `Ended ${result.ended ?? 0} sessions.`);
    setEnded((n) => n + 1);
  });
  const items: Session[] = sessions.data?.items ?? [];

  return (
    <section aria-labelledby="user-sessions-heading" data-testid="user-sessions">
      <div className="toolbar">
        <h2 id="user-sessions-heading">Sessions</h2>
        <span className="spacer" />
        {items.some((s) => !s.current) ? (
          <ConfirmButton question={self ? 'Sign out your other sessions?' : 'Sign them out everywhere?'} confirm="Yes, sign out" disabled={end.busy} onConfirm={() => void end.run()}>
            {self ? 'Sign out other sessions' : 'Sign out everywhere'}
          </ConfirmButton>
        ) : null}
      </div>
      <Notice testId="sessions-notice">{notice}</Notice>
      <ErrorAlert error={sessions.error ?? end.error} testId="sessions-error" />
      {sessions.data && items.length === 0 ? (
        <p className="muted" data-testid="sessions-empty">
          No open sessions: they are signed out everywhere. A new sign-in will show here.
        </p>
      ) : null}
      {items.length ? (
        <DataTable caption="Open sessions" testId="sessions-table" busy={sessions.loading} columns={['Browser', 'Address', 'Signed in', 'Ends']}>
          {items.map((session) => (
            <tr key={session.id} data-testid="session-row">
              <th scope="row" className="wrap">
                {browserOf(session.user_agent)} {session.current ? <span className="badge ok">This session</span> : null}
              </th>
              <td>{session.ip ?? <span className="muted">—</span>}</td>
              <td>{session.created_at ? formatDate(session.created_at) : ''}</td>
              <td>{session.expires_at ? formatDate(session.expires_at) : ''}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}

function UserMessages({ userId, revision }: { userId: string; revision: number }) {
  const messages = useLoad(() => api<ListPage<Message>>('GET', `/api/v1/messages?${new URLSearchParams({ user_id: userId, limit: '20' })}`), `${userId}|${revision}`);
  const items = messages.data?.items ?? [];
  return (
    <section aria-labelledby="user-messages-heading" data-testid="user-messages">
      <h2 id="user-messages-heading">Messages to them</h2>
      <ErrorAlert error={messages.error} testId="user-messages-error" />
      {messages.data && items.length === 0 ? (
        <p className="muted" data-testid="user-messages-empty">
          Nothing sent to them yet. Invitations, reset links and onboarding contacts show here.
        </p>
      ) : null}
      {items.length ? (
        <DataTable caption="Messages to this user" testId="user-messages-table" busy={messages.loading} columns={['Message', 'Channel', 'Status', 'Created']}>
          {items.map((message) => (
            <tr key={message.id}>
              <th scope="row">
                <a href={href(`messages/${message.id}`)}>{message.bundle}</a>
              </th>
              <td>{channelLabel(message.channel)}</td>
              <td>
                <MessageStatus status={message.status} />
              </td>
              <td>{formatDate(message.created_at)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {messages.data && messages.data.total > items.length ? (
        <p className="muted">
          {items.length} of {messages.data.total} shown; see every one on the <a href={href('messages')}>Messages</a> page.
        </p>
      ) : null}
    </section>
  );
}

/** Which organisation the user is in: moved to another (a user has one), or taken out, as the membership routes allow. */
function OrganizationForm({ user, onSaved }: { user: User; onSaved(notice: string): void }) {
  const organizations = useLoad(() => api<Organizations>('GET', '/api/v1/organizations?limit=200'), 'organizations');
  const current = user.organization ?? null;
  const [chosen, setChosen] = useState(current?.id ?? '');
  const [role, setRole] = useState(current?.role ?? 'member');
  const name = user.email || user.phone || user.id;
  const save = useSubmit(async () => {
    const moved = await api<{ name: string }>('PUT', `/api/v1/organizations/${encodeURIComponent(chosen)}/members/${encodeURIComponent(user.id ?? '')}`, { role });
    onSaved(`${name} is now in ${moved.name} (${ORGANIZATION_ROLES[role] ?? role}).`);
  });
  const remove = useSubmit(async () => {
    if (!current) return;
    await api('DELETE', `/api/v1/organizations/${encodeURIComponent(current.id)}/members/${encodeURIComponent(user.id ?? '')}`);
    onSaved(`${name} is in no organisation now.`);
  });
  const items = organizations.data?.items ?? [];
  const options = [['', 'Choose an organisation'] as const, ...items.map((o) => [o.id, o.name] as const)];
  const unchanged = chosen === (current?.id ?? '') && role === (current?.role ?? 'member');
  return (
    <section aria-labelledby="user-organization-heading" data-testid="user-organization">
      <h2 id="user-organization-heading">Organisation</h2>
      <ErrorAlert error={organizations.error ?? save.error ?? remove.error} testId="user-organization-error" />
      {organizations.data && items.length === 0 ? (
        <p className="muted" data-testid="organizations-empty">
          This tenant has no organisations yet. They are made by signups that name one, or with POST /api/v1/organizations.
        </p>
      ) : null}
      {items.length ? (
        <form aria-label="Change organisation" className="inline wrap-form" onSubmit={onSubmitOf(save)}>
          <SelectField label="Organisation" name="organization_id" value={chosen} onChange={(e) => setChosen(e.target.value)} options={options} />
          <SelectField label="Role in it" name="organization_role" value={role} onChange={(e) => setRole(e.target.value as typeof role)} options={Object.entries(ORGANIZATION_ROLES)} />
          <button type="submit" className="primary" disabled={save.busy || !chosen || unchanged}>
            {save.busy ? 'Saving…' : current ? 'Move' : 'Add to organisation'}
          </button>
          {current ? (
            <button type="button" disabled={remove.busy} onClick={() => void remove.run()}>
              Remove from {current.name}
            </button>
          ) : null}
        </form>
      ) : null}
      <p className="help">A user belongs to at most one organisation; its checklists count for all its members.</p>
    </section>
  );
}

/** The user's onboarding: each checklist that applies to them (theirs and their organisation's), with its tasks. Read-only. */
function UserOnboarding({ userId, revision }: { userId: string; revision: number }) {
  const onboarding = useLoad(() => api<Onboarding>('GET', `/api/v1/onboarding/status?${new URLSearchParams({ user_id: userId })}`), `${userId}|${revision}`);
  const items: ChecklistStatus[] = onboarding.data?.items ?? [];
  return (
    <section aria-labelledby="user-onboarding-heading" data-testid="user-onboarding">
      <h2 id="user-onboarding-heading">Onboarding</h2>
      <ErrorAlert error={onboarding.error} testId="user-onboarding-error" />
      {onboarding.data && items.length === 0 ? (
        <p className="muted" data-testid="user-onboarding-empty">
          No checklist applies to them. Checklists are made on the <a href={href('onboarding')}>Onboarding</a> page.
        </p>
      ) : null}
      {items.map((checklist) => (
        <div key={`${checklist.key}-${checklist.subject?.type ?? ''}`} className="user-checklist" data-testid={`user-checklist-${checklist.key}`}>
          <h3 className="subheading">
            {checklist.title} {checklist.completed ? <span className="badge ok">Complete</span> : checklist.dismissed_at ? <span className="badge off">Dismissed</span> : <span className="badge warn">In progress</span>}
          </h3>
          <p className="muted" data-testid="user-checklist-progress">
            {checklist.progress?.done ?? 0} of {checklist.progress?.required ?? 0} required tasks done
            {checklist.scope === 'organization' ? ' (for their organisation)' : ''}
            {checklist.completed_at ? `, completed ${formatDate(checklist.completed_at)}` : ''}.
          </p>
          <ul className="member-tasks">
            {(checklist.tasks ?? []).map((task) => (
              <li key={task.slug}>
                <span className={`badge ${task.completed ? 'ok' : 'off'}`}>{task.completed ? 'Done' : 'To do'}</span>
                <span>{task.title}</span>
                {task.required === false ? <span className="muted">(optional)</span> : null}
                {task.completed_at ? <span className="muted">{formatDate(task.completed_at)}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
