import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
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

export async function verifyAccessToken(key: Uint8Array, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.role !== 'string') {
      throw new AppError('unauthenticated', 'the access token is malformed');
    }
    return { userId: payload.sub, sessionId: payload.sid, tenantId: (payload.tid as string | null) ?? null, role: payload.role as Role };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const expired = error instanceof joseErrors.JWTExpired;
    throw new AppError('unauthenticated', expired ? 'the access token has expired; refresh it' : 'the access token is invalid');
  }
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
