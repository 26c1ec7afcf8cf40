import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf, withApiKey } from '../http/access.ts';
import { objectBody, pageOf, pageQuery, responses, uuid } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import { getMessage } from '../messaging/messages.service.ts';
import { messageSchema } from '../messaging/messages.schemas.ts';
import { enqueueOnboardingCall, listOnboardingUsers } from './onboarding.service.ts';
import { CONTACT_STATUSES, CONTACT_STATUS_DOC } from './onboarding.schemas.ts';

const item = {
  type: 'object',
  properties: {
    user_id: uuid,
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    access_role: { type: 'string' },
    app_role: { type: ['string', 'null'] },
    signup_mode: { type: ['string', 'null'] },
    first_name: { type: ['string', 'null'] },
    last_name: { type: ['string', 'null'] },
    organization_name: { type: ['string', 'null'] },
    preferences: { anyOf: [{ type: 'null' }, { type: 'object', properties: { default_mode: { type: ['string', 'null'] }, last_mode: { type: ['string', 'null'] } } }] },
    contact: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: { status: { type: 'string', enum: CONTACT_STATUSES, description: CONTACT_STATUS_DOC }, channel: { type: ['string', 'null'] }, message_id: { type: ['string', 'null'] }, message_status: { type: ['string', 'null'] } },
        },
      ],
    },
    initialized_at: { type: ['string', 'null'] },
  },
} as const;

export async function onboardingUsersRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: PageQuery }>(
    '/api/v1/onboarding/users',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'users:read') },
      schema: {
        tags: ['onboarding'],
        summary: "Each user's app role, signup mode, preferences and first-contact status (linking to its message), in the order of GET /api/v1/users; page with cursor=<next_cursor>",
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery } },
        response: responses({ 200: pageOf(item) }),
      },
    },
    async (request) => listOnboardingUsers(ctx, tenantOf(request), request.query),
  );

  app.post<{ Body: { user_id: string } }>(
    '/api/v1/voice/enqueue',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'messages:write') },
      schema: {
        tags: ['voice'],
        summary: "Queue an onboarding call to a user's phone now (tenant admins and global admins only)",
        body: objectBody({ user_id: uuid }, ['user_id']),
        response: responses({ 202: messageSchema }),
      },
    },
    async (request, reply) => {
      const id = await enqueueOnboardingCall(ctx, actorOf(request), tenantOf(request), request.body.user_id);
      return reply.status(202).send(await getMessage(ctx, tenantOf(request), id));
    },
  );
}
