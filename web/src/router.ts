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
