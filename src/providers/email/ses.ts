import { signAwsRequest } from '../aws-sigv4.ts';
import { jsonField, joinUrl, parseRetryAfter, vendorFetch } from '../http.ts';
import { ProviderError, type EmailMessage, type EmailProvider, type ProviderErrorKind, type SendResult } from '../types.ts';

/** Amazon SES v2 SendEmail over HTTP, signed with our own SigV4 (PROVIDERS.md 3.1, 3.2). */

export interface SesCredentials {
  readonly region: string;
  readonly access_key_id: string;
  readonly secret_access_key: string;
  readonly session_token?: string | undefined;
  /** Default https://email.{region}.amazonaws.com; tests point it at test/fakes/ses.ts. */
  readonly endpoint?: string | undefined;
}

const AUTH_ERRORS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidClientTokenId', 'MissingAuthenticationToken', 'ExpiredTokenException', 'AccessDeniedException']);

/** restJson1 error type: header, then body `code`, then `__type`; "aws.ses#Name:http://…" → "Name" (as the AWS SDK does). */
function errorType(headers: Headers, json: unknown): string | undefined {
  const raw = headers.get('x-amzn-errortype') ?? jsonField(json, 'code') ?? jsonField(json, '__type');
  if (typeof raw !== 'string' || !raw) return undefined;
  const name = raw.split(':')[0]!.split(',')[0]!;
  return name.slice(name.indexOf('#') + 1);
}

function errorKind(status: number, type: string | undefined): ProviderErrorKind {
  switch (true) {
    case status === 429 || type === 'TooManyRequestsException':
      return 'rate_limited';
    case status >= 500:
      return 'transient';
    // AWS answers a bad signature or unknown key with 403, not 401
    case status === 401 || status === 403 || (type !== undefined && AUTH_ERRORS.has(type)):
      return 'bad_credentials';
    default:
      return 'rejected';
  }
}

export function createSesEmailProvider(credentials: SesCredentials): EmailProvider {
  const endpoint = credentials.endpoint ?? `https://email.${credentials.region}.amazonaws.com`;
  return {
    id: 'ses',
    // SendEmail takes no idempotency token: a repeated call sends a second email
    supportsIdempotencyKey: false,
    async sendEmail(message: EmailMessage): Promise<SendResult> {
      const body: Record<string, { Data: string; Charset: string }> = {};
      if (message.text || !message.html) body.Text = { Data: message.text, Charset: 'UTF-8' };
      if (message.html) body.Html = { Data: message.html, Charset: 'UTF-8' };
      const payload = JSON.stringify({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [message.to] },
        Content: { Simple: { Subject: { Data: message.subject, Charset: 'UTF-8' }, Body: body } },
      });
      const url = joinUrl(endpoint, '/v2/email/outbound-emails');
      const headers = { 'content-type': 'application/json' };
      const signed = signAwsRequest({ method: 'POST', url, headers, body: payload }, { region: credentials.region, service: 'ses', credentials: { accessKeyId: credentials.access_key_id, secretAccessKey: credentials.secret_access_key, sessionToken: credentials.session_token } });
      const response = await vendorFetch('ses', url, { method: 'POST', headers: { ...headers, ...signed, accept: 'application/json' }, body: payload });

      if (response.status >= 200 && response.status < 300) {
        const messageId = jsonField(response.json, 'MessageId');
        // not retried: SES took the request, so a retry could send a second email
        if (typeof messageId !== 'string') throw new ProviderError('ses', 'rejected', `ses answered ${response.status} without a MessageId`, { status: response.status });
        return { providerMessageId: messageId, status: 'sent' };
      }
      const type = errorType(response.headers, response.json);
      const detail = jsonField(response.json, 'message') ?? jsonField(response.json, 'Message');
      const reason = typeof detail === 'string' ? detail : response.text.slice(0, 200) || 'no error body';
      throw new ProviderError('ses', errorKind(response.status, type), `ses ${response.status}${type ? ` ${type}` : ''}: ${reason}`, {
        status: response.status,
        vendorCode: type,
        retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
      });
    },
  };
}
