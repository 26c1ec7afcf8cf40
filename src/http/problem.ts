import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { isConnectionError } from '../db/connection-errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  request_id?: string;
  [key: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Maps Fastify's own errors (validation, parsing, limits) onto the catalogue. */
function fromFastify(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const errors = error.validation.map((v) => ({
      in: error.validationContext ?? 'body',
      path: v.instancePath || '/',
      message: v.keyword === 'additionalProperties' ? `unknown property ${JSON.stringify((v.params as { additionalProperty?: string }).additionalProperty)}` : (v.message ?? 'is invalid'),
    }));
    const where = error.validationContext ?? 'body';
    // a list's cursor is opaque: whatever is wrong with it, the answer is the one code
    const code = where === 'params' && errors.some((e) => /uuid/.test(e.message)) ? 'invalid_id' : where === 'querystring' && errors.every((e) => e.path === '/cursor') ? 'invalid_cursor' : 'validation_failed';
    const summary = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    return new AppError(code, `invalid ${where}: ${summary}`, { extra: { errors } });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the body is empty but Content-Type is application/json; send a JSON document' : 'the body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('body_too_large', 'the request body is larger than this server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', `Content-Type ${JSON.stringify(error.message.split(': ').at(-1))} is not accepted; send application/json`);
    default:
      if (error.statusCode === 400 && error instanceof SyntaxError) return new AppError('invalid_json', 'the body is not valid JSON');
      return undefined;
  }
}

/** Seconds a client is asked to wait when the database connection was lost under its request. */
const DATABASE_RETRY_AFTER = '5';

export function toProblem(error: unknown, request: FastifyRequest): { problem: Problem; headers: Record<string, string>; internal: boolean } {
  if (!(error instanceof AppError) && isConnectionError(error)) {
    return toProblem(
      new AppError('database_unavailable', `the database connection was lost or could not be made; retry in ${DATABASE_RETRY_AFTER} seconds`, {
        headers: { 'retry-after': DATABASE_RETRY_AFTER },
        expose: true,
        cause: error,
      }),
      request,
    );
  }
  const appError = error instanceof AppError ? error : fromFastify(error as FastifyError);
  if (!appError) {
    const status = (error as FastifyError).statusCode;
    // a client error Fastify raised that the catalogue has no entry for: a 400 with a catalogued code, never a 500
    if (status && status >= 400 && status < 500) {
      const code = status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : status === 404 ? 'route_not_found' : 'validation_failed';
      return toProblem(new AppError(code, (error as Error).message), request);
    }
    return {
      problem: { type: 'about:blank', title: TITLES[500]!, status: 500, code: 'internal_error', detail: 'an unexpected error occurred; the server log has the details under this request id', request_id: request.id },
      headers: {},
      internal: true,
    };
  }
  return {
    problem: {
      type: 'about:blank',
      title: TITLES[appError.status] ?? 'Error',
      status: appError.status,
      code: appError.code,
      detail: appError.expose ? appError.message : 'an unexpected error occurred; the server log has the details under this request id',
      ...(appError.status < 500 ? appError.extra : undefined),
      request_id: request.id,
    },
    headers: appError.headers ?? {},
    internal: appError.status >= 500,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.status(problem.status).headers(headers).type('application/problem+json').send(problem);
}
