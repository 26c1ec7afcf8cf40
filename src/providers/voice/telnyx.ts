import { postTelnyx, type TelnyxCredentials, type TelnyxEventFields } from '../telnyx.ts';
import { ProviderError, type CallRequest, type SendResult, type StatusReport, type VoiceProvider } from '../types.ts';

/**
 * Telnyx Call Control: POST /v2/calls (PROVIDERS.md 2.3).
 *
 * Call Control has no TwiML-style URL to fetch a script from: Telnyx only sends events (call.answered…)
 * to webhook_url and waits for commands. So the script URL travels as client_state (base64, which
 * Telnyx requires) and comes back on every event of the call; the voice webhook reads it there and
 * issues the speak/gather commands itself.
 */
export function createTelnyxVoiceProvider(credentials: TelnyxCredentials): VoiceProvider {
  const connectionId = credentials.connection_id;
  return {
    id: 'telnyx',
    // Dial accepts command_id, and Telnyx ignores a second Dial with the same one (SDK CallDialParams:
    // "Telnyx will ignore others Dial commands with the same command_id"), so resending after a crash
    // cannot ring the person twice.
    supportsIdempotencyKey: true,
    async placeCall(call: CallRequest): Promise<SendResult> {
      if (!connectionId) throw new ProviderError('telnyx', 'bad_credentials', 'telnyx voice needs a connection_id (the Call Control App id)');
      const data = await postTelnyx(credentials, '/calls', {
        connection_id: connectionId,
        to: call.to,
        from: call.from,
        webhook_url: call.statusCallbackUrl,
        client_state: Buffer.from(call.scriptUrl, 'utf8').toString('base64'),
        command_id: call.idempotencyKey,
      });
      const id = data.call_control_id;
      if (typeof id !== 'string') throw new ProviderError('telnyx', 'rejected', 'telnyx answered without a call_control_id');
      return { providerMessageId: id, status: 'queued' };
    },
  };
}

export type TelnyxCallAction = 'speak' | 'hangup';

/**
 * A Call Control command on a live call (POST /v2/calls/{call_control_id}/actions/{action}). command_id
 * makes it idempotent: Telnyx ignores a repeated command_id for the same call.
 */
export async function sendTelnyxCallCommand(credentials: TelnyxCredentials, callControlId: string, action: TelnyxCallAction, body: Record<string, unknown>): Promise<void> {
  await postTelnyx(credentials, `/calls/${encodeURIComponent(callControlId)}/actions/${action}`, body);
}

/** Telnyx's hangup causes that mean the person never picked up. */
const UNANSWERED = new Set(['timeout', 'busy', 'call_rejected', 'no_answer', 'originator_cancel', 'unallocated_number', 'destination_out_of_order']);

/**
 * A Telnyx Call Control event on the message's history. call.hangup settles the call: delivered when
 * it had been answered (`answered`: a call.answered event came before) and did not end unanswered,
 * failed otherwise. Every other event only adds to the history.
 */
export function telnyxCallStatusReport(event: TelnyxEventFields, answered: boolean): StatusReport {
  const report = { event: event.eventType ?? 'call.unknown', detail: { hangup_cause: event.hangupCause ?? null, occurred_at: event.occurredAt ?? null }, providerEventId: event.id };
  if (event.eventType !== 'call.hangup') return report;
  if (answered && !UNANSWERED.has(event.hangupCause ?? '')) return { ...report, status: 'delivered', webhook: {} };
  const error = `call ended: ${event.hangupCause ?? 'not answered'}`;
  return { ...report, status: 'failed', error, webhook: { error } };
}
