import type { ErrorCatalogue } from '../errors.ts';

/** The webhooks module's error codes; src/errors.ts collects every module's into one catalogue. */
export const WEBHOOKS_ERRORS = {
  webhook_endpoint_not_found: { status: 404, doc: 'No webhook endpoint with that id in this tenant.' },
  webhook_delivery_not_found: { status: 404, doc: 'No delivery with that id for this webhook endpoint.' },
  webhook_url_not_allowed: { status: 400, doc: 'A webhook URL must be https, without credentials; http is accepted only for localhost and 127.0.0.1, for local development.' },
  webhook_event_type_unknown: { status: 400, doc: 'An event type is not one Embark emits; GET /api/v1/tenant/webhooks/event-types lists them.' },
  webhook_endpoint_disabled: { status: 409, doc: 'The webhook endpoint is disabled (by an admin, or after it answered 410 Gone); enable it with PATCH first.' },
  webhook_delivery_not_retryable: { status: 409, doc: 'The delivery succeeded or is being sent right now; only pending, failed and cancelled deliveries can be retried.' },
} as const satisfies ErrorCatalogue;
