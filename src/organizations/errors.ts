import type { ErrorCatalogue } from '../errors.ts';

/** The organizations module's error codes; src/errors.ts collects every module's into one catalogue. */
export const ORGANIZATIONS_ERRORS = {
  organization_not_found: { status: 404, doc: 'No organisation with that id in this tenant.' },
  external_id_taken: { status: 409, doc: "Another of the tenant's organisations already has that external_id." },
} as const satisfies ErrorCatalogue;
