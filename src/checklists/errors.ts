import type { ErrorCatalogue } from '../errors.ts';

/** The checklists module's error codes (onboarding checklists, their rules, event ingest); src/errors.ts collects them. */
export const CHECKLISTS_ERRORS = {
  checklist_not_found: { status: 404, doc: 'No live checklist with that key in this tenant (or no version with that number).' },
  checklist_invalid: { status: 422, doc: 'The checklist is well-formed JSON but not a valid checklist: two tasks share a slug, or a rule reads an event it may not (onboarding.* events); `errors` lists each problem.' },
  task_not_found: { status: 404, doc: 'No task with that slug in a live checklist that applies to the subject.' },
  task_ambiguous: { status: 409, doc: 'Two checklists that apply to the subject have a task with that slug; name the checklist with `checklist`.' },
  task_derived: { status: 409, doc: 'The task is completed by its rule from data (events, objects, properties), not by hand; an admin may override it instead.' },
  subject_not_found: { status: 404, doc: 'No user or organisation with that id in this tenant.' },
  no_own_onboarding: { status: 409, doc: 'A global admin acting in a tenant is no user of it and has no onboarding of their own there; read a user’s with GET /api/v1/onboarding/status?user_id=.' },
  dismiss_forbidden: { status: 403, doc: "Only an owner or admin of the organisation may dismiss (or restore) an organisation's checklist." },
  event_subject_unknown: { status: 422, doc: 'An event names a user_id or organization_id that is not in this tenant; `errors` lists the events by index. Nothing of the batch was stored.' },
  event_subject_forbidden: { status: 403, doc: "With a user's own token, events may only be about that user (and their organisation); use an API key with events:write for others." },
  timestamp_out_of_range: { status: 422, doc: "An event's timestamp is more than 10 minutes in the future or older than 10 years; `errors` lists the events by index." },
} as const satisfies ErrorCatalogue;
