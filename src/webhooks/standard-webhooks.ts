import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks v1 (symmetric): `v1,base64(HMAC-SHA256(base64decode(secret), id.timestamp.body))`. */

export const TOLERANCE_SECONDS = 300;

export class WebhookVerificationError extends Error {}

function secretBytes(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length === 0) throw new Error('webhook secret is empty');
  return bytes;
}

/** A new `whsec_` secret of 32 random bytes. */
export function newWebhookSecret(): string {
  return 'whsec_' + randomBytes(32).toString('base64');
}

export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/**
 * Verifies the three webhook-* headers over the exact raw body. Any `v1` entry of the space-separated
 * signature list may match (secret rotation); other versions are ignored. Timestamps more than
 * TOLERANCE_SECONDS away from `now`, in either direction, are refused.
 */
export function verifyStandardWebhook(secret: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer | string, nowSeconds = Math.floor(Date.now() / 1000)): { id: string; timestamp: number } {
  const header = (name: string) => {
    const value = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('webhook-id');
  const timestampText = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestampText || !signatures) throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature header');
  if (!/^\d+$/.test(timestampText)) throw new WebhookVerificationError('webhook-timestamp is not a unix timestamp');
  const timestamp = Number(timestampText);
  if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) throw new WebhookVerificationError('webhook-timestamp is outside the 5 minute tolerance');
  const expected = Buffer.from(signStandardWebhook(secret, id, timestamp, rawBody).slice(3), 'base64');
  for (const entry of signatures.split(' ')) {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { id, timestamp };
  }
  throw new WebhookVerificationError('no webhook-signature entry matches');
}
