import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { idParams, objectBody, pageOf, pageQuery, responses, timestamp } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import type { RunState } from './runs.store.ts';
import * as runs from './runs.service.ts';

const tags = ['runs'];
const nullableString = { type: ['string', 'null'] } as const;
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;
const STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'];

const run = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    subject: { type: ['object', 'null'], properties: { type: { type: 'string' }, id: { type: 'string' } } },
    input: { description: 'The JSON the run was started with' },
    state: { type: 'string', enum: STATES },
    current_step: { type: ['integer', 'null'], description: 'The position of the step being (or last) worked on' },
    attempts: { type: 'integer', description: 'Attempts of all its steps' },
    last_error: nullableString,
    created_by: nullableString,
    created_at: timestamp,
    updated_at: timestamp,
    finished_at: nullableTimestamp,
  },
} as const;

const step = {
  type: 'object',
  properties: {
    position: { type: 'integer' },
    name: { type: 'string' },
    state: { type: 'string', enum: STATES },
    attempts: { type: 'integer' },
    max_attempts: { type: 'integer' },
    result: { description: 'What the step returned, once it succeeded' },
    last_error: nullableString,
    started_at: nullableTimestamp,
    finished_at: nullableTimestamp,
  },
} as const;

const runWithSteps = { ...run, properties: { ...run.properties, steps: { type: 'array', items: step } } } as const;
const isolation = { id: 'job_runs' };

/** A tenant's multi-step runs (src/jobs/runs.ts), for its admins: what failed and why, retry and cancel. */
export async function runsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: { state?: RunState; kind?: string } & PageQuery }>(
    '/api/v1/tenant/runs',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags,
        summary: "The tenant's runs, newest first; page with cursor=<next_cursor>",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            state: { type: 'string', enum: STATES },
            kind: { type: 'string', pattern: '^[a-z][a-z0-9_.]{0,99}$', description: 'A run kind' },
          },
        },
        response: responses({ 200: pageOf(run) }),
      },
    },
    async (request) => {
      const { state, kind, ...page } = request.query;
      return runs.listRuns(ctx, tenantOf(request), { state, kind }, page);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/tenant/runs/:id',
    {
      config: { access: ACCESS.tenantAdmin, isolation },
      schema: { tags, summary: 'A run with its steps', params: idParams, response: responses({ 200: runWithSteps }) },
    },
    async (request) => runs.getRun(ctx, tenantOf(request), request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/tenant/runs/:id/retry',
    {
      config: { access: ACCESS.tenantAdmin, isolation },
      schema: {
        tags,
        summary: "Resume a failed run at its failed step, with that step's attempts restored (steps that succeeded are not run again)",
        params: idParams,
        body: { ...objectBody({}), description: 'an empty JSON object: {}' },
        response: responses({ 200: runWithSteps }),
      },
    },
    async (request) => runs.retryRun(ctx, actorOf(request), tenantOf(request), request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/tenant/runs/:id/cancel',
    {
      config: { access: ACCESS.tenantAdmin, isolation },
      schema: {
        tags,
        summary: 'Cancel a run that has not finished: no further step starts (a step running now finishes)',
        params: idParams,
        body: { ...objectBody({}), description: 'an empty JSON object: {}' },
        response: responses({ 200: runWithSteps }),
      },
    },
    async (request) => runs.cancelRun(ctx, actorOf(request), tenantOf(request), request.params.id),
  );
}
