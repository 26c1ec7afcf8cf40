import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/**
 * Every environment variable Embark reads, with its default. The README's configuration table
 * is checked against this list by a test, so a variable added here must be documented there.
 */
export const ENVIRONMENT = {
  DATABASE_URL: 'PostgreSQL connection string. When unset, Embark starts an embedded PostgreSQL under EMBARK_DATA_DIR.',
  EMBARK_DATA_DIR: 'Directory for the embedded PostgreSQL cluster and the generated secret key file (default ./.embark).',
  EMBARK_PG_PORT: 'Port of the embedded PostgreSQL (default 54329). Ignored with DATABASE_URL.',
  EMBARK_HOST: 'Address the HTTP server binds to (default 127.0.0.1).',
  PORT: 'HTTP port (default 3000).',
  EMBARK_PUBLIC_URL: 'Public base URL used in links and provider callbacks (default http://localhost:PORT).',
  EMBARK_SECRET_KEY: '32-byte key (64 hex chars or base64) from which token-signing and encryption keys are derived. Default: a 0600 file secret.key in EMBARK_DATA_DIR, created on first start.',
  EMBARK_DB_APP_ROLE: 'PostgreSQL role the application switches to for its queries; it must not bypass row-level security (default embark_app).',
  EMBARK_DB_POOL_SIZE: 'Maximum connections in the application pool (default 10).',
  EMBARK_LOG_LEVEL: 'pino log level: fatal, error, warn, info, debug, trace or silent (default info).',
  EMBARK_ACCESS_TOKEN_TTL: 'Access token lifetime in seconds (default 900).',
  EMBARK_REFRESH_TOKEN_TTL: 'Refresh token lifetime in seconds (default 2592000, 30 days).',
  EMBARK_BODY_LIMIT: 'Largest accepted request body in bytes (default 1048576).',
  EMBARK_TRUST_PROXY: 'Behind a reverse proxy, which proxies to trust for X-Forwarded-For: true (the one in front), a number of hops, or a comma-separated list of proxy addresses or CIDRs (default false: the socket peer is the client).',
  EMBARK_ADMIN_PASSWORD: 'Only for `embark verify-isolation`: the global admin password when --password-stdin is not given.',
  EMBARK_LOGIN_MAX_FAILURES: 'Failed logins allowed per account in the rate-limit window (default 10); ten times that per IP address.',
  EMBARK_LOGIN_WINDOW: 'Login rate-limit window in seconds (default 900).',
  EMBARK_PASSWORD_HASH_CONCURRENCY: 'Password hashes (argon2id) one process computes at once (default: the number of CPUs); logins, signups and password changes beyond that wait in a short queue.',
  EMBARK_PASSWORD_HASH_QUEUE: 'Password hashes that may wait for a place (default 64); beyond it a request answers 503 server_busy with Retry-After at once, and one address may hold at most max(2, concurrency) places (429 too_many_requests).',
  EMBARK_GMAIL_PUSH_AUDIENCE: 'Gmail Pub/Sub pushes must carry a Google-signed OIDC token with this audience (usually the push endpoint URL); while it is unset, pushes are refused (403 verification_unconfigured).',
  EMBARK_GMAIL_PUSH_SERVICE_ACCOUNT: 'When set with EMBARK_GMAIL_PUSH_AUDIENCE, the push token must also be for this service account (the one the Pub/Sub subscription pushes as).',
  EMBARK_GMAIL_PUSH_JWKS_URL: "Where Google's signing keys are fetched for push tokens (default https://www.googleapis.com/oauth2/v3/certs).",
  EMBARK_ALLOW_PROVIDER_BASE_URLS: 'Set to true to let tenants point a vendor adapter at another server with the base_url (or SES endpoint) credential field, e.g. for a test double; off by default, because Embark then sends authenticated requests wherever a tenant says.',
  EMBARK_OUTBOX_REVEAL_SECRETS: 'Development only: true lets global admins read the secrets and access links (temporary passwords, reset and invitation links) that the built-in outbox shows masked, so `npm start` alone can walk every flow; each reading is in the audit log. Off by default.',
  EMBARK_WORKER_CONCURRENCY: 'Jobs one worker process runs at once (default 4); `embark worker --concurrency N` overrides it.',
  EMBARK_DISPATCH_BATCH: "Messages one dispatch job may send together: a job that finds more of its tenant's messages waiting for the same channel and templates claims up to this many and sends them concurrently (default 10; 1 sends one message per job).",
  EMBARK_MESSAGE_MAX_ATTEMPTS: 'Send attempts for a message, and delivery attempts for an outbound webhook, before it is marked failed (default 8).',
  EMBARK_RETRY_BASE_SECONDS: 'First retry delay for a message after a rate limit or provider outage, doubling per attempt up to an hour; outbound webhooks follow the Standard Webhooks schedule scaled by this value / 10 (default 10).',
  EMBARK_SENDING_TIMEOUT: 'Seconds after which a message still "sending", or a webhook delivery still "delivering" (its worker died mid-call), is picked up again (default 300).',
  EMBARK_WORKER_SWEEP_INTERVAL: "Seconds between a worker's sweeps for messages whose job was lost with a crashed worker (default 60).",
  EMBARK_TENANT_DELETION_GRACE_DAYS: 'Days a tenant marked for deletion (DELETE /api/v1/admin/tenants/:id) can still be restored before the worker erases it with all its data (default 7; 0 erases it at the next sweep).',
} as const;

export type EnvironmentName = keyof typeof ENVIRONMENT;

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly secretKey: Buffer;
  readonly dbAppRole: string;
  readonly dbPoolSize: number;
  readonly logLevel: string;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  readonly bodyLimit: number;
  /** What Fastify trusts of X-Forwarded-For: nothing, a number of proxy hops, or these proxies. */
  readonly trustProxy: false | number | string[];
  readonly loginMaxFailures: number;
  readonly loginWindow: number;
  readonly passwordHashConcurrency: number;
  readonly passwordHashQueue: number;
  readonly gmailPushAudience: string | undefined;
  readonly gmailPushJwksUrl: string | undefined;
  readonly gmailPushServiceAccount: string | undefined;
  readonly allowProviderBaseUrls: boolean;
  readonly outboxRevealSecrets: boolean;
  readonly workerConcurrency: number;
  readonly dispatchBatch: number;
  readonly messageMaxAttempts: number;
  readonly messageRetryBaseSeconds: number;
  readonly sendingTimeout: number;
  readonly workerSweepInterval: number;
  readonly tenantDeletionGraceDays: number;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: EnvironmentName, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new ConfigError(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * EMBARK_TRUST_PROXY. `true` trusts one hop — the proxy in front, which appends the address it saw —
 * and never the addresses a client writes into X-Forwarded-For itself: trusting every hop would let
 * any client choose its address, and so its limits.
 */
function trustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return 1;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const proxies = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const proxy of proxies) {
    const [address, prefix] = proxy.split('/');
    if (!isIP(address ?? '') || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
      throw new ConfigError(`EMBARK_TRUST_PROXY must be true, a number of hops, or proxy addresses or CIDRs separated by commas; ${JSON.stringify(proxy)} is none of these`);
    }
  }
  return proxies;
}

export function parseSecretKey(raw: string, name = 'EMBARK_SECRET_KEY'): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes as 64 hex characters or base64, got ${key.length} bytes`);
  return key;
}

/** Reads the key file in the data directory, creating it (mode 0600) on first use. */
function secretKeyFromDataDir(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return parseSecretKey(readFileSync(file, 'utf8'), file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(env.EMBARK_DATA_DIR || '.embark');
  const port = integer(env, 'PORT', 3000, 0);
  const logLevel = env.EMBARK_LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`EMBARK_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got ${JSON.stringify(logLevel)}`);
  }
  const role = env.EMBARK_DB_APP_ROLE || 'embark_app';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new ConfigError('EMBARK_DB_APP_ROLE must be a lower-case SQL identifier');
  const config: Config = {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    embeddedPgPort: integer(env, 'EMBARK_PG_PORT', 54329),
    host: env.EMBARK_HOST || '127.0.0.1',
    port,
    publicUrl: (env.EMBARK_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    secretKey: overrides.secretKey ?? (env.EMBARK_SECRET_KEY ? parseSecretKey(env.EMBARK_SECRET_KEY) : secretKeyFromDataDir(dataDir)),
    dbAppRole: role,
    dbPoolSize: integer(env, 'EMBARK_DB_POOL_SIZE', 10),
    logLevel,
    accessTokenTtl: integer(env, 'EMBARK_ACCESS_TOKEN_TTL', 900),
    refreshTokenTtl: integer(env, 'EMBARK_REFRESH_TOKEN_TTL', 30 * 24 * 3600),
    bodyLimit: integer(env, 'EMBARK_BODY_LIMIT', 1024 * 1024),
    trustProxy: trustProxy(env.EMBARK_TRUST_PROXY),
    loginMaxFailures: integer(env, 'EMBARK_LOGIN_MAX_FAILURES', 10),
    loginWindow: integer(env, 'EMBARK_LOGIN_WINDOW', 900),
    passwordHashConcurrency: integer(env, 'EMBARK_PASSWORD_HASH_CONCURRENCY', availableParallelism()),
    passwordHashQueue: integer(env, 'EMBARK_PASSWORD_HASH_QUEUE', 64, 0),
    gmailPushAudience: env.EMBARK_GMAIL_PUSH_AUDIENCE || undefined,
    gmailPushJwksUrl: env.EMBARK_GMAIL_PUSH_JWKS_URL || undefined,
    gmailPushServiceAccount: env.EMBARK_GMAIL_PUSH_SERVICE_ACCOUNT || undefined,
    allowProviderBaseUrls: env.EMBARK_ALLOW_PROVIDER_BASE_URLS === 'true',
    outboxRevealSecrets: env.EMBARK_OUTBOX_REVEAL_SECRETS === 'true',
    workerConcurrency: integer(env, 'EMBARK_WORKER_CONCURRENCY', 4),
    dispatchBatch: integer(env, 'EMBARK_DISPATCH_BATCH', 10),
    messageMaxAttempts: integer(env, 'EMBARK_MESSAGE_MAX_ATTEMPTS', 8),
    messageRetryBaseSeconds: integer(env, 'EMBARK_RETRY_BASE_SECONDS', 10, 0),
    sendingTimeout: integer(env, 'EMBARK_SENDING_TIMEOUT', 300),
    workerSweepInterval: integer(env, 'EMBARK_WORKER_SWEEP_INTERVAL', 60),
    tenantDeletionGraceDays: integer(env, 'EMBARK_TENANT_DELETION_GRACE_DAYS', 7, 0),
  };
  return Object.freeze({ ...config, ...overrides });
}
