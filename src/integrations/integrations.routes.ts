import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { email, e164, objectBody, responses } from '../http/schemas.ts';
import { AppError } from '../errors.ts';
import { INTEGRATION_KINDS, providerCatalogue, type IntegrationKind } from '../providers/registry.ts';
import { CHANNELS, type Channel } from '../providers/types.ts';
import * as channels from '../messaging/channels.service.ts';
import * as messages from '../messaging/messages.service.ts';
import * as integrations from './integrations.service.ts';

const channelParam = { type: 'object', required: ['channel'], additionalProperties: false, properties: { channel: { type: 'string', enum: CHANNELS } } } as const;
const integrationParams = {
  type: 'object',
  required: ['kind', 'provider'],
  additionalProperties: false,
  properties: { kind: { type: 'string', enum: INTEGRATION_KINDS }, provider: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-z0-9_]+$', example: 'outbox' } },
} as const;

const maskedCredentials = { type: 'object', additionalProperties: true, description: 'secret fields masked' } as const;

const fieldSchema = {
  type: 'object',
  required: ['name', 'label', 'type', 'required'],
  properties: {
    name: { type: 'string' },
    label: { type: 'string' },
    type: { type: 'string', enum: ['text', 'secret', 'url', 'select', 'integer', 'boolean'], description: 'secret: stored sealed, never shown again; select: one of options' },
    required: { type: 'boolean' },
    help: { type: 'string' },
    options: { type: 'array', items: { type: 'string' } },
    endpoint: { type: 'boolean', description: "points the adapter at another server than the vendor's; refused unless the operator allows it" },
  },
} as const;

const catalogueSchema = {
  type: 'object',
  required: ['kinds'],
  properties: {
    kinds: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'label', 'providers'],
        properties: {
          kind: { type: 'string', enum: INTEGRATION_KINDS },
          label: { type: 'string' },
          providers: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'label', 'fields'],
              properties: { id: { type: 'string' }, label: { type: 'string' }, notice: { type: 'string' }, fields: { type: 'array', items: fieldSchema } },
            },
          },
        },
      },
    },
  },
} as const;

const integrationSchema = {
  type: 'object',
  required: ['kind', 'provider', 'provider_label', 'from', 'enabled', 'active', 'credentials', 'updated_at'],
  properties: {
    kind: { type: 'string', enum: INTEGRATION_KINDS },
    provider: { type: 'string' },
    provider_label: { type: 'string' },
    from: { type: 'string' },
    enabled: { type: 'boolean' },
    active: { type: 'boolean', description: 'the provider of its kind Embark uses; saving another makes that one active' },
    credentials: maskedCredentials,
    updated_at: { type: ['string', 'null'] },
  },
} as const;

const channelSchema = {
  type: 'object',
  required: ['channel', 'provider', 'from', 'enabled', 'configured', 'credentials', 'updated_at'],
  properties: {
    channel: { type: 'string', enum: CHANNELS },
    provider: { type: 'string' },
    from: { type: 'string' },
    enabled: { type: 'boolean' },
    configured: { type: 'boolean' },
    credentials: maskedCredentials,
    updated_at: { type: ['string', 'null'] },
  },
} as const;

const testMessage = {
  type: 'object',
  additionalProperties: true,
  required: ['id', 'status'],
  properties: { id: { type: 'string' }, status: { type: 'string' }, provider: { type: ['string', 'null'] }, last_error: { type: ['string', 'null'] } },
} as const;

type SaveBody = { from?: string; credentials?: Record<string, unknown>; enabled?: boolean };
const saveBody = {
  from: { type: 'string', maxLength: 320, description: 'the sender: an email address (email) or E.164 number (sms, voice); other kinds have none' },
  credentials: { type: 'object', maxProperties: 20, description: 'the fields GET /api/v1/integrations/providers lists for the provider; left out, the stored ones are kept' },
  enabled: { type: 'boolean' },
};

export async function integrationsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get(
    '/api/v1/integrations/providers',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['integrations'], summary: 'Every kind of integration, its providers and the credential fields each takes (the forms are built from these)', response: responses({ 200: catalogueSchema }) },
    },
    async () => providerCatalogue(),
  );

  app.get(
    '/api/v1/integrations',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['integrations'], summary: "The tenant's stored integrations of every kind (credentials masked)", response: responses({ 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: integrationSchema } } } }) },
    },
    async (request) => integrations.listIntegrations(ctx, tenantOf(request)),
  );

  app.put<{ Params: { kind: IntegrationKind; provider: string }; Body: SaveBody }>(
    '/api/v1/integrations/:kind/:provider',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { kind: 'tenant_integrations.kind', provider: 'tenant_integrations.provider' } },
      schema: {
        tags: ['integrations'],
        summary: "Store a provider's credentials (sealed, never returned) and make it the active one of its kind",
        params: integrationParams,
        body: objectBody(saveBody),
        response: responses({ 200: integrationSchema }),
      },
    },
    async (request) => integrations.saveIntegration(ctx, actorOf(request), tenantOf(request), request.params.kind, request.params.provider, request.body),
  );

  app.post<{ Params: { kind: IntegrationKind; provider: string } }>(
    '/api/v1/integrations/:kind/:provider/test',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { kind: 'tenant_integrations.kind', provider: 'tenant_integrations.provider' } },
      schema: {
        tags: ['integrations'],
        summary:
          'Test connection: one harmless call with the stored credentials (a mailbox vendor: the token grant and a one-item directory list; Dropbox Sign: GET /v3/account; DocuSign with sending credentials: the JWT grant and /oauth/userinfo); ok is null where there is nothing to call (DocuSign with only its Connect HMAC keys: inbound webhooks only)',
        params: integrationParams,
        response: responses({ 200: { type: 'object', required: ['ok', 'detail', 'checked_at'], properties: { ok: { type: ['boolean', 'null'] }, detail: { type: 'string' }, checked_at: { type: 'string', format: 'date-time' } } } }),
      },
    },
    async (request) => integrations.testIntegration(ctx, actorOf(request), tenantOf(request), request.params.kind, request.params.provider),
  );

  // the channel view of the store: the active email, sms and voice integrations, the outbox standing in
  app.get(
    '/api/v1/tenant/channels',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['channels'], summary: "The tenant's email, sms and voice channels (credentials masked)", response: responses({ 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: channelSchema } } } }) },
    },
    async (request) => channels.listChannels(ctx, tenantOf(request)),
  );

  app.get<{ Params: { channel: Channel } }>(
    '/api/v1/tenant/channels/:channel',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { channel: 'tenant_integrations.kind' } },
      schema: { tags: ['channels'], summary: 'One channel (credentials masked)', params: channelParam, response: responses({ 200: channelSchema }) },
    },
    async (request) => channels.getChannel(ctx, tenantOf(request), request.params.channel),
  );

  app.put<{ Params: { channel: Channel }; Body: SaveBody & { provider: string } }>(
    '/api/v1/tenant/channels/:channel',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { channel: 'tenant_integrations.kind' } },
      schema: {
        tags: ['channels'],
        summary: 'Configure a channel: provider, sender, credentials (encrypted at rest, never returned); the same as PUT /api/v1/integrations/{channel}/{provider}',
        params: channelParam,
        body: objectBody(
          {
            provider: { type: 'string', minLength: 1, maxLength: 40, example: 'outbox', description: 'email: outbox, smtp, ses; sms and voice: outbox, twilio, telnyx' },
            ...saveBody,
          },
          ['provider'],
        ),
        response: responses({ 200: channelSchema }),
      },
    },
    async (request) => channels.putChannel(ctx, actorOf(request), tenantOf(request), request.params.channel, request.body),
  );

  app.post<{ Params: { channel: Channel }; Body: { to: string } }>(
    '/api/v1/tenant/channels/:channel/test',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { channel: 'tenant_integrations.kind' } },
      schema: {
        tags: ['channels'],
        summary: 'Send a test message through the channel now and report what the provider answered',
        params: channelParam,
        body: objectBody({ to: { anyOf: [email, e164] } }, ['to']),
        response: responses({ 200: testMessage }),
      },
    },
    async (request) => {
      const { channel } = request.params;
      const isPhone = request.body.to.startsWith('+');
      if ((channel === 'email') === isPhone) {
        throw new AppError('validation_failed', channel === 'email' ? '`to` must be an email address for the email channel' : '`to` must be an E.164 number for sms and voice');
      }
      return messages.sendChannelTest(ctx, tenantOf(request), channel, request.body.to);
    },
  );
}
