import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { ACCESS, actorOf, tenantOf, withApiKey } from '../http/access.ts';
import type { PageQuery } from '../http/pagination.ts';
import { displayText, objectBody, pageOf, pageQuery, responses, timestamp, uuid } from '../http/schemas.ts';
import * as checklists from './checklists.service.ts';
import type { ChecklistInput, SubjectType } from './checklists.service.ts';

const tags = ['onboarding'];
const checklistKey = { type: 'string', maxLength: 64, pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'a lowercase letter, then letters, digits and _; up to 64' } as const;
const slug = { type: 'string', maxLength: 64, pattern: '^[a-z][a-z0-9_-]{0,63}$', description: "a task's slug: a lowercase letter, then letters, digits, _ and -" } as const;
const eventName = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/ -]{0,99}$', description: 'an event name, e.g. service.created' } as const;
const objectKind = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,90}$', description: 'counted from <object>.created and <object>.deleted events' } as const;
const SUBJECTS: SubjectType[] = ['user', 'organization'];

const rule = {
  description: 'How the task completes, from data: event (the subject had `count` such events), live_count (the subject has at least `min` live objects), property (a subject property equals a value), manual (completed by hand)',
  oneOf: [
    objectBody({ kind: { const: 'event' }, event: eventName, count: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'default 1' } }, ['kind', 'event']),
    objectBody({ kind: { const: 'live_count' }, object: objectKind, min: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'default 1' } }, ['kind', 'object']),
    objectBody({ kind: { const: 'property' }, property: displayText(100), equals: { type: ['string', 'number', 'boolean', 'null'], maxLength: 500 } }, ['kind', 'property', 'equals']),
    objectBody({ kind: { const: 'manual' } }, ['kind']),
  ],
} as const;

const taskInput = objectBody(
  {
    slug,
    title: displayText(200),
    description: { anyOf: [{ type: 'string', maxLength: 2000 }, { type: 'null' }] },
    position: { type: 'integer', minimum: 0, maximum: 10_000, description: 'order in the list; default the index' },
    required: { type: 'boolean', description: 'default true; the checklist completes when every required task does' },
    link: { anyOf: [{ type: 'string', minLength: 1, maxLength: 2000, pattern: '^(https?://|/)[^\\s]*$' }, { type: 'null' }], description: "where the task is done in the tenant's product: a URL or a path" },
    rule,
  },
  ['slug', 'title', 'rule'],
);

const audience = objectBody({
  roles: { type: 'array', maxItems: 50, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }, description: "application roles (the tenant's signup settings); absent or empty: everyone" },
  signup_modes: { type: 'array', maxItems: 50, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }, description: 'signup modes; absent or empty: every mode' },
});

const checklistBody = {
  ...objectBody({ title: displayText(200), scope: { type: 'string', enum: SUBJECTS, description: 'user: each user progresses alone; organization: any member counts for the organisation' }, audience, tasks: { type: 'array', minItems: 1, maxItems: 50, items: taskInput } }, [
    'title',
    'scope',
    'tasks',
  ]),
  example: { title: 'Get started', scope: 'user', tasks: [{ slug: 'first-step', title: 'Take the first step', rule: { kind: 'manual' } }] },
} as const;

const storedTask = {
  type: 'object',
  properties: { slug: { type: 'string' }, title: { type: 'string' }, description: { type: ['string', 'null'] }, position: { type: 'integer' }, required: { type: 'boolean' }, link: { type: ['string', 'null'] }, rule: { type: 'object', additionalProperties: true } },
} as const;

const checklist = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    version: { type: 'integer', description: 'each change makes a new version; progress keeps pointing at tasks that exist' },
    title: { type: 'string' },
    scope: { type: 'string', enum: SUBJECTS },
    audience: { type: 'object', properties: { roles: { type: 'array', items: { type: 'string' } }, signup_modes: { type: 'array', items: { type: 'string' } } } },
    tasks: { type: 'array', items: storedTask },
    created_at: timestamp,
    updated_at: { ...timestamp, description: 'when the current version was made' },
    changed: { type: 'boolean', description: 'PUT only: false when the body equalled the current version (nothing was written)' },
  },
} as const;

const taskStatus = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    link: { type: ['string', 'null'] },
    required: { type: 'boolean' },
    rule: { type: 'string', enum: ['event', 'live_count', 'property', 'manual'] },
    completed: { type: 'boolean' },
    completed_at: { type: ['string', 'null'], format: 'date-time' },
    completed_by: { type: ['string', 'null'], description: 'the user whose action completed it (a member of an organisation), or who marked it' },
    source: { type: 'string', enum: ['rule', 'manual', 'override'] },
  },
} as const;

const checklistStatus = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    version: { type: 'integer' },
    title: { type: 'string' },
    scope: { type: 'string', enum: SUBJECTS },
    subject: { type: 'object', properties: { type: { type: 'string' }, id: uuid } },
    tasks: { type: 'array', items: taskStatus },
    progress: { type: 'object', properties: { done: { type: 'integer' }, required: { type: 'integer' } } },
    completed: { type: 'boolean' },
    completed_at: { type: ['string', 'null'], format: 'date-time' },
    current_stage: { type: ['string', 'null'], description: 'the first incomplete required task' },
    dismissed_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
const statusList = { type: 'object', properties: { items: { type: 'array', items: checklistStatus } } } as const;

const keyParams = { type: 'object', required: ['key'], additionalProperties: false, properties: { key: checklistKey } } as const;
const slugParams = { type: 'object', required: ['slug'], additionalProperties: false, properties: { slug } } as const;
const subjectParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } } as const;
const subjectTaskParams = { type: 'object', required: ['id', 'slug'], additionalProperties: false, properties: { id: uuid, slug } } as const;
const checklistQuery = { type: 'object', additionalProperties: false, properties: { checklist: { ...checklistKey, description: 'the checklist, when two that apply share the slug' } } } as const;
const propertiesBody = objectBody({ properties: { type: 'object', additionalProperties: true, maxProperties: 100, description: 'property names to JSON values; null removes one' } }, ['properties']);
const propertiesAnswer = { type: 'object', properties: { properties: { type: 'object', additionalProperties: true }, updated_at: { type: ['string', 'null'], format: 'date-time' } } } as const;

/** The table each kind of subject's id names, for the isolation test. */
const SUBJECT_TABLE: Record<SubjectType, string> = { user: 'users', organization: 'organizations' };

/** Onboarding checklists: their definitions, everyone's progress, marks, overrides, properties, dismissal. */
export async function checklistsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.put<{ Params: { key: string }; Body: ChecklistInput }>(
    '/api/v1/tenant/checklists/:key',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { key: 'checklists.key' } },
      schema: { tags, summary: 'Create a checklist, or give it a new version; it is evaluated at once over the data that exists', params: keyParams, body: checklistBody, response: responses({ 200: checklist }) },
    },
    async (request) => checklists.putChecklist(ctx, actorOf(request), tenantOf(request), request.params.key, request.body),
  );

  app.get('/api/v1/tenant/checklists', { config: { access: ACCESS.tenantStaff }, schema: { tags, summary: "The tenant's live checklists, by key", response: responses({ 200: { type: 'object', properties: { items: { type: 'array', items: checklist } } } }) } }, async (request) =>
    checklists.listChecklists(ctx, tenantOf(request)),
  );

  app.get<{ Params: { key: string }; Querystring: { version?: number } }>(
    '/api/v1/tenant/checklists/:key',
    {
      config: { access: ACCESS.tenantStaff, isolation: { key: 'checklists.key' } },
      schema: { tags, summary: 'A checklist: its current version, or the one asked for', params: keyParams, querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1, maximum: 1_000_000 } } }, response: responses({ 200: checklist }) },
    },
    async (request) => checklists.getChecklist(ctx, tenantOf(request), request.params.key, request.query.version),
  );

  app.get<{ Params: { key: string }; Querystring: PageQuery & { status?: 'complete' | 'incomplete'; stuck_days?: number } }>(
    '/api/v1/tenant/checklists/:key/progress',
    {
      config: { access: ACCESS.tenantStaff, isolation: { key: 'checklists.key' } },
      schema: {
        tags,
        summary: "Everyone's progress through the checklist (users or organisations), oldest start first; page with cursor=<next_cursor>",
        params: keyParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageQuery, status: { type: 'string', enum: ['complete', 'incomplete'] }, stuck_days: { type: 'integer', minimum: 1, maximum: 3650, description: 'incomplete, with no progress for at least this many days' } },
        },
        response: responses({
          200: pageOf(
            {
              type: 'object',
              properties: {
                subject: { type: 'object', properties: { type: { type: 'string' }, id: uuid, label: { type: ['string', 'null'] } } },
                version: { type: 'integer' },
                progress: { type: 'object', properties: { done: { type: 'integer' }, required: { type: 'integer' } } },
                completed_at: { type: ['string', 'null'], format: 'date-time' },
                dismissed_at: { type: ['string', 'null'], format: 'date-time' },
                started_at: timestamp,
                updated_at: timestamp,
              },
            },
            { checklist: { type: 'object', properties: { key: { type: 'string' }, title: { type: 'string' }, scope: { type: 'string' }, version: { type: 'integer' } } } },
          ),
        }),
      },
    },
    async (request) => {
      const { status, stuck_days: stuckDays, ...page } = request.query;
      return checklists.listProgress(ctx, tenantOf(request), request.params.key, { status, stuckDays }, page);
    },
  );

  app.get('/api/v1/onboarding', { config: { access: ACCESS.tenantMember }, schema: { tags, summary: 'Your onboarding: each checklist that applies to you (yours and your organisation’s) with its tasks and progress', response: responses({ 200: statusList }) } }, async (request) =>
    checklists.statusOfUser(ctx, tenantOf(request), ownUser(request.principal?.userId, request.impersonating)),
  );

  app.get<{ Querystring: { user_id?: string; organization_id?: string } }>(
    '/api/v1/onboarding/status',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'onboarding:read') },
      schema: {
        tags,
        summary: "A user's checklists (theirs and their organisation's), or an organisation's: give user_id or organization_id",
        querystring: { type: 'object', additionalProperties: false, properties: { user_id: uuid, organization_id: uuid }, anyOf: [{ required: ['user_id'] }, { required: ['organization_id'] }] },
        response: responses({ 200: statusList }),
      },
    },
    async (request) => {
      const { user_id: userId, organization_id: organizationId } = request.query;
      if (userId !== undefined && organizationId !== undefined) throw new AppError('validation_failed', 'give user_id or organization_id, not both');
      return organizationId !== undefined ? checklists.statusOfOrganization(ctx, tenantOf(request), organizationId) : checklists.statusOfUser(ctx, tenantOf(request), userId!);
    },
  );

  for (const [method, completed] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route<{ Params: { slug: string }; Querystring: { checklist?: string } }>({
      method,
      url: '/api/v1/onboarding/complete/:slug',
      config: { access: ACCESS.tenantMember, isolation: { slug: 'checklist_tasks.slug' } },
      schema: { tags, summary: completed ? 'Complete one of your manual tasks (a task completed from data answers task_derived)' : 'Take back the completion of one of your manual tasks', params: slugParams, querystring: checklistQuery, response: responses({ 200: checklistStatus }) },
      handler: async (request) => checklists.markManual(ctx, actorOf(request), tenantOf(request), ownUser(request.principal?.userId, request.impersonating), request.params.slug, request.query.checklist, completed),
    });
  }

  for (const [method, dismissed] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route<{ Querystring: { checklist?: string } }>({
      method,
      url: '/api/v1/onboarding/dismiss',
      config: { access: ACCESS.tenantMember },
      schema: {
        tags,
        summary: dismissed ? "Hide your checklists (all, or ?checklist=): your own, and your organisation's when you are its owner or admin; the data stays" : 'Show your dismissed checklists again',
        querystring: checklistQuery,
        response: responses({ 200: statusList }),
      },
      handler: async (request) => checklists.setDismissed(ctx, tenantOf(request), ownUser(request.principal?.userId, request.impersonating), request.query.checklist, dismissed),
    });
  }

  for (const type of SUBJECTS) {
    app.post<{ Params: { id: string; slug: string }; Querystring: { checklist?: string }; Body: { completed: boolean; reason?: string } }>(
      `/api/v1/onboarding/subjects/${type}/:id/tasks/:slug/override`,
      {
        config: { access: withApiKey(ACCESS.tenantAdmin, 'onboarding:write'), isolation: { id: SUBJECT_TABLE[type], slug: 'checklist_tasks.slug' } },
        schema: {
          tags,
          summary: `Decide a task for ${type === 'user' ? 'a user' : 'an organisation'} whatever its rule says, with a reason (recorded with who and when)`,
          params: subjectTaskParams,
          querystring: checklistQuery,
          body: objectBody({ completed: { type: 'boolean' }, reason: displayText(500) }, ['completed']),
          response: responses({ 200: checklistStatus }),
        },
      },
      async (request) => checklists.overrideTask(ctx, actorOf(request), tenantOf(request), type, request.params.id, request.params.slug, { completed: request.body.completed, reason: request.body.reason, checklist: request.query.checklist }),
    );
    app.delete<{ Params: { id: string; slug: string }; Querystring: { checklist?: string } }>(
      `/api/v1/onboarding/subjects/${type}/:id/tasks/:slug/override`,
      {
        config: { access: withApiKey(ACCESS.tenantAdmin, 'onboarding:write'), isolation: { id: SUBJECT_TABLE[type], slug: 'checklist_tasks.slug' } },
        schema: { tags, summary: 'Remove an override: the task follows its rule again', params: subjectTaskParams, querystring: checklistQuery, response: responses({ 200: checklistStatus }) },
      },
      async (request) => checklists.overrideTask(ctx, actorOf(request), tenantOf(request), type, request.params.id, request.params.slug, { completed: null, checklist: request.query.checklist }),
    );
    app.get<{ Params: { id: string } }>(
      `/api/v1/subjects/${type}/:id/properties`,
      {
        config: { access: withApiKey(ACCESS.tenantStaff, 'onboarding:read'), isolation: { id: SUBJECT_TABLE[type] } },
        schema: { tags, summary: `The properties your app set on ${type === 'user' ? 'a user' : 'an organisation'}`, params: subjectParams, response: responses({ 200: propertiesAnswer }) },
      },
      async (request) => checklists.getProperties(ctx, tenantOf(request), type, request.params.id),
    );
    app.put<{ Params: { id: string }; Body: { properties: Record<string, unknown> } }>(
      `/api/v1/subjects/${type}/:id/properties`,
      {
        config: { access: withApiKey(ACCESS.tenantAdmin, 'onboarding:write'), isolation: { id: SUBJECT_TABLE[type] } },
        schema: { tags, summary: 'Set properties (null removes one; the others stay); property rules are evaluated at once', params: subjectParams, body: propertiesBody, response: responses({ 200: propertiesAnswer }) },
      },
      async (request) => checklists.putProperties(ctx, actorOf(request), tenantOf(request), type, request.params.id, request.body.properties),
    );
  }

  // last: the isolation test walks routes in this order, and a deleted checklist serves the others nothing
  app.delete<{ Params: { key: string } }>(
    '/api/v1/tenant/checklists/:key',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { key: 'checklists.key' } },
      schema: { tags, summary: 'Delete a checklist: it applies to nobody from now on; versions and progress stay', params: keyParams, response: responses({ 204: { type: 'null' } }) },
    },
    async (request, reply) => {
      await checklists.deleteChecklist(ctx, actorOf(request), tenantOf(request), request.params.key);
      return reply.status(204).send();
    },
  );
}

/** The signed-in user's own id: a global admin acting in a tenant has no onboarding of their own there. */
function ownUser(userId: string | null | undefined, impersonating: boolean): string {
  if (!userId || impersonating) throw new AppError('no_own_onboarding', 'you are no user of this tenant: a global admin acting in it has no onboarding here; read a user’s with GET /api/v1/onboarding/status?user_id=');
  return userId;
}
