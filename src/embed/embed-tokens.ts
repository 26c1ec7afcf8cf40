import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../errors.ts';

/**
 * An embed token: a short-lived JWT that a tenant's backend mints (POST /api/v1/embed-tokens) for one
 * of its users, so that the <embark-checklist> widget on the tenant's own site may read and mark that
 * user's checklists and nothing else. Signed with a key of its own (ctx.keys.embedTokens) and for an
 * audience of its own, so it is never an access token and an access token is never one.
 */
export interface EmbedClaims {
  readonly tenantId: string;
  readonly userId: string;
  readonly expiresAt: Date;
}

const ISSUER = 'embark';
const AUDIENCE = 'embark-embed';
/** Ten minutes: long enough for a page view, short enough that a token copied out of a page is soon worthless. */
export const EMBED_TOKEN_TTL_SECONDS = 600;
export const EMBED_TOKEN_MAX_TTL_SECONDS = 3600;

export async function signEmbedToken(key: Uint8Array, subject: { tenantId: string; userId: string }, ttlSeconds = EMBED_TOKEN_TTL_SECONDS): Promise<{ token: string; expiresAt: Date }> {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const token = await new SignJWT({ tid: subject.tenantId }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(subject.userId).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime(exp).sign(key);
  return { token, expiresAt: new Date(exp * 1000) };
}

export async function verifyEmbedToken(key: Uint8Array, token: string): Promise<EmbedClaims> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    if (typeof payload.tid !== 'string' || typeof payload.sub !== 'string') throw new AppError('unauthenticated', 'the embed token is malformed');
    return { tenantId: payload.tid, userId: payload.sub, expiresAt: new Date(payload.exp! * 1000) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof errors.JWTExpired) throw new AppError('unauthenticated', 'the embed token has expired; have your backend mint a new one with POST /api/v1/embed-tokens');
    throw new AppError('unauthenticated', 'the embed token is invalid: these routes accept only a token from POST /api/v1/embed-tokens');
  }
}
