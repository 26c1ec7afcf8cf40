import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf, withApiKey } from '../http/access.ts';
import { objectBody, responses, timestamp, uuid } from '../http/schemas.ts';
import { AppError } from '../errors.ts';
import * as embed from './embed.service.ts';
import { EMBED_TOKEN_MAX_TTL_SECONDS, EMBED_TOKEN_TTL_SECONDS } from './embed-tokens.ts';

const tags = ['embed'];
const slug = { type: 'string', maxLength: 64, pattern: '^[a-z][a-z0-9_-]{0,63}$', description: "a task's slug" } as const;
const checklistQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { checklist: { type: 'string', maxLength: 64, pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'the checklist, when two that apply share the slug (complete), or the one to dismiss' } },
} as const;

const embedChecklist = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    title: { type: 'string' },
    scope: { type: 'string', enum: ['user', 'organization'] },
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          slug: { type: 'string' },
          title: { type: 'string' },
          description: { type: ['string', 'null'] },
          link: { type: ['string', 'null'] },
          required: { type: 'boolean' },
          manual: { type: 'boolean', description: 'completed by hand (POST …/complete/:slug); the others complete from data' },
          completed: { type: 'boolean' },
          completed_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
    progress: { type: 'object', properties: { done: { type: 'integer' }, required: { type: 'integer' } } },
    completed: { type: 'boolean' },
    current_stage: { type: ['string', 'null'] },
    dismissed_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
const embedStatus = { type: 'object', properties: { items: { type: 'array', items: embedChecklist } } } as const;

/**
 * The widget's script, read once. It sits beside this file in src/; the built server in dist/ reads
 * the same file, so both resolve it from the checkout's root.
 */
const SCRIPT = readFileSync(fileURLToPath(new URL('../../src/embed/checklist.js', import.meta.url)), 'utf8');

/**
 * The widget runs on the tenant's own site, any origin: its routes answer CORS for everyone, without
 * credentials (the embed token travels in Authorization, never in a cookie), and may be fetched cross-origin.
 */
function allowAnyOrigin(reply: FastifyReply): void {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-expose-headers', 'x-request-id');
  reply.header('cross-origin-resource-policy', 'cross-origin');
}

/** The embeddable checklist widget: its tokens, the routes it reads and marks with them, and its script. */
export async function embedRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // this plugin's hook: it runs for its own routes only, refusals (401) included, so the widget can read them
  app.addHook('onSend', async (request, reply) => {
    const url = request.routeOptions.url ?? '';
    if (url.startsWith('/api/v1/embed/') || url === '/embed/checklist.js') allowAnyOrigin(reply);
  });

  app.post<{ Body: { user_id: string; ttl_seconds?: number } }>(
    '/api/v1/embed-tokens',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'embed:mint') },
      schema: {
        tags,
        summary: 'Mint a short-lived token for the <embark-checklist> widget, for one of your users: call it from your backend with an API key (scope embed:mint) and put the token in your page',
        body: {
          ...objectBody({ user_id: uuid, ttl_seconds: { type: 'integer', minimum: 60, maximum: EMBED_TOKEN_MAX_TTL_SECONDS, description: `how long the token lasts; default ${EMBED_TOKEN_TTL_SECONDS}` } }, ['user_id']),
          example: { user_id: '00000000-0000-4000-8000-000000000000' },
        },
        response: responses({ 200: { type: 'object', properties: { token: { type: 'string' }, user_id: uuid, expires_at: timestamp } } }),
      },
    },
    async (request) => embed.mintEmbedToken(ctx, tenantOf(request), request.body.user_id, request.body.ttl_seconds),
  );

  app.get('/api/v1/embed/onboarding', { config: { access: ACCESS.embed }, schema: { tags, summary: "The embed token's user's checklists (theirs and their organisation's), as the widget shows them", response: responses({ 200: embedStatus }) } }, async (request) =>
    embed.embedStatus(ctx, tenantOf(request), embedUser(request.principal?.userId)),
  );

  for (const [method, completed] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route<{ Params: { slug: string }; Querystring: { checklist?: string } }>({
      method,
      url: '/api/v1/embed/onboarding/complete/:slug',
      config: { access: ACCESS.embed, isolation: { slug: 'checklist_tasks.slug' } },
      schema: {
        tags,
        summary: completed ? "Complete one of the token's user's manual tasks (one completed from data answers task_derived)" : 'Take back the completion of a manual task',
        params: { type: 'object', required: ['slug'], additionalProperties: false, properties: { slug } },
        querystring: checklistQuery,
        response: responses({ 200: embedStatus }),
      },
      handler: async (request) => embed.embedMarkManual(ctx, actorOf(request), tenantOf(request), embedUser(request.principal?.userId), request.params.slug, request.query.checklist, completed),
    });
    app.route<{ Querystring: { checklist?: string } }>({
      method,
      url: '/api/v1/embed/onboarding/dismiss',
      config: { access: ACCESS.embed },
      schema: { tags, summary: completed ? "Hide the token's user's checklists (all, or ?checklist=); the data stays" : 'Show dismissed checklists again', querystring: checklistQuery, response: responses({ 200: embedStatus }) },
      handler: async (request) => embed.embedDismiss(ctx, tenantOf(request), embedUser(request.principal?.userId), request.query.checklist, completed),
    });
  }

  // the CORS preflight of the routes above: the widget sends Authorization, which browsers ask about first
  app.options('/api/v1/embed/*', { config: { access: ACCESS.public }, schema: { hide: true } }, async (_request, reply) => {
    allowAnyOrigin(reply);
    reply.header('access-control-allow-methods', 'GET, POST, DELETE');
    reply.header('access-control-allow-headers', 'authorization, content-type');
    reply.header('access-control-max-age', '600');
    return reply.status(204).send();
  });

  app.get('/embed/checklist.js', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return reply.type('text/javascript; charset=utf-8').send(SCRIPT);
  });
}

/** The user an embed route acts for (the access check set it from the token). */
function embedUser(userId: string | null | undefined): string {
  if (!userId) throw new AppError('unauthenticated', 'send Authorization: Bearer <embed token>');
  return userId;
}
