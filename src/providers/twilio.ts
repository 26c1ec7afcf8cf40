import { httpErrorKind, jsonField, joinUrl, parseRetryAfter, vendorFetch } from './http.ts';
import { ProviderError } from './types.ts';

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
