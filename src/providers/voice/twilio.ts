import { createTwilioResource, type TwilioCredentials } from '../twilio.ts';
import type { TwilioWebhookFields } from '../twilio.ts';
import type { CallRequest, SendResult, StatusReport, VoiceProvider } from '../types.ts';

/** Without StatusCallbackEvent Twilio only reports `completed`; we want every step of the call. */
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

/** Twilio Programmable Voice: POST /2010-04-01/Accounts/{sid}/Calls.json (PROVIDERS.md 1.1). */
export function createTwilioVoiceProvider(credentials: TwilioCredentials): VoiceProvider {
  return {
    id: 'twilio',
    // Twilio never deduplicates Calls: every POST dials again
    supportsIdempotencyKey: false,
    async placeCall(call: CallRequest): Promise<SendResult> {
      const form = new URLSearchParams({ To: call.to, From: call.from, Url: call.scriptUrl, StatusCallback: call.statusCallbackUrl });
      for (const event of CALL_EVENTS) form.append('StatusCallbackEvent', event);
      const created = await createTwilioResource(credentials, 'Calls', form);
      // a new call is `queued` (over the account's calls-per-second limit it waits, it is not refused)
      return { providerMessageId: created.sid as string, status: 'queued' };
    },
  };
}

/** Twilio's CallStatus → the message's status; in-flight states mean the call went out (`sent`). */
function statusFromCall(callStatus: string): StatusReport['status'] {
  switch (callStatus) {
    case 'queued':
    case 'initiated':
    case 'ringing':
    case 'in-progress':
      return 'sent';
    case 'completed':
      return 'delivered';
    case 'busy':
    case 'failed':
    case 'no-answer':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/** A Twilio call status callback, ordered by its SequenceNumber: completed delivers the message, busy, no-answer and the like fail it. */
export function twilioCallStatusReport(fields: TwilioWebhookFields): StatusReport {
  const callStatus = fields.callStatus ?? '';
  const status = statusFromCall(callStatus);
  return {
    event: `call.${callStatus || 'unknown'}`,
    status,
    detail: { call_status: callStatus, duration: fields.callDuration ?? null, answered_by: fields.answeredBy ?? null, sip_response_code: fields.sipResponseCode ?? null },
    providerEventId: `${fields.callSid ?? 'call'}:${fields.sequenceNumber ?? callStatus}`,
    sequence: fields.sequenceNumber,
    error: status === 'failed' ? `call ended: ${callStatus}` : undefined,
    webhook: { call_status: callStatus },
  };
}
