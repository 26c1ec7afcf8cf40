/**
 * One small interface per channel; one adapter per vendor (src/providers/<channel>/<vendor>.ts);
 * a registry (registry.ts) picks the adapter and fails loudly on an unknown id.
 * Adapters call the vendor over HTTP (http.ts; nodemailer for SMTP), take their base URL from the
 * credentials so tests point them at fakes, and map every failure to a ProviderError.
 */

export type Channel = 'email' | 'sms' | 'voice';
export const CHANNELS: readonly Channel[] = ['email', 'sms', 'voice'];

export interface SendResult {
  /** The vendor's id for the message or call (Twilio SM…/CA…, Telnyx id, SES MessageId, SMTP Message-ID). */
  readonly providerMessageId: string;
  /** What the vendor said right away; 'delivered' only for the built-in outbox. */
  readonly status: 'queued' | 'sent' | 'delivered';
}

/**
 * A vendor's status callback as its adapter reads it, for the message state machine
 * (src/messaging/status.ts): the event recorded on the message and, when the callback settles it, the
 * status it moves the message to.
 */
export interface StatusReport {
  /** The event's name in the message's history, e.g. sms.delivered, call.ringing. */
  readonly event: string;
  readonly status?: 'sent' | 'delivered' | 'failed' | undefined;
  readonly detail: Record<string, unknown>;
  /** The vendor's id for this callback: one seen before is a duplicate and changes nothing. */
  readonly providerEventId?: string | undefined;
  /** The vendor's ordering of callbacks: an older one arriving late changes nothing. */
  readonly sequence?: number | undefined;
  readonly error?: string | undefined;
  /** What the message.* webhook event carries beyond the message itself. */
  readonly webhook?: Record<string, unknown> | undefined;
}

export interface EmailMessage {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable across retries of the same message (Embark's message id). */
  readonly idempotencyKey: string;
}

export interface SmsMessage {
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly idempotencyKey: string;
  readonly statusCallbackUrl?: string | undefined;
}

export interface CallRequest {
  readonly to: string;
  readonly from: string;
  /** Where the vendor fetches the call's script (TwiML for Twilio); carries tenant and message ids. */
  readonly scriptUrl: string;
  readonly statusCallbackUrl: string;
  readonly idempotencyKey: string;
}

export type ProviderErrorKind =
  | 'rate_limited' // retry after backoff (429, Google 403 rate-limit reasons)
  | 'transient' // retry after backoff (5xx, network failure, timeout)
  | 'bad_credentials' // fail now: 401/403 auth failures
  | 'rejected' // fail now: any other 4xx, with the vendor's reason
  | 'duplicate'; // the resource already exists (mailbox providers)

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  /** HTTP status from the vendor, when there was a response. */
  readonly status: number | undefined;
  /** The vendor's own error code (Twilio 21211, Telnyx "10011", SES TooManyRequestsException…). */
  readonly vendorCode: string | undefined;
  /** Seconds to wait, from Retry-After (or x-ratelimit-reset) when the vendor sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(provider: string, kind: ProviderErrorKind, message: string, details: { status?: number | undefined; vendorCode?: string | undefined; retryAfterSeconds?: number | undefined; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.status = details.status;
    this.vendorCode = details.vendorCode;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient';
  }
}

interface ProviderBase {
  /** Registry id: 'outbox', 'smtp', 'ses', 'twilio', 'telnyx'. */
  readonly id: string;
  /**
   * True when sending twice with the same idempotencyKey cannot deliver twice. When false, a message
   * whose send may or may not have happened (a crash mid-call) is not resent but marked needs_attention.
   */
  readonly supportsIdempotencyKey: boolean;
}

export interface EmailProvider extends ProviderBase {
  sendEmail(message: EmailMessage): Promise<SendResult>;
}

export interface SmsProvider extends ProviderBase {
  sendSms(message: SmsMessage): Promise<SendResult>;
}

export interface VoiceProvider extends ProviderBase {
  placeCall(call: CallRequest): Promise<SendResult>;
}

/** Per-tenant channel configuration, credentials already decrypted. */
export interface ChannelConfig {
  readonly channel: Channel;
  readonly provider: string;
  /** Sender: email address for email, E.164 number for sms/voice. */
  readonly from: string;
  readonly credentials: Readonly<Record<string, unknown>>;
  /** Why the channel may not be used as stored (an endpoint override this server does not allow). */
  readonly refused?: string | undefined;
}
