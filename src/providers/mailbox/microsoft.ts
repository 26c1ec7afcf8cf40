import { setTimeout as sleep } from 'node:timers/promises';
import { jsonField, joinUrl, oauthTokenError, parseRetryAfter, vendorFetch, type VendorResponse } from '../http.ts';
import { ProviderError, type ProviderErrorKind } from '../types.ts';
import { localPart, type CreatedMailbox, type MailboxProvider, type NewMailbox } from './types.ts';

/**
 * Microsoft 365 through Microsoft Graph (PROVIDERS.md 4.3): an app registration's client
 * credentials grant, then POST /v1.0/users forcing a password change at first sign-in, with the
 * usage location set at creation when configured, then the licence assigned when a SKU is.
 *
 * The run's idempotency key rides on the user in an Exchange custom attribute
 * (onPremisesExtensionAttributes, which a cloud-only user may have set at creation), so that when a
 * create answers ObjectConflict the adapter can read the user and tell its own earlier create, whose
 * answer was lost, from someone else's account.
 */

export interface Microsoft365Credentials {
  readonly entra_tenant_id: string;
  readonly client_id: string;
  readonly client_secret: string;
  /** Two-letter country; Microsoft refuses to license a user without one. */
  readonly usage_location?: string | undefined;
  /** skuId of the licence to assign (the one that carries the Exchange mailbox). */
  readonly license_sku?: string | undefined;
  /** Default https://login.microsoftonline.com; tests point both at test/fakes/graph.ts. */
  readonly login_base_url?: string | undefined;
  /** Default https://graph.microsoft.com. */
  readonly graph_base_url?: string | undefined;
}

export interface Microsoft365Options {
  /**
   * Waits before each retry of the licence assignment while the new user (or its usage location)
   * has not reached the directory replica that answers: Graph says 404 or "invalid usage location"
   * for a few seconds after the create. Tests shorten them.
   */
  readonly replicationDelaysMs?: readonly number[];
}

export const LOGIN_BASE_URL = 'https://login.microsoftonline.com';
export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/**
 * Which of the fifteen Exchange custom attributes carries the mark; the last, the one least likely to
 * be in use already (docs/integrations.md says so). Written only at creation, never changed later.
 */
export const GRAPH_MARK_ATTRIBUTE = 'extensionAttribute15';
/** The mark's value: the idempotency key (the provisioning run's id) behind a prefix that says whose it is. */
export const graphMark = (idempotencyKey: string) => `embark-provisioning:${idempotencyKey}`;
const DEFAULT_REPLICATION_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];
const PROVIDER = 'microsoft_365';
// a Retry-After longer than this is not waited out inside one step
const MAX_LICENCE_WAIT_MS = 30_000;
const TOKEN_MARGIN_SECONDS = 60;

/** Graph's error code, or ObjectConflict when a detail says so (the duplicate is a 400, PROVIDERS.md 4.3). */
function graphCode(json: unknown): string | undefined {
  const details = jsonField(json, 'error', 'details');
  if (Array.isArray(details) && details.some((d) => jsonField(d, 'code') === 'ObjectConflict')) return 'ObjectConflict';
  const code = jsonField(json, 'error', 'code');
  return typeof code === 'string' ? code : undefined;
}

function errorKind(status: number, code: string | undefined): ProviderErrorKind {
  switch (true) {
    case code === 'ObjectConflict':
      return 'duplicate';
    case status === 429:
      return 'rate_limited';
    case status >= 500:
      return 'transient';
    // 403 Authorization_RequestDenied: the app lacks User.ReadWrite.All (or Group.Read.All)
    case status === 401 || status === 403:
      return 'bad_credentials';
    default:
      return 'rejected';
  }
}

function graphError(response: VendorResponse): ProviderError {
  const code = graphCode(response.json);
  const message = jsonField(response.json, 'error', 'message');
  const detail = typeof message === 'string' ? message : response.text.slice(0, 200) || 'no error body';
  return new ProviderError(PROVIDER, errorKind(response.status, code), `microsoft_365 ${response.status}${code ? ` ${code}` : ''}: ${detail}`, {
    status: response.status,
    vendorCode: code,
    // Graph sends Retry-After with 429 and sometimes with 503
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

// 400 invalid_client / unauthorized_client / invalid_request (unknown tenant), 401: who we are is wrong;
// the description's first line carries the AADSTS code and reason, the rest is trace ids
const tokenError = (response: VendorResponse) => oauthTokenError(PROVIDER, response, (description) => description.split(/\r?\n/)[0]!);

/** An OData string literal: single quotes doubled. */
const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A replication-lag answer to assignLicense: the new user, or its usage location, is not visible yet. */
function notReplicatedYet(response: VendorResponse): boolean {
  if (response.status === 404) return true;
  const message = jsonField(response.json, 'error', 'message');
  return response.status === 400 && typeof message === 'string' && /usage location/i.test(message);
}

export function createMicrosoft365Provider(credentials: Microsoft365Credentials, options: Microsoft365Options = {}): MailboxProvider {
  const login = credentials.login_base_url ?? LOGIN_BASE_URL;
  const graph = credentials.graph_base_url ?? GRAPH_BASE_URL;
  const replicationDelays = options.replicationDelaysMs ?? DEFAULT_REPLICATION_DELAYS_MS;
  let cached: { token: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const form = new URLSearchParams({ client_id: credentials.client_id, client_secret: credentials.client_secret, scope: GRAPH_SCOPE, grant_type: 'client_credentials' });
    const url = joinUrl(login, `/${encodeURIComponent(credentials.entra_tenant_id)}/oauth2/v2.0/token`);
    const response = await vendorFetch(PROVIDER, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() });
    if (response.status !== 200) throw tokenError(response);
    const token = jsonField(response.json, 'access_token');
    const expiresIn = jsonField(response.json, 'expires_in');
    if (typeof token !== 'string' || !token) throw new ProviderError(PROVIDER, 'transient', 'microsoft_365 token endpoint answered 200 without an access_token', { status: 200 });
    cached = { token, expiresAt: Date.now() + (typeof expiresIn === 'number' ? expiresIn - TOKEN_MARGIN_SECONDS : 0) * 1000 };
    return token;
  }

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<VendorResponse> {
    const all: Record<string, string> = { authorization: `Bearer ${await accessToken()}`, accept: 'application/json', ...headers };
    if (body !== undefined) all['content-type'] = 'application/json';
    return vendorFetch(PROVIDER, joinUrl(graph, path), { method, headers: all, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  /** The first entries of the filtered list. `any()` over proxyAddresses is an advanced query: it needs ConsistencyLevel and $count. */
  async function matches(collection: 'users' | 'groups', filter: string, top = 1): Promise<unknown[]> {
    const query = `$filter=${encodeURIComponent(filter)}&$select=${collection === 'users' ? 'id,userPrincipalName' : 'id'}&$top=${top}&$count=true`;
    const response = await call('GET', `/v1.0/${collection}?${query}`, undefined, { consistencylevel: 'eventual' });
    if (response.status !== 200) throw graphError(response);
    const value = jsonField(response.json, 'value');
    return Array.isArray(value) ? value : [];
  }

  /**
   * Retried here, through replication lag and throttling, because the user already exists: a retry
   * of the whole step would only meet ObjectConflict. What still fails is `rejected`, naming the
   * user, for an admin to license by hand.
   */
  async function assignLicense(userId: string, skuId: string): Promise<void> {
    const body = { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] };
    for (let attempt = 0; ; attempt++) {
      const response = await call('POST', `/v1.0/users/${encodeURIComponent(userId)}/assignLicense`, body);
      if (response.status === 200) return;
      const error = graphError(response);
      if ((notReplicatedYet(response) || error.retryable) && attempt < replicationDelays.length) {
        await sleep(Math.min(MAX_LICENCE_WAIT_MS, Math.max(replicationDelays[attempt]!, (error.retryAfterSeconds ?? 0) * 1000)));
        continue;
      }
      throw new ProviderError(PROVIDER, 'rejected', `microsoft_365: user ${userId} was created but its licence was not assigned: ${error.message}`, { status: error.status, vendorCode: error.vendorCode });
    }
  }

  const userFilter = (email: string) => `userPrincipalName eq ${odataString(email)} or mail eq ${odataString(email)} or proxyAddresses/any(p:p eq ${odataString(`smtp:${email}`)})`;
  const groupFilter = (email: string) => `mail eq ${odataString(email)} or proxyAddresses/any(p:p eq ${odataString(`smtp:${email}`)})`;

  /**
   * After ObjectConflict: the user holding the UPN carries this key's mark → our own earlier create,
   * whose answer was lost (the licence is assigned again, as that create may have stopped before it);
   * unmarked or marked by another run → someone else's, the duplicate stands. No user by that UPN
   * means the conflict is over another object's address (a group, a proxy address) — or the user
   * the earlier create made has not reached the replica that answered: asked again later.
   */
  async function resolveConflict(mailbox: NewMailbox, idempotencyKey: string, conflict: ProviderError): Promise<CreatedMailbox> {
    const response = await call('GET', `/v1.0/users/${encodeURIComponent(mailbox.primaryEmail)}?$select=id,onPremisesExtensionAttributes`);
    if (response.status === 404) {
      // a group, or another user holding the address as mail or proxy address, is someone else's
      if ((await matches('groups', groupFilter(mailbox.primaryEmail))).length) throw conflict;
      const users = await matches('users', userFilter(mailbox.primaryEmail), 5);
      if (users.some((u) => String(jsonField(u, 'userPrincipalName')).toLowerCase() !== mailbox.primaryEmail.toLowerCase())) throw conflict;
      throw new ProviderError(PROVIDER, 'transient', `microsoft_365: ${mailbox.primaryEmail} is taken but no user by that name can be read yet`, { status: 404 });
    }
    if (response.status !== 200) throw graphError(response);
    const id = jsonField(response.json, 'id');
    const ours = jsonField(response.json, 'onPremisesExtensionAttributes', GRAPH_MARK_ATTRIBUTE) === graphMark(idempotencyKey);
    if (!ours || typeof id !== 'string') throw conflict;
    if (credentials.license_sku) await assignLicense(id, credentials.license_sku);
    return { providerUserId: id };
  }

  return {
    id: PROVIDER,
    forcesPasswordChange: true,
    async createMailbox(mailbox: NewMailbox): Promise<CreatedMailbox> {
      const response = await call('POST', '/v1.0/users', {
        accountEnabled: true,
        displayName: `${mailbox.givenName} ${mailbox.familyName}`,
        givenName: mailbox.givenName,
        surname: mailbox.familyName,
        mailNickname: localPart(mailbox.primaryEmail),
        userPrincipalName: mailbox.primaryEmail,
        passwordProfile: { password: mailbox.password, forceChangePasswordNextSignIn: true },
        // set at creation so it is there before the licence, which Microsoft refuses without one
        ...(credentials.usage_location ? { usageLocation: credentials.usage_location } : {}),
        ...(mailbox.idempotencyKey ? { onPremisesExtensionAttributes: { [GRAPH_MARK_ATTRIBUTE]: graphMark(mailbox.idempotencyKey) } } : {}),
      });
      if (response.status !== 201) {
        const error = graphError(response);
        if (error.kind === 'duplicate' && mailbox.idempotencyKey) return resolveConflict(mailbox, mailbox.idempotencyKey, error);
        throw error;
      }
      const id = jsonField(response.json, 'id');
      if (typeof id !== 'string') throw new ProviderError(PROVIDER, 'rejected', `microsoft_365 answered ${response.status} without a user id`, { status: response.status });
      if (credentials.license_sku) await assignLicense(id, credentials.license_sku);
      return { providerUserId: id };
    },
    async addressTaken(email: string): Promise<boolean> {
      if ((await matches('users', userFilter(email))).length) return true;
      return (await matches('groups', groupFilter(email))).length > 0;
    },
    async testConnection(): Promise<void> {
      const response = await call('GET', '/v1.0/users?$select=id&$top=1');
      if (response.status !== 200) throw graphError(response);
    },
  };
}
