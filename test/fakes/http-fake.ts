/**
 * The HTTP part every vendor fake shares: a real server on 127.0.0.1:0, scripted failures, a delay
 * knob, and a list of protocol violations. A vendor fake checks each request the way the vendor
 * would; anything it would not accept is answered with the vendor's error AND recorded, so a test
 * that ends with assertNoViolations() fails on a wrong path, missing auth or a malformed body even
 * when the adapter happened to cope with the error answer.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';

export interface RawRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Path and query exactly as received. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedResponse {
  readonly status: number;
  /** Objects are sent as JSON; strings as they are. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a vendor fake decides about one request. */
export type Verdict =
  | { readonly violation: string; readonly response: ScriptedResponse }
  /** A well-formed request the vendor turns down for business reasons (an invalid number): not a violation. */
  | { readonly refuse: ScriptedResponse }
  | { readonly respond: () => ScriptedResponse };

export interface HttpFake {
  /** Origin of the fake, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly violations: readonly string[];
  /** The next `count` valid requests get `response` instead of success (invalid ones still get the violation answer). */
  failNext(count: number, response: ScriptedResponse): void;
  /** Every answer waits this long first (for timeout tests). */
  setDelay(ms: number): void;
  /**
   * The next valid request that `match` picks is carried out (the vendor has done it) but never
   * answered: the connection stays open until close(). What a caller killed mid-call leaves behind.
   */
  holdNext(match: (request: RawRequest) => boolean): void;
  /** How many requests holdNext has carried out and left unanswered so far. */
  readonly held: number;
  /** Returns the violations so far and forgets them, for tests that provoke one on purpose. */
  takeViolations(): string[];
  assertNoViolations(): void;
  close(): Promise<void>;
}

export async function startHttpFake(vendor: string, decide: (request: RawRequest) => Verdict): Promise<HttpFake> {
  const violations: string[] = [];
  const scripted: ScriptedResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const holds: ((request: RawRequest) => boolean)[] = [];
  let held = 0;
  let delayMs = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.url ?? '/';
      const parsed = new URL(target, 'http://fake.invalid');
      const request: RawRequest = { method: req.method ?? 'GET', path: parsed.pathname, query: parsed.searchParams, target, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      let response: ScriptedResponse;
      try {
        const verdict = decide(request);
        if ('violation' in verdict) {
          violations.push(`${vendor}: ${request.method} ${request.path}: ${verdict.violation}`);
          response = verdict.response;
        } else if ('refuse' in verdict) {
          response = verdict.refuse;
        } else {
          response = scripted.shift() ?? verdict.respond();
          const hold = holds.findIndex((match) => match(request));
          if (hold !== -1) {
            holds.splice(hold, 1);
            held++;
            return;
          }
        }
      } catch (error) {
        violations.push(`${vendor}: ${request.method} ${request.path}: the fake crashed: ${(error as Error).stack}`);
        response = { status: 500, body: { message: 'fake crashed' } };
      }
      const send = () => {
        if (res.destroyed) return;
        const isText = typeof response.body === 'string';
        const body = response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body);
        const headers: Record<string, string> = { ...(body && !isText ? { 'content-type': 'application/json' } : {}), ...response.headers };
        res.writeHead(response.status, headers).end(body);
      };
      if (delayMs > 0) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, delayMs);
        timers.add(timer);
      } else {
        send();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    holdNext(match) {
      holds.push(match);
    },
    get held() {
      return held;
    },
    failNext(count, response) {
      for (let i = 0; i < count; i++) scripted.push(response);
    },
    setDelay(ms) {
      delayMs = ms;
    },
    takeViolations() {
      return violations.splice(0);
    },
    assertNoViolations() {
      assert.deepEqual(violations, [], `${vendor} fake saw requests the real API would refuse`);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Form body to a record; repeated keys become arrays, as Twilio reads them. */
export function parseForm(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = params[key];
    params[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
