import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, tenantOf, withApiKey } from '../http/access.ts';
import type { PageQuery } from '../http/pagination.ts';
import { pageOf, pageQuery, responses, uuid } from '../http/schemas.ts';
import * as analytics from './analytics.service.ts';
import type { FunnelGroup, Interval } from './analytics.service.ts';

const tags = ['analytics'];
const access = withApiKey(ACCESS.tenantStaff, 'analytics:read');
const day = { type: 'string', format: 'date', maxLength: 10, description: 'a UTC day, YYYY-MM-DD' } as const;
const range = {
  from: { ...day, description: 'first UTC day of the range (YYYY-MM-DD); default 30 days before `to`' },
  to: { ...day, description: 'last UTC day of the range, included (YYYY-MM-DD); default today' },
} as const;
const funnelProperties = {
  steps: { type: 'string', minLength: 1, maxLength: 1100, example: 'signup.completed,service.created,invite.sent', description: '2 to 10 event names, comma-separated, in order' },
  ...range,
  window: { type: 'string', maxLength: 10, example: '7d', description: 'how long after the first step a person has to reach the last: 30m, 12h, 7d (1 minute to 90 days; default 7d)' },
} as const;
const rateOrNull = { type: ['number', 'null'] } as const;
const stepResult = {
  type: 'object',
  properties: {
    step: { type: 'integer', description: '1-based' },
    event: { type: 'string' },
    entered: { type: 'integer', description: 'people who reached this step' },
    converted: { type: ['integer', 'null'], description: 'of them, those who reached the next step (null on the last)' },
    dropped: { type: ['integer', 'null'], description: 'entered − converted: GET …/funnel/people?step= lists them' },
    conversion_rate: { ...rateOrNull, description: 'converted / entered, 0 to 1' },
    median_seconds_to_convert: { ...rateOrNull, description: 'median seconds from this step to the next, of those who converted' },
  },
} as const;
const funnelTotals = {
  entered: { type: 'integer', description: 'people who entered the funnel (its first step) in the range' },
  converted: { type: 'integer', description: 'people who reached the last step within the window' },
  conversion_rate: { type: 'number' },
  steps: { type: 'array', items: stepResult },
} as const;

/** Funnels, active users and onboarding completion, for tenant admins and staff and API keys with analytics:read. */
export async function analyticsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: analytics.FunnelInput & { by?: FunnelGroup } }>(
    '/api/v1/analytics/funnel',
    {
      config: { access },
      schema: {
        tags,
        summary: 'An ordered funnel over tracked and domain events: per step, who entered, converted to the next step within the window, and the median time it took; by organisation, role or signup mode too',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['steps'],
          properties: { ...funnelProperties, by: { type: 'string', enum: ['organization', 'role', 'signup_mode'], description: 'also per group: the organisation of the first step, or the user’s application role or signup mode' } },
        },
        response: responses({
          200: {
            type: 'object',
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              window: { type: 'string' },
              by: { type: ['string', 'null'] },
              ...funnelTotals,
              groups: { type: 'array', items: { type: 'object', properties: { key: { type: ['string', 'null'], description: 'the group (null: people in none)' }, label: { type: ['string', 'null'] }, ...funnelTotals } } },
            },
          },
        }),
      },
    },
    async (request) => analytics.funnel(ctx, tenantOf(request), request.query),
  );

  app.get<{ Querystring: analytics.FunnelInput & PageQuery & { step?: number } }>(
    '/api/v1/analytics/funnel/people',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Who dropped off at a step of the funnel: reached `step` and not the next; page with cursor=<next_cursor>',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...funnelProperties, step: { type: 'integer', minimum: 1, maximum: 9, example: 1, description: 'the step they stopped at, 1-based' }, ...pageQuery },
          // a cursor without the funnel it came from is no cursor of this list: invalid_cursor, not validation_failed
          anyOf: [{ required: ['steps', 'step'] }, { required: ['cursor'] }],
        },
        response: responses({
          200: pageOf({
            type: 'object',
            properties: {
              user_id: { ...uuid, type: ['string', 'null'] },
              external_user_id: { type: ['string', 'null'], description: "your app's id, for a person Embark does not know" },
              email: { type: ['string', 'null'] },
              organization_id: { type: ['string', 'null'] },
              reached_at: { type: 'array', items: { type: 'string', format: 'date-time' }, description: 'when they reached each step they did' },
            },
          }),
        }),
      },
    },
    async (request) => {
      const { limit, cursor, offset, step, ...funnel } = request.query;
      return analytics.funnelDropOffs(ctx, tenantOf(request), { ...funnel, step }, { limit, cursor, offset });
    },
  );

  app.get<{ Querystring: analytics.RangeInput & { interval?: Interval; by?: 'organization' } }>(
    '/api/v1/analytics/active-users',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Active users (DAU, WAU, MAU): distinct users with an event per UTC day, week (from Monday) or month, optionally per organisation',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            interval: { type: 'string', enum: ['day', 'week', 'month'], description: 'default day' },
            ...range,
            by: { type: 'string', enum: ['organization'] },
          },
        },
        response: responses({
          200: {
            type: 'object',
            properties: {
              interval: { type: 'string' },
              from: { type: 'string' },
              to: { type: 'string' },
              by: { type: ['string', 'null'] },
              items: {
                type: 'array',
                items: { type: 'object', properties: { bucket: { type: 'string', description: 'the first day of the bucket' }, organization_id: { type: ['string', 'null'] }, organization_name: { type: ['string', 'null'] }, active_users: { type: 'integer' } } },
              },
            },
          },
        }),
      },
    },
    async (request) => analytics.activeUsers(ctx, tenantOf(request), request.query),
  );

  app.get(
    '/api/v1/analytics/onboarding-completion',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Onboarding completion per checklist and organisation (spec 001’s onboarding_completion_by_org); users in no organisation are the row with organization_id null',
        querystring: { type: 'object', additionalProperties: false, properties: { by: { type: 'string', enum: ['organization'], description: 'the only grouping there is; the default' } } },
        response: responses({
          200: {
            type: 'object',
            properties: {
              by: { type: 'string' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    checklist_key: { type: 'string' },
                    organization_id: { type: ['string', 'null'] },
                    organization_name: { type: ['string', 'null'] },
                    subjects: { type: 'integer', description: 'users (or the organisation) with progress through the checklist' },
                    completed: { type: 'integer' },
                    completion_rate: { type: 'number' },
                  },
                },
              },
            },
          },
        }),
      },
    },
    async (request) => analytics.onboardingCompletion(ctx, tenantOf(request)),
  );

  app.get<{ Querystring: { date?: string } }>(
    '/api/v1/analytics/onboarding-funnel',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Per task of each checklist, how many subjects had it complete by the end of a UTC day (spec 001’s onboarding_funnel_today); default today',
        querystring: { type: 'object', additionalProperties: false, properties: { date: day } },
        response: responses({
          200: {
            type: 'object',
            properties: {
              date: { type: 'string' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    checklist_key: { type: 'string' },
                    task_slug: { type: 'string' },
                    title: { type: 'string' },
                    position: { type: 'integer' },
                    required: { type: 'boolean' },
                    subjects: { type: 'integer', description: 'subjects that had started the checklist by then' },
                    completed: { type: 'integer' },
                    completion_rate: { type: 'number' },
                  },
                },
              },
            },
          },
        }),
      },
    },
    async (request) => analytics.onboardingFunnel(ctx, tenantOf(request), request.query.date),
  );
}
