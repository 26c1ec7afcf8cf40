import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * X-Twilio-Signature (PROVIDERS.md 1.4): base64(HMAC-SHA1(auth token, url + sorted name+value
 * pairs)). Twilio signs no timestamp, so there is no replay window to check here; receipts
 * deduplicate by the vendor's event id instead.
 */

export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/** The string Twilio signs: the URL, then each parameter name (sorted) followed by its value; repeated values deduplicated and sorted. */
function signedData(url: string, params: TwilioParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const item of values) data += name + item;
  }
  return data;
}

export function twilioSignatureFor(authToken: string, url: string, params: TwilioParams): string {
  return createHmac('sha1', authToken).update(signedData(url, params), 'utf8').digest('base64');
}

/**
 * Twilio is not consistent about ports in what it signs, so — like its SDK — accept the URL as given,
 * with the scheme's default port added (when it has none) and with its port removed. The rest of the
 * URL is kept byte for byte: the SDK's own vector signs `It's` in a query unescaped.
 */
function candidateUrls(url: string): string[] {
  const match = /^(https?:\/\/)([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(:\d*)?(.*)$/i.exec(url);
  if (!match) return [];
  const [, scheme = '', userinfo = '', host = '', port, rest = ''] = match;
  const candidates = new Set([url, scheme + userinfo + host + rest]);
  if (!port) candidates.add(`${scheme}${userinfo}${host}:${scheme.toLowerCase() === 'https://' ? 443 : 80}${rest}`);
  return [...candidates];
}

function sameBase64(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `signature` (the X-Twilio-Signature header) signs this form POST (or GET with params {}) to `url`. */
export function verifyTwilioSignature(authToken: string, url: string, params: TwilioParams, signature: string | undefined): boolean {
  if (!authToken || !signature) return false;
  let valid = false;
  // every candidate is computed and compared, so the time taken does not tell which one matched
  for (const candidate of candidateUrls(url)) valid = sameBase64(twilioSignatureFor(authToken, candidate, params), signature) || valid;
  return valid;
}

/**
 * JSON-bodied webhooks: the URL carries `bodySHA256=<hex sha256 of the raw body>` and the signature
 * covers the URL with no params; both must hold.
 */
export function verifyTwilioBodySignature(authToken: string, url: string, rawBody: Buffer | string, signature: string | undefined): boolean {
  let declared: string | null;
  try {
    declared = new URL(url).searchParams.get('bodySHA256');
  } catch {
    return false;
  }
  if (!declared) return false;
  const urlValid = verifyTwilioSignature(authToken, url, {}, signature);
  const actual = createHash('sha256').update(rawBody).digest('hex');
  const bodyValid = Buffer.byteLength(declared) === actual.length && timingSafeEqual(Buffer.from(declared), Buffer.from(actual));
  return urlValid && bodyValid;
}
