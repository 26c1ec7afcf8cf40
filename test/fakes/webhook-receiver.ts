/**
 * A tenant's webhook receiver, as a Standard Webhooks consumer would write it: every POST is recorded,
 * and its webhook-id / webhook-timestamp / webhook-signature headers are checked over the raw body
 * with the secret registered for its path. The check is written out here rather than borrowed from
 * src/webhooks/standard-webhooks.ts, so a mistake in Embark's signer cannot hide behind the same
 * mistake in the verifier. Anything a real consumer would refuse is answered 400 and recorded as a
 * violation; scripted answers (500, 429 with Retry-After, 410, 301) replace the 200 for the next N
 * well-formed requests, to any path (failNext) or to one endpoint's path (failNextAt).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mediaType, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse } from './http-fake.ts';

export interface ReceivedWebhook {
  readonly path: string;
  readonly id: string;
  readonly timestamp: number;
  readonly signature: string;
  readonly body: string;
  /** The body parsed: `{ type, timestamp, data }`. */
  readonly event: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Which of the path's secrets signed it (several sign during a rotation). */
  readonly verifiedWith: readonly string[];
}

export interface WebhookReceiver extends HttpFake {
  /** Every well-signed request, in arrival order (scripted failures included: they were received). */
  readonly received: readonly ReceivedWebhook[];
  /** Requests to `path` must be signed by one of `secrets` (the secrets of the endpoint registered for it). */
  expect(path: string, ...secrets: string[]): void;
  /** URL of `path` on this receiver. */
  urlFor(path: string): string;
  /** Only the requests to `path`. */
  receivedAt(path: string): ReceivedWebhook[];
  /** The next `count` well-signed requests to `path` get `response` instead of 200 (other paths are not affected). */
  failNextAt(path: string, count: number, response: ScriptedResponse): void;
}

const TOLERANCE_SECONDS = 300;

function hmacV1(secret: string, id: string, timestamp: string, body: string): Buffer {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
}

function header(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const secretsByPath = new Map<string, string[]>();
  const scriptedByPath = new Map<string, ScriptedResponse[]>();
  const received: ReceivedWebhook[] = [];
  const refuse = (violation: string) => ({ violation, response: { status: 400, body: { error: violation } } as ScriptedResponse });

  const fake = await startHttpFake('webhook receiver', (request) => {
    if (request.method !== 'POST') return refuse(`webhooks are POSTed, got ${request.method}`);
    if (mediaType(request.headers) !== 'application/json') return refuse(`content-type is ${JSON.stringify(request.headers['content-type'])}, not application/json`);
    const id = header(request, 'webhook-id');
    const timestamp = header(request, 'webhook-timestamp');
    const signature = header(request, 'webhook-signature');
    if (!id || !timestamp || !signature) return refuse('missing webhook-id, webhook-timestamp or webhook-signature');
    if (!/^msg_[A-Za-z0-9]+$/.test(id)) return refuse(`webhook-id ${JSON.stringify(id)} is not msg_<id>`);
    if (!/^\d+$/.test(timestamp)) return refuse(`webhook-timestamp ${JSON.stringify(timestamp)} is not integer unix seconds`);
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return refuse(`webhook-timestamp ${timestamp} is more than 5 minutes away from now`);
    const secrets = secretsByPath.get(request.path);
    if (!secrets) return refuse(`no endpoint secret is registered for ${request.path}`);
    const entries = signature.split(' ');
    if (entries.some((entry) => !/^v1,[A-Za-z0-9+/]+={0,2}$/.test(entry))) return refuse(`webhook-signature ${JSON.stringify(signature)} is not a space-separated list of v1,<base64>`);
    const given = entries.map((entry) => Buffer.from(entry.slice(3), 'base64'));
    const verifiedWith = secrets.filter((secret) => {
      const expected = hmacV1(secret, id, timestamp, request.body);
      return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
    });
    if (!verifiedWith.length) return refuse(`no webhook-signature entry verifies with the secret of ${request.path}`);
    let event: ReceivedWebhook['event'];
    try {
      event = JSON.parse(request.body);
    } catch {
      return refuse('the body is not JSON');
    }
    if (typeof event?.type !== 'string' || typeof event.timestamp !== 'string' || typeof event.data !== 'object' || event.data === null) {
      return refuse(`the body is not {"type", "timestamp", "data"}: ${request.body.slice(0, 200)}`);
    }
    received.push({ path: request.path, id, timestamp: Number(timestamp), signature, body: request.body, event, verifiedWith });
    const scripted = scriptedByPath.get(request.path)?.shift();
    return { respond: () => scripted ?? { status: 200, body: { ok: true } } };
  });

  return Object.assign(fake, {
    received,
    expect(path: string, ...secrets: string[]) {
      secretsByPath.set(path, secrets);
    },
    urlFor(path: string) {
      return fake.url + path;
    },
    receivedAt(path: string) {
      return received.filter((r) => r.path === path);
    },
    failNextAt(path: string, count: number, response: ScriptedResponse) {
      const queue = scriptedByPath.get(path) ?? [];
      for (let i = 0; i < count; i++) queue.push(response);
      scriptedByPath.set(path, queue);
    },
  });
}
