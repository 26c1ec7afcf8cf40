import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { WebhookVerificationError } from '../standard-webhooks.ts';

/**
 * Telnyx webhooks (PROVIDERS.md 2.4): Ed25519 over `${telnyx-timestamp}|${raw body}` with the
 * account's public key. Follows the current SDK: ±300 s, future timestamps refused too.
 */

export const TELNYX_TOLERANCE_SECONDS = 300;

// SPKI DER prefix for a raw 32-byte Ed25519 public key (RFC 8410)
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function publicKeyObject(publicKeyBase64: string): KeyObject {
  const raw = Buffer.from(publicKeyBase64, 'base64');
  if (raw.length !== 32) throw new WebhookVerificationError('the Telnyx public key must be base64 of 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  // Node lower-cases incoming names, but callers may pass headers built by hand
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Throws WebhookVerificationError unless the request carries a valid, fresh Telnyx signature over `rawBody`. */
export function verifyTelnyxSignature(publicKeyBase64: string, headers: Headers, rawBody: Buffer | string, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const signatureText = header(headers, 'telnyx-signature-ed25519');
  const timestampText = header(headers, 'telnyx-timestamp');
  if (!signatureText || !timestampText) throw new WebhookVerificationError('missing telnyx-signature-ed25519 or telnyx-timestamp header');
  if (!/^\d+$/.test(timestampText)) throw new WebhookVerificationError('telnyx-timestamp is not a unix timestamp');
  if (Math.abs(nowSeconds - Number(timestampText)) > TELNYX_TOLERANCE_SECONDS) throw new WebhookVerificationError('telnyx-timestamp is outside the 5 minute tolerance');
  const signature = Buffer.from(signatureText, 'base64');
  if (signature.length !== 64) throw new WebhookVerificationError('telnyx-signature-ed25519 is not a base64 64-byte signature');
  const key = publicKeyObject(publicKeyBase64);
  const message = Buffer.concat([Buffer.from(`${timestampText}|`, 'utf8'), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8')]);
  if (!verify(null, message, key, signature)) throw new WebhookVerificationError('telnyx-signature-ed25519 does not match the body');
}
