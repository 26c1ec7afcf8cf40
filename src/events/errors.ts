import type { ErrorCatalogue } from '../errors.ts';

/** The events module's error codes; src/errors.ts collects every module's into one catalogue. */
export const EVENTS_ERRORS = {
  event_type_unknown: { status: 400, doc: 'The `type` filter of GET /api/v1/tenant/events is not an event type Embark emits; docs/events.md lists them.' },
} as const satisfies ErrorCatalogue;
