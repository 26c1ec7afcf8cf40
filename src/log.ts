import pino, { type Logger } from 'pino';

/** Paths whose values never reach a log line: credentials, tokens and passwords, at the top level or one level down. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  '*.password',
  '*.new_password',
  '*.current_password',
  '*.temporary_password',
  '*.refresh_token',
  '*.access_token',
  '*.token',
  '*.secret',
  '*.credentials',
  '*.key',
  'password',
  'new_password',
  'current_password',
  'temporary_password',
  'refresh_token',
  'access_token',
  'token',
  'secret',
  'credentials',
  'key',
];

// query parameters that carry a credential: a reset, invitation or setup link's token, above all
const SECRET_QUERY = /([?&](?:token|access_token|code|secret|password|key)=)[^&#]*/gi;

/** A request URL fit for a log line: the values of credential-bearing query parameters replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/**
 * Fastify's request serializer (lib/logger-pino.js), with the URL redacted: the pages a reset,
 * invitation or setup link opens carry its token in the query, and a log line must not.
 */
function serializeRequest(req: { method?: string; url?: string; host?: string; ip?: string; headers?: Record<string, unknown>; socket?: { remotePort?: number } }) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** A logger to stdout; a test that reads what was logged passes a destination of its own. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { req: serializeRequest } };
  return destination ? pino(options, destination) : pino(options);
}
