import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '../errors.ts';

/**
 * What a person may do in Embark itself (users.role). Not to be confused with the app role a tenant
 * gives its people in onboarding (talent, hirer…: role_key, shown as app_role).
 */
export type AccessRole = 'global_admin' | 'tenant_admin' | 'staff' | 'member';
export const ROLES: readonly AccessRole[] = ['global_admin', 'tenant_admin', 'staff', 'member'];
// least privilege first: a default or a generated example is the role that can do least
export const TENANT_ROLES: readonly AccessRole[] = ['member', 'staff', 'tenant_admin'];

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly tenantId: string | null;
  readonly role: AccessRole;
}

const ISSUER = 'embark';
const AUDIENCE = 'embark-api';

export async function signAccessToken(key: Uint8Array, claims: AccessClaims, ttlSeconds: number): Promise<string> {
  return new SignJWT({ sid: claims.sessionId, tid: claims.tenantId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/**
 * Verifies an HS256 access token. Done with node:crypto rather than jose: it runs on every request,
 * and jose's WebCrypto path re-imports the key each time (about 100 µs against 10).
 */
export async function verifyAccessToken(key: Uint8Array, token: string): Promise<AccessClaims> {
  const invalid = () => new AppError('unauthenticated', 'the access token is invalid');
  // base64url strictly: Node's decoder skips what it does not know (`=`, `%`), so a token with
  // something appended would otherwise pass
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every(isCanonicalBase64url)) throw invalid();
  const [header, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let protectedHeader: { alg?: unknown };
  let payload: { sub?: unknown; sid?: unknown; tid?: unknown; role?: unknown; iss?: unknown; aud?: unknown; exp?: unknown };
  try {
    protectedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  // the signature already proved who made it; these keep a token made for something else from passing
  if (protectedHeader.alg !== 'HS256' || payload.iss !== ISSUER || payload.aud !== AUDIENCE) throw invalid();
  if (typeof payload.exp !== 'number' || payload.exp <= Math.floor(Date.now() / 1000)) {
    throw new AppError('unauthenticated', 'the access token has expired; refresh it');
  }
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.role !== 'string') {
    throw new AppError('unauthenticated', 'the access token is malformed');
  }
  return { userId: payload.sub, sessionId: payload.sid, tenantId: typeof payload.tid === 'string' ? payload.tid : null, role: payload.role as AccessRole };
}

/** Unpadded base64url whose decoding encodes back to itself (no stray characters, no non-zero spare bits). */
function isCanonicalBase64url(part: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;
}

const DEVICE_TOKEN = /^dev_([A-Za-z0-9_-]{48})\.([A-Za-z0-9_-]{43})$/;
const UUID_HEX = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

/** Who a login names (tenant subdomain and email or phone), as 8 bytes a device token carries. */
function loginDigest(login: string): Buffer {
  return createHash('sha256').update(login.toLowerCase()).digest().subarray(0, 8);
}

/**
 * A device token (OWASP's "device cookie"): given to a browser when its user signs in, and shown again
 * at the next login, it marks the attempt as coming from a device that user signed in from before, so a
 * burst of failures or logins from other people does not lock them out or turn them away. It is bound
 * to the user id and to the login it was given for (`login`: tenant and email or phone), and signed; it
 * grants nothing by itself.
 */
export function signDeviceToken(key: Uint8Array, userId: string, login: string, now = Date.now()): string {
  const payload = Buffer.alloc(36);
  Buffer.from(userId.replace(/-/g, ''), 'hex').copy(payload, 0);
  payload.writeUInt32BE(Math.floor(now / 1000), 16);
  loginDigest(login).copy(payload, 20);
  randomBytes(8).copy(payload, 28);
  const body = payload.toString('base64url');
  return `dev_${body}.${createHmac('sha256', key).update(`dev_${body}`).digest('base64url')}`;
}

/**
 * A genuine device token younger than `maxAgeSeconds`, given for `login`: the user it was given to.
 * Needs no database, so it can decide a login's place in line before anything else is done.
 */
export function deviceTokenUser(key: Uint8Array, token: string | undefined, login: string, maxAgeSeconds: number, now = Date.now()): string | undefined {
  const match = token === undefined ? null : DEVICE_TOKEN.exec(token);
  if (!match || !isCanonicalBase64url(match[1]!) || !isCanonicalBase64url(match[2]!)) return undefined;
  const expected = createHmac('sha256', key).update(`dev_${match[1]}`).digest();
  const given = Buffer.from(match[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const payload = Buffer.from(match[1]!, 'base64url');
  if (now / 1000 - payload.readUInt32BE(16) > maxAgeSeconds) return undefined;
  if (!timingSafeEqual(payload.subarray(20, 28), loginDigest(login))) return undefined;
  return payload.subarray(0, 16).toString('hex').replace(UUID_HEX, '$1-$2-$3-$4-$5');
}

/** Opaque high-entropy secrets (refresh tokens, API keys) are stored as their SHA-256 only. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Where the row of a refresh token is: in the tenant it names, among the global admins' (they have no
 * tenant), or, for one issued before refresh tokens named their tenant, found by its hash alone
 * (docs/scaling.md says until when).
 */
export type CredentialHome = { readonly kind: 'tenant'; readonly tenantId: string } | { readonly kind: 'global' } | { readonly kind: 'unnamed' };

const SECRET = '[A-Za-z0-9_-]{43}';
const TENANT_HEX = '[0-9a-f]{32}';

/** A tenant id as it appears in a credential: its 32 hex digits, no dashes. */
function tenantHex(tenantId: string): string {
  return tenantId.replace(/-/g, '');
}

/** The tenant a credential names; null for one issued before credentials named their tenant. */
function tenantOfHex(hex: string | undefined): string | null {
  return hex === undefined ? null : hex.replace(UUID_HEX, '$1-$2-$3-$4-$5');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** `rt_<tenant>_<secret>` for a tenant user, `rt_global_<secret>` for a global admin. */
export function newRefreshToken(tenantId: string | null): string {
  return `rt_${tenantId === null ? 'global' : tenantHex(tenantId)}_${newSecret()}`;
}

const REFRESH_TOKEN = new RegExp(`^rt_(?:(global)_|(${TENANT_HEX})_)?${SECRET}$`);

/** Where a refresh token's row is; undefined when it is no refresh token at all. */
export function refreshTokenHome(token: string): CredentialHome | undefined {
  const match = REFRESH_TOKEN.exec(token);
  if (!match) return undefined;
  if (match[1]) return { kind: 'global' };
  const tenantId = tenantOfHex(match[2]);
  return tenantId === null ? { kind: 'unnamed' } : { kind: 'tenant', tenantId };
}

/** `pwl_<tenant>_<secret>`: a link to set a password, always a tenant user's. */
export function newPasswordLinkToken(tenantId: string): string {
  return `pwl_${tenantHex(tenantId)}_${newSecret()}`;
}

/** Also the pattern the route checks a link's token against. */
export const PASSWORD_LINK_TOKEN_PATTERN = `^pwl_(?:(${TENANT_HEX})_)?${SECRET}$`;
const PASSWORD_LINK_TOKEN = new RegExp(PASSWORD_LINK_TOKEN_PATTERN);

/** The tenant a link names (null: issued before links named it); undefined when it is no link at all. */
export function passwordLinkTenant(token: string): { tenantId: string | null } | undefined {
  const match = PASSWORD_LINK_TOKEN.exec(token);
  return match ? { tenantId: tenantOfHex(match[1]) } : undefined;
}

/**
 * What an API key may be allowed, chosen when it is made. Each is what a tenant's own backend needs
 * from the server-to-server routes; none reaches admin routes (tenants, keys, channels, settings).
 */
export const API_KEY_SCOPES = {
  'users:read': 'list and read users and their onboarding',
  'users:write': 'create users, change their role or disable them, start their onboarding',
  'messages:read': 'list and read messages with their history',
  'messages:write': 'queue onboarding calls, dispatch due messages, retry a failed message',
  'events:write': "report your product's events (POST /api/v1/events) for the onboarding checklists and analytics",
  'onboarding:read': "read a user's or an organisation's onboarding checklists and progress",
  'onboarding:write': "set subjects' properties, override a task for a subject",
  'analytics:read': 'read funnels, active users and onboarding completion',
  'embed:mint': 'mint short-lived tokens for the embeddable checklist widget, each for one of your users (POST /api/v1/embed-tokens)',
} as const;
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;

export const API_KEY_PREFIX = 'emb_';

/**
 * `emb_<tenant>_<8-char lookup prefix>_<secret>`: the tenant and prefix find the row, the hash of the
 * whole key proves it (so a key edited to name another tenant finds nothing, or a row it does not prove).
 */
export function newApiKey(tenantId: string): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  return { key: `${API_KEY_PREFIX}${tenantHex(tenantId)}_${prefix}_${newSecret()}`, prefix };
}

const API_KEY = new RegExp(`^emb_(?:(${TENANT_HEX})_)?([A-Za-z0-9]{8})_${SECRET}$`);

/** The tenant an API key names (null: issued before keys named it) and its lookup prefix; undefined when it is malformed. */
export function apiKeyLookup(key: string): { tenantId: string | null; prefix: string } | undefined {
  const match = API_KEY.exec(key);
  return match ? { tenantId: tenantOfHex(match[1]), prefix: match[2]! } : undefined;
}
