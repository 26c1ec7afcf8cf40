/**
 * Google's OIDC side of Pub/Sub push: serves a JWKS like https://www.googleapis.com/oauth2/v3/certs
 * and issues RS256 ID tokens signed with it, as a push subscription attaches them.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { startHttpFake, type HttpFake } from './http-fake.ts';

export interface GoogleOidcFake extends HttpFake {
  /** Pass as jwksUrl to verifyGooglePushToken. */
  readonly jwksUrl: string;
  /** How many times the key set was fetched. */
  readonly jwksFetches: number;
  /**
   * A signed ID token. Default claims: iss https://accounts.google.com, the push service account as a
   * verified email, issued now, expiring in an hour; `claims` override them (undefined removes one).
   * `foreignKey` signs with a key the JWKS does not publish.
   */
  issueToken(claims: JWTPayload & { aud: string }, options?: { foreignKey?: boolean }): Promise<string>;
}

export const PUSH_SERVICE_ACCOUNT = 'gmail-push@embark-test.iam.gserviceaccount.com';

async function newKey(): Promise<{ kid: string; privateKey: CryptoKey; publicJwk: Record<string, unknown> }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID().replace(/-/g, '');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startGoogleOidcFake(): Promise<GoogleOidcFake> {
  const published = await newKey();
  const foreign = await newKey();
  let jwksFetches = 0;

  const http = await startHttpFake('google-oidc', (request) => {
    if (request.method !== 'GET' || request.path !== '/oauth2/v3/certs') return { violation: 'only GET /oauth2/v3/certs exists', response: { status: 404, body: 'Not Found' } };
    return {
      respond: () => {
        jwksFetches++;
        return { status: 200, headers: { 'cache-control': 'public, max-age=20000' }, body: { keys: [published.publicJwk] } };
      },
    };
  });

  async function issueToken(claims: JWTPayload & { aud: string }, options: { foreignKey?: boolean } = {}): Promise<string> {
    const key = options.foreignKey ? foreign : published;
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = { iss: 'https://accounts.google.com', azp: '117000000000000000001', sub: '117000000000000000001', email: PUSH_SERVICE_ACCOUNT, email_verified: true, iat: now, exp: now + 3600, ...claims };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  }

  return Object.defineProperties(Object.assign(http, { jwksUrl: `${http.url}/oauth2/v3/certs`, issueToken }), { jwksFetches: { get: () => jwksFetches, enumerable: true } }) as GoogleOidcFake;
}
