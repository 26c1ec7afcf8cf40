import type { ErrorCatalogue } from '../errors.ts';

/** The messaging module's error codes; src/errors.ts collects every module's into one catalogue. */
export const MESSAGING_ERRORS = {
  verification_unconfigured: { status: 403, doc: 'The webhook cannot be verified because the server is not configured for it (Gmail push: EMBARK_GMAIL_PUSH_AUDIENCE); it is refused rather than trusted.' },
  tenant_unresolved: { status: 404, doc: 'No tenant owns the number or mailbox this webhook is addressed to; the receipt is kept, and there is no fallback tenant.' },
  channel_disabled: { status: 409, doc: 'The channel is disabled for this tenant.' },
  message_not_retryable: { status: 409, doc: 'Only failed or needs_attention messages can be retried.' },
  recipient_unreachable: { status: 409, doc: 'The user has no address for that channel (no phone number for a call or SMS).' },
  reveal_disabled: { status: 403, doc: 'Reading masked secrets is a development switch (EMBARK_OUTBOX_REVEAL_SECRETS) that is off on this server.' },
  not_revealable: { status: 409, doc: 'The message was not delivered by the built-in outbox with its secrets kept (EMBARK_OUTBOX_REVEAL_SECRETS on at the time), so there is nothing to reveal.' },
} as const satisfies ErrorCatalogue;
