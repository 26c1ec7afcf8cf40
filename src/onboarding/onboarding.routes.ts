import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf, withApiKey } from '../http/access.ts';
import { responses } from '../http/schemas.ts';
import { acceptRawBodies } from '../webhooks/receipts.ts';
import * as schemas from './onboarding.schemas.ts';
import { initializeUserOnboarding } from './onboarding.service.ts';
import { signup, type SignupInput } from './signup.service.ts';
import { getSignupSettings, putSignupSettings, regenerateIdentityWebhookSecret, type SignupSettingsBody } from './signup-settings.service.ts';
import { receiveIdentityWebhook } from './identity-webhook.service.ts';
import { clientAddress } from '../http/client-address.ts';

export async function onboardingRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<{ Body: SignupInput }>(
    '/api/v1/auth/signup',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['auth'],
        summary: 'Sign up to a tenant that accepts signups; the account is a member, initialised for onboarding. No tokens: log in next',
        security: [],
        body: schemas.signupBody,
        response: responses({ 201: schemas.signedUp }),
      },
    },
    async (request, reply) => reply.status(201).send(await signup(ctx, request.body, { ip: clientAddress(request), requestId: request.id })),
  );

  app.get(
    '/api/v1/tenant/signup-settings',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['onboarding'], summary: 'Signup modes, application roles and the first-contact policy (defaults until saved)', response: responses({ 200: schemas.signupSettings }) },
    },
    async (request) => getSignupSettings(ctx, tenantOf(request)),
  );

  app.put<{ Body: SignupSettingsBody }>(
    '/api/v1/tenant/signup-settings',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['onboarding'], summary: 'Replace the signup settings', body: schemas.signupSettingsBody, response: responses({ 200: schemas.signupSettings }) },
    },
    async (request) => putSignupSettings(ctx, actorOf(request), tenantOf(request), request.body),
  );

  app.post(
    '/api/v1/tenant/signup-settings/identity-webhook-secret',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags: ['onboarding'],
        summary: "Generate the identity provider's webhook signing secret (shown in this response only; replaces the previous one)",
        response: responses({ 201: schemas.webhookSecret }),
      },
    },
    async (request, reply) => reply.status(201).send(await regenerateIdentityWebhookSecret(ctx, actorOf(request), tenantOf(request))),
  );

  app.post<{ Params: { userId: string } }>(
    '/api/v1/onboarding/initialize/:userId',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write'), isolation: { userId: 'users' } },
      schema: {
        tags: ['onboarding'],
        summary: "Initialise a user's onboarding if it is missing, and answer what exists (never creates anything twice)",
        params: schemas.userIdParams,
        response: responses({ 200: schemas.initialized }),
      },
    },
    async (request) => initializeUserOnboarding(ctx, actorOf(request), tenantOf(request), request.params.userId),
  );

  // signatures are over the exact bytes, so this route keeps its raw body, in a scope of its own
  await app.register(async (webhooks) => {
    acceptRawBodies(webhooks);
    webhooks.post<{ Params: { tenant: string } }>(
      '/api/v1/webhooks/identity/:tenant',
      {
        config: { access: ACCESS.public },
        schema: {
          tags: ['webhooks'],
          summary: "An identity provider's user.created event (Standard Webhooks, signed with the tenant's identity webhook secret)",
          security: [],
          params: schemas.identityWebhookParams,
          response: responses({ 200: schemas.identityWebhookResult }),
        },
      },
      async (request) =>
        receiveIdentityWebhook(ctx, request.params.tenant, {
          headers: request.headers,
          rawBody: request.rawBody ?? Buffer.alloc(0),
          body: request.body,
          requestId: request.id,
        }),
    );
  });
}
