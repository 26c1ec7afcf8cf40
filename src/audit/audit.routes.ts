import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS } from '../http/access.ts';
import { pageOf, pageQuery, responses, uuid } from '../http/schemas.ts';
import { listAudit } from './audit.service.ts';

const entry = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    tenant_id: { type: ['string', 'null'] },
    actor_user_id: { type: ['string', 'null'] },
    actor_kind: { type: 'string' },
    impersonating: { type: 'boolean' },
    action: { type: 'string' },
    target_type: { type: ['string', 'null'] },
    target_id: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
    request_id: { type: ['string', 'null'] },
    created_at: { type: 'string' },
  },
} as const;

export async function auditRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: { limit: number; cursor?: string; before?: number; action?: string; tenant_id?: string; actor_user_id?: string; target_type?: string; target_id?: string; since?: string; until?: string } }>(
    '/api/v1/audit',
    {
      // tenant admins see their tenant; a global admin sees all tenants, or one with X-Tenant-Id or tenant_id
      config: { access: ACCESS.admins },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first, filtered by action, actor, target and time; page with cursor=<next_cursor>',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            cursor: pageQuery.cursor,
            before: { type: 'integer', minimum: 1, deprecated: true, description: 'Deprecated: page with `cursor`. Entries older than this id (the `next_before` of the previous page). Not together with `cursor`.' },
            action: { type: 'string', maxLength: 100 },
            actor_user_id: { ...uuid, description: 'entries by this user (as themself or acting in a tenant)' },
            target_type: { type: 'string', minLength: 1, maxLength: 100, description: 'entries about this kind of thing, e.g. user' },
            target_id: { type: 'string', minLength: 1, maxLength: 200, description: 'entries about this one thing (its id)' },
            since: { type: 'string', format: 'date-time', description: 'entries at or after this time' },
            until: { type: 'string', format: 'date-time', description: 'entries before this time' },
            tenant_id: { ...uuid, description: "global admins: one tenant's log (as X-Tenant-Id does); ignored for tenant admins, who see their own" },
          },
        },
        response: responses({ 200: pageOf(entry, { next_before: { type: ['integer', 'null'], description: 'deprecated: the id to send as `before` for the next page; null on the last page' } }) }),
      },
    },
    async (request) => {
      const principal = request.principal!;
      const { action, tenant_id: tenantFilter, actor_user_id: actorUserId, target_type: targetType, target_id: targetId, since, until, ...page } = request.query;
      // a global admin acting in a tenant (X-Tenant-Id), or naming one, reads that tenant's log; a tenant admin, always their own
      const tenantId = principal.role === 'global_admin' ? (request.tenantId ?? tenantFilter ?? null) : request.tenantId;
      return listAudit(ctx, tenantId, { action, actorUserId, targetType, targetId, since, until }, page);
    },
  );
}
