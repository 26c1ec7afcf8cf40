import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf, withApiKey } from '../http/access.ts';
import { idParams, objectBody, pageOf, pageQuery, responses, uuid } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import { CHANNELS } from '../providers/types.ts';
import * as messages from './messages.service.ts';
import { MESSAGE_STATUSES, messageSchema as message } from './messages.schemas.ts';

export async function messagingRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: { status?: string; channel?: string; user_id?: string; provider?: string } & PageQuery }>(
    '/api/v1/messages',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'messages:read') },
      schema: {
        tags: ['messages'],
        summary: 'The outbox: messages newest first (provider=outbox lists what the built-in provider delivered); page with cursor=<next_cursor>',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageQuery, status: { type: 'string', enum: MESSAGE_STATUSES }, channel: { type: 'string', enum: CHANNELS }, user_id: uuid, provider: { type: 'string', maxLength: 40 } },
        },
        response: responses({ 200: pageOf(message) }),
      },
    },
    async (request) => {
      const { status, channel, user_id: userId, provider, ...page } = request.query;
      return messages.listMessages(ctx, tenantOf(request), { status, channel, userId, provider }, page);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/messages/:id',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'messages:read'), isolation: { id: 'messages' } },
      schema: { tags: ['messages'], summary: 'A message with its event history', params: idParams, response: responses({ 200: message }) },
    },
    async (request) => messages.getMessage(ctx, tenantOf(request), request.params.id),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/messages/:id/reveal',
    {
      config: { access: ACCESS.globalAdminInTenant, isolation: { id: 'messages' } },
      schema: {
        tags: ['messages'],
        summary: 'Development only: the message with the secrets and links the built-in outbox masked (global admins, EMBARK_OUTBOX_REVEAL_SECRETS=true)',
        description: 'Each reading is recorded in the audit log as message.secrets_revealed.',
        params: idParams,
        response: responses({ 200: { type: 'object', properties: { id: uuid, subject: { type: ['string', 'null'] }, content: { type: 'string' } } } }),
      },
    },
    async (request) => messages.revealMessage(ctx, actorOf(request), tenantOf(request), request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/messages/:id/retry',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'messages:write'), isolation: { id: 'messages' } },
      schema: { tags: ['messages'], summary: 'Queue a failed or needs_attention message again', params: idParams, response: responses({ 200: message }) },
    },
    async (request) => messages.retryMessage(ctx, actorOf(request), tenantOf(request), request.params.id),
  );

  const dispatchDue = {
    tags: ['messages'],
    summary: "Dispatch this tenant's due queued messages of every channel now, without waiting for the worker",
    description: 'Each message is sent once: one a worker is already sending is left to it, and reported as it stands.',
    body: objectBody({ limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }),
    response: responses({ 200: { type: 'object', properties: { processed: { type: 'integer' }, messages: { type: 'array', items: message } } } }),
  };
  const handleDispatchDue = async (request: FastifyRequest<{ Body: { limit?: number } }>) => messages.dispatchDueMessages(ctx, tenantOf(request), request.body.limit ?? 20);
  app.post('/api/v1/messages/dispatch-due', { config: { access: withApiKey(ACCESS.tenantAdmin, 'messages:write') }, schema: dispatchDue }, handleDispatchDue);
  // the old name, from when it was thought of as the voice queue: it always ran every channel
  app.post(
    '/api/v1/voice/process-jobs',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'messages:write') },
      schema: { ...dispatchDue, tags: ['voice'], summary: 'Deprecated alias of POST /api/v1/messages/dispatch-due', deprecated: true },
    },
    handleDispatchDue,
  );
}
