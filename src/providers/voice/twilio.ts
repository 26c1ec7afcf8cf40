import { createTwilioResource, type TwilioCredentials } from '../twilio.ts';
import type { CallRequest, SendResult, VoiceProvider } from '../types.ts';

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
