import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { ACCESS, tenantOf } from '../http/access.ts';
import type { PageQuery } from '../http/pagination.ts';
import { pageOf, pageQuery, responses, timestamp, uuid } from '../http/schemas.ts';
import * as dashboard from './dashboard.service.ts';
import { eventSchema } from '../events/events.schemas.ts';

const tags = ['dashboard'];
const nullableString = { type: ['string', 'null'] } as const;
const count = { type: 'integer' } as const;

const attentionOf = (item: object, description: string) =>
  ({
    type: 'object',
    description,
    required: ['count', 'count_capped', 'items'],
    properties: {
      count: { type: 'integer', description: `how many, up to ${dashboard.ATTENTION_COUNT_CAP.toLocaleString('en')}` },
      count_capped: { type: 'boolean', description: `true when there are more than ${dashboard.ATTENTION_COUNT_CAP.toLocaleString('en')}` },
      items: { type: 'array', description: `the newest ${dashboard.ATTENTION_ITEMS}`, items: item },
    },
  }) as const;

const dashboardSchema = {
  type: 'object',
  required: ['generated_at', 'since', 'users', 'messages', 'onboarding', 'attention'],
  properties: {
    generated_at: timestamp,
    since: { ...timestamp, description: `the start (UTC midnight) of the first of the last ${dashboard.RECENT_DAYS} days, today included, that the recent counts cover` },
    users: {
      type: 'object',
      properties: {
        total: count,
        signups_recent: { type: 'integer', description: 'users created since `since`' },
        signups_by_day: { type: 'array', items: { type: 'object', properties: { day: { type: 'string', format: 'date' }, signups: count } } },
      },
    },
    messages: {
      type: 'object',
      properties: {
        since: timestamp,
        by_status: { type: 'object', description: 'messages created since `since`, by status', properties: Object.fromEntries(dashboard.MESSAGE_STATUSES.map((s) => [s, count])) },
      },
    },
    onboarding: {
      type: 'array',
      description: 'each current checklist: the subjects it applies to and how many completed it',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          title: { type: 'string' },
          scope: { type: 'string', enum: ['user', 'organization'] },
          subjects: count,
          completed: count,
          share: { type: ['number', 'null'], description: 'completed / subjects; null when it applies to nobody yet' },
        },
      },
    },
    attention: {
      type: 'object',
      properties: {
        failed_messages: attentionOf(
          { type: 'object', properties: { id: uuid, channel: { type: 'string' }, recipient: { type: 'string' }, bundle: { type: 'string' }, status: { type: 'string' }, last_error: nullableString, created_at: timestamp } },
          'messages that failed or need attention (a channel to configure): each can be retried from its page',
        ),
        failed_provisioning: attentionOf({ type: 'object', properties: { id: uuid, first_name: { type: 'string' }, last_name: { type: 'string' }, run_id: nullableString, last_error: nullableString, updated_at: timestamp } }, "hires whose provisioning run failed: retry the run from the hire's page"),
        failed_runs: attentionOf(
          { type: 'object', properties: { id: uuid, kind: { type: 'string' }, subject_type: nullableString, subject_id: nullableString, last_error: nullableString, updated_at: timestamp } },
          "other runs (durable multi-step work) that failed; hires' provisioning runs are in failed_provisioning",
        ),
        failed_webhook_deliveries: attentionOf(
          { type: 'object', properties: { id: { type: 'string' }, endpoint_id: uuid, event_type: { type: 'string' }, last_status_code: { type: ['integer', 'null'] }, last_error: nullableString, created_at: timestamp } },
          'outbound webhook deliveries that used all their attempts',
        ),
      },
    },
  },
} as const;

/** A tenant's home: the staff dashboard and a member's own feed. */
export async function dashboardRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get(
    '/api/v1/tenant/dashboard',
    {
      // staff and tenant admins, and a global admin acting as the tenant; members have their home's feed
      config: { access: ACCESS.tenantStaff },
      schema: {
        tags,
        summary: `The tenant's dashboard: users, signups and messages by status of the last ${dashboard.RECENT_DAYS} days, onboarding completion per checklist, and what needs attention (failed messages, provisioning, runs and webhook deliveries)`,
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: responses({ 200: dashboardSchema }),
      },
    },
    async (request) => dashboard.getDashboard(ctx, tenantOf(request)),
  );

  app.get<{ Querystring: PageQuery }>(
    '/api/v1/me/feed',
    {
      config: { access: ACCESS.tenantMember },
      schema: {
        tags,
        summary: "The caller's own activity, newest first: their account, onboarding, organisation membership and the messages sent to them (never anyone else's); page with cursor=<next_cursor>",
        querystring: { type: 'object', additionalProperties: false, properties: { limit: pageQuery.limit, cursor: pageQuery.cursor } },
        response: responses({ 200: pageOf(eventSchema) }),
      },
    },
    async (request) => {
      const userId = request.principal?.userId;
      if (!userId) throw new AppError('forbidden', 'only a signed-in user has a feed of their own');
      const { limit, cursor } = request.query;
      return dashboard.listMyFeed(ctx, tenantOf(request), userId, { limit, cursor });
    },
  );
}
