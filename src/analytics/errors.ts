import type { ErrorCatalogue } from '../errors.ts';

/** The analytics module's error codes (funnels, active users, onboarding completion); src/errors.ts collects them. */
export const ANALYTICS_ERRORS = {
  analytics_range_invalid: { status: 400, doc: '`from` is after `to`; both are UTC days (YYYY-MM-DD), `to` included.' },
  analytics_range_too_long: { status: 400, doc: 'The range from `from` to `to` is longer than analytics reads at once (731 days); ask for a shorter one.' },
  funnel_steps_invalid: { status: 400, doc: '`steps` is not 2 to 10 comma-separated event names (letters, digits, `_.:/ -`, up to 100 characters each).' },
  funnel_window_invalid: { status: 400, doc: '`window` is not a duration like `30m`, `12h` or `7d` between 1 minute and 90 days.' },
  funnel_step_out_of_range: { status: 400, doc: '`step` of the funnel people list is not a step people can drop off at: 1 to one less than the number of steps.' },
} as const satisfies ErrorCatalogue;
