import { createSign } from 'node:crypto';
import { jsonField, joinUrl, oauthTokenError, parseRetryAfter, vendorFetch, type VendorResponse } from '../http.ts';
import { ProviderError, type ProviderErrorKind } from '../types.ts';
import type { CreatedMailbox, MailboxProvider, NewMailbox } from './types.ts';

/**
 * Google Workspace through the Admin SDK Directory API (PROVIDERS.md 4.1, 4.2): a service account
 * with domain-wide delegation signs an RS256 JWT assertion acting as a Workspace admin (`sub`),
 * trades it at the key's token_uri for an access token, then calls users.insert.
 */

export interface GoogleWorkspaceCredentials {
  /** The service account key file as Google Cloud downloads it (JSON text). */
  readonly service_account_key: string;
  /** The admin the service account acts as. */
  readonly admin_email: string;
  /** Default https://admin.googleapis.com; tests point it at test/fakes/google-directory.ts. */
  readonly base_url?: string | undefined;
}

export const GOOGLE_DIRECTORY_BASE_URL = 'https://admin.googleapis.com';
/** users.insert needs the user scope; the group check of addressTaken needs the group read scope. */
export const GOOGLE_DIRECTORY_SCOPES = ['https://www.googleapis.com/auth/admin.directory.user', 'https://www.googleapis.com/auth/admin.directory.group.readonly'];
/** Where the run's idempotency key rides on the user, so a 409 can tell our own earlier create from a stranger. */
export const GOOGLE_EXTERNAL_ID_TYPE = 'embark_provisioning';

const PROVIDER = 'google_workspace';
const RATE_LIMIT_REASONS = new Set(['userRateLimitExceeded', 'quotaExceeded', 'rateLimitExceeded']);
// an access token lives an hour; renew a minute early so a slow call does not carry an expired one
const TOKEN_MARGIN_SECONDS = 60;

interface ServiceAccountKey {
  readonly client_email: string;
  readonly private_key: string;
  readonly token_uri: string;
}

function readKey(text: string): ServiceAccountKey {
  let key: Partial<ServiceAccountKey> | null;
  try {
    key = JSON.parse(text) as Partial<ServiceAccountKey> | null;
  } catch {
    key = null;
  }
  if (!key || typeof key.client_email !== 'string' || typeof key.private_key !== 'string' || typeof key.token_uri !== 'string') {
    throw new ProviderError(PROVIDER, 'bad_credentials', 'google_workspace: the service account key is not a key file with client_email, private_key and token_uri');
  }
  return key as ServiceAccountKey;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The JWT bearer assertion of PROVIDERS.md 4.2: `aud` is the URL it is posted to. */
export function googleAssertion(key: ServiceAccountKey, subject: string, scopes: readonly string[], nowSeconds = Math.floor(Date.now() / 1000)): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ iss: key.client_email, sub: subject, scope: scopes.join(' '), aud: key.token_uri, iat: nowSeconds, exp: nowSeconds + 3600 }));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  let signature: string;
  try {
    signature = signer.sign(key.private_key, 'base64url');
  } catch (error) {
    throw new ProviderError(PROVIDER, 'bad_credentials', 'google_workspace: the service account private_key is not a usable RSA key', { cause: error });
  }
  return `${header}.${claims}.${signature}`;
}

function googleReason(json: unknown): string | undefined {
  const reason = jsonField(json, 'error', 'errors', 0, 'reason');
  return typeof reason === 'string' ? reason : undefined;
}

function errorKind(status: number, reason: string | undefined): ProviderErrorKind {
  switch (true) {
    case status === 409:
      return 'duplicate';
    // Google signals its rate limits with 403 and a reason, not 429 (PROVIDERS.md 4.1)
    case status === 429 || (reason !== undefined && RATE_LIMIT_REASONS.has(reason)):
      return 'rate_limited';
    case status >= 500:
      return 'transient';
    case status === 401 || status === 403:
      return 'bad_credentials';
    default:
      return 'rejected';
  }
}

function directoryError(response: VendorResponse): ProviderError {
  const reason = googleReason(response.json);
  const message = jsonField(response.json, 'error', 'message');
  const detail = typeof message === 'string' ? message : response.text.slice(0, 200) || 'no error body';
  return new ProviderError(PROVIDER, errorKind(response.status, reason), `google_workspace ${response.status}${reason ? ` ${reason}` : ''}: ${detail}`, {
    status: response.status,
    vendorCode: reason,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

// 400 invalid_grant / unauthorized_client: the key, the admin or the delegated scopes are wrong
const tokenError = (response: VendorResponse) => oauthTokenError(PROVIDER, response);

export function createGoogleWorkspaceProvider(credentials: GoogleWorkspaceCredentials): MailboxProvider {
  const base = credentials.base_url ?? GOOGLE_DIRECTORY_BASE_URL;
  let cached: { token: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const key = readKey(credentials.service_account_key);
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: googleAssertion(key, credentials.admin_email, GOOGLE_DIRECTORY_SCOPES) });
    const response = await vendorFetch(PROVIDER, key.token_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() });
    if (response.status !== 200) throw tokenError(response);
    const token = jsonField(response.json, 'access_token');
    const expiresIn = jsonField(response.json, 'expires_in');
    if (typeof token !== 'string' || !token) throw new ProviderError(PROVIDER, 'transient', 'google_workspace token endpoint answered 200 without an access_token', { status: 200 });
    cached = { token, expiresAt: Date.now() + (typeof expiresIn === 'number' ? expiresIn - TOKEN_MARGIN_SECONDS : 0) * 1000 };
    return token;
  }

  async function call(method: string, path: string, body?: unknown): Promise<VendorResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${await accessToken()}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return vendorFetch(PROVIDER, joinUrl(base, path), { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  /** 200 → the resource, 404 → undefined, anything else → its ProviderError. */
  async function lookup(path: string): Promise<unknown> {
    const response = await call('GET', path);
    if (response.status === 200) return response.json ?? {};
    if (response.status === 404) return undefined;
    throw directoryError(response);
  }

  const userPath = (email: string, fields: string) => `/admin/directory/v1/users/${encodeURIComponent(email)}?fields=${fields}`;
  const groupPath = (email: string) => `/admin/directory/v1/groups/${encodeURIComponent(email)}?fields=id`;

  /** After a 409: our own earlier create (same idempotency key) is a success, anything else a duplicate. */
  async function resolveConflict(mailbox: NewMailbox, conflict: ProviderError): Promise<CreatedMailbox> {
    const existing = await lookup(userPath(mailbox.primaryEmail, 'id,externalIds'));
    if (existing === undefined) {
      if ((await lookup(groupPath(mailbox.primaryEmail))) !== undefined) throw conflict;
      // the address exists but its user is not readable yet (Directory is eventually consistent): ask again later
      throw new ProviderError(PROVIDER, 'transient', `google_workspace: ${mailbox.primaryEmail} exists but cannot be read yet`, { status: 404 });
    }
    const externalIds = jsonField(existing, 'externalIds');
    const ours = Array.isArray(externalIds) && externalIds.some((e) => jsonField(e, 'customType') === GOOGLE_EXTERNAL_ID_TYPE && jsonField(e, 'value') === mailbox.idempotencyKey);
    const id = jsonField(existing, 'id');
    if (ours && typeof id === 'string') return { providerUserId: id };
    throw conflict;
  }

  return {
    id: PROVIDER,
    forcesPasswordChange: true,
    async createMailbox(mailbox: NewMailbox): Promise<CreatedMailbox> {
      const response = await call('POST', '/admin/directory/v1/users', {
        primaryEmail: mailbox.primaryEmail,
        name: { givenName: mailbox.givenName, familyName: mailbox.familyName },
        password: mailbox.password,
        changePasswordAtNextLogin: true,
        ...(mailbox.idempotencyKey ? { externalIds: [{ type: 'custom', customType: GOOGLE_EXTERNAL_ID_TYPE, value: mailbox.idempotencyKey }] } : {}),
      });
      if (response.status === 200 || response.status === 201) {
        const id = jsonField(response.json, 'id');
        if (typeof id !== 'string') throw new ProviderError(PROVIDER, 'rejected', `google_workspace answered ${response.status} without a user id`, { status: response.status });
        return { providerUserId: id };
      }
      const error = directoryError(response);
      if (error.kind === 'duplicate' && mailbox.idempotencyKey) return resolveConflict(mailbox, error);
      throw error;
    },
    async addressTaken(email: string): Promise<boolean> {
      // users.get resolves aliases to their user, groups.get a group's aliases to the group
      if ((await lookup(userPath(email, 'id'))) !== undefined) return true;
      return (await lookup(groupPath(email))) !== undefined;
    },
    async testConnection(): Promise<void> {
      const response = await call('GET', '/admin/directory/v1/users?customer=my_customer&maxResults=1&fields=users(id)');
      if (response.status !== 200) throw directoryError(response);
    },
  };
}
