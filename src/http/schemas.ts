/** JSON-schema building blocks shared by route schemas (they also feed the OpenAPI document). */
import { COUNT_CAP, CURSOR_MAX_LENGTH } from './pagination.ts';

export const uuid = { type: 'string', format: 'uuid' } as const;
export const email = { type: 'string', format: 'email', minLength: 3, maxLength: 320 } as const;
export const e164 = { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164 phone number, e.g. +15555550123' } as const;
export const httpUrl = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2048 } as const;
export const timestamp = { type: 'string', format: 'date-time' } as const;
/** Names people type: no control characters, bounded. */
export const displayText = (maxLength = 200) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' }) as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: uuid },
} as const;

/** limit and offset, for the one list that still pages by offset (graphile-worker's jobs, GET /api/v1/admin/jobs). */
export const offsetPageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
} as const;

/** The query parameters of a list that pages by cursor (src/http/pagination.ts). */
export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: {
    type: 'string',
    maxLength: CURSOR_MAX_LENGTH,
    pattern: '^[A-Za-z0-9_-]*$',
    description: 'The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor).',
  },
  offset: {
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000,
    deprecated: true,
    description: 'Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`.',
  },
} as const;

/** The answer of a list that pages by cursor: `next_cursor` is null on the last page. */
export function pageOf(item: object, extra: Record<string, unknown> = {}) {
  return {
    type: 'object',
    required: ['items', 'limit', 'next_cursor', 'total', 'total_capped'],
    properties: {
      items: { type: 'array', items: item },
      limit: { type: 'integer' },
      next_cursor: { type: ['string', 'null'], description: 'pass as `cursor` for the next page; null on the last page' },
      total: { type: 'integer', description: `rows with these filters, counted up to ${COUNT_CAP.toLocaleString('en')} when the first page was read (later pages repeat it)` },
      total_capped: { type: 'boolean', description: `true when there are more than ${COUNT_CAP.toLocaleString('en')}: total is then ${COUNT_CAP.toLocaleString('en')}` },
      ...extra,
    },
  } as const;
}

export const problem = {
  type: 'object',
  description: 'RFC 9457 problem document; `code` is stable (see docs/errors.md)',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    request_id: { type: 'string' },
  },
  required: ['status', 'code', 'detail'],
  additionalProperties: true,
} as const;

/** Response map for a route: the success schema plus the problem shape for errors. */
export function responses(success: Record<number, unknown>): Record<string, unknown> {
  return { ...success, '4xx': problem, '5xx': problem };
}

export function objectBody(properties: Record<string, unknown>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, properties, required } as const;
}
