/** JSON-schema building blocks shared by route schemas (they also feed the OpenAPI document). */

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

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
} as const;

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
