import type { ErrorCatalogue } from '../errors.ts';

/** The jobs module's error codes; src/errors.ts collects every module's into one catalogue. */
export const JOBS_ERRORS = {
  job_not_found: { status: 404, doc: 'No job with that id in the queue (a job that succeeded is removed from it).' },
  job_not_retryable: { status: 409, doc: 'Only a job that has used all its attempts and is not running can be retried.' },
} as const satisfies ErrorCatalogue;
