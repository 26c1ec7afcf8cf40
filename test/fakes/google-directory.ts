/**
 * A fake Google: the OAuth 2.0 token endpoint of a service account key (JWT bearer grant,
 * PROVIDERS.md 4.2) and the Admin SDK Directory API's users and groups (4.1). The assertion is
 * verified as Google does: RS256 over header.claims with the service account's public key, iss, aud
 * (the URL posted to), scope, a fresh iat and an exp at most an hour later; `sub` must be an admin
 * it knows. It keeps users (with aliases) and groups, answers 409 `duplicate` on any taken address,
 * and can be told to fail Directory calls N times (rate limits, 5xx) or to hide a just-created user
 * from reads for a while (eventual consistency).
 */
import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { mediaType, parseForm, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';

export const GOOGLE_USER_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user';
export const GOOGLE_GROUP_READ_SCOPE = 'https://www.googleapis.com/auth/admin.directory.group.readonly';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const USER_FIELDS = new Set(['primaryEmail', 'name', 'password', 'changePasswordAtNextLogin', 'externalIds', 'orgUnitPath', 'hashFunction', 'recoveryEmail', 'recoveryPhone', 'suspended', 'includeInGlobalAddressList']);
const MAX_CLOCK_SKEW_SECONDS = 300;

export interface GoogleUser {
  readonly id: string;
  readonly primaryEmail: string;
  readonly name: { givenName: string; familyName: string };
  readonly password: string;
  readonly changePasswordAtNextLogin: boolean;
  readonly externalIds?: unknown;
  readonly aliases: string[];
}

export interface GoogleDirectoryRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export interface GoogleDirectoryFake extends Omit<HttpFake, 'failNext'> {
  /** The service account key file (JSON text) whose token_uri is this fake. */
  readonly serviceAccountKey: string;
  readonly clientEmail: string;
  readonly users: GoogleUser[];
  readonly groups: string[];
  /** Directory API requests (not the token grants) as received. */
  readonly requests: GoogleDirectoryRequest[];
  /** The verified claims of every token grant. */
  readonly grants: Record<string, unknown>[];
  /** The next `count` valid Directory API calls get `response` (token grants are scripted apart). */
  failNext(count: number, response: ScriptedResponse): void;
  failTokenNext(count: number, response: ScriptedResponse): void;
  /** A user created from now on answers 404 to its next `reads` reads, as Directory's replication lag does. */
  hideNewUsersFor(reads: number): void;
  addUser(email: string, options?: { aliases?: string[]; externalIds?: unknown }): GoogleUser;
  addGroup(email: string): void;
}

export interface GoogleDirectoryOptions {
  /** The admins a service account may act as (`sub`). */
  readonly admins: readonly string[];
  /** The domains of the Workspace customer: primaryEmail must be in one. */
  readonly domains: readonly string[];
  /** The scopes domain-wide delegation grants this service account; default the user and group read scopes. */
  readonly delegatedScopes?: readonly string[];
}

/** Google's JSON error envelope (PROVIDERS.md 4.1). */
export function googleError(status: number, reason: string, message: string, headers?: Record<string, string>): ScriptedResponse {
  return { status, headers, body: { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } } };
}

function tokenError(status: number, error: string, description: string): ScriptedResponse {
  return { status, body: { error, error_description: description } };
}

let keyPair: { privateKeyPem: string; publicKey: KeyObject } | undefined;
/** One RSA key for the process: generating one costs about 100 ms. */
function serviceAccountKeyPair() {
  if (!keyPair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyPair = { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey };
  }
  return keyPair;
}

/** Another RSA key, for a service account key file Google does not know. */
export function foreignPrivateKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with a JWT bearer assertion, or its claims. */
function checkAssertion(assertion: string, publicKey: KeyObject, expect: { iss: string; aud: string }): string | Record<string, unknown> {
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return 'the assertion is not a compact JWS of three base64url parts';
  const header = decodeJson(parts[0]!);
  const claims = decodeJson(parts[1]!);
  if (!header || !claims) return 'the assertion header or claims are not base64url JSON objects';
  if (header.alg !== 'RS256') return `alg is ${String(header.alg)}, not RS256`;
  if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2]!, 'base64url'))) return 'Invalid JWT Signature.';
  if (claims.iss !== expect.iss) return `iss is ${String(claims.iss)}, not the service account ${expect.iss}`;
  if (claims.aud !== expect.aud) return `aud is ${String(claims.aud)}, not the token URL ${expect.aud}`;
  if (typeof claims.scope !== 'string' || !claims.scope) return 'no scope claim';
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return 'iat and exp must be numbers';
  if (Math.abs(claims.iat - now) > MAX_CLOCK_SKEW_SECONDS) return 'iat is not now';
  if (claims.exp <= now || claims.exp > claims.iat + 3600) return 'exp must be after now and at most an hour after iat';
  if (typeof claims.sub !== 'string') return 'no sub: domain-wide delegation needs the admin to act as';
  return claims;
}

/** A scripted answer replaces the success of a valid call, as http-fake's failNext does; never a refusal or a violation. */
function scriptedOr(verdict: Verdict, script: ScriptedResponse[]): Verdict {
  const scripted = 'respond' in verdict ? script.shift() : undefined;
  return scripted ? { refuse: scripted } : verdict;
}

export async function startGoogleDirectoryFake(options: GoogleDirectoryOptions): Promise<GoogleDirectoryFake> {
  const { privateKeyPem, publicKey } = serviceAccountKeyPair();
  const clientEmail = `embark-provisioning@fake-project-${randomBytes(3).toString('hex')}.iam.gserviceaccount.com`;
  const delegated = new Set(options.delegatedScopes ?? [GOOGLE_USER_SCOPE, GOOGLE_GROUP_READ_SCOPE]);
  const users: GoogleUser[] = [];
  const groups: string[] = [];
  const requests: GoogleDirectoryRequest[] = [];
  const grants: Record<string, unknown>[] = [];
  const tokens = new Map<string, Set<string>>();
  const directoryScript: ScriptedResponse[] = [];
  const tokenScript: ScriptedResponse[] = [];
  const hiddenReads = new Map<string, number>();
  let hideFor = 0;
  let tokenUri = '';

  const lower = (email: string) => email.toLowerCase();
  const findUser = (key: string) => users.find((u) => u.id === key || lower(u.primaryEmail) === lower(key) || u.aliases.some((a) => lower(a) === lower(key)));
  const taken = (email: string) => findUser(email) !== undefined || groups.some((g) => lower(g) === lower(email));

  function addUser(email: string, extra: { aliases?: string[]; externalIds?: unknown } = {}): GoogleUser {
    const user: GoogleUser = {
      id: String(100_000_000_000_000_000_000n + BigInt(users.length + 1)),
      primaryEmail: email,
      name: { givenName: 'Existing', familyName: 'User' },
      password: randomBytes(8).toString('hex'),
      changePasswordAtNextLogin: false,
      aliases: extra.aliases ?? [],
      ...(extra.externalIds ? { externalIds: extra.externalIds } : {}),
    };
    users.push(user);
    return user;
  }

  function token(raw: RawRequest): Verdict {
    if (raw.method !== 'POST') return { violation: 'the token endpoint takes POST', response: { status: 405, body: 'Method Not Allowed' } };
    if (mediaType(raw.headers) !== 'application/x-www-form-urlencoded') return { violation: 'the token request is not form-encoded', response: tokenError(400, 'invalid_request', 'Invalid request') };
    const form = parseForm(raw.body);
    for (const name of Object.keys(form)) if (name !== 'grant_type' && name !== 'assertion') return { violation: `unexpected parameter ${name}`, response: tokenError(400, 'invalid_request', `Unknown parameter ${name}`) };
    if (form.grant_type !== JWT_BEARER) return { violation: `grant_type is ${String(form.grant_type)}, not ${JWT_BEARER}`, response: tokenError(400, 'unsupported_grant_type', 'Invalid grant_type') };
    const claims = checkAssertion(String(form.assertion ?? ''), publicKey, { iss: clientEmail, aud: tokenUri });
    if (typeof claims === 'string') return { violation: claims, response: tokenError(400, 'invalid_grant', claims) };
    if (!options.admins.includes(claims.sub as string)) return { refuse: tokenError(400, 'invalid_grant', 'Invalid email or User ID') };
    const scopes = (claims.scope as string).split(' ');
    if (scopes.some((s) => !delegated.has(s))) return { refuse: tokenError(401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.') };
    const scripted = tokenScript.shift();
    if (scripted) return { refuse: scripted };
    return {
      respond: () => {
        grants.push(claims);
        const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
        tokens.set(accessToken, new Set(scopes));
        return { status: 200, body: { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' } };
      },
    };
  }

  function readable(user: GoogleUser): boolean {
    const left = hiddenReads.get(user.id) ?? 0;
    if (left === 0) return true;
    hiddenReads.set(user.id, left - 1);
    return false;
  }

  const notFound = (what: string): Verdict => ({ refuse: googleError(404, 'notFound', `Resource Not Found: ${what}`) });

  function insertUser(body: unknown): Verdict {
    const bad = (problem: string): Verdict => ({ violation: problem, response: googleError(400, 'invalid', `Invalid Input: ${problem}`) });
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad('the body is not a JSON object');
    const user = body as Record<string, unknown>;
    for (const name of Object.keys(user)) if (!USER_FIELDS.has(name)) return bad(`unexpected field ${name}`);
    const name = user.name as Record<string, unknown> | undefined;
    if (typeof user.primaryEmail !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(user.primaryEmail)) return bad('primaryEmail must be an address');
    for (const part of ['givenName', 'familyName']) {
      const value = name?.[part];
      if (typeof value !== 'string' || !value.trim() || value.length > 60) return bad(`name.${part} must be 1 to 60 characters`);
    }
    if (typeof user.password !== 'string' || user.password.length < 8 || user.password.length > 100) return bad('password must be 8 to 100 characters');
    if (user.changePasswordAtNextLogin !== undefined && typeof user.changePasswordAtNextLogin !== 'boolean') return bad('changePasswordAtNextLogin must be a boolean');
    const domain = lower(user.primaryEmail.split('@')[1]!);
    if (!options.domains.some((d) => lower(d) === domain)) return { refuse: googleError(400, 'invalid', 'Domain not found.') };
    if (taken(user.primaryEmail)) return { refuse: googleError(409, 'duplicate', 'Entity already exists.') };
    return {
      respond: () => {
        const created = addUser(user.primaryEmail as string, { externalIds: user.externalIds });
        Object.assign(created, { name: { givenName: name!.givenName, familyName: name!.familyName }, password: user.password, changePasswordAtNextLogin: user.changePasswordAtNextLogin === true });
        if (hideFor > 0) hiddenReads.set(created.id, hideFor);
        return {
          status: 200,
          body: {
            kind: 'admin#directory#user',
            id: created.id,
            primaryEmail: created.primaryEmail,
            name: { ...created.name, fullName: `${created.name.givenName} ${created.name.familyName}` },
            isAdmin: false,
            isMailboxSetup: false,
            customerId: 'C0fake000',
            orgUnitPath: '/',
            creationTime: new Date().toISOString(),
            etag: `"${randomBytes(8).toString('hex')}"`,
          },
        };
      },
    };
  }

  function directory(raw: RawRequest): Verdict {
    const bearer = /^Bearer (\S+)$/.exec(String(raw.headers.authorization ?? ''))?.[1];
    const scopes = bearer ? tokens.get(bearer) : undefined;
    let body: unknown;
    try {
      body = raw.body ? JSON.parse(raw.body) : undefined;
    } catch {
      body = raw.body;
    }
    requests.push({ method: raw.method, path: raw.path, query: raw.query, body });
    if (!scopes) return { violation: bearer ? 'unknown access token' : 'no Bearer access token', response: googleError(401, 'authError', 'Invalid Credentials') };
    if (raw.method === 'POST' && mediaType(raw.headers) !== 'application/json') return { violation: 'the body is not sent as application/json', response: googleError(400, 'parseError', 'Parse Error') };

    const userMatch = /^\/admin\/directory\/v1\/users(?:\/([^/]+))?$/.exec(raw.path);
    const groupMatch = /^\/admin\/directory\/v1\/groups\/([^/]+)$/.exec(raw.path);
    if (userMatch && !scopes.has(GOOGLE_USER_SCOPE)) return { refuse: googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.') };
    if (raw.method === 'POST' && userMatch && !userMatch[1]) return insertUser(body);
    if (raw.method === 'GET' && userMatch && !userMatch[1]) {
      if (raw.query.get('customer') !== 'my_customer' && !raw.query.get('domain')) return { violation: 'users.list needs customer or domain', response: googleError(400, 'badRequest', 'Bad Request') };
      const max = Number(raw.query.get('maxResults') ?? 100);
      return { respond: () => ({ status: 200, body: { kind: 'admin#directory#users', users: users.slice(0, max).map((u) => ({ id: u.id })) } }) };
    }
    if (raw.method === 'GET' && userMatch) {
      const key = decodeURIComponent(userMatch[1]!);
      const user = findUser(key);
      if (!user || !readable(user)) return notFound('userKey');
      return { respond: () => ({ status: 200, body: { id: user.id, primaryEmail: user.primaryEmail, ...(user.externalIds ? { externalIds: user.externalIds } : {}) } }) };
    }
    if (raw.method === 'GET' && groupMatch) {
      if (!scopes.has(GOOGLE_GROUP_READ_SCOPE)) return { refuse: googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.') };
      const key = lower(decodeURIComponent(groupMatch[1]!));
      const group = groups.find((g) => lower(g) === key);
      return group ? { respond: () => ({ status: 200, body: { id: `0${randomBytes(7).toString('hex')}` } }) } : notFound('groupKey');
    }
    return { violation: 'no such Directory API method', response: googleError(404, 'notFound', 'Not Found') };
  }

  const http = await startHttpFake('google-directory', (raw) => (raw.path === '/token' ? token(raw) : scriptedOr(directory(raw), directoryScript)));
  tokenUri = `${http.url}/token`;
  const serviceAccountKey = JSON.stringify({
    type: 'service_account',
    project_id: 'fake-project',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKeyPem,
    client_email: clientEmail,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
  });
  return Object.assign(http, {
    serviceAccountKey,
    clientEmail,
    users,
    groups,
    requests,
    grants,
    failNext(count: number, response: ScriptedResponse) {
      for (let i = 0; i < count; i++) directoryScript.push(response);
    },
    failTokenNext(count: number, response: ScriptedResponse) {
      for (let i = 0; i < count; i++) tokenScript.push(response);
    },
    hideNewUsersFor(reads: number) {
      hideFor = reads;
    },
    addUser,
    addGroup(email: string) {
      groups.push(email);
    },
  });
}
