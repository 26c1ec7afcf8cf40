import type { ErrorCatalogue } from '../errors.ts';

/** The jobs module's error codes; src/errors.ts collects every module's into one catalogue. */
export const JOBS_ERRORS = {
  job_not_found: { status: 404, doc: 'No job with that id in the queue (a job that succeeded is removed from it).' },
  job_not_retryable: { status: 409, doc: 'Only a job that has used all its attempts and is not running can be retried.' },
  run_not_found: { status: 404, doc: 'No run with that id in this tenant.' },
  run_not_retryable: { status: 409, doc: 'Only a failed run can be retried (it resumes at its failed step).' },
  run_not_cancellable: { status: 409, doc: 'The run has already succeeded or been cancelled.' },
} as const satisfies ErrorCatalogue;
