/**
 * A fake Microsoft identity platform and Graph (PROVIDERS.md 4.3): the v2.0 token endpoint's client
 * credentials grant for one app in one Entra tenant (scope must be Graph's .default), then Bearer
 * checked Graph calls: POST /v1.0/users (required fields, verified domain, password complexity,
 * 400 ObjectConflict on a taken UPN or address), the filtered users and groups lists addressTaken
 * sends (advanced queries need ConsistencyLevel: eventual and $count=true), GET /v1.0/users/{id or
 * UPN} with $select (onPremisesExtensionAttributes kept as sent: a cloud-only user may have them set
 * at creation), and assignLicense; reads and assignLicense can be told to answer as a replica that
 * has not seen the new user yet.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mediaType, parseForm, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';

const USER_FIELDS = new Set(['accountEnabled', 'displayName', 'givenName', 'surname', 'mailNickname', 'userPrincipalName', 'passwordProfile', 'usageLocation', 'jobTitle', 'department', 'onPremisesExtensionAttributes']);
const EXTENSION_ATTRIBUTE = /^extensionAttribute([1-9]|1[0-5])$/;
// what GET /users/{id} may $select here: the user resource's properties this fake keeps
const SELECTABLE = new Set(['id', 'userPrincipalName', 'mail', 'displayName', 'givenName', 'surname', 'onPremisesExtensionAttributes', 'proxyAddresses']);
const REQUIRED = ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'];

export interface GraphUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly mail: string;
  readonly proxyAddresses: string[];
  readonly body: Record<string, unknown>;
  readonly licenses: string[];
  /** extensionAttribute1 … 15, as set at creation (or by addUser). */
  readonly onPremisesExtensionAttributes: Record<string, string | null>;
}

export interface GraphRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

export interface GraphFake extends Omit<HttpFake, 'failNext'> {
  readonly users: GraphUser[];
  /** Graph calls (not token grants) as received. */
  readonly requests: GraphRequest[];
  readonly tokenGrants: number;
  /** The next `count` valid Graph calls get `response` (token grants are not scripted). */
  failNext(count: number, response: ScriptedResponse): void;
  /** The next `count` assignLicense calls answer as a replica that has not seen the user: 404. */
  lagNext(count: number): void;
  /** A user created from now on answers 404 to its next `reads` GETs, as a replica that has not seen it. */
  hideNewUsersFor(reads: number): void;
  addUser(email: string, options?: { proxyAddresses?: string[]; onPremisesExtensionAttributes?: Record<string, string> }): GraphUser;
  addGroup(email: string): void;
}

export interface GraphFakeOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly verifiedDomains: readonly string[];
  /** skuIds the tenant subscribes to. */
  readonly skus?: readonly string[];
}

/** Graph's error envelope, with `details` when given (PROVIDERS.md 4.3). */
export function graphError(status: number, code: string, message: string, options: { details?: unknown[]; headers?: Record<string, string> } = {}): ScriptedResponse {
  return { status, headers: options.headers, body: { error: { code, message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() }, ...(options.details ? { details: options.details } : {}) } } };
}

/** The identity platform's error body (AADSTS code first in the description). */
function tokenError(status: number, error: string, aadsts: number, description: string): ScriptedResponse {
  return {
    status,
    body: { error, error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`, error_codes: [aadsts], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() },
  };
}

/** Entra's default policy: at least 8 characters and three of lower, upper, digit, symbol. */
function complexEnough(password: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return password.length >= 8 && password.length <= 256 && classes >= 3;
}

const USERS_FILTER = /^userPrincipalName eq '((?:[^']|'')+)' or mail eq '((?:[^']|'')+)' or proxyAddresses\/any\(p:p eq 'smtp:((?:[^']|'')+)'\)$/;
const GROUPS_FILTER = /^mail eq '((?:[^']|'')+)' or proxyAddresses\/any\(p:p eq 'smtp:((?:[^']|'')+)'\)$/;
const unquote = (literal: string) => literal.replace(/''/g, "'");

/** A scripted answer replaces the success of a valid call, as http-fake's failNext does; never a refusal or a violation. */
function scriptedOr(verdict: Verdict, script: ScriptedResponse[]): Verdict {
  const scripted = 'respond' in verdict ? script.shift() : undefined;
  return scripted ? { refuse: scripted } : verdict;
}

export async function startGraphFake(options: GraphFakeOptions): Promise<GraphFake> {
  const users: GraphUser[] = [];
  const groups: { mail: string; proxyAddresses: string[] }[] = [];
  const requests: GraphRequest[] = [];
  const tokens = new Set<string>();
  const script: ScriptedResponse[] = [];
  let lag = 0;
  let hideFor = 0;
  const hiddenReads = new Map<string, number>();
  let tokenGrants = 0;
  const lower = (s: string) => s.toLowerCase();
  const holds = (entry: { mail: string; proxyAddresses: string[]; userPrincipalName?: string }, email: string) => lower(entry.mail) === lower(email) || lower(entry.userPrincipalName ?? '') === lower(email) || entry.proxyAddresses.some((p) => lower(p) === `smtp:${lower(email)}`);
  const taken = (email: string) => users.some((u) => holds(u, email)) || groups.some((g) => holds(g, email));

  function addUser(email: string, extra: { proxyAddresses?: string[]; onPremisesExtensionAttributes?: Record<string, string> } = {}): GraphUser {
    const attributes = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, extra.onPremisesExtensionAttributes?.[`extensionAttribute${i + 1}`] ?? null]));
    const user: GraphUser = { id: randomUUID(), userPrincipalName: email, mail: email, proxyAddresses: [`SMTP:${email}`, ...(extra.proxyAddresses ?? []).map((a) => `smtp:${a}`)], body: {}, licenses: [], onPremisesExtensionAttributes: attributes };
    users.push(user);
    return user;
  }

  function token(raw: RawRequest, tenant: string): Verdict {
    if (raw.method !== 'POST' || mediaType(raw.headers) !== 'application/x-www-form-urlencoded') return { violation: 'the token request must be a form POST', response: tokenError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.") };
    const form = parseForm(raw.body);
    const basic = /^Basic (.+)$/.exec(String(raw.headers.authorization ?? ''))?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = form.client_id ?? basicId;
    const clientSecret = form.client_secret ?? basicSecret;
    if (form.grant_type !== 'client_credentials') return { violation: `grant_type is ${String(form.grant_type)}`, response: tokenError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.') };
    if (form.scope !== 'https://graph.microsoft.com/.default') return { violation: `scope is ${String(form.scope)}, not https://graph.microsoft.com/.default`, response: tokenError(400, 'invalid_scope', 70011, 'The provided value for the input parameter scope is not valid.') };
    if (tenant !== options.tenantId) return { refuse: tokenError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`) };
    if (clientId !== options.clientId) return { refuse: tokenError(400, 'unauthorized_client', 700016, `Application with identifier '${String(clientId)}' was not found in the directory.`) };
    if (clientSecret !== options.clientSecret) return { violation: 'wrong client secret', response: tokenError(401, 'invalid_client', 7000215, 'Invalid client secret provided.') };
    return {
      respond: () => {
        tokenGrants++;
        const accessToken = `eyJ0eXAiOiJKV1Qi.${randomBytes(24).toString('base64url')}`;
        tokens.add(accessToken);
        return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
      },
    };
  }

  function createUser(body: unknown): Verdict {
    const bad = (problem: string): Verdict => ({ violation: problem, response: graphError(400, 'Request_BadRequest', problem) });
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad('the body is not a JSON object');
    const user = body as Record<string, unknown>;
    for (const name of Object.keys(user)) if (!USER_FIELDS.has(name)) return bad(`Invalid property '${name}'.`);
    for (const name of REQUIRED) if (user[name] === undefined) return bad(`Property '${name}' is required.`);
    const profile = user.passwordProfile as Record<string, unknown>;
    if (typeof profile !== 'object' || typeof profile.password !== 'string' || typeof profile.forceChangePasswordNextSignIn !== 'boolean') return bad('passwordProfile needs password and forceChangePasswordNextSignIn');
    const upn = user.userPrincipalName;
    if (typeof upn !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(upn)) return bad('userPrincipalName must be alias@domain');
    if (typeof user.mailNickname !== 'string' || !/^[A-Za-z0-9.!#$%&'*+\-/=?^_`{|}~]{1,64}$/.test(user.mailNickname) || user.mailNickname.startsWith('.')) return bad('mailNickname has characters Exchange refuses');
    if (user.usageLocation !== undefined && !/^[A-Z]{2}$/.test(String(user.usageLocation))) return bad('usageLocation must be a two-letter country code');
    const attributes = user.onPremisesExtensionAttributes;
    if (attributes !== undefined) {
      if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) return bad('onPremisesExtensionAttributes must be an object');
      for (const [name, value] of Object.entries(attributes)) {
        if (!EXTENSION_ATTRIBUTE.test(name)) return bad(`Invalid property '${name}' of onPremisesExtensionAttributes.`);
        if (value !== null && (typeof value !== 'string' || value.length > 1024)) return bad(`${name} must be a string of at most 1024 characters`);
      }
    }
    if (!options.verifiedDomains.some((d) => lower(d) === lower(upn.split('@')[1]!))) {
      return { refuse: graphError(400, 'Request_BadRequest', 'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.', { details: [{ target: 'userPrincipalName', code: 'InvalidValue' }] }) };
    }
    if (!complexEnough(profile.password)) return { refuse: graphError(400, 'Request_BadRequest', 'The specified password does not comply with password complexity requirements. Please provide a different password.') };
    if (taken(upn)) {
      return { refuse: graphError(400, 'Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.', { details: [{ target: 'userPrincipalName', code: 'ObjectConflict' }] }) };
    }
    return {
      respond: () => {
        const created = addUser(upn, { onPremisesExtensionAttributes: (attributes ?? {}) as Record<string, string> });
        Object.assign(created, { body: user });
        if (hideFor > 0) hiddenReads.set(created.id, hideFor);
        return { status: 201, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', id: created.id, displayName: user.displayName, givenName: user.givenName ?? null, surname: user.surname ?? null, userPrincipalName: upn, mail: null } };
      },
    };
  }

  function list(raw: RawRequest, collection: 'users' | 'groups'): Verdict {
    const filter = raw.query.get('$filter');
    if (filter === null) {
      if (raw.query.get('$top') === null) return { violation: 'an unfiltered list without $top', response: graphError(400, 'BadRequest', 'Expected $top') };
      return { respond: () => ({ status: 200, body: { value: (collection === 'users' ? users : []).slice(0, Number(raw.query.get('$top'))).map((u) => ({ id: u.id })) } }) };
    }
    if (raw.headers.consistencylevel !== 'eventual' || raw.query.get('$count') !== 'true') {
      return {
        violation: 'an any() filter over proxyAddresses is an advanced query: it needs ConsistencyLevel: eventual and $count=true',
        response: graphError(400, 'Request_UnsupportedQuery', "Unsupported or invalid query filter clause specified for property 'proxyAddresses' of resource 'User'."),
      };
    }
    const match = (collection === 'users' ? USERS_FILTER : GROUPS_FILTER).exec(filter);
    if (!match) return { violation: `a filter this fake does not know: ${filter}`, response: graphError(400, 'BadRequest', 'Invalid filter clause') };
    const addresses = match.slice(1).map((m) => unquote(m!));
    if (new Set(addresses.map(lower)).size !== 1) return { violation: `the filter asks about different addresses: ${addresses.join(', ')}`, response: graphError(400, 'BadRequest', 'Invalid filter clause') };
    const found = (collection === 'users' ? users : groups).filter((entry) => holds(entry, addresses[0]!));
    const top = Number(raw.query.get('$top') ?? 100);
    const selected = (raw.query.get('$select') ?? 'id').split(',');
    const shown = (entry: (typeof found)[number]) => Object.fromEntries(selected.map((name) => [name, name === 'id' ? ('id' in entry ? entry.id : randomUUID()) : ((entry as Record<string, unknown>)[name] ?? null)]));
    return { respond: () => ({ status: 200, body: { '@odata.count': found.length, value: found.slice(0, top).map(shown) } }) };
  }

  /** GET /v1.0/users/{id | userPrincipalName}: the selected properties, or 404 (also while the user is hidden from reads). */
  function getUser(key: string, raw: RawRequest): Verdict {
    const select = (raw.query.get('$select') ?? 'id,userPrincipalName,mail,displayName').split(',');
    const unknown = select.find((name) => !SELECTABLE.has(name));
    if (unknown) return { violation: `$select names ${unknown}, which this fake does not keep`, response: graphError(400, 'Request_BadRequest', `Could not find a property named '${unknown}' on type 'microsoft.graph.user'.`) };
    const user = users.find((u) => u.id === key || lower(u.userPrincipalName) === lower(key));
    const left = user ? (hiddenReads.get(user.id) ?? 0) : 0;
    if (user && left > 0) hiddenReads.set(user.id, left - 1);
    if (!user || left > 0) return { refuse: graphError(404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`) };
    const all: Record<string, unknown> = {
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      mail: user.mail,
      displayName: user.body.displayName ?? null,
      givenName: user.body.givenName ?? null,
      surname: user.body.surname ?? null,
      onPremisesExtensionAttributes: user.onPremisesExtensionAttributes,
      proxyAddresses: user.proxyAddresses,
    };
    return { respond: () => ({ status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id)/$entity', ...Object.fromEntries(select.map((name) => [name, all[name]])) } }) };
  }

  function assignLicense(userId: string, body: unknown): Verdict {
    const add = (body as { addLicenses?: unknown } | undefined)?.addLicenses;
    const remove = (body as { removeLicenses?: unknown } | undefined)?.removeLicenses;
    if (!Array.isArray(add) || !Array.isArray(remove)) return { violation: 'assignLicense needs addLicenses and removeLicenses arrays', response: graphError(400, 'Request_BadRequest', 'Invalid request') };
    const user = users.find((u) => u.id === userId);
    if (!user || lag > 0) {
      lag = Math.max(0, lag - 1);
      return { refuse: graphError(404, 'Request_ResourceNotFound', `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`) };
    }
    if (!user.body.usageLocation) return { refuse: graphError(400, 'Request_BadRequest', 'License assignment cannot be done for user with invalid usage location.') };
    for (const license of add) {
      const sku = (license as { skuId?: unknown }).skuId;
      if (typeof sku !== 'string' || !(options.skus ?? []).includes(sku)) return { refuse: graphError(400, 'Request_BadRequest', `License ${String(sku)} does not correspond to a valid company License.`) };
    }
    return {
      respond: () => {
        // assigning a licence the user already has changes nothing
        for (const { skuId } of add as { skuId: string }[]) if (!user.licenses.includes(skuId)) user.licenses.push(skuId);
        return { status: 200, body: { id: user.id, userPrincipalName: user.userPrincipalName } };
      },
    };
  }

  function decide(raw: RawRequest): Verdict {
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(raw.path);
    return tokenPath ? token(raw, decodeURIComponent(tokenPath[1]!)) : scriptedOr(graphCall(raw), script);
  }

  function graphCall(raw: RawRequest): Verdict {
    let body: unknown;
    try {
      body = raw.body ? JSON.parse(raw.body) : undefined;
    } catch {
      body = raw.body;
    }
    requests.push({ method: raw.method, path: raw.path, query: raw.query, headers: raw.headers, body });
    const bearer = /^Bearer (\S+)$/.exec(String(raw.headers.authorization ?? ''))?.[1];
    if (!bearer || !tokens.has(bearer)) return { violation: bearer ? 'unknown access token' : 'no Bearer token', response: graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.') };
    if (raw.method === 'POST' && mediaType(raw.headers) !== 'application/json') return { violation: 'the body is not sent as application/json', response: graphError(415, 'UnsupportedMediaType', 'Unsupported media type') };
    if (raw.path === '/v1.0/users' && raw.method === 'POST') return createUser(body);
    if (raw.path === '/v1.0/users' && raw.method === 'GET') return list(raw, 'users');
    if (raw.path === '/v1.0/groups' && raw.method === 'GET') return list(raw, 'groups');
    const single = /^\/v1\.0\/users\/([^/]+)$/.exec(raw.path);
    if (single && raw.method === 'GET') return getUser(decodeURIComponent(single[1]!), raw);
    const licence = /^\/v1\.0\/users\/([^/]+)\/assignLicense$/.exec(raw.path);
    if (licence && raw.method === 'POST') return assignLicense(decodeURIComponent(licence[1]!), body);
    return { violation: 'no such Graph resource', response: graphError(400, 'BadRequest', `Resource not found for the segment '${raw.path}'.`) };
  }

  const http = await startHttpFake('graph', decide);
  return Object.defineProperties(
    Object.assign(http, {
      users,
      requests,
      failNext(count: number, response: ScriptedResponse) {
        for (let i = 0; i < count; i++) script.push(response);
      },
      lagNext(count: number) {
        lag = count;
      },
      hideNewUsersFor(reads: number) {
        hideFor = reads;
      },
      addUser,
      addGroup(email: string) {
        groups.push({ mail: email, proxyAddresses: [`SMTP:${email}`] });
      },
    }),
    { tokenGrants: { get: () => tokenGrants, enumerable: true } },
  ) as GraphFake;
}
