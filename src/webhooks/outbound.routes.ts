import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { responses } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import type { DeliveryStatus } from './outbound.store.ts';
import * as webhooks from './outbound.service.ts';
import * as schemas from './outbound.schemas.ts';

type EndpointInput = { url: string; description?: string; event_types?: string[]; enabled?: boolean };
type EndpointParams = { Params: { id: string } };
type DeliveryParams = { Params: { id: string; deliveryId: string } };

const tags = ['webhooks'];
const endpointIsolation = { id: 'webhook_endpoints' };
const deliveryIsolation = { id: 'webhook_endpoints', deliveryId: 'webhook_deliveries' };

/** Outbound webhooks: a tenant's endpoints, their signing secrets, and the log of every delivery. */
export async function outboundWebhooksRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get(
    '/api/v1/tenant/webhooks/event-types',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags, summary: 'The event types an endpoint can subscribe to', response: responses({ 200: schemas.eventTypeList }) },
    },
    async () => webhooks.listEventTypes(),
  );

  app.post<{ Body: EndpointInput }>(
    '/api/v1/tenant/webhooks',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags,
        summary: 'Register an endpoint; its whsec_ signing secret is in this response only',
        description: 'Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The URL must be https; http is accepted only for localhost and 127.0.0.1, for local development.',
        body: schemas.createEndpointBody,
        response: responses({ 201: schemas.endpointWithSecret }),
      },
    },
    async (request, reply) => reply.status(201).send(await webhooks.createEndpoint(ctx, actorOf(request), tenantOf(request), request.body)),
  );

  app.get(
    '/api/v1/tenant/webhooks',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags, summary: "The tenant's endpoints (never their secrets)", response: responses({ 200: schemas.endpointList }) },
    },
    async (request) => webhooks.listEndpoints(ctx, tenantOf(request)),
  );

  app.get<EndpointParams>(
    '/api/v1/tenant/webhooks/:id',
    {
      config: { access: ACCESS.tenantAdmin, isolation: endpointIsolation },
      schema: { tags, summary: 'An endpoint (never its secret)', params: schemas.endpointParams, response: responses({ 200: schemas.endpoint }) },
    },
    async (request) => webhooks.getEndpoint(ctx, tenantOf(request), request.params.id),
  );

  app.patch<EndpointParams & { Body: Partial<EndpointInput> }>(
    '/api/v1/tenant/webhooks/:id',
    {
      config: { access: ACCESS.tenantAdmin, isolation: endpointIsolation },
      schema: { tags, summary: 'Change the URL, description or event types, or disable or re-enable an endpoint', params: schemas.endpointParams, body: schemas.patchEndpointBody, response: responses({ 200: schemas.endpoint }) },
    },
    async (request) => webhooks.updateEndpoint(ctx, actorOf(request), tenantOf(request), request.params.id, request.body),
  );

  app.post<EndpointParams>(
    '/api/v1/tenant/webhooks/:id/rotate-secret',
    {
      config: { access: ACCESS.tenantAdmin, isolation: endpointIsolation },
      schema: {
        tags,
        summary: 'Replace the signing secret; the new one is in this response only',
        description: `For ${webhooks.SECRET_ROTATION_GRACE_SECONDS / 3600} hours deliveries carry a signature by the old secret too, so the receiver can switch without losing any.`,
        params: schemas.endpointParams,
        body: schemas.noInputBody,
        response: responses({ 200: schemas.endpointWithSecret }),
      },
    },
    async (request) => webhooks.rotateEndpointSecret(ctx, actorOf(request), tenantOf(request), request.params.id),
  );

  app.post<EndpointParams>(
    '/api/v1/tenant/webhooks/:id/test',
    {
      config: { access: ACCESS.tenantAdmin, isolation: endpointIsolation },
      schema: { tags, summary: 'Queue a webhook.test delivery to this endpoint only', params: schemas.endpointParams, body: schemas.noInputBody, response: responses({ 202: schemas.delivery }) },
    },
    async (request, reply) => reply.status(202).send(await webhooks.sendTestEvent(ctx, actorOf(request), tenantOf(request), request.params.id)),
  );

  app.get<EndpointParams & { Querystring: { status?: DeliveryStatus } & PageQuery }>(
    '/api/v1/tenant/webhooks/:id/deliveries',
    {
      config: { access: ACCESS.tenantAdmin, isolation: endpointIsolation },
      schema: { tags, summary: "The endpoint's deliveries, newest first; page with cursor=<next_cursor>", params: schemas.endpointParams, querystring: schemas.listDeliveriesQuery, response: responses({ 200: schemas.deliveryList }) },
    },
    async (request) => {
      const { status, ...page } = request.query;
      return webhooks.listDeliveries(ctx, tenantOf(request), request.params.id, { status }, page);
    },
  );

  app.get<DeliveryParams>(
    '/api/v1/tenant/webhooks/:id/deliveries/:deliveryId',
    {
      config: { access: ACCESS.tenantAdmin, isolation: deliveryIsolation },
      schema: { tags, summary: 'A delivery with every attempt made to send it', params: schemas.deliveryParams, response: responses({ 200: schemas.deliveryWithAttempts }) },
    },
    async (request) => webhooks.getDelivery(ctx, tenantOf(request), request.params.id, request.params.deliveryId),
  );

  app.post<DeliveryParams>(
    '/api/v1/tenant/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: { access: ACCESS.tenantAdmin, isolation: deliveryIsolation },
      schema: { tags, summary: 'Send a failed, cancelled or waiting delivery again now, with a fresh round of attempts', params: schemas.deliveryParams, body: schemas.noInputBody, response: responses({ 202: schemas.delivery }) },
    },
    async (request, reply) => reply.status(202).send(await webhooks.retryDelivery(ctx, actorOf(request), tenantOf(request), request.params.id, request.params.deliveryId)),
  );

  // registered last: the route-table tests call routes in order, and this one ends the endpoint they use
  app.delete<EndpointParams>(
    '/api/v1/tenant/webhooks/:id',
    {
      config: { access: ACCESS.tenantAdmin, isolation: endpointIsolation },
      schema: { tags, summary: 'Delete an endpoint (deleting it again also answers 204); its pending deliveries are cancelled', params: schemas.endpointParams, response: responses({ 204: { type: 'null' } }) },
    },
    async (request, reply) => {
      await webhooks.deleteEndpoint(ctx, actorOf(request), tenantOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
