import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * DocuSign Connect HMAC (PROVIDERS.md 5.1): base64(HMAC-SHA256(Connect key, the raw body as sent)),
 * one X-DocuSign-Signature-N header per active key of the account. Any header matching any of the
 * tenant's keys passes, so a key can be rotated with both active. No timestamp is signed, so there
 * is no replay window: receipts deduplicate by the event's identity instead.
 */

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const SIGNATURE_HEADER = /^x-docusign-signature-\d+$/i;

export function docusignSignatureFor(hmacKey: string, rawBody: Buffer | string): string {
  return createHmac('sha256', hmacKey).update(rawBody).digest('base64');
}

/** Every X-DocuSign-Signature-N value, in any header case. */
function signatures(headers: Headers): string[] {
  return Object.entries(headers)
    .filter(([name]) => SIGNATURE_HEADER.test(name))
    .flatMap(([, value]) => (Array.isArray(value) ? value : value === undefined ? [] : [value]));
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when some X-DocuSign-Signature-N header signs `rawBody` with one of `hmacKeys` (empty keys never match). */
export function verifyDocuSignSignature(hmacKeys: readonly string[], headers: Headers, rawBody: Buffer | string): boolean {
  const expected = hmacKeys.filter((key) => key !== '').map((key) => docusignSignatureFor(key, rawBody));
  let valid = false;
  // every pair is compared, so the time taken does not tell which key or header matched
  for (const given of signatures(headers)) for (const candidate of expected) valid = sameText(candidate, given.trim()) || valid;
  return valid;
}
