import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { ACCESS, tenantOf } from '../http/access.ts';
import type { PageQuery } from '../http/pagination.ts';
import { pageOf, pageQuery, responses, timestamp } from '../http/schemas.ts';
import { eventSchema } from './events.schemas.ts';
import { listEvents } from './events.service.ts';

type EventsQuery = PageQuery & { type?: string; subject_type?: string; subject_id?: string; since?: string };

/** The domain event log (docs/events.md), for the tenant's admins. */
export async function eventsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: EventsQuery }>(
    '/api/v1/tenant/events',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags: ['events'],
        summary: "The tenant's event log, newest first; page with cursor=<next_cursor>",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: pageQuery.limit,
            cursor: pageQuery.cursor,
            type: { type: 'string', maxLength: 100, description: 'one event type (docs/events.md)' },
            subject_type: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 100, description: 'with subject_id: the events about one thing, e.g. subject_type=user' },
            subject_id: { type: 'string', minLength: 1, maxLength: 200 },
            since: { ...timestamp, description: 'only events that occurred at or after this time' },
          },
        },
        response: responses({ 200: pageOf(eventSchema) }),
      },
    },
    async (request) => {
      const { type, subject_type: subjectType, subject_id: subjectId, since, ...page } = request.query;
      if ((subjectType === undefined) !== (subjectId === undefined)) {
        throw new AppError('validation_failed', 'give subject_type and subject_id together, or neither');
      }
      const subject = subjectType !== undefined && subjectId !== undefined ? { type: subjectType, id: subjectId } : undefined;
      return listEvents(ctx, tenantOf(request), { type, subject, since }, page);
    },
  );
}
