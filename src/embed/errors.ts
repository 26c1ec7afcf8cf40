import type { ErrorCatalogue } from '../errors.ts';

/** The embeddable checklist widget's error codes (embed tokens); src/errors.ts collects them. */
export const EMBED_ERRORS = {
  embed_user_disabled: { status: 409, doc: 'The user is disabled: no embed token is minted for them (enable the user first).' },
} as const satisfies ErrorCatalogue;
