/**
 * A hash router in a dozen lines: the route is what follows "#/", so the server never sees it and
 * a reload always lands on index.html. Enough for a handful of admin pages; no dependency needed.
 */
import { useSyncExternalStore } from 'react';

function currentRoute(): string {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return hash.split('?')[0] ?? '';
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentRoute);
}

export function navigate(route: string): void {
  const target = `#/${route}`;
  if (window.location.hash !== target) window.location.hash = target;
}

export function href(route: string): string {
  return `#/${route}`;
}

/** The query after the route (`#/login?tenant=acme`), read once by pages that accept a prefill. */
export function routeQuery(): URLSearchParams {
  const hash = window.location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
}

/** A route segment decoded; a malformed escape (a hand-typed "%") is kept as it is rather than thrown. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
