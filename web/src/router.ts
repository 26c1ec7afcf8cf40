/**
 * A path router in a few dozen lines. A route is the address's path without its leading slash
 * (`users`, `messages/<id>`, `t/acme/login`), so every page has an address that works when typed,
 * pasted or sent in an email: the server answers any path outside /api with index.html (the
 * not-found handler in src/app.ts). Links are plain <a href>; startRouter takes over clicks on them
 * so the page does not reload. No dependency needed.
 *
 * Addresses of the hash router this replaced (`/#/signup/acme`) still work: they are moved to their
 * path once, on load.
 */
import { useSyncExternalStore } from 'react';

/**
 * The pages with an address of their own, whether or not anyone is signed in. `:name` matches one
 * path segment (decoded); App.tsx says what each shows. The signed-in pages are `<page>` or
 * `<page>/<id>` (App.tsx's Shell).
 */
export const ROUTES = {
  /** The global sign-in page, for global administrators; also `/`. */
  login: 'login',
  /** A tenant's own sign-in page: no tenant to type. Every email's login_url links here. */
  tenantLogin: 't/:subdomain/login',
  /** A tenant's public signup page. */
  signup: 'signup/:subdomain',
  /** Asks which tenant to sign up to. */
  chooseSignup: 'signup',
  /** "Forgot password?" of a tenant's sign-in page, and of the global one (which asks for the tenant). */
  tenantForgotPassword: 't/:subdomain/forgot-password',
  forgotPassword: 'forgot-password',
  /** Where a reset or invitation link goes: choosing the password (`?token=…`). */
  resetPassword: 'reset-password',
  /** The first global admin, from the link `embark serve` prints (`?token=…`). */
  setup: 'setup',
} as const;

/** A route segment decoded; a malformed escape (a hand-typed "%") is kept as it is rather than thrown. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The parameters of `route` when it matches `pattern` (see ROUTES), else null. */
export function matchRoute(pattern: string, route: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = route.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    if (part.startsWith(':')) {
      if (!got[i]) return null;
      params[part.slice(1)] = decodeSegment(got[i]!);
    } else if (part !== got[i]) {
      return null;
    }
  }
  return params;
}

/** The route of `pattern` with its parameters filled in (encoded). */
export function routeTo(pattern: string, params: Record<string, string> = {}): string {
  return pattern
    .split('/')
    .map((part) => (part.startsWith(':') ? encodeURIComponent(params[part.slice(1)] ?? '') : part))
    .join('/');
}

function currentRoute(): string {
  return window.location.pathname.replace(/^\/+|\/+$/g, '');
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentRoute);
}

/** The address of a route, for <a href>; may carry a query (`t/acme/login?email=…`). */
export function href(route: string): string {
  return `/${route}`;
}

/** Goes to a route; `replace` for a redirect, which the back button should skip. */
export function navigate(route: string, options: { replace?: boolean } = {}): void {
  const target = href(route);
  if (`${window.location.pathname}${window.location.search}` === target) return;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  notify();
}

/** The query of the address (`/t/acme/login?email=…`), read once by pages that accept a prefill. */
export function routeQuery(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

/** The route a click on this link goes to, when it is one of this app's pages opened in this tab. */
function linkRoute(event: MouseEvent): string | undefined {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const anchor = event.target instanceof Element ? event.target.closest('a') : null;
  if (!anchor || !anchor.href || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return undefined;
  const url = new URL(anchor.href);
  // the API (and its docs at /api/docs) is served by the server, not by this app
  if (url.origin !== window.location.origin || url.pathname === '/api' || url.pathname.startsWith('/api/')) return undefined;
  return `${url.pathname.replace(/^\/+/, '')}${url.search}`;
}

/** Call once before the first render: moves a hash-router address to its path, and takes over link clicks. */
export function startRouter(): void {
  const { hash } = window.location;
  if (hash.startsWith('#/')) window.history.replaceState(null, '', href(hash.slice(2)));
  window.addEventListener('popstate', notify);
  document.addEventListener('click', (event) => {
    const route = linkRoute(event);
    if (route === undefined) return;
    event.preventDefault();
    navigate(route);
  });
}
