import { ProviderError } from './types.ts';

/** Shared by the fetch-based adapters: one timeout, one way of reading a vendor's answer. */

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface VendorResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

/**
 * fetch with a timeout that also covers reading the body. A timeout or network failure is
 * `transient`: the request may or may not have reached the vendor, which is why adapters declare
 * supportsIdempotencyKey and the dispatcher decides what a retry may do.
 */
export async function vendorFetch(provider: string, url: string, init: RequestInit, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<VendorResponse> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut ? `no answer within ${timeoutMs / 1000} s` : `could not reach ${new URL(url).host}: ${causeMessage(error)}`;
    throw new ProviderError(provider, 'transient', `${provider}: ${reason}`, { cause: error });
  }
}

function causeMessage(error: unknown): string {
  // undici wraps the real reason (ECONNREFUSED, ENOTFOUND…) in `cause` behind a bare "fetch failed"
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // an HTTP date names its month; without this, Date.parse reads "-5" as a year
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** The value at `path` inside parsed JSON, or undefined when any step is missing. */
export function jsonField(json: unknown, ...path: (string | number)[]): unknown {
  let value: unknown = json;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Joins a configured base URL and a path without doubling or losing the slash. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
