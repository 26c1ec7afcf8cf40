/**
 * Decides what the signed-in person may see: the sign-in form, then (with a temporary password) only
 * the password change, then the pages the server says they may use (GET /api/v1/me `allowed`: the
 * routes its access rules let this user call in this tenant context; nothing is re-derived here).
 */
import { useEffect, useState, useSyncExternalStore, type ReactElement } from 'react';
import { actAsTenant, api, getState, logout, subscribe, type ActingTenant, type Session } from './api.ts';
import type { paths } from './api-types.ts';
import { decodeSegment, href, matchRoute, navigate, ROUTES, routeTo, useRoute } from './router.ts';
import { ErrorAlert, roleLabel } from './ui.tsx';
import { LoginPage, TenantLoginPage } from './pages/LoginPage.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { TenantsPage } from './pages/TenantsPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { UserPage } from './pages/UserPage.tsx';
import { MessagesPage } from './pages/MessagesPage.tsx';
import { IntegrationsPage } from './pages/IntegrationsPage.tsx';
import { SignupSettingsPage } from './pages/SignupSettingsPage.tsx';
import { ApiKeysPage } from './pages/ApiKeysPage.tsx';
import { WebhooksPage } from './pages/WebhooksPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { JobsPage } from './pages/JobsPage.tsx';
import { ContactsPage } from './pages/ContactsPage.tsx';
import { ContactDetailPage } from './pages/ContactDetailPage.tsx';
import { HiresPage } from './pages/HiresPage.tsx';
import { TemplatesPage } from './pages/TemplatesPage.tsx';
import { OnboardingPage } from './pages/OnboardingPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { ActivityPage } from './pages/ActivityPage.tsx';
import { AnalyticsPage } from './pages/AnalyticsPage.tsx';
import { SignupPage } from './pages/SignupPage.tsx';
import { ForgotPasswordPage, ResetPasswordPage, SetupPage, TenantForgotPasswordPage } from './pages/PasswordPages.tsx';

export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];

/**
 * The pages anyone may open, by route (router.ts ROUTES), tried in order. `always`: shown to a
 * signed-in person too; otherwise a session goes on to the app (a sign-in page has nothing to offer).
 */
const PUBLIC_PAGES: readonly { route: string; always?: boolean; page: (params: Record<string, string>) => ReactElement }[] = [
  { route: ROUTES.signup, always: true, page: ({ subdomain }) => <SignupPage subdomain={subdomain ?? ''} /> },
  { route: ROUTES.chooseSignup, always: true, page: () => <SignupPage subdomain="" /> },
  { route: ROUTES.tenantLogin, page: ({ subdomain }) => <TenantLoginPage subdomain={subdomain ?? ''} /> },
  { route: ROUTES.tenantForgotPassword, always: true, page: ({ subdomain }) => <TenantForgotPasswordPage subdomain={subdomain ?? ''} /> },
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

type Page = 'home' | 'activity' | 'tenants' | 'users' | 'contacts' | 'hires' | 'onboarding' | 'messages' | 'templates' | 'integrations' | 'api-keys' | 'webhooks' | 'audit' | 'jobs' | 'analytics' | 'signup-settings' | 'profile';

/**
 * Each page, in menu order, with its title and the call that loads it: shown when the server allows
 * that call. `inMenu: false`: a page reached from another (the dashboard's "All activity").
 */
const PAGES: readonly { page: Page; title: string; needs: string; inMenu?: boolean }[] = [
  // everyone's in a tenant: a member's own checklists and activity, the dashboard for staff and admins
  { page: 'home', title: 'Home', needs: 'GET /api/v1/me/feed' },
  { page: 'activity', title: 'Activity', needs: 'GET /api/v1/feed', inMenu: false },
  { page: 'tenants', title: 'Tenants', needs: 'GET /api/v1/admin/tenants' },
  { page: 'users', title: 'Users', needs: 'GET /api/v1/users' },
  { page: 'contacts', title: 'Contacts', needs: 'GET /api/v1/crm/contacts' },
  { page: 'hires', title: 'Hires', needs: 'GET /api/v1/hires' },
  { page: 'onboarding', title: 'Onboarding', needs: 'PUT /api/v1/tenant/checklists/:key' },
  { page: 'messages', title: 'Messages', needs: 'GET /api/v1/messages' },
  { page: 'templates', title: 'Templates', needs: 'GET /api/v1/tenant/templates' },
  { page: 'integrations', title: 'Integrations', needs: 'GET /api/v1/integrations' },
  { page: 'api-keys', title: 'API keys', needs: 'GET /api/v1/tenant/api-keys' },
  { page: 'webhooks', title: 'Webhooks', needs: 'GET /api/v1/tenant/webhooks' },
  { page: 'audit', title: 'Audit log', needs: 'GET /api/v1/audit' },
  { page: 'jobs', title: 'Jobs', needs: 'GET /api/v1/admin/jobs' },
  { page: 'analytics', title: 'Analytics', needs: 'GET /api/v1/analytics/funnel' },
  { page: 'signup-settings', title: 'Signup settings', needs: 'GET /api/v1/tenant/signup-settings' },
  { page: 'profile', title: 'Profile', needs: 'GET /api/v1/tenant/profile' },
];

function Shell({ session, acting }: { session: Session; acting: ActingTenant | null }) {
  const route = useRoute();
  const isGlobalAdmin = session.user.role === 'global_admin';
  // /me of this user in this tenant context; one of another context (before a switch) does not count
  const context = `${session.user.id}:${acting?.id ?? ''}`;
  const [loaded, setLoaded] = useState<{ context: string; me: Me } | null>(null);
  const [meError, setMeError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    api<Me>('GET', '/api/v1/me').then(
      (value) => {
        if (!current) return;
        setLoaded({ context, me: value });
        setMeError(null);
      },
      (error: unknown) => {
        if (current) setMeError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [context]);
  const me = loaded?.context === context ? loaded.me : null;
  const allowed = new Set(me?.allowed ?? []);
  const may = (call: string) => allowed.has(call);
  const pages = PAGES.filter((p) => may(p.needs)).map((p) => p.page);
  const isMember = session.user.role === 'member';
  // whether a link to a route (`users/<id>`, `messages`) leads to a page this person may open
  const canOpen = (to: string) => (pages as string[]).includes(to.split('/')[0] ?? '');
  const fallback: Page | undefined = acting && pages.includes('users') ? 'users' : pages[0];
  // a route is a page and, for some pages, an id: messages/<id>, contacts/<id>
  const [head = '', ...rest] = route.split('/');
  const page: Page | undefined = (pages as string[]).includes(head) ? (head as Page) : fallback;
  const param = page === head && (page === 'messages' || page === 'contacts' || page === 'templates' || page === 'users' || page === 'hires') && rest.length === 1 && rest[0] ? decodeSegment(rest[0]) : undefined;

  useEffect(() => {
    // a redirect (from a sign-in page, or an address that is no page): the back button skips it;
    // only once the server said which pages there are
    if (page && (head !== page || (rest.length > 0 && param === undefined))) navigate(page, { replace: true });
  }, [route, head, page, param, rest.length]);

  const tenantLabel = me?.tenant ? `${me.tenant.name} (${me.tenant.subdomain})` : isGlobalAdmin ? 'none — global' : '…';
  // a tenant's people sign in again on their tenant's page, global admins on the global one
  const signInAgain = !isGlobalAdmin && me?.tenant ? routeTo(ROUTES.tenantLogin, { subdomain: me.tenant.subdomain ?? '' }) : '';

  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={href(fallback ?? '')}>
          Embark
        </a>
        <nav aria-label="Main">
          <ul>
            {PAGES.filter((p) => p.inMenu !== false && pages.includes(p.page)).map((p) => (
              <li key={p.page}>
                {/* the Activity page is reached from Home, and stays under it */}
                <a href={href(p.page)} aria-current={p.page === page || (p.page === 'home' && page === 'activity') ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="whoami" aria-label="Signed in as">
          <span data-testid="current-user-email">{session.user.email}</span>
          <span className="badge" data-testid="current-user-role">
            {roleLabel(session.user.role)}
          </span>
          <span>
            Tenant: <span data-testid="current-tenant">{tenantLabel}</span>
          </span>
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
          <span>
            Acting as <strong>{acting.name}</strong>
          </span>
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
            <strong>Development mode:</strong> EMBARK_OUTBOX_REVEAL_SECRETS is on, so global admins can read the passwords and sign-in links the outbox masks (each reading is audited). Turn it off before real people use this server.
          </span>
        </section>
      ) : null}
      <main>
        <ErrorAlert error={meError} testId="me-error" />
        {/* keyed by the tenant context so a page reloads its data when the admin switches tenants */}
        {page === 'tenants' ? <TenantsPage key="tenants" /> : null}
        {page === 'profile' ? <ProfilePage key={`profile-${acting?.id ?? ''}`} canEdit={may('PUT /api/v1/tenant/profile')} /> : null}
        {page === 'users' && param === undefined ? <UsersPage key={`users-${acting?.id ?? ''}`} canManage={may('POST /api/v1/users')} currentUserId={session.user.id} /> : null}
        {page === 'users' && param !== undefined ? <UserPage key={`user-${acting?.id ?? ''}-${param}`} userId={param} canManage={may('PATCH /api/v1/users/:id')} canSeeMessages={may('GET /api/v1/messages')} currentUserId={session.user.id} /> : null}
        {page === 'hires' ? <HiresPage key={`hires-${acting?.id ?? ''}-${param ?? ''}`} hireId={param} canSeeRuns={may('GET /api/v1/tenant/runs/:id')} /> : null}
        {page === 'home' && isMember ? <HomePage key="home" /> : null}
        {page === 'home' && !isMember && may('GET /api/v1/tenant/dashboard') ? <DashboardPage key={`dashboard-${acting?.id ?? ''}`} canOpen={canOpen} canSeeFeed={may('GET /api/v1/feed')} /> : null}
        {page === 'activity' ? <ActivityPage key={`activity-${acting?.id ?? ''}`} canOpen={canOpen} /> : null}
        {page === 'onboarding' ? <OnboardingPage key={`onboarding-${acting?.id ?? ''}`} /> : null}
        {page === 'contacts' && !param ? <ContactsPage key={`contacts-${acting?.id ?? ''}`} /> : null}
        {page === 'contacts' && param ? <ContactDetailPage key={`contact-${acting?.id ?? ''}-${param}`} contactId={param} /> : null}
        {page === 'messages' ? <MessagesPage key={`messages-${acting?.id ?? ''}-${param ?? ''}`} messageId={param} canManage={may('POST /api/v1/messages/:id/retry')} canReveal={may('GET /api/v1/messages/:id/reveal') && Boolean(me?.server?.outbox_reveal_secrets)} /> : null}
        {page === 'templates' ? <TemplatesPage key={`templates-${acting?.id ?? ''}`} bundle={param} canEdit={may('PUT /api/v1/tenant/templates/:bundle')} /> : null}
        {page === 'integrations' ? <IntegrationsPage key={`integrations-${acting?.id ?? ''}`} /> : null}
        {page === 'api-keys' ? <ApiKeysPage key={`api-keys-${acting?.id ?? ''}`} /> : null}
        {page === 'webhooks' ? <WebhooksPage key={`webhooks-${acting?.id ?? ''}`} /> : null}
        {page === 'audit' ? <AuditPage key={`audit-${acting?.id ?? ''}`} platform={isGlobalAdmin && !acting} /> : null}
        {page === 'jobs' ? <JobsPage key="jobs" /> : null}
        {page === 'analytics' ? <AnalyticsPage key={`analytics-${acting?.id ?? ''}`} /> : null}
        {page === 'signup-settings' ? <SignupSettingsPage key={`signup-settings-${acting?.id ?? ''}`} subdomain={me?.tenant?.subdomain} /> : null}
      </main>
    </div>
  );
}
