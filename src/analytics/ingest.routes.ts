import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf, withApiKey } from '../http/access.ts';
import { clientAddress } from '../http/client-address.ts';
import { displayText, objectBody, responses, timestamp, uuid } from '../http/schemas.ts';
import { ingestEvents, MAX_BATCH, type TrackedEventInput } from './ingest.service.ts';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' }) as const;

const trackedEvent = objectBody(
  {
    event: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/ -]{0,99}$', description: 'what happened, e.g. service.created; <kind>.created / <kind>.deleted keep live counts' },
    user_id: { ...uuid, description: 'the Embark user it is about (with a user token: yourself, the default)' },
    external_user_id: { ...displayText(200), description: "your app's own id for a person Embark does not know" },
    organization_id: { ...uuid, description: "the organisation it counts for; default the user's" },
    properties: { type: 'object', additionalProperties: true, maxProperties: 100 },
    timestamp: { ...timestamp, description: 'when it happened; default now. At most 10 minutes ahead, at most 10 years back' },
    message_id: { ...text(200), description: 'your id for the event: a replay with the same id is stored once' },
    session_id: text(200),
    url: text(2000),
    referrer: text(2000),
    user_agent: { ...text(1000), description: "API keys only: the person's own user agent, forwarded; a user token's request gives its own" },
    ip: { type: 'string', maxLength: 45, anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }], description: "API keys only: the person's address, forwarded" },
  },
  ['event'],
);

/** POST /api/v1/events: the tenant's product reports what its users do. */
export async function ingestRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<{ Body: TrackedEventInput | { batch: TrackedEventInput[] } }>(
    '/api/v1/events',
    {
      config: { access: withApiKey(ACCESS.tenantMember, 'events:write') },
      schema: {
        tags: ['events'],
        summary: `Track one event, or {"batch": [...]} of up to ${MAX_BATCH}, for the checklists and analytics: with an API key (events:write) about anyone, with a user's own token about that user`,
        body: { oneOf: [trackedEvent, objectBody({ batch: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: trackedEvent } }, ['batch'])] },
        response: responses({
          200: {
            type: 'object',
            properties: { accepted: { type: 'integer' }, stored: { type: 'integer', description: 'new events stored' }, duplicates: { type: 'integer', description: 'events whose message_id was stored before (or twice in the batch)' } },
          },
        }),
      },
    },
    async (request) => {
      const events = 'batch' in request.body ? request.body.batch : [request.body];
      return ingestEvents(ctx, actorOf(request), tenantOf(request), events, { userAgent: request.headers['user-agent'], ip: clientAddress(request) });
    },
  );
}
