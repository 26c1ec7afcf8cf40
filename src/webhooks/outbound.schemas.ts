import { objectBody, pageOf, pageQuery, timestamp, uuid } from '../http/schemas.ts';

const url = {
  type: 'string',
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2048,
  description: 'Where deliveries are POSTed. https; http only for localhost and 127.0.0.1, for local development',
} as const;
const description = { type: 'string', maxLength: 500, pattern: '^[^\\u0000-\\u001f\\u007f]*$' } as const;
const eventTypes = {
  type: 'array',
  maxItems: 50,
  items: { type: 'string', minLength: 3, maxLength: 100, pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$' },
  description: 'Event types to receive (GET /api/v1/tenant/webhooks/event-types lists them); empty or absent: all of them',
} as const;
const deliveryStatus = { type: 'string', enum: ['pending', 'delivering', 'succeeded', 'failed', 'cancelled'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const endpointParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: uuid },
} as const;

export const deliveryParams = {
  type: 'object',
  required: ['id', 'deliveryId'],
  additionalProperties: false,
  properties: {
    id: uuid,
    deliveryId: { type: 'string', pattern: '^msg_[0-9a-z]{1,60}$', maxLength: 64, example: 'msg_018f2b6c9d3e4a1b2c3d4e5f6a7b8c9d0e1f', description: 'The delivery id, sent as the webhook-id header' },
  },
} as const;

export const createEndpointBody = objectBody({ url, description, event_types: eventTypes, enabled: { type: 'boolean', default: true } }, ['url']);
export const patchEndpointBody = { ...objectBody({ url, description, event_types: eventTypes, enabled: { type: 'boolean', description: 'true re-enables an endpoint disabled after a 410, and clears disabled_reason' } }), minProperties: 1 } as const;
/** Actions take no input; the body is an empty JSON object, so a request without one is refused like any malformed body. */
export const noInputBody = { ...objectBody({}), description: 'an empty JSON object: {}' } as const;

export const listDeliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, status: deliveryStatus },
} as const;

export const endpoint = {
  type: 'object',
  properties: {
    id: uuid,
    url: { type: 'string' },
    description: { type: 'string' },
    event_types: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
    disabled_reason: nullableString,
    created_at: timestamp,
    updated_at: timestamp,
  },
  required: ['id', 'url', 'description', 'event_types', 'enabled', 'disabled_reason', 'created_at'],
} as const;

export const endpointWithSecret = {
  ...endpoint,
  properties: { ...endpoint.properties, secret: { type: 'string', description: 'whsec_… signing secret: shown in this response only, keep it' } },
  required: [...endpoint.required, 'secret'],
} as const;

export const endpointList = { type: 'object', properties: { items: { type: 'array', items: endpoint } } } as const;

export const eventTypeList = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, description: { type: 'string' } } } } },
} as const;

export const delivery = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    endpoint_id: uuid,
    event_type: { type: 'string' },
    payload: { type: 'object', additionalProperties: true, description: 'The body as sent: {"type", "timestamp", "data"}' },
    status: deliveryStatus,
    attempts: { type: 'integer' },
    next_attempt_at: nullableString,
    last_status_code: { type: ['integer', 'null'] },
    last_error: nullableString,
    last_response_body: { ...nullableString, description: 'The first 2 KB of the last answer' },
    created_at: timestamp,
    delivered_at: nullableString,
    event_id: { type: ['integer', 'null'], description: 'The event of GET /api/v1/tenant/events this delivery carries; null for webhook.test' },
  },
  required: ['id', 'endpoint_id', 'event_type', 'status', 'attempts', 'created_at'],
} as const;

export const deliveryWithAttempts = {
  ...delivery,
  properties: {
    ...delivery.properties,
    attempt_log: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attempt: { type: 'integer' },
          status_code: { type: ['integer', 'null'] },
          error: nullableString,
          response_body: nullableString,
          duration_ms: { type: 'integer' },
          attempted_at: timestamp,
        },
      },
    },
  },
} as const;

export const deliveryList = pageOf(delivery);
