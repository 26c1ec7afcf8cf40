import type { ErrorCatalogue } from '../errors.ts';

/** The identities module's error codes; src/errors.ts collects every module's into one catalogue. */
export const IDENTITIES_ERRORS = {
  password_link_invalid: { status: 400, doc: 'The password reset or invitation link is unknown, was used, was replaced by a newer one, or has expired; ask for a new one.' },
  user_disabled: { status: 409, doc: 'The user is disabled; enable them before sending them a link.' },
  setup_complete: { status: 409, doc: 'A global admin exists already: first-run setup is over. Sign in, or use `embark admin create`.' },
  setup_token_invalid: { status: 403, doc: 'The setup token is unknown, was replaced by a newer start, or has expired; restart Embark for a new link.' },
} as const satisfies ErrorCatalogue;
