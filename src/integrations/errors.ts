import type { ErrorCatalogue } from '../errors.ts';

/** The integrations module's error codes; src/errors.ts collects every module's into one catalogue. */
export const INTEGRATIONS_ERRORS = {
  unknown_provider: { status: 400, doc: 'The provider is not one Embark has for that kind of integration.' },
  invalid_credentials_shape: { status: 400, doc: "The integration's credentials are missing required fields, have unknown fields or wrong values; `errors` names each field." },
  channel_number_taken: { status: 409, doc: 'Another tenant already receives on that number; inbound traffic must route to exactly one tenant.' },
} as const satisfies ErrorCatalogue;
