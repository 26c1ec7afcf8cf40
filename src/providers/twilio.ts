import { httpErrorKind, jsonField, joinUrl, parseRetryAfter, vendorFetch } from './http.ts';
import { ProviderError } from './types.ts';
import { VENDOR_LIMITS, vendorText } from '../webhooks/vendor-fields.ts';

/** What Twilio's Messages and Calls adapters share: credentials, the create request, error mapping. */

export interface TwilioCredentials {
  readonly account_sid: string;
  readonly auth_token: string;
  /** Default https://api.twilio.com; tests point it at test/fakes/twilio.ts. */
  readonly base_url?: string | undefined;
}

export const TWILIO_BASE_URL = 'https://api.twilio.com';

/**
 * POSTs a form to `/2010-04-01/Accounts/{sid}/{resource}.json` (the `.json` matters: without it the
 * 2010 API answers XML) and returns the created resource. Failures carry Twilio's numeric `code`.
 */
export async function createTwilioResource(credentials: TwilioCredentials, resource: 'Messages' | 'Calls', form: URLSearchParams): Promise<Record<string, unknown>> {
  const url = joinUrl(credentials.base_url ?? TWILIO_BASE_URL, `/2010-04-01/Accounts/${encodeURIComponent(credentials.account_sid)}/${resource}.json`);
  const response = await vendorFetch('twilio', url, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + Buffer.from(`${credentials.account_sid}:${credentials.auth_token}`).toString('base64'),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form.toString(),
  });
  if (response.status >= 200 && response.status < 300) {
    const sid = jsonField(response.json, 'sid');
    // not retried: Twilio took the request, so a retry could send a second message or call
    if (typeof sid !== 'string') throw new ProviderError('twilio', 'rejected', `twilio answered ${response.status} without a sid`, { status: response.status });
    return response.json as Record<string, unknown>;
  }
  const code = jsonField(response.json, 'code');
  const vendorCode = typeof code === 'number' || typeof code === 'string' ? String(code) : undefined;
  const message = jsonField(response.json, 'message');
  const reason = typeof message === 'string' ? message : response.text.slice(0, 200) || 'no error body';
  throw new ProviderError('twilio', httpErrorKind(response.status), `twilio ${response.status}${vendorCode ? ` (code ${vendorCode})` : ''}: ${reason}`, {
    status: response.status,
    vendorCode,
    // Twilio's 2010 API is not documented to send Retry-After; honour it when it does
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** The fields of Twilio's webhook forms (inbound SMS, message and call status, gather) that Embark reads. */
export interface TwilioWebhookFields {
  readonly to: string | undefined;
  readonly from: string | undefined;
  readonly body: string | undefined;
  /** MessageSid, or the older SmsSid. */
  readonly messageSid: string | undefined;
  readonly messageStatus: string | undefined;
  readonly errorCode: string | undefined;
  readonly callSid: string | undefined;
  readonly callStatus: string | undefined;
  readonly sequenceNumber: number | undefined;
  readonly callDuration: string | undefined;
  readonly answeredBy: string | undefined;
  readonly sipResponseCode: string | undefined;
  readonly digits: string | undefined;
  readonly speechResult: string | undefined;
  readonly confidence: string | undefined;
}

/**
 * Reads a Twilio webhook form, each field bounded (400 validation_failed naming the field when it is
 * longer than any Twilio sends). The signature is checked over the form as sent, not over this.
 */
export function parseTwilioWebhook(form: Record<string, unknown>): TwilioWebhookFields {
  const { id, status, phone, text } = VENDOR_LIMITS;
  const field = (name: string, max: number) => vendorText(form[name], `/${name}`, max);
  const sequence = field('SequenceNumber', 10);
  return {
    to: field('To', phone),
    from: field('From', phone),
    body: field('Body', text),
    messageSid: field('MessageSid', id) ?? field('SmsSid', id),
    messageStatus: field('MessageStatus', status),
    errorCode: field('ErrorCode', status),
    callSid: field('CallSid', id),
    callStatus: field('CallStatus', status),
    sequenceNumber: sequence !== undefined && /^\d{1,9}$/.test(sequence) ? Number(sequence) : undefined,
    callDuration: field('CallDuration', status),
    answeredBy: field('AnsweredBy', status),
    sipResponseCode: field('SipResponseCode', status),
    digits: field('Digits', status),
    speechResult: field('SpeechResult', text),
    confidence: field('Confidence', status),
  };
}
