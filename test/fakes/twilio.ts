/**
 * A fake Twilio REST API (2010-04-01) for Messages.json and Calls.json, checking what the real one
 * checks (PROVIDERS.md 1.0, 1.1, 1.5) plus what Twilio would silently ignore but is surely a bug
 * on our side (an unknown parameter name is a typo, not a feature).
 */
import { randomBytes } from 'node:crypto';
import { isHttpUrl, mediaType, parseForm, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';

export interface TwilioRequest {
  readonly method: string;
  readonly path: string;
  readonly resource: 'Messages' | 'Calls' | undefined;
  /** The Authorization header decoded: `sid:token`, or undefined without Basic auth. */
  readonly basicAuth: string | undefined;
  readonly contentType: string;
  readonly params: Record<string, string | string[]>;
}

export interface TwilioFake extends HttpFake {
  readonly requests: TwilioRequest[];
}

const MESSAGE_PARAMS = new Set([
  'To',
  'From',
  'MessagingServiceSid',
  'Body',
  'MediaUrl',
  'StatusCallback',
  'ApplicationSid',
  'MaxPrice',
  'ProvideFeedback',
  'Attempt',
  'ValidityPeriod',
  'ForceDelivery',
  'SmartEncoded',
  'PersistentAction',
  'ShortenUrls',
  'ScheduleType',
  'SendAt',
  'SendAsMms',
  'ContentSid',
  'ContentVariables',
]);
const CALL_PARAMS = new Set([
  'To',
  'From',
  'Url',
  'Twiml',
  'ApplicationSid',
  'Method',
  'FallbackUrl',
  'FallbackMethod',
  'StatusCallback',
  'StatusCallbackEvent',
  'StatusCallbackMethod',
  'SendDigits',
  'Timeout',
  'Record',
  'RecordingStatusCallback',
  'MachineDetection',
  'AsyncAmd',
  'AsyncAmdStatusCallback',
  'TimeLimit',
  'CallerId',
  'Trim',
]);
const REPEATABLE = new Set(['MediaUrl', 'StatusCallbackEvent']);
const URL_PARAMS = new Set(['StatusCallback', 'Url', 'FallbackUrl', 'RecordingStatusCallback', 'AsyncAmdStatusCallback', 'MediaUrl']);
const CALL_EVENTS = new Set(['initiated', 'ringing', 'answered', 'completed']);
const E164 = /^\+[1-9]\d{6,14}$/;

/** Twilio's error body (RestException): code, message, more_info, status. */
export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>): ScriptedResponse {
  return { status, headers, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function sid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export async function startTwilioFake(options: { accountSid: string; authToken: string }): Promise<TwilioFake> {
  const requests: TwilioRequest[] = [];
  const prefix = `/2010-04-01/Accounts/${options.accountSid}/`;

  function decide(raw: RawRequest): Verdict {
    const authHeader = raw.headers.authorization ?? '';
    const basicAuth = authHeader.startsWith('Basic ') ? Buffer.from(authHeader.slice(6), 'base64').toString('utf8') : undefined;
    const resourceMatch = /^\/2010-04-01\/Accounts\/[^/]+\/(Messages|Calls)\.json$/.exec(raw.path);
    const resource = resourceMatch?.[1] as 'Messages' | 'Calls' | undefined;
    const contentType = mediaType(raw.headers);
    const params = parseForm(raw.body);
    requests.push({ method: raw.method, path: raw.path, resource, basicAuth, contentType, params });

    if (basicAuth !== `${options.accountSid}:${options.authToken}`) {
      return { violation: basicAuth ? 'wrong account sid or auth token' : 'no Basic Authorization header', response: twilioError(401, 20003, 'Authenticate') };
    }
    if (!resource || !raw.path.startsWith(prefix)) {
      return { violation: `no such resource (expected ${prefix}Messages.json or Calls.json)`, response: twilioError(404, 20404, `The requested resource ${raw.path} was not found`) };
    }
    if (raw.method !== 'POST') return { violation: 'only POST creates', response: twilioError(405, 20004, 'Method not allowed') };
    if (contentType !== 'application/x-www-form-urlencoded') {
      return { violation: `Content-Type ${contentType || '(none)'} instead of application/x-www-form-urlencoded`, response: twilioError(400, 21604, "A 'To' phone number is required.") };
    }
    const known = resource === 'Messages' ? MESSAGE_PARAMS : CALL_PARAMS;
    for (const [name, value] of Object.entries(params)) {
      if (!known.has(name)) return { violation: `unexpected parameter ${name}`, response: twilioError(400, 20001, `Unknown parameter ${name}`) };
      if (Array.isArray(value) && !REPEATABLE.has(name)) return { violation: `${name} sent ${value.length} times`, response: twilioError(400, 20001, `${name} must be given once`) };
      for (const item of [value].flat()) {
        if (URL_PARAMS.has(name) && !isHttpUrl(item)) return { violation: `${name} is not an absolute http(s) URL: ${item}`, response: twilioError(400, 21609, `Invalid ${name} URL`) };
        if (name === 'StatusCallbackEvent' && !CALL_EVENTS.has(item)) return { violation: `unknown StatusCallbackEvent ${item}`, response: twilioError(400, 21626, `Invalid StatusCallbackEvent ${item}`) };
      }
    }
    const one = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : undefined);
    if (!one('To')) return { violation: 'missing To', response: twilioError(400, 21604, "A 'To' phone number is required.") };

    if (resource === 'Messages') {
      if (!one('From') && !one('MessagingServiceSid')) return { violation: 'missing From', response: twilioError(400, 21603, "A 'From' phone number is required.") };
      if (!one('Body') && params.MediaUrl === undefined) return { violation: 'missing Body', response: twilioError(400, 21602, 'Message body is required.') };
      if (!E164.test(one('To')!)) return { refuse: twilioError(400, 21211, `The 'To' number ${one('To')} is not a valid phone number.`) };
      return {
        respond: () => {
          const now = rfc2822(new Date());
          const messageSid = sid('SM');
          return {
            status: 201,
            body: {
              sid: messageSid,
              account_sid: options.accountSid,
              to: one('To'),
              from: one('From') ?? null,
              messaging_service_sid: one('MessagingServiceSid') ?? null,
              body: one('Body') ?? '',
              status: 'queued',
              num_segments: '1',
              num_media: '0',
              direction: 'outbound-api',
              api_version: '2010-04-01',
              price: null,
              price_unit: 'USD',
              error_code: null,
              error_message: null,
              date_created: now,
              date_updated: now,
              date_sent: null,
              uri: `${prefix}Messages/${messageSid}.json`,
            },
          };
        },
      };
    }

    if (!one('From')) return { violation: 'missing From', response: twilioError(400, 21603, "A 'From' phone number is required.") };
    if (!one('Url') && !one('Twiml') && !one('ApplicationSid')) return { violation: 'none of Url, Twiml, ApplicationSid', response: twilioError(400, 21205, 'Url parameter is required.') };
    if (!E164.test(one('To')!) && !/^(sip:|client:)/.test(one('To')!)) return { refuse: twilioError(400, 21211, `The 'To' number ${one('To')} is not a valid phone number.`) };
    return {
      respond: () => {
        const now = rfc2822(new Date());
        const callSid = sid('CA');
        return {
          status: 201,
          body: {
            sid: callSid,
            account_sid: options.accountSid,
            to: one('To'),
            from: one('From'),
            status: 'queued',
            direction: 'outbound-api',
            api_version: '2010-04-01',
            date_created: now,
            date_updated: now,
            start_time: null,
            end_time: null,
            duration: null,
            price: null,
            price_unit: 'USD',
            answered_by: null,
            parent_call_sid: null,
            queue_time: '0',
            uri: `${prefix}Calls/${callSid}.json`,
          },
        };
      },
    };
  }

  const http = await startHttpFake('twilio', decide);
  return Object.assign(http, { requests });
}

export { twilioSignature, signedTwilioWebhook } from './webhook-signing.ts';
