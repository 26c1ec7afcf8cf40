import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { idParams, responses } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import * as tenants from './tenants.service.ts';
import * as schemas from './tenants.schemas.ts';
import { AppError } from '../errors.ts';
import { LOGO_MAX_BYTES, LOGO_TYPES } from './branding.ts';
import type { ProfileInput } from './tenants.service.ts';

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
        summary: "An active tenant's name, subdomain and branding (business name, accent colour, logo URL), for its sign-in, signup and password pages; 404 tenant_not_found for an unknown or inactive one",
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

  app.put<{ Body: ProfileInput }>(
    '/api/v1/tenant/profile',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['tenants'], summary: "Replace the tenant's business profile (accent_color, when left out, stays as it is)", body: schemas.profileBody, response: responses({ 200: schemas.profile }) },
    },
    async (request) => tenants.putProfile(ctx, actorOf(request), tenantOf(request), request.body),
  );

  app.get<{ Params: { subdomain: string }; Querystring: { v?: string } }>(
    '/api/v1/tenants/by-subdomain/:subdomain/logo',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['tenants'],
        summary: "An active tenant's logo (PNG, JPEG or WebP), for its public pages; ETag and If-None-Match; 404 logo_not_found without one",
        security: [],
        params: schemas.publicTenantParams,
        querystring: schemas.logoQuery,
        response: responses({ 200: { type: 'string', format: 'binary', description: 'the image, with its own Content-Type' }, 304: { type: 'null', description: 'If-None-Match named the current ETag' } }),
      },
    },
    async (request, reply) => {
      const logo = await tenants.getPublicLogo(ctx, request.params.subdomain);
      const etag = `"${logo.sha256}"`;
      // the URL of logo_url carries the version: that one may be cached for good, any other only briefly
      const versioned = request.query.v !== undefined && request.query.v.length >= 16 && logo.sha256.startsWith(request.query.v);
      reply.headers({
        etag,
        'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        'last-modified': logo.updated_at.toUTCString(),
        'x-content-type-options': 'nosniff',
        // opened on its own, the image is a document that may do nothing at all
        'content-security-policy': "default-src 'none'; sandbox",
        'content-disposition': 'inline',
      });
      const match = request.headers['if-none-match'];
      if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) return reply.status(304).send();
      return reply.type(logo.content_type).send(logo.data);
    },
  );

  // the logo is sent as the image itself (curl --data-binary @logo.png -H 'Content-Type: image/png'): in a
  // scope of its own, whose body parser takes any type as bytes, up to the cap, so the route can answer
  // a wrong type, a wrong size or wrong bytes with its own code
  await app.register(async (scope) => {
    scope.addContentTypeParser('*', (_request, payload, done) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let finished = false;
      const finish = (error: Error | null, body?: Buffer) => {
        if (finished) return;
        finished = true;
        done(error, body);
      };
      payload.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > LOGO_MAX_BYTES) {
          finish(new AppError('logo_too_large', `the logo is larger than ${LOGO_MAX_BYTES} bytes (256 KiB); send a smaller image`));
          payload.resume();
        } else if (!finished) chunks.push(chunk);
      });
      payload.on('end', () => finish(null, Buffer.concat(chunks)));
      payload.on('error', (error: Error) => finish(error));
    });

    scope.put(
      '/api/v1/tenant/profile/logo',
      {
        config: { access: ACCESS.tenantAdmin, upload: LOGO_TYPES },
        schema: {
          tags: ['tenants'],
          summary: "Upload the tenant's logo: the image itself as the body, Content-Type image/png, image/jpeg or image/webp, at most 256 KiB (no SVG)",
          description: "The bytes must be an image of the type the Content-Type names (400 logo_invalid otherwise); 415 logo_type_unsupported for another type; 413 logo_too_large. Answers the profile, with the logo's public URL.",
          response: responses({ 200: schemas.profile }),
        },
      },
      async (request) => tenants.putLogo(ctx, actorOf(request), tenantOf(request), request.headers['content-type'], request.body),
    );
  });

  app.delete(
    '/api/v1/tenant/profile/logo',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['tenants'], summary: "Remove the tenant's logo (none to remove is no error); answers the profile", response: responses({ 200: schemas.profile }) },
    },
    async (request) => tenants.deleteLogo(ctx, actorOf(request), tenantOf(request)),
  );
}
