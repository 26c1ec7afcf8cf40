import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { WebhookVerificationError } from '../standard-webhooks.ts';

/**
 * Pub/Sub push (Gmail notifications, PROVIDERS.md 3.4) has no HMAC: the subscription attaches a
 * Google-signed OIDC token as `Authorization: Bearer <jwt>`. Google signs such tokens for any audience
 * any Google service account asks for, so a valid signature and audience only prove "some Google
 * account"; pass `email` to pin the push subscription's service account.
 */

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
export const GOOGLE_ISSUERS: readonly string[] = ['https://accounts.google.com', 'accounts.google.com'];

// one key set per URL, so Google's certs are fetched once and cached by jose, not on every push
const keySets = new Map<string, JWTVerifyGetKey>();

function keySet(url: string): JWTVerifyGetKey {
  let keys = keySets.get(url);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(url));
    keySets.set(url, keys);
  }
  return keys;
}

export interface GooglePushTokenOptions {
  /** The audience configured on the push subscription (by default its endpoint URL). */
  readonly audience: string;
  readonly jwksUrl?: string | undefined;
  readonly issuers?: readonly string[] | undefined;
  /** The service account(s) the subscription pushes as; when given, any other is refused. */
  readonly email?: string | readonly string[] | undefined;
}

export async function verifyGooglePushToken(authorizationHeader: string | undefined, options: GooglePushTokenOptions): Promise<{ email: string }> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorizationHeader?.trim() ?? '');
  if (!match) throw new WebhookVerificationError('missing Authorization: Bearer token');
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1]!, keySet(options.jwksUrl ?? GOOGLE_JWKS_URL), {
      audience: options.audience,
      issuer: [...(options.issuers ?? GOOGLE_ISSUERS)],
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat'],
      clockTolerance: 30,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new WebhookVerificationError(`Google push token rejected: ${error.message}`);
    throw error;
  }
  if (typeof payload.email !== 'string' || payload.email_verified !== true) throw new WebhookVerificationError('Google push token has no verified email');
  const allowed = options.email === undefined ? undefined : [options.email].flat();
  if (allowed && !allowed.includes(payload.email)) throw new WebhookVerificationError(`Google push token is for ${payload.email}, not the configured service account`);
  return { email: payload.email };
}
