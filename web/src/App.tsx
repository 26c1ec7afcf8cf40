/**
 * Decides what the signed-in person may see: the sign-in form, then (with a temporary password) only
 * the password change, then the pages their role and tenant context allow.
 */
import { useEffect, useState, useSyncExternalStore, type ReactElement } from 'react';
import { actAsTenant, api, getState, logout, subscribe, type ActingTenant, type Role, type Session } from './api.ts';
import { decodeSegment, href, matchRoute, navigate, ROUTES, routeTo, useRoute } from './router.ts';
import { ErrorAlert, roleLabel } from './ui.tsx';
import { LoginPage, TenantLoginPage } from './pages/LoginPage.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { TenantsPage } from './pages/TenantsPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { MessagesPage } from './pages/MessagesPage.tsx';
import { ChannelsPage } from './pages/ChannelsPage.tsx';
import { SignupSettingsPage } from './pages/SignupSettingsPage.tsx';
import { SignupPage } from './pages/SignupPage.tsx';
import { ForgotPasswordPage, ResetPasswordPage, SetupPage } from './pages/PasswordPages.tsx';

export interface Me {
  user: { id: string; email: string; role: Role; tenant_id: string | null };
  tenant: { id: string; name: string; subdomain: string; is_active: boolean } | null;
  impersonating: boolean;
  server?: { outbox_reveal_secrets?: boolean };
}

/**
 * The pages anyone may open, by route (router.ts ROUTES), tried in order. `always`: shown to a
 * signed-in person too; otherwise a session goes on to the app (a sign-in page has nothing to offer).
 */
const PUBLIC_PAGES: readonly { route: string; always?: boolean; page: (params: Record<string, string>) => ReactElement }[] = [
  { route: ROUTES.signup, always: true, page: ({ subdomain }) => <SignupPage subdomain={subdomain ?? ''} /> },
  { route: ROUTES.chooseSignup, always: true, page: () => <SignupPage subdomain="" /> },
  { route: ROUTES.tenantLogin, page: ({ subdomain }) => <TenantLoginPage subdomain={subdomain ?? ''} /> },
  { route: ROUTES.tenantForgotPassword, always: true, page: ({ subdomain }) => <ForgotPasswordPage subdomain={subdomain ?? ''} /> },
  { route: ROUTES.forgotPassword, always: true, page: () => <ForgotPasswordPage /> },
  { route: ROUTES.resetPassword, always: true, page: () => <ResetPasswordPage /> },
  { route: ROUTES.setup, always: true, page: () => <SetupPage /> },
];

export function App() {
  const { session, acting } = useSyncExternalStore(subscribe, getState);
  const route = useRoute();
  for (const { route: pattern, always, page } of PUBLIC_PAGES) {
    const params = matchRoute(pattern, route);
    if (params && (always || !session)) return page(params);
  }
  // any other address without a session: the global sign-in page, which sends tenant users to theirs
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
    // a redirect (from a sign-in page, or an address that is no page): the back button skips it
    if (head !== page || (rest.length > 0 && param === undefined)) navigate(page, { replace: true });
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
  // a tenant's people sign in again on their tenant's page, global admins on the global one
  const signInAgain = !isGlobalAdmin && me?.tenant ? routeTo(ROUTES.tenantLogin, { subdomain: me.tenant.subdomain }) : '';

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
          <button
            type="button"
            onClick={() => {
              // the session is gone before the next render, so the sign-in page shows rather than a redirect back into the app
              void logout();
              navigate(signInAgain);
            }}
          >
            Log out
          </button>
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
      {me?.server?.outbox_reveal_secrets ? (
        <section className="banner banner-warn" aria-label="Development switch" data-testid="reveal-banner">
          <span>
            <strong>Development mode:</strong> EMBARK_OUTBOX_REVEAL_SECRETS is on, so global admins can read the passwords and sign-in
            links the outbox masks (each reading is audited). Turn it off before real people use this server.
          </span>
        </section>
      ) : null}
      <main>
        <ErrorAlert error={meError} testId="me-error" />
        {/* keyed by the tenant context so a page reloads its data when the admin switches tenants */}
        {page === 'tenants' ? <TenantsPage key="tenants" /> : null}
        {page === 'profile' ? <ProfilePage key={`profile-${acting?.id ?? ''}`} canEdit={role === 'tenant_admin'} /> : null}
        {page === 'users' ? <UsersPage key={`users-${acting?.id ?? ''}`} canManage={role === 'tenant_admin'} currentUserId={session.user.id} /> : null}
        {page === 'messages' ? <MessagesPage key={`messages-${acting?.id ?? ''}-${param ?? ''}`} messageId={param} canManage={role === 'tenant_admin'} canReveal={isGlobalAdmin && Boolean(acting) && Boolean(me?.server?.outbox_reveal_secrets)} /> : null}
        {page === 'channels' ? <ChannelsPage key={`channels-${acting?.id ?? ''}`} /> : null}
        {page === 'signup-settings' ? <SignupSettingsPage key={`signup-settings-${acting?.id ?? ''}`} subdomain={me?.tenant?.subdomain} /> : null}
      </main>
    </div>
  );
}
