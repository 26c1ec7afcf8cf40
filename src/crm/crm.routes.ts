import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { displayText, idParams, objectBody, pageOf, pageQuery, responses, timestamp, uuid } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import * as crm from './crm.service.ts';
import type { ContactValues, ProvisionedAccessRole } from './crm.store.ts';
import { MODE_KEY_PATTERN } from '../onboarding/onboarding.schemas.ts';
import { CONTACT_STATUSES, contact, contactInput, transition, type ContactStatus } from './crm.schemas.ts';
import { eventSchema } from '../events/events.schemas.ts';

const tags = ['crm'];
const PROVISIONED_ACCESS_ROLES = ['member', 'staff'] as const satisfies readonly ProvisionedAccessRole[];
// staff and tenant admins (and a global admin acting as the tenant) work the pipeline; members never see it
const access = ACCESS.tenantStaff;
const withHistory = { ...contact, properties: { ...contact.properties, history: { type: 'array', items: transition } } } as const;

/** The CRM pipeline's contacts (issue 13 §1). */
export async function crmRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<{ Body: ContactValues }>(
    '/api/v1/crm/contacts',
    {
      config: { access },
      schema: { tags, summary: 'Create a contact (a lead)', body: contactInput, response: responses({ 201: contact }) },
    },
    async (request, reply) => reply.status(201).send(await crm.createContact(ctx, actorOf(request), tenantOf(request), request.body)),
  );

  app.get<{ Querystring: { status?: ContactStatus; owner_id?: string; q?: string } & PageQuery }>(
    '/api/v1/crm/contacts',
    {
      config: { access },
      schema: {
        tags,
        summary: "The tenant's contacts, oldest first; filter by status, owner or text; page with cursor=<next_cursor>",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageQuery, status: { type: 'string', enum: CONTACT_STATUSES }, owner_id: uuid, q: { ...displayText(200), description: 'part of a name, the email, the phone or the company' } },
        },
        response: responses({ 200: pageOf(contact) }),
      },
    },
    async (request) => {
      const { status, owner_id: ownerId, q, ...page } = request.query;
      return crm.listContacts(ctx, tenantOf(request), { status, ownerId, q }, page);
    },
  );

  app.post<{ Body: { csv: string } }>(
    '/api/v1/crm/contacts/import',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Import contacts from CSV with a header row (first_name, last_name, email, phone, company, source, owner_id, notes; other columns become custom fields); each refused row is reported',
        body: objectBody({ csv: { type: 'string', minLength: 1, maxLength: 1_000_000, description: 'the CSV text, at most 1,000 rows' } }, ['csv']),
        response: responses({
          200: {
            type: 'object',
            properties: {
              imported: { type: 'integer' },
              refused: { type: 'integer' },
              ids: { type: 'array', items: uuid },
              errors: { type: 'array', items: { type: 'object', properties: { row: { type: 'integer', description: 'the line of the file, the header being 1' }, errors: { type: 'array', items: { type: 'string' } } } } },
            },
          },
        }),
      },
    },
    async (request) => crm.importContacts(ctx, actorOf(request), tenantOf(request), request.body.csv),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/crm/contacts/:id',
    {
      config: { access, isolation: { id: 'crm_contacts' } },
      schema: { tags, summary: 'A contact with its history of statuses', params: idParams, response: responses({ 200: withHistory }) },
    },
    async (request) => crm.getContact(ctx, tenantOf(request), request.params.id),
  );

  app.patch<{ Params: { id: string }; Body: ContactValues }>(
    '/api/v1/crm/contacts/:id',
    {
      config: { access, isolation: { id: 'crm_contacts' } },
      schema: { tags, summary: "Change a contact's fields (null clears one); its status moves with POST …/status", params: idParams, body: { ...contactInput, minProperties: 1 }, response: responses({ 200: contact }) },
    },
    async (request) => crm.updateContact(ctx, actorOf(request), tenantOf(request), request.params.id, request.body),
  );

  // before the status route: the isolation walk approves B's qualified contact first, then tries to move it
  const provisioned = { type: 'object', properties: { user_id: uuid, email: { type: 'string' } }, required: ['user_id', 'email'] } as const;
  app.post<{ Params: { id: string } }>(
    '/api/v1/crm/contacts/:id/provision',
    {
      config: { access, isolation: { id: 'crm_contacts' } },
      schema: {
        tags,
        summary: 'Approve & create account: a qualified contact gets a user with a temporary password (sent in the welcome email, never in an answer) and moves to onboarding; 409 account_exists with user_id when it has one already',
        params: idParams,
        response: responses({ 201: provisioned }),
      },
    },
    async (request, reply) => reply.status(201).send(await crm.provisionContact(ctx, actorOf(request), tenantOf(request), request.params.id)),
  );

  app.post<{ Params: { id: string }; Body: { status: ContactStatus; note?: string } }>(
    '/api/v1/crm/contacts/:id/status',
    {
      config: { access, isolation: { id: 'crm_contacts' } },
      schema: {
        tags,
        summary: 'Move a contact along the pipeline by hand: lead ↔ qualified, to lost, lost → lead (onboarding and active come only from provisioning and completion)',
        params: idParams,
        body: objectBody({ status: { type: 'string', enum: CONTACT_STATUSES }, note: { type: 'string', maxLength: 2000 } }, ['status']),
        response: responses({ 200: withHistory }),
      },
    },
    async (request) => crm.moveContact(ctx, actorOf(request), tenantOf(request), request.params.id, request.body.status, request.body.note),
  );

  app.post<{ Body: { ids: string[] } }>(
    '/api/v1/crm/contacts/provision',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Approve several contacts, each on its own; the answer reports each (created, or the code that refused it)',
        body: objectBody({ ids: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: uuid } }, ['ids']),
        response: responses({
          200: { type: 'object', properties: { results: { type: 'array', items: { type: 'object', properties: { id: uuid, outcome: { type: 'string' }, user_id: uuid, email: { type: 'string' }, detail: { type: 'string' } } } } } },
        }),
      },
    },
    async (request) => crm.provisionContacts(ctx, actorOf(request), tenantOf(request), request.body.ids),
  );

  const crmSettings = {
    type: 'object',
    properties: {
      access_role: { type: 'string', enum: PROVISIONED_ACCESS_ROLES, description: "the access role of a provisioned contact's user" },
      app_role: { type: ['string', 'null'], description: 'the application role its onboarding starts with; null: the signup mode’s role when self-assignable, else the default role' },
      signup_mode: { type: ['string', 'null'], description: 'the signup mode its onboarding starts with; null: none' },
      updated_at: { ...timestamp, type: ['string', 'null'] },
    },
    required: ['access_role', 'app_role', 'signup_mode', 'updated_at'],
  } as const;
  app.get(
    '/api/v1/tenant/crm-settings',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags, summary: 'What an approved contact becomes: its access role, and the app role and signup mode that decide its onboarding checklists (defaults until saved)', response: responses({ 200: crmSettings }) },
    },
    async (request) => crm.getCrmSettings(ctx, tenantOf(request)),
  );

  app.put<{ Body: { access_role: ProvisionedAccessRole; app_role: string | null; signup_mode: string | null } }>(
    '/api/v1/tenant/crm-settings',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags,
        summary: "Replace what an approved contact becomes; the app role and signup mode must be the tenant's (signup settings)",
        body: objectBody(
          {
            access_role: { type: 'string', enum: PROVISIONED_ACCESS_ROLES, description: 'member or staff (a tenant admin is never made by an approval)' },
            app_role: { type: ['string', 'null'], pattern: MODE_KEY_PATTERN, description: 'a role of the signup settings; null: the signup mode’s role when self-assignable, else the default role' },
            signup_mode: { type: ['string', 'null'], pattern: MODE_KEY_PATTERN, description: 'a mode of the signup settings; null: none' },
          },
          ['access_role', 'app_role', 'signup_mode'],
        ),
        response: responses({ 200: crmSettings }),
      },
    },
    async (request) => crm.putCrmSettings(ctx, actorOf(request), tenantOf(request), request.body),
  );

  app.get<{ Querystring: { contact_id?: string; user_id?: string; type?: string; since?: string } & PageQuery }>(
    '/api/v1/feed',
    {
      config: { access },
      schema: {
        tags,
        summary: "The activity feed, newest first: contacts' moves, approvals and provisioning, and what their accounts did and were sent (the event log); page with cursor=<next_cursor>",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            contact_id: { ...uuid, description: 'the events about the contact and those concerning its account' },
            user_id: { ...uuid, description: 'the events about or concerning the user' },
            type: { type: 'string', maxLength: 100, description: 'an event type of docs/events.md' },
            since: { type: 'string', format: 'date-time' },
          },
        },
        response: responses({ 200: pageOf(eventSchema) }),
      },
    },
    async (request) => {
      const { contact_id: contactId, user_id: userId, type, since, ...page } = request.query;
      return crm.listFeed(ctx, tenantOf(request), { contactId, userId, type, since }, page);
    },
  );
}
