import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf } from '../http/access.ts';
import { objectBody, offsetPageQuery, responses, timestamp } from '../http/schemas.ts';
import type { JobState } from './jobs.store.ts';
import * as jobs from './jobs.service.ts';

const tags = ['jobs'];
const nullableString = { type: ['string', 'null'] } as const;

const job = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    queue_name: nullableString,
    task_identifier: { type: 'string' },
    payload: { description: 'The JSON the job was added with' },
    priority: { type: 'integer' },
    run_at: timestamp,
    attempts: { type: 'integer' },
    max_attempts: { type: 'integer' },
    last_error: nullableString,
    locked_at: nullableString,
    locked_by: nullableString,
    key: nullableString,
    created_at: timestamp,
    updated_at: timestamp,
    state: { type: 'string', enum: ['failed', 'locked', 'pending'] },
  },
} as const;

// job ids are bigint: digits only, so garbage is a 400 and never reaches PostgreSQL
const jobParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,17}$', description: 'The job id (a positive integer)' } },
} as const;

/** The worker's job queue, for global admins: what failed, why, and retrying it. */
export async function jobsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: { state?: JobState; task?: string; limit: number; offset: number } }>(
    '/api/v1/admin/jobs',
    {
      config: { access: ACCESS.globalAdmin },
      schema: {
        tags,
        summary: 'Jobs in the queue, newest first',
        description: 'failed: used all its attempts and stays until retried; locked: a worker is running it; pending: waiting for its run_at. Jobs that succeeded leave the queue.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...offsetPageQuery,
            state: { type: 'string', enum: ['failed', 'pending', 'locked'] },
            task: { type: 'string', minLength: 1, maxLength: 200, description: 'A task identifier, e.g. dispatch_message' },
          },
        },
        response: responses({ 200: { type: 'object', properties: { items: { type: 'array', items: job }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } } } }),
      },
    },
    async (request) => jobs.listJobs(ctx, request.query),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/admin/jobs/:id/retry',
    {
      config: { access: ACCESS.globalAdmin },
      schema: {
        tags,
        summary: 'Run a failed job again now, with its attempts restored',
        params: jobParams,
        body: { ...objectBody({}), description: 'an empty JSON object: {}' },
        response: responses({ 200: job }),
      },
    },
    async (request) => jobs.retryJob(ctx, actorOf(request), request.params.id),
  );
}
