/**
 * Decides what the signed-in person may see: the sign-in form, then (with a temporary password) only
 * the password change, then the pages their role and tenant context allow.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { actAsTenant, api, getState, logout, subscribe, type ActingTenant, type Role, type Session } from './api.ts';
import { decodeSegment, href, navigate, useRoute } from './router.ts';
import { ErrorAlert, roleLabel } from './ui.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { TenantsPage } from './pages/TenantsPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { MessagesPage } from './pages/MessagesPage.tsx';
import { ChannelsPage } from './pages/ChannelsPage.tsx';
import { SignupSettingsPage } from './pages/SignupSettingsPage.tsx';
import { SignupPage } from './pages/SignupPage.tsx';

export interface Me {
  user: { id: string; email: string; role: Role; tenant_id: string | null };
  tenant: { id: string; name: string; subdomain: string; is_active: boolean } | null;
  impersonating: boolean;
}

export function App() {
  const { session, acting } = useSyncExternalStore(subscribe, getState);
  const route = useRoute();
  // a tenant's public signup page needs no session
  if (route === 'signup' || route.startsWith('signup/')) return <SignupPage subdomain={decodeSegment(route.slice('signup/'.length))} />;
  if (!session) return <LoginPage />;
  if (session.must_change_password) return <ChangePasswordPage session={session} />;
  return <Shell session={session} acting={acting} />;
}

type Page = 'tenants' | 'users' | 'messages' | 'channels' | 'signup-settings' | 'profile';

/** The role the server applies: a global admin acting in a tenant may do what a tenant admin may. */
function effectiveRole(session: Session, acting: ActingTenant | null): Role {
  if (session.user.role === 'global_admin') return acting ? 'tenant_admin' : 'global_admin';
  return session.user.role;
}

function pagesFor(role: Role): Page[] {
  switch (role) {
    case 'global_admin':
      return ['tenants'];
    case 'tenant_admin':
      return ['users', 'messages', 'channels', 'signup-settings', 'profile'];
    case 'staff':
      return ['users', 'messages', 'profile'];
    case 'member':
      return ['profile'];
  }
}

const PAGE_TITLES: Record<Page, string> = {
  tenants: 'Tenants',
  users: 'Users',
  messages: 'Messages',
  channels: 'Channels',
  'signup-settings': 'Signup settings',
  profile: 'Profile',
};

function Shell({ session, acting }: { session: Session; acting: ActingTenant | null }) {
  const route = useRoute();
  const isGlobalAdmin = session.user.role === 'global_admin';
  const role = effectiveRole(session, acting);
  const pages = isGlobalAdmin ? ['tenants' as const, ...(acting ? pagesFor(role) : [])] : pagesFor(role);
  const fallback: Page = acting ? 'users' : pages[0]!;
  // a route is a page and, for some pages, an id: messages/<id>
  const [head = '', ...rest] = route.split('/');
  const page: Page = (pages as string[]).includes(head) ? (head as Page) : fallback;
  const param = page === head && page === 'messages' && rest.length === 1 && rest[0] ? decodeSegment(rest[0]) : undefined;

  useEffect(() => {
    if (head !== page || (rest.length > 0 && param === undefined)) navigate(page);
  }, [route, head, page, param, rest.length]);

  const [me, setMe] = useState<Me | null>(null);
  const [meError, setMeError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    api<Me>('GET', '/api/v1/me').then(
      (value) => {
        if (!current) return;
        setMe(value);
        setMeError(null);
      },
      (error: unknown) => {
        if (current) setMeError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [session.user.id, acting?.id]);

  const tenantLabel = me?.tenant ? `${me.tenant.name} (${me.tenant.subdomain})` : isGlobalAdmin ? 'none — global' : '…';

  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={href(fallback)}>Embark</a>
        <nav aria-label="Main">
          <ul>
            {pages.map((p) => (
              <li key={p}>
                <a href={href(p)} aria-current={p === page ? 'page' : undefined}>{PAGE_TITLES[p]}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="whoami" aria-label="Signed in as">
          <span data-testid="current-user-email">{session.user.email}</span>
          <span className="badge" data-testid="current-user-role">{roleLabel(session.user.role)}</span>
          <span>Tenant: <span data-testid="current-tenant">{tenantLabel}</span></span>
          <button type="button" onClick={() => void logout()}>Log out</button>
        </div>
      </header>
      {acting ? (
        <section className="banner" aria-label="Acting as tenant" data-testid="acting-banner">
          <span>Acting as <strong>{acting.name}</strong></span>
          <button
            type="button"
            onClick={() => {
              actAsTenant(null);
              navigate('tenants');
            }}
          >
            Stop
          </button>
        </section>
      ) : null}
      <main>
        <ErrorAlert error={meError} testId="me-error" />
        {/* keyed by the tenant context so a page reloads its data when the admin switches tenants */}
        {page === 'tenants' ? <TenantsPage key="tenants" /> : null}
        {page === 'profile' ? <ProfilePage key={`profile-${acting?.id ?? ''}`} canEdit={role === 'tenant_admin'} /> : null}
        {page === 'users' ? <UsersPage key={`users-${acting?.id ?? ''}`} canManage={role === 'tenant_admin'} currentUserId={session.user.id} /> : null}
        {page === 'messages' ? <MessagesPage key={`messages-${acting?.id ?? ''}-${param ?? ''}`} messageId={param} canManage={role === 'tenant_admin'} /> : null}
        {page === 'channels' ? <ChannelsPage key={`channels-${acting?.id ?? ''}`} /> : null}
        {page === 'signup-settings' ? <SignupSettingsPage key={`signup-settings-${acting?.id ?? ''}`} subdomain={me?.tenant?.subdomain} /> : null}
      </main>
    </div>
  );
}
