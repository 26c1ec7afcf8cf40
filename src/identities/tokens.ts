import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '../errors.ts';

export type Role = 'global_admin' | 'tenant_admin' | 'staff' | 'member';
export const ROLES: readonly Role[] = ['global_admin', 'tenant_admin', 'staff', 'member'];
export const TENANT_ROLES: readonly Role[] = ['tenant_admin', 'staff', 'member'];

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly tenantId: string | null;
  readonly role: Role;
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
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
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
  return { userId: payload.sub, sessionId: payload.sid, tenantId: typeof payload.tid === 'string' ? payload.tid : null, role: payload.role as Role };
}

/** Opaque high-entropy secrets (refresh tokens, API keys) are stored as their SHA-256 only. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function newRefreshToken(): string {
  return 'rt_' + randomBytes(32).toString('base64url');
}

export const API_KEY_PREFIX = 'emb_';

/** `emb_<8-char lookup prefix>_<secret>`: the prefix finds the row, the hash of the whole key proves it. */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  return { key: `${API_KEY_PREFIX}${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export function apiKeyPrefix(key: string): string | undefined {
  return /^emb_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{43}$/.exec(key)?.[1];
}
