import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for one JSON/form request (PROVIDERS.md 3.2), hand-rolled so Embark does
 * not carry the AWS SDK for a single call. Checked against the AWS IAM ListUsers worked example.
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** 20150830T123600Z */
export function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** RFC 3986 unreserved characters stay; everything else is %XX with upper-case hex. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * `pathname` as it went on the wire (already percent-encoded once). Services other than S3 want each
 * segment encoded twice, so encoding the wire form once more is exactly right.
 */
function canonicalUri(pathname: string): string {
  if (!pathname) return '/';
  return pathname.split('/').map(uriEncode).join('/');
}

function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)].map(([k, v]) => [uriEncode(k), uriEncode(v)] as const);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface CanonicalRequestInput {
  readonly method: string;
  /** Path and query as sent, e.g. `/v2/email/outbound-emails` or `/?Action=ListUsers&Version=2010-05-08`. */
  readonly pathAndQuery: string;
  /** Header names in any case; only those in signedHeaders are used. */
  readonly headers: Readonly<Record<string, string>>;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const lower = new Map(Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const signed = [...input.signedHeaders].map((h) => h.toLowerCase()).sort();
  const headerLines = signed.map((name) => `${name}:${(lower.get(name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const queryAt = input.pathAndQuery.indexOf('?');
  const path = queryAt === -1 ? input.pathAndQuery : input.pathAndQuery.slice(0, queryAt);
  const query = queryAt === -1 ? '' : input.pathAndQuery.slice(queryAt + 1);
  return [input.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), headerLines, signed.join(';'), input.payloadHash].join('\n');
}

export function credentialScope(amzDate: string, region: string, service: string): string {
  return `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

export function signingKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  const kDate = hmac('AWS4' + secretAccessKey, day);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

/** The hex signature of a canonical request; the fake SES server recomputes it with this too. */
export function signature(input: CanonicalRequestInput & { amzDate: string; region: string; service: string; secretAccessKey: string }): string {
  const scope = credentialScope(input.amzDate, input.region, input.service);
  const key = signingKey(input.secretAccessKey, input.amzDate.slice(0, 8), input.region, input.service);
  return createHmac('sha256', key)
    .update(stringToSign(input.amzDate, scope, canonicalRequest(input)), 'utf8')
    .digest('hex');
}

/**
 * The headers to add to a request so AWS accepts it: x-amz-date, x-amz-security-token for session
 * credentials, and Authorization. `headers` must already hold everything else that will be sent
 * and signed (content-type); host is taken from the URL, as the request will send it.
 */
export function signAwsRequest(request: { method: string; url: string; headers: Readonly<Record<string, string>>; body: string | Buffer }, options: { region: string; service: string; credentials: AwsCredentials; now?: Date }): Record<string, string> {
  const url = new URL(request.url);
  const amzDate = toAmzDate(options.now ?? new Date());
  const added: Record<string, string> = { 'x-amz-date': amzDate };
  if (options.credentials.sessionToken) added['x-amz-security-token'] = options.credentials.sessionToken;
  const headers = { ...request.headers, host: url.host, ...added };
  const signedHeaders = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const sig = signature({
    method: request.method,
    pathAndQuery: url.pathname + url.search,
    headers,
    signedHeaders,
    payloadHash: sha256Hex(request.body),
    amzDate,
    region: options.region,
    service: options.service,
    secretAccessKey: options.credentials.secretAccessKey,
  });
  const scope = credentialScope(amzDate, options.region, options.service);
  added.authorization = `${ALGORITHM} Credential=${options.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
  return added;
}
