import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf, withApiKey } from '../http/access.ts';
import { displayText, idParams, objectBody, pageOf, pageQuery, responses, timestamp, uuid } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import type { MemberRole } from './organizations.store.ts';
import * as organizations from './organizations.service.ts';

const tags = ['organizations'];
const externalId = { ...displayText(200), description: "The tenant app's own id for the organisation; unique in the tenant" } as const;
const nullableExternalId = { anyOf: [externalId, { type: 'null' }] } as const;
const ROLES: MemberRole[] = ['owner', 'admin', 'member'];

const organization = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    external_id: { type: ['string', 'null'] },
    created_by: { type: ['string', 'null'], description: 'the user who created it, when it came from their signup or they created it' },
    member_count: { type: 'integer' },
    created_at: timestamp,
    updated_at: timestamp,
  },
  required: ['id', 'name', 'external_id', 'member_count', 'created_at', 'updated_at'],
} as const;

const withMembers = {
  ...organization,
  properties: {
    ...organization.properties,
    members: { type: 'array', items: { type: 'object', properties: { user_id: uuid, email: { type: ['string', 'null'] }, role: { type: 'string', enum: ROLES }, joined_at: timestamp } } },
  },
} as const;

const memberParams = {
  type: 'object',
  required: ['id', 'user_id'],
  additionalProperties: false,
  properties: { id: uuid, user_id: uuid },
} as const;

/** A tenant's organisations and who belongs to each (issue 12 §1). */
export async function organizationsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<{ Body: organizations.OrganizationInput }>(
    '/api/v1/organizations',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write') },
      schema: { tags, summary: 'Create an organisation', body: objectBody({ name: displayText(200), external_id: nullableExternalId }, ['name']), response: responses({ 201: organization }) },
    },
    async (request, reply) => reply.status(201).send(await organizations.createOrganization(ctx, actorOf(request), tenantOf(request), request.body)),
  );

  app.get<{ Querystring: { external_id?: string; name?: string } & PageQuery }>(
    '/api/v1/organizations',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'users:read') },
      schema: {
        tags,
        summary: "The tenant's organisations, oldest first; page with cursor=<next_cursor>",
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery, external_id: externalId, name: { ...displayText(200), description: 'a part of the name, any case' } } },
        response: responses({ 200: pageOf(organization) }),
      },
    },
    async (request) => {
      const { external_id: externalIdFilter, name, ...page } = request.query;
      return organizations.listOrganizations(ctx, tenantOf(request), { externalId: externalIdFilter, name }, page);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/organizations/:id',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'users:read'), isolation: { id: 'organizations' } },
      schema: { tags, summary: 'An organisation with its members', params: idParams, response: responses({ 200: withMembers }) },
    },
    async (request) => organizations.getOrganization(ctx, tenantOf(request), request.params.id),
  );

  app.patch<{ Params: { id: string }; Body: { name?: string; external_id?: string | null } }>(
    '/api/v1/organizations/:id',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write'), isolation: { id: 'organizations' } },
      schema: { tags, summary: 'Rename an organisation or change its external_id (null clears it)', params: idParams, body: { ...objectBody({ name: displayText(200), external_id: nullableExternalId }), minProperties: 1 }, response: responses({ 200: withMembers }) },
    },
    async (request) => organizations.updateOrganization(ctx, actorOf(request), tenantOf(request), request.params.id, request.body),
  );

  app.put<{ Params: { id: string; user_id: string }; Body: { role?: MemberRole } }>(
    '/api/v1/organizations/:id/members/:user_id',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write'), isolation: { id: 'organizations', user_id: 'users' } },
      schema: {
        tags,
        summary: 'Put a user of the tenant in the organisation with a role (default member), moving them out of their previous one: a user has one organisation',
        params: memberParams,
        body: objectBody({ role: { type: 'string', enum: ROLES, default: 'member' } }),
        response: responses({ 200: withMembers }),
      },
    },
    async (request) => organizations.putMember(ctx, actorOf(request), tenantOf(request), request.params.id, request.params.user_id, request.body.role ?? 'member'),
  );

  app.delete<{ Params: { id: string; user_id: string } }>(
    '/api/v1/organizations/:id/members/:user_id',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write'), isolation: { id: 'organizations', user_id: 'users' } },
      schema: { tags, summary: 'Take a user out of the organisation', params: memberParams, response: responses({ 200: withMembers }) },
    },
    async (request) => organizations.removeMember(ctx, actorOf(request), tenantOf(request), request.params.id, request.params.user_id),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/organizations/:id',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { id: 'organizations' } },
      schema: { tags, summary: 'Delete an organisation; its members stay users of the tenant, in no organisation', params: idParams, response: responses({ 204: { type: 'null' } }) },
    },
    async (request, reply) => {
      await organizations.deleteOrganization(ctx, actorOf(request), tenantOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
