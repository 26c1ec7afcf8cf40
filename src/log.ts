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

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
