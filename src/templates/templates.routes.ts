import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { responses } from '../http/schemas.ts';
import * as templates from './templates.service.ts';
import type { RenderTarget, SectionBody } from './templates.service.ts';
import * as schemas from './templates.schemas.ts';

// bundle names are names within a tenant, not row ids: another tenant's name must show only the caller's own rows
const BUNDLE_ISOLATION = { bundle: 'template_sections.bundle' };
type BundleParams = { Params: { bundle: string } };
type PutBody = { Body: { sections: SectionBody[] } };

export async function templatesRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get(
    '/api/v1/tenant/templates',
    {
      config: { access: ACCESS.tenantStaff },
      schema: { tags: ['templates'], summary: 'The bundles this tenant can use: every global one and its own', response: responses({ 200: schemas.bundleList }) },
    },
    async (request) => templates.listBundles(ctx, tenantOf(request)),
  );

  app.get<BundleParams>(
    '/api/v1/tenant/templates/:bundle',
    {
      config: { access: ACCESS.tenantStaff, isolation: BUNDLE_ISOLATION },
      schema: { tags: ['templates'], summary: "The tenant's own sections of a bundle (its overrides of the global ones), and the global sections beside them", params: schemas.bundleParams, response: responses({ 200: schemas.tenantBundleSections }) },
    },
    async (request) => templates.getTenantSections(ctx, tenantOf(request), request.params.bundle),
  );

  app.put<BundleParams & PutBody>(
    '/api/v1/tenant/templates/:bundle',
    {
      config: { access: ACCESS.tenantAdmin, isolation: BUNDLE_ISOLATION },
      schema: {
        tags: ['templates'],
        summary: "Replace the tenant's sections of a bundle; an empty list reverts to the global bundle",
        params: schemas.bundleParams,
        body: schemas.putSectionsBody,
        response: responses({ 200: schemas.tenantBundleSections }),
      },
    },
    async (request) => templates.putTenantSections(ctx, actorOf(request), tenantOf(request), request.params.bundle, request.body.sections),
  );

  app.get<BundleParams & { Querystring: { locale?: string; variant?: string } }>(
    '/api/v1/tenant/templates/:bundle/composed',
    {
      config: { access: ACCESS.tenantStaff, isolation: BUNDLE_ISOLATION },
      schema: {
        tags: ['templates'],
        summary: 'The bundle as it is sent: global sections overlaid by the tenant sections, for a locale and variant',
        params: schemas.bundleParams,
        querystring: schemas.composedQuery,
        response: responses({ 200: schemas.composedBundle }),
      },
    },
    async (request) => templates.getComposed(ctx, tenantOf(request), request.params.bundle, request.query),
  );

  app.post<BundleParams & { Body: { variables: Record<string, unknown>; locale?: string; variant?: string; target?: RenderTarget; sections?: SectionBody[] } }>(
    '/api/v1/tenant/templates/:bundle/preview',
    {
      config: { access: ACCESS.tenantStaff, isolation: BUNDLE_ISOLATION },
      schema: {
        tags: ['templates'],
        summary: 'Render the composed bundle with sample variables, for text, HTML, TwiML or SMS; sends nothing',
        params: schemas.bundleParams,
        body: schemas.previewBody,
        response: responses({ 200: schemas.preview }),
      },
    },
    async (request) => templates.previewBundle(ctx, tenantOf(request), request.params.bundle, request.body),
  );

  app.get<BundleParams>(
    '/api/v1/admin/templates/:bundle',
    {
      config: { access: ACCESS.globalAdmin },
      schema: { tags: ['templates'], summary: 'The global sections of a bundle, which every tenant starts from', params: schemas.bundleParams, response: responses({ 200: schemas.bundleSections }) },
    },
    async (request) => templates.getGlobalSections(ctx, request.params.bundle),
  );

  app.put<BundleParams & PutBody>(
    '/api/v1/admin/templates/:bundle',
    {
      config: { access: ACCESS.globalAdmin },
      schema: {
        tags: ['templates'],
        summary: 'Replace the global sections of a bundle (for every tenant that does not override them)',
        params: schemas.bundleParams,
        body: schemas.putSectionsBody,
        response: responses({ 200: schemas.bundleSections }),
      },
    },
    async (request) => templates.putGlobalSections(ctx, actorOf(request), request.params.bundle, request.body.sections),
  );
}
