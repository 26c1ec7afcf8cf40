import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** How deep a body may nest: real payloads (vendor events included) are under ten levels. */
export const MAX_DEPTH = 32;

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL could not store `text` (NUL, or UTF-16 that is not valid Unicode), if it could not. */
export function textProblem(text: string): string | undefined {
  if (NUL.test(text)) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired surrogate, which is not valid Unicode';
  return undefined;
}

function pointer(path: readonly (string | number)[]): string {
  return '/' + path.map((part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/**
 * Walks a parsed request part, iteratively (a 10,000-deep document must not overflow the stack here
 * or anywhere after): every string and key must be text PostgreSQL can store, and nothing may nest
 * deeper than MAX_DEPTH.
 */
export function checkInput(value: unknown, where: string): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) throw new AppError('invalid_text', `${where} ${pointer(path)} ${problem}; send text without it`, { extra: { errors: [{ in: where, path: pointer(path), message: problem }] } });
      continue;
    }
    // a file body (a logo) is bytes, not text: its route checks it
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (path.length >= MAX_DEPTH) {
      throw new AppError('too_deeply_nested', `${where} nests deeper than ${MAX_DEPTH} levels at ${pointer(path)}`);
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const problem = textProblem(key);
      if (problem) throw new AppError('invalid_text', `${where} has a property name that ${problem}`, { extra: { errors: [{ in: where, path: pointer(path), message: `a property name ${problem}` }] } });
      stack.push({ value: item, path: [...path, key] });
    }
  }
}

/**
 * One check for every route, before its schema and handler see the request: body, query string and
 * path parameters carry only storable text and bounded nesting. So a route added later is covered
 * without doing anything (test/odd-input.test.ts drives every route with such values).
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    checkInput(request.params, 'params');
    checkInput(request.query, 'querystring');
    checkInput(request.body, 'body');
  });
}
