import type { Logger } from 'pino';

// SQLSTATE class 08 (connection exception), 57P01 admin shutdown (pg_terminate_backend), 57P02 crash
// shutdown, 57P03 cannot connect now (starting up, shutting down), 53300 too many connections
const SQLSTATES = /^(08...|57P0[123]|53300)$/;
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// what pg and pg-pool throw without a code when a connection ends under a query or cannot be made
const MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|is not queryable/i;

/**
 * True when `error` says the connection to PostgreSQL was lost or could not be made — the statement
 * may never have run, or run without its answer arriving — rather than that the statement was wrong.
 */
export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (SQLSTATES.test(code) || NODE_CODES.has(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return typeof message === 'string' && MESSAGES.test(message);
}

/** What a log line needs of a database error: pg's errors carry their whole client, credentials' neighbours included. */
export function describeDbError(error: unknown): { message: string; code?: string } {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return { message: typeof message === 'string' ? message : String(error), ...(typeof code === 'string' ? { code } : {}) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `statement` again while it fails because the database connection was lost, backing off from
 * 100 ms to 5 s, for up to `maxWaitMs`; any other failure, or the last one, is thrown. Only for
 * statements that are safe to repeat: ones that may have committed without the answer arriving.
 */
export async function retryOnConnectionLoss<T>(log: Pick<Logger, 'warn'>, what: string, statement: () => Promise<T>, options: { maxWaitMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.maxWaitMs ?? 60_000);
  for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await statement();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() + delay > deadline) throw error;
      log.warn({ err: describeDbError(error), retry_in_ms: delay }, `lost the database connection during ${what}; trying again`);
      await sleep(delay);
    }
  }
}
