import type { ErrorCatalogue } from '../errors.ts';

/** The hires module's error codes; src/errors.ts collects every module's into one catalogue. */
export const HIRES_ERRORS = {
  hire_not_found: { status: 404, doc: 'No hire with that id in this tenant.' },
  document_kind_unknown: { status: 400, doc: "The document kind is not one of the tenant's required document kinds (hire settings)." },
  envelope_taken: { status: 409, doc: "That provider's envelope is registered to another of the tenant's hires." },
  document_completed: { status: 409, doc: 'That document of the hire is completed already; a completed document is not replaced.' },
} as const satisfies ErrorCatalogue;
