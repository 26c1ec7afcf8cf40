import type { ErrorCatalogue } from '../errors.ts';

/** The templates module's error codes; src/errors.ts collects every module's into one catalogue. */
export const TEMPLATES_ERRORS = {
  template_not_found: { status: 404, doc: 'The bundle has no sections for this tenant, locale and variant (no global and no tenant sections).' },
  template_syntax: { status: 422, doc: 'A section has malformed placeholders: "{{" without "}}", an empty "{{}}", nested braces, a name that is not lower_snake_case, an unknown filter or block, or an {{#if}} without its {{/if}}.' },
  template_unknown_variable: { status: 422, doc: 'A section uses, or a preview supplies, a variable the bundle does not know; `variable`, `section_key` and `known_variables` say which.' },
  template_variable_invalid: { status: 422, doc: 'A preview variable is not a string or a number, or is longer than 10000 characters.' },
} as const satisfies ErrorCatalogue;
