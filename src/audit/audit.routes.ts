import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { ACCESS } from '../http/access.ts';
import { responses, uuid } from '../http/schemas.ts';
import { listAudit } from './audit.service.ts';

const entry = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, tenant_id: { type: ['string', 'null'] }, actor_user_id: { type: ['string', 'null'] }, actor_kind: { type: 'string' },
    impersonating: { type: 'boolean' }, action: { type: 'string' }, target_type: { type: ['string', 'null'] }, target_id: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true }, request_id: { type: ['string', 'null'] }, created_at: { type: 'string' },
  },
} as const;

export async function auditRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: { limit: number; before?: number; action?: string; tenant_id?: string } }>('/api/v1/audit', {
    // tenant admins see their tenant; a global admin sees all tenants, or one with X-Tenant-Id or tenant_id
    config: { access: ACCESS.user },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first; page with before=<last id>',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          before: { type: 'integer', minimum: 1 },
          action: { type: 'string', maxLength: 100 },
          tenant_id: uuid,
        },
      },
      response: responses({ 200: { type: 'object', properties: { items: { type: 'array', items: entry }, next_before: { type: ['integer', 'null'] } } } }),
    },
  }, async (request) => {
    const principal = request.principal!;
    if (principal.role === 'global_admin') {
      return listAudit(ctx, { tenantId: request.tenantId }, { ...request.query, tenantFilter: request.query.tenant_id });
    }
    if (principal.role !== 'tenant_admin') {
      throw new AppError('forbidden', 'the audit log is for tenant admins and global admins');
    }
    return listAudit(ctx, { tenantId: request.tenantId }, request.query);
  });
}
