/**
 * A fake Telnyx API v2 for POST /v2/messages and POST /v2/calls (PROVIDERS.md 2.0, 2.1, 2.3):
 * Bearer auth, JSON bodies, JSON:API errors. Error codes are Telnyx-like; the shapes are the documented ones.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isHttpUrl, mediaType, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';

export interface TelnyxRequest {
  readonly method: string;
  readonly path: string;
  /** The Bearer token sent, if any. */
  readonly bearer: string | undefined;
  readonly contentType: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly body: Record<string, unknown> | undefined;
}

export interface TelnyxFake extends HttpFake {
  /** `url` + '/v2': what goes into credentials.base_url. */
  readonly baseUrl: string;
  readonly requests: TelnyxRequest[];
  /** Calls actually started: a Dial repeating a command_id starts none. */
  readonly dialed: number;
  /** Call Control commands received (speak, hangup), in order; a repeated command_id is listed once. */
  readonly commands: { callControlId: string; action: string; body: Record<string, unknown> }[];
}

const MESSAGE_FIELDS = new Set(['from', 'to', 'text', 'messaging_profile_id', 'media_urls', 'subject', 'type', 'webhook_url', 'webhook_failover_url', 'use_profile_webhooks', 'auto_detect', 'send_at']);
const CALL_FIELDS = new Set(['connection_id', 'to', 'from', 'from_display_name', 'webhook_url', 'webhook_url_method', 'client_state', 'command_id', 'answering_machine_detection', 'timeout_secs', 'time_limit_secs', 'audio_url', 'media_name', 'custom_headers']);
const E164 = /^\+[1-9]\d{6,14}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Telnyx's JSON:API error body: {errors: [{code, title, detail}]}. */
export function telnyxError(status: number, code: string, title: string, detail?: string, headers?: Record<string, string>): ScriptedResponse {
  return { status, headers, body: { errors: [{ code, title, ...(detail ? { detail } : {}) }] } };
}

function invalid(violation: string, detail: string): Verdict {
  return { violation, response: telnyxError(422, '10015', 'Invalid parameter', detail) };
}

// PROVIDERS.md 2.3: speak takes payload (<= 3000 characters), voice, language, payload_type; every action client_state and command_id
const SPEAK_FIELDS = new Set(['payload', 'voice', 'language', 'payload_type', 'service_level', 'stop', 'voice_settings', 'client_state', 'command_id']);
const HANGUP_FIELDS = new Set(['client_state', 'command_id']);

export async function startTelnyxFake(options: { apiKey: string; connectionId?: string }): Promise<TelnyxFake> {
  const requests: TelnyxRequest[] = [];
  const dials = new Map<string, ScriptedResponse>();
  let dialed = 0;
  const commands: { callControlId: string; action: string; body: Record<string, unknown> }[] = [];
  const seenCommands = new Set<string>();

  function decide(raw: RawRequest): Verdict {
    const auth = raw.headers.authorization ?? '';
    const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const contentType = mediaType(raw.headers);
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw.body);
      body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    requests.push({ method: raw.method, path: raw.path, bearer, contentType, body });

    if (bearer !== options.apiKey) {
      return { violation: bearer ? 'wrong API key' : 'no Bearer Authorization header', response: telnyxError(401, '10009', 'Authentication failed', 'The API key is missing or invalid.') };
    }
    const action = /^\/v2\/calls\/([^/]+)\/actions\/(speak|hangup)$/.exec(raw.path);
    if (raw.method !== 'POST' || (raw.path !== '/v2/messages' && raw.path !== '/v2/calls' && !action)) {
      return { violation: 'no such endpoint (expected POST /v2/messages, /v2/calls or /v2/calls/{id}/actions/{speak|hangup})', response: telnyxError(404, '10005', 'Resource not found') };
    }
    if (contentType !== 'application/json' || !body) return invalid(`body is not a JSON object (Content-Type ${contentType || 'none'})`, 'The request body must be JSON.');
    const string = (name: string) => (typeof body[name] === 'string' && body[name] ? (body[name] as string) : undefined);

    if (action) {
      const [, callControlId, verb] = action as unknown as [string, string, string];
      const allowed = verb === 'speak' ? SPEAK_FIELDS : HANGUP_FIELDS;
      for (const name of Object.keys(body)) if (!allowed.has(name)) return invalid(`unexpected field ${name}`, `Unknown parameter ${name}.`);
      if (verb === 'speak') {
        if (!string('payload') || string('payload')!.length > 3000) return invalid('payload missing or over 3000 characters', "The 'payload' parameter is required (at most 3000 characters).");
        if (!string('voice')) return invalid('missing voice', "The 'voice' parameter is required.");
      }
      if (body.client_state !== undefined && (typeof body.client_state !== 'string' || !BASE64.test(body.client_state))) return invalid('client_state is not base64', 'client_state must be a valid Base-64 encoded string.');
      return {
        respond: () => {
          const key = `${callControlId}:${string('command_id') ?? randomUUID()}`;
          if (!seenCommands.has(key)) {
            seenCommands.add(key);
            commands.push({ callControlId: decodeURIComponent(callControlId), action: verb, body });
          }
          return { status: 200, body: { data: { result: 'ok' } } };
        },
      };
    }

    if (raw.path === '/v2/messages') {
      for (const name of Object.keys(body)) if (!MESSAGE_FIELDS.has(name)) return invalid(`unexpected field ${name}`, `Unknown parameter ${name}.`);
      if (!string('to')) return invalid('missing to', "The 'to' parameter is required.");
      if (!string('from') && !string('messaging_profile_id')) return invalid('neither from nor messaging_profile_id', "The 'from' parameter is required.");
      if (!string('text') && !Array.isArray(body.media_urls)) return invalid('missing text', "The 'text' parameter is required.");
      if (body.webhook_url !== undefined && !isHttpUrl(body.webhook_url)) return invalid('webhook_url is not an http(s) URL', 'Invalid webhook_url.');
      if (!E164.test(string('to')!)) return { refuse: telnyxError(400, '40310', "Invalid 'to' address", `The destination number ${string('to')} is not a valid phone number.`) };
      return {
        respond: () => ({
          status: 200,
          body: {
            data: {
              record_type: 'message',
              direction: 'outbound',
              id: randomUUID(),
              type: 'SMS',
              text: string('text') ?? '',
              parts: 1,
              encoding: 'GSM-7',
              messaging_profile_id: string('messaging_profile_id') ?? null,
              from: { phone_number: string('from') ?? null, carrier: 'Telnyx', line_type: 'VoIP' },
              to: [{ phone_number: string('to'), status: 'queued', carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless' }],
              errors: [],
              cost: null,
              webhook_url: string('webhook_url') ?? null,
              received_at: new Date().toISOString(),
              sent_at: null,
              completed_at: null,
            },
          },
        }),
      };
    }

    for (const name of Object.keys(body)) if (!CALL_FIELDS.has(name)) return invalid(`unexpected field ${name}`, `Unknown parameter ${name}.`);
    if (!string('connection_id')) return invalid('missing connection_id', "The 'connection_id' parameter is required.");
    if (options.connectionId && string('connection_id') !== options.connectionId) return invalid(`unknown connection_id ${string('connection_id')}`, 'Connection not found.');
    if (!string('to') || !string('from')) return invalid('missing to or from', "The 'to' and 'from' parameters are required.");
    if (body.client_state !== undefined && (typeof body.client_state !== 'string' || !BASE64.test(body.client_state))) return invalid('client_state is not base64', 'client_state must be a valid Base-64 encoded string.');
    if (body.webhook_url !== undefined && !isHttpUrl(body.webhook_url)) return invalid('webhook_url is not an http(s) URL', 'Invalid webhook_url.');
    if (body.command_id !== undefined && typeof body.command_id !== 'string') return invalid('command_id is not a string', 'Invalid command_id.');
    if (!E164.test(string('to')!) && !string('to')!.startsWith('sip:')) return { refuse: telnyxError(422, '90015', 'Invalid destination', `${string('to')} is not a valid number or SIP URI.`) };
    return {
      respond: () => {
        // Telnyx ignores a repeated Dial command_id; what it answers then is not documented, so the
        // fake replays the first answer — the point is that no second call starts
        const commandId = string('command_id');
        const earlier = commandId ? dials.get(commandId) : undefined;
        if (earlier) return earlier;
        dialed++;
        const response: ScriptedResponse = {
          status: 200,
          body: {
            data: {
              record_type: 'call',
              is_alive: false,
              call_control_id: `v3:${randomBytes(24).toString('base64url')}`,
              call_leg_id: randomUUID(),
              call_session_id: randomUUID(),
              ...(body.client_state !== undefined ? { client_state: body.client_state } : {}),
            },
          },
        };
        if (commandId) dials.set(commandId, response);
        return response;
      },
    };
  }

  const http = await startHttpFake('telnyx', decide);
  return Object.defineProperties(Object.assign(http, { baseUrl: `${http.url}/v2`, requests, commands }), { dialed: { get: () => dialed, enumerable: true } }) as TelnyxFake;
}

export { telnyxSign, signedTelnyxWebhook, TELNYX_TEST_PUBLIC_KEY, TELNYX_TEST_SEED_HEX } from './webhook-signing.ts';
