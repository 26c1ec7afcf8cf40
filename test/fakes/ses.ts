/**
 * A fake Amazon SES v2 for POST /v2/email/outbound-emails (PROVIDERS.md 3.1) that checks the SigV4
 * signature for real: it recomputes it from the request as received and the secret key. It reuses
 * the signer's canonicalisation, which aws-sigv4.test.ts pins to the AWS worked example, so what
 * this catches is a request that went over the wire differently from what was signed (host, path,
 * body, date, scope, session token).
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sha256Hex, signature } from '../../src/providers/aws-sigv4.ts';
import { mediaType, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';

export interface SesRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The Authorization header taken apart, when it parses. */
  readonly credential: { accessKeyId: string; day: string; region: string; service: string; signedHeaders: string[] } | undefined;
  readonly signatureValid: boolean;
  readonly body: Record<string, unknown> | undefined;
}

export interface SesFake extends HttpFake {
  readonly requests: SesRequest[];
}

export interface SesFakeOptions {
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** When set, requests must carry and sign this x-amz-security-token. */
  readonly sessionToken?: string;
  /** When set, any other FromEmailAddress is refused with MessageRejected, as for an unverified identity. */
  readonly verifiedSenders?: readonly string[];
}

const SEND_EMAIL_FIELDS = new Set(['FromEmailAddress', 'FromEmailAddressIdentityArn', 'Destination', 'ReplyToAddresses', 'FeedbackForwardingEmailAddress', 'FeedbackForwardingEmailAddressIdentityArn', 'Content', 'EmailTags', 'ConfigurationSetName', 'ListManagementOptions', 'EndpointId']);
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** An SES error as restJson1 sends it: the type in x-amzn-ErrorType and in the body's __type. */
export function sesError(status: number, type: string, message: string, headers?: Record<string, string>): ScriptedResponse {
  return { status, headers: { 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID(), ...headers }, body: { __type: type, message } };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function hasData(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { Data?: unknown }).Data === 'string';
}

export async function startSesFake(options: SesFakeOptions): Promise<SesFake> {
  const requests: SesRequest[] = [];

  function checkSignature(raw: RawRequest, credential: SesRequest['credential'], given: string): string | undefined {
    if (!credential) return 'no AWS4-HMAC-SHA256 Authorization header';
    if (credential.accessKeyId !== options.accessKeyId) return `unknown access key ${credential.accessKeyId}`;
    if (credential.region !== options.region) return `credential scoped to region ${credential.region}, not ${options.region}`;
    if (credential.service !== 'ses') return `credential scoped to service ${credential.service}, not ses`;
    for (const required of ['host', 'x-amz-date', ...(options.sessionToken ? ['x-amz-security-token'] : [])]) {
      if (!credential.signedHeaders.includes(required)) return `${required} is not among the signed headers`;
    }
    const amzDate = String(raw.headers['x-amz-date'] ?? '');
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!match) return `x-amz-date ${amzDate || '(none)'} is not YYYYMMDDTHHMMSSZ`;
    if (amzDate.slice(0, 8) !== credential.day) return 'credential date differs from x-amz-date';
    const signedAt = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]));
    if (Math.abs(Date.now() - signedAt) > MAX_CLOCK_SKEW_MS) return 'signature expired (x-amz-date more than 15 minutes away)';
    if (options.sessionToken && raw.headers['x-amz-security-token'] !== options.sessionToken) return 'wrong or missing x-amz-security-token';
    const headers = Object.fromEntries(Object.entries(raw.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));
    const expected = signature({
      method: raw.method,
      pathAndQuery: raw.target,
      headers,
      signedHeaders: credential.signedHeaders,
      payloadHash: sha256Hex(raw.body),
      amzDate,
      region: options.region,
      service: 'ses',
      secretAccessKey: options.secretAccessKey,
    });
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(given))) return 'signature does not match the request';
    return undefined;
  }

  function decide(raw: RawRequest): Verdict {
    const authorization = AUTHORIZATION.exec(String(raw.headers.authorization ?? ''));
    const credential = authorization ? { accessKeyId: authorization[1]!, day: authorization[2]!, region: authorization[3]!, service: authorization[4]!, signedHeaders: authorization[5]!.split(';') } : undefined;
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw.body);
      body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const signatureProblem = checkSignature(raw, credential, authorization?.[6] ?? '');
    requests.push({ method: raw.method, path: raw.path, headers: raw.headers, credential, signatureValid: signatureProblem === undefined, body });

    if (signatureProblem) {
      const unknownKey = credential && credential.accessKeyId !== options.accessKeyId;
      return unknownKey
        ? { violation: signatureProblem, response: sesError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.') }
        : { violation: signatureProblem, response: sesError(403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.') };
    }
    if (raw.method !== 'POST' || raw.path !== '/v2/email/outbound-emails') {
      return { violation: 'no such operation (expected POST /v2/email/outbound-emails)', response: sesError(404, 'NotFoundException', `No route for ${raw.method} ${raw.path}`) };
    }
    const bad = (problem: string): Verdict => ({ violation: problem, response: sesError(400, 'BadRequestException', problem) });
    if (mediaType(raw.headers) !== 'application/json' || !body) return bad('the body is not a JSON object sent as application/json');
    for (const name of Object.keys(body)) if (!SEND_EMAIL_FIELDS.has(name)) return bad(`unexpected field ${name}`);
    if (typeof body.FromEmailAddress !== 'string') return bad('FromEmailAddress is required');
    const destination = body.Destination as Record<string, unknown> | undefined;
    if (!destination || !isStringArray(destination.ToAddresses) || destination.ToAddresses.length === 0) return bad('Destination.ToAddresses must list at least one address');
    const simple = (body.Content as { Simple?: Record<string, unknown> } | undefined)?.Simple;
    if (!simple) return bad('Content.Simple is required (this fake does not take Raw or Template)');
    if (!hasData(simple.Subject)) return bad('Content.Simple.Subject.Data is required');
    const parts = simple.Body as Record<string, unknown> | undefined;
    if (!parts || !(hasData(parts.Text) || hasData(parts.Html)) || Object.keys(parts).some((k) => k !== 'Text' && k !== 'Html')) return bad('Content.Simple.Body needs Text and/or Html, each with Data');

    for (const address of [body.FromEmailAddress, ...destination.ToAddresses]) {
      if (!/^[^@\s]+@[^@\s]+$/.test(address)) return { refuse: sesError(400, 'BadRequestException', `Illegal address: ${address}`) };
    }
    if (options.verifiedSenders && !options.verifiedSenders.includes(body.FromEmailAddress)) {
      return { refuse: sesError(400, 'MessageRejected', `Email address is not verified. The following identities failed the check in region ${options.region.toUpperCase()}: ${body.FromEmailAddress}`) };
    }
    return { respond: () => ({ status: 200, headers: { 'x-amzn-requestid': randomUUID() }, body: { MessageId: `0100018c${randomBytes(8).toString('hex')}-${randomUUID()}-000000` } }) };
  }

  const http = await startHttpFake('ses', decide);
  return Object.assign(http, { requests });
}
