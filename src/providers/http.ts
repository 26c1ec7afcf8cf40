import http from 'node:http';
import https from 'node:https';
import { ProviderError, type ProviderErrorKind } from './types.ts';

// keep-alive connections to each vendor, reused across messages: a vendor call is on every dispatch
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/** Shared by the HTTP adapters: one timeout, one way of reading a vendor's answer. */

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface VendorResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

/**
 * A vendor request with a timeout that also covers reading the body (fetch-like arguments, node:http
 * underneath: on the dispatch path, undici's fetch cost more than the rest of the send). A timeout or network failure is
 * `transient`: the request may or may not have reached the vendor, which is why adapters declare
 * supportsIdempotencyKey and the dispatcher decides what a retry may do.
 */
export async function vendorFetch(provider: string, url: string, init: RequestInit, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<VendorResponse> {
  try {
    const response = await request(url, init, timeoutMs);
    const text = response.text;
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

/** One HTTP exchange with node:http (much cheaper per call than fetch), the whole body read within the timeout. */
function request(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; headers: Headers; text: string }> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const agent = agents[target.protocol as 'http:' | 'https:'];
  if (!agent) return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const body = init.body === undefined || init.body === null ? undefined : String(init.body);
  const headers = new Headers(init.headers);
  if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
  return new Promise((resolve, reject) => {
    const req = transport.request(target, { method: init.method ?? 'GET', headers: Object.fromEntries(headers), agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}

function causeMessage(error: unknown): string {
  // node:http puts the reason (ECONNREFUSED, ENOTFOUND…) in `code`; a wrapped error carries it in `cause`
  const own = (error as { code?: string } | undefined)?.code;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return own ?? cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** A vendor's HTTP error status as a kind: 429 rate limited, 5xx transient, 401 bad credentials, other 4xx rejected. */
export function httpErrorKind(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  if (status === 401) return 'bad_credentials';
  return 'rejected';
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

/**
 * An OAuth 2.0 token endpoint's refusal (RFC 6749 §5.2: `error`, `error_description`) as a
 * ProviderError: a 429 is a rate limit, a 5xx transient, anything else means who we are is wrong.
 * `describe` trims the description where a vendor packs more into it (Entra's trace ids).
 */
export function oauthTokenError(provider: string, response: VendorResponse, describe: (description: string) => string = (d) => d): ProviderError {
  const code = jsonField(response.json, 'error');
  const description = jsonField(response.json, 'error_description');
  const vendorCode = typeof code === 'string' ? code : undefined;
  const detail = typeof description === 'string' ? describe(description) : response.text.slice(0, 200) || 'no error body';
  const kind = response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'transient' : 'bad_credentials';
  return new ProviderError(provider, kind, `${provider} token ${response.status}${vendorCode ? ` ${vendorCode}` : ''}: ${detail}`, {
    status: response.status,
    vendorCode,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}
