/**
 * Signs outbound webhooks the way the vendors do, so tests can send Embark requests that only a
 * correct verifier accepts. Written independently of src/webhooks/signatures/ on purpose: a shared
 * mistake would otherwise pass both sides.
 */
import { createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto';

/** PROVIDERS.md 2.4: RFC 8032 §7.1 TEST 1 key pair. */
export const TELNYX_TEST_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
export const TELNYX_TEST_PUBLIC_KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';

/** X-Twilio-Signature for a form POST of `params` to `url` (the URL exactly as Twilio requested it). */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string | readonly string[]>> = {}): string {
  const pairs = Object.keys(params)
    .sort()
    .flatMap((name) => {
      const value = params[name]!;
      return (typeof value === 'string' ? [value] : Array.from(new Set(value)).sort()).map((item) => name + item);
    });
  return createHmac('sha1', authToken)
    .update(url + pairs.join(''))
    .digest('base64');
}

/** A form POST as Twilio sends it: body, Content-Type and X-Twilio-Signature. */
export function signedTwilioWebhook(authToken: string, url: string, params: Record<string, string | string[]>): { url: string; headers: Record<string, string>; body: string } {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of [value].flat()) body.append(name, item);
  return { url, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(authToken, url, params) }, body: body.toString() };
}

function ed25519PrivateKey(seedHex: string) {
  // PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410)
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]), format: 'der', type: 'pkcs8' });
}

/** telnyx-signature-ed25519: base64 Ed25519 signature of `${timestamp}|${body}`. */
export function telnyxSign(seedHex: string, timestamp: number | string, body: string | Buffer): string {
  const message = Buffer.concat([Buffer.from(`${timestamp}|`), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
  return sign(null, message, ed25519PrivateKey(seedHex)).toString('base64');
}

/** The base64 raw public key for a seed, as Telnyx shows it in Mission Control. */
export function telnyxPublicKey(seedHex: string): string {
  const der = createPublicKey(ed25519PrivateKey(seedHex)).export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32).toString('base64');
}

/** A JSON webhook as Telnyx sends it, signed now (or at `timestamp`). */
export function signedTelnyxWebhook(seedHex: string, event: unknown, timestamp = Math.floor(Date.now() / 1000)): { headers: Record<string, string>; body: string } {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  return {
    headers: { 'content-type': 'application/json', 'telnyx-timestamp': String(timestamp), 'telnyx-signature-ed25519': telnyxSign(seedHex, timestamp, body) },
    body,
  };
}
