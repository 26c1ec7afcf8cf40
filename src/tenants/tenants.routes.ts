import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { idParams, responses } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import * as tenants from './tenants.service.ts';
import * as schemas from './tenants.schemas.ts';

export async function tenantsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<{ Body: { name: string; subdomain: string; is_active?: boolean } }>(
    '/api/v1/admin/tenants',
    {
      config: { access: ACCESS.globalAdmin },
      schema: { tags: ['tenants'], summary: 'Create a tenant', body: schemas.createTenantBody, response: responses({ 201: schemas.tenant }) },
    },
    async (request, reply) => reply.status(201).send(await tenants.createTenant(ctx, actorOf(request), request.body)),
  );

  app.get<{ Querystring: { name?: string; subdomain?: string } & PageQuery }>(
    '/api/v1/admin/tenants',
    {
      config: { access: ACCESS.globalAdmin },
      schema: { tags: ['tenants'], summary: 'List tenants, oldest first; page with cursor=<next_cursor>', querystring: schemas.listTenantsQuery, response: responses({ 200: schemas.tenantList }) },
    },
    async (request) => {
      const { name, subdomain, ...page } = request.query;
      return tenants.listTenants(ctx, { name, subdomain }, page);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/admin/tenants/:id',
    {
      config: { access: ACCESS.globalAdmin },
      schema: { tags: ['tenants'], summary: 'Get a tenant', params: idParams, response: responses({ 200: schemas.tenant }) },
    },
    async (request) => tenants.getTenant(ctx, request.params.id),
  );

  app.patch<{ Params: { id: string }; Body: { name?: string; subdomain?: string; is_active?: boolean } }>(
    '/api/v1/admin/tenants/:id',
    {
      config: { access: ACCESS.globalAdmin },
      schema: { tags: ['tenants'], summary: 'Rename, change subdomain, activate or deactivate a tenant', params: idParams, body: schemas.patchTenantBody, response: responses({ 200: schemas.tenant }) },
    },
    async (request) => tenants.updateTenant(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/admin/tenants/:id',
    {
      config: { access: ACCESS.globalAdmin },
      schema: {
        tags: ['tenants'],
        summary: 'Mark a tenant for deletion: locked out at once, erased with all its data after EMBARK_TENANT_DELETION_GRACE_DAYS, restorable until then',
        params: idParams,
        response: responses({ 202: schemas.tenant }),
      },
    },
    async (request, reply) => reply.status(202).send(await tenants.requestTenantDeletion(ctx, actorOf(request), request.params.id)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/admin/tenants/:id/restore',
    {
      config: { access: ACCESS.globalAdmin },
      schema: { tags: ['tenants'], summary: 'Restore a tenant marked for deletion, as active as it was', params: idParams, response: responses({ 200: schemas.tenant }) },
    },
    async (request) => tenants.restoreTenant(ctx, actorOf(request), request.params.id),
  );

  app.get<{ Params: { subdomain: string } }>(
    '/api/v1/tenants/by-subdomain/:subdomain/public',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['tenants'],
        summary: "An active tenant's name and subdomain, for its sign-in page (/t/<subdomain>/login); 404 tenant_not_found for an unknown or inactive one",
        security: [],
        params: schemas.publicTenantParams,
        response: responses({ 200: schemas.publicTenant }),
      },
    },
    async (request) => tenants.getPublicTenant(ctx, request.params.subdomain),
  );

  app.get(
    '/api/v1/tenant/profile',
    {
      config: { access: ACCESS.tenantMember },
      schema: { tags: ['tenants'], summary: "The tenant's business profile", response: responses({ 200: schemas.profile }) },
    },
    async (request) => tenants.getProfile(ctx, tenantOf(request)),
  );

  app.put<{ Body: { business_name: string | null; website_url: string | null; phone_number: string | null; email: string | null } }>(
    '/api/v1/tenant/profile',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['tenants'], summary: "Replace the tenant's business profile", body: schemas.profileBody, response: responses({ 200: schemas.profile }) },
    },
    async (request) => tenants.putProfile(ctx, actorOf(request), tenantOf(request), request.body),
  );
}
