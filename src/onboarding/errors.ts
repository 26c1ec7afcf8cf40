import type { ErrorCatalogue } from '../errors.ts';

/** The onboarding module's error codes; src/errors.ts collects every module's into one catalogue. */
export const ONBOARDING_ERRORS = {
  signup_closed: { status: 403, doc: 'The tenant does not accept self-signup; ask its admin for an account.' },
  phone_taken: { status: 409, doc: 'A user with that phone number already exists in this tenant.' },
} as const satisfies ErrorCatalogue;
