import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { isUuid, readConnectionScope, withSystem, type ReadConnection } from '../db/tx.ts';
import type { Actor } from '../audit/audit.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { verifyAccessToken, type ApiKeyScope, type AccessRole } from '../identities/tokens.ts';
import * as apiKeys from '../identities/api-keys.service.ts';
import { sha256 } from '../identities/tokens.ts';
import { getTenant } from '../tenants/tenants.service.ts';
import { SessionCache } from './session-cache.ts';
import { clientAddress } from './client-address.ts';
import { authenticateEmbedToken } from '../embed/embed.service.ts';

/**
 * Who may call a route. Every /api route declares one (an onRoute check refuses a route without it):
 * - public: anyone, no credentials read
 * - user: any authenticated user, tenant context optional (e.g. /me); `roles`, when given, narrows it to those roles
 * - tenant: needs a tenant context (a tenant user, or a global admin with X-Tenant-Id) and one of `roles`;
 *   a global admin acting in a tenant may do anything a tenant_admin may; a tenant API key with the
 *   route's `apiKey` scope may call it too. No other route ever accepts a key: not tenants, not API
 *   keys themselves, not channels (their credentials), not settings.
 * - global_admin: global admins only; X-Tenant-Id is not needed
 * - embed: only an embed token (POST /api/v1/embed-tokens, src/embed): the route acts in the token's
 *   tenant as the one user it was minted for, on that user's checklists; no session, key or X-Tenant-Id
 */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'user'; readonly allowPasswordChange?: boolean; readonly roles?: readonly AccessRole[] }
  /** `apiKey`: the scope a tenant API key needs to call the route; without it, no key may. */
  | { readonly kind: 'tenant'; readonly roles: readonly AccessRole[]; readonly apiKey?: ApiKeyScope }
  | { readonly kind: 'global_admin' }
  | { readonly kind: 'embed' };

/** Declares which table each path parameter names, for the route-table driven isolation test. */
export type IsolationParams = Readonly<Record<string, string>>;

export interface Principal {
  readonly kind: 'user' | 'api_key';
  readonly userId: string | null;
  readonly apiKeyId: string | null;
  readonly sessionId: string | null;
  /** The tenant the user or key belongs to; null for global admins. */
  readonly homeTenantId: string | null;
  readonly role: AccessRole | 'api_key';
  readonly mustChangePassword: boolean;
  /** What an API key may do; empty for users. */
  readonly scopes: readonly ApiKeyScope[];
}

/** One registered /api route, as the isolation and bad-input tests walk them. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
  readonly isolation: IsolationParams | undefined;
  readonly schema: Record<string, unknown> | undefined;
  /** The media types of a route whose body is a file, not JSON (config.upload): the generic tests send one of those. */
  readonly upload: readonly string[] | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api/v1 route with its access rule, collected as routes register. */
    readonly routeTable: RouteEntry[];
  }
  interface FastifyContextConfig {
    access?: Access;
    isolation?: IsolationParams;
    /** The body is a file of one of these media types (a logo), not JSON. */
    upload?: readonly string[];
  }
  interface FastifyRequest {
    /** Set while a read request runs on the read connection its access check set up (see authenticateUserForRead). */
    readConnection: ReadConnection | null;
    principal: Principal | null;
    /** The tenant this request acts in: the user's own, or the one a global admin named in X-Tenant-Id. */
    tenantId: string | null;
    impersonating: boolean;
  }
}

/** A tenant route that API keys with `scope` may call too: `withApiKey(ACCESS.tenantStaff, 'users:read')`. */
export function withApiKey(access: Access, scope: ApiKeyScope): Access {
  if (access.kind !== 'tenant') throw new Error('only tenant routes accept API keys');
  return { ...access, apiKey: scope };
}

export const ACCESS = {
  public: { kind: 'public' } as Access,
  user: { kind: 'user' } as Access,
  globalAdmin: { kind: 'global_admin' } as Access,
  /** Global admins (tenant context optional) and tenant admins, e.g. the audit log: each sees what their context holds. */
  admins: { kind: 'user', roles: ['global_admin', 'tenant_admin'] } as Access,
  tenantAdmin: { kind: 'tenant', roles: ['tenant_admin'] } as Access,
  tenantStaff: { kind: 'tenant', roles: ['tenant_admin', 'staff'] } as Access,
  tenantMember: { kind: 'tenant', roles: ['tenant_admin', 'staff', 'member'] } as Access,
  /** In a tenant, as a global admin only (with X-Tenant-Id): not even the tenant's own admins. */
  globalAdminInTenant: { kind: 'tenant', roles: ['global_admin'] } as Access,
  /** The embeddable checklist widget's routes: an embed token only (src/embed). */
  embed: { kind: 'embed' } as Access,
};

/**
 * Whether a signed-in user of `role` may call a route with `access`, acting in a tenant or not: the
 * role rule the access check below applies, so /api/v1/me can tell the UI what its user may do.
 */
export function roleMayCall(access: Access, role: AccessRole, inTenant: boolean): boolean {
  switch (access.kind) {
    case 'public':
      return true;
    case 'user':
      return !access.roles || access.roles.includes(role);
    case 'global_admin':
      return role === 'global_admin';
    case 'embed':
      // not with a session at all: only an embed token
      return false;
    case 'tenant':
      // a global admin acting in a tenant may do what a tenant_admin may, and what is for global admins only
      return inTenant && access.roles.includes(role === 'global_admin' && !access.roles.includes('global_admin') ? 'tenant_admin' : role);
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

interface SessionState {
  user_id: string;
  tenant_id: string | null;
  role: AccessRole;
  must_change_password: boolean;
  user_disabled: boolean;
  session_revoked: boolean;
  session_expired: boolean;
  tenant_active: boolean;
}

async function authenticateUser(ctx: Context, sessions: SessionCache<SessionState>, token: string): Promise<Principal> {
  const claims = await verifyAccessToken(ctx.keys.tokenSigning, token);
  let state = sessions.get(claims.sessionId);
  if (!state) {
    const { rows } = await ctx.db.app.query({ name: 'embark_auth_session', text: 'select * from auth_session($1, $2)', values: [claims.tenantId, claims.sessionId] });
    state = rows[0] as SessionState | undefined;
    if (state) sessions.set(claims.sessionId, state);
  }
  return principalFromSession(claims, state);
}

/** The tenant each read connection is currently set to (session-level), so an unchanged one is not set again. */
const readConnectionTenant = new WeakMap<object, string>();

/**
 * For a tenant-scoped read by a tenant user: takes a read-only connection set to the tenant the token
 * names, checking the session in the same round trip when it is not cached (and with no round trip at
 * all when it is and the connection is already in that tenant); the handler's queries then run on it
 * (withTenant joins it). The session must belong to that tenant, or the request is refused.
 */
async function authenticateUserForRead(ctx: Context, sessions: SessionCache<SessionState>, token: string, request: FastifyRequest): Promise<Principal | undefined> {
  const claims = await verifyAccessToken(ctx.keys.tokenSigning, token);
  if (!claims.tenantId || !isUuid(claims.tenantId) || !isUuid(claims.sessionId)) return undefined;
  let state = sessions.get(claims.sessionId);
  if (state) {
    await openReadConnection(ctx, claims.tenantId, request);
  } else {
    const client = await ctx.db.read.connect();
    request.readConnection = { pool: ctx.db.app, tenantId: claims.tenantId, client };
    const { rows } = await client.query({
      name: 'embark_read_open',
      text: 'select a.* from set_config($1, $2, false) as tenant, auth_session($2::uuid, $3) as a',
      values: ['app.tenant_id', claims.tenantId, claims.sessionId],
    });
    readConnectionTenant.set(client, claims.tenantId);
    state = rows[0] as SessionState | undefined;
    if (state) sessions.set(claims.sessionId, state);
  }
  const principal = principalFromSession(claims, state);
  if (principal.homeTenantId !== claims.tenantId) throw new AppError('unauthenticated', 'the session has ended; log in again');
  return principal;
}

function principalFromSession(claims: { userId: string; sessionId: string }, state: SessionState | undefined): Principal {
  if (!state || state.user_id !== claims.userId || state.session_revoked || state.session_expired) {
    throw new AppError('unauthenticated', 'the session has ended; log in again');
  }
  if (state.user_disabled) throw new AppError('unauthenticated', 'the account is disabled');
  if (!state.tenant_active) throw new AppError('tenant_inactive', 'the tenant is deactivated');
  return {
    kind: 'user',
    userId: state.user_id,
    apiKeyId: null,
    sessionId: claims.sessionId,
    homeTenantId: state.tenant_id,
    role: state.role,
    mustChangePassword: state.must_change_password,
    scopes: [],
  };
}

/**
 * An API key's principal. A key that worked is cached by its SHA-256 (never the key itself) until a
 * notification says it or its tenant changed (migrations/0041), so most requests with it make no
 * round trip to authenticate.
 */
async function authenticateApiKey(ctx: Context, keys: SessionCache<apiKeys.ApiKeyIdentity>, key: string): Promise<Principal> {
  const digest = sha256(key).toString('hex');
  let apiKey = keys.get(digest);
  if (!apiKey) {
    apiKey = await apiKeys.authenticateApiKey(ctx, key);
    keys.set(digest, apiKey);
  }
  apiKeys.noteApiKeyUse(ctx, apiKey);
  return { kind: 'api_key', userId: null, apiKeyId: apiKey.id, sessionId: null, homeTenantId: apiKey.tenantId, role: 'api_key', mustChangePassword: false, scopes: apiKey.scopes };
}

/** Gives a read request its read-only connection in `tenantId`, setting the tenant only when the connection is in another one. */
async function openReadConnection(ctx: Context, tenantId: string, request: FastifyRequest): Promise<void> {
  const client = await ctx.db.read.connect();
  request.readConnection = { pool: ctx.db.app, tenantId, client };
  if (readConnectionTenant.get(client) === tenantId) return;
  await client.query({ name: 'embark_read_tenant', text: 'select set_config($1, $2, false)', values: ['app.tenant_id', tenantId] });
  readConnectionTenant.set(client, tenantId);
}

async function resolveImpersonatedTenant(ctx: Context, header: string): Promise<string> {
  if (!isUuid(header)) throw new AppError('invalid_id', 'X-Tenant-Id must be a tenant id (a UUID)');
  return (await getTenant(ctx, header)).id;
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  return {
    userId: principal?.userId ?? null,
    kind: principal?.kind ?? 'system',
    impersonating: request.impersonating,
    requestId: request.id,
    ip: clientAddress(request),
  };
}

/** The request's tenant, for handlers of `tenant` routes (the access hook guarantees it is set). */
export function tenantOf(request: FastifyRequest): string {
  if (!request.tenantId) throw new AppError('tenant_required', 'this action needs a tenant context');
  return request.tenantId;
}

export function registerAccessControl(app: FastifyInstance, ctx: Context): void {
  const sessions = new SessionCache<SessionState>({
    url: ctx.db.url,
    appRole: ctx.db.appRole,
    log: ctx.log,
    // a user's or a tenant's change ends only their sessions' cached state
    ownersOf: (state) => [`users:${state.user_id}`, ...(state.tenant_id ? [`tenants:${state.tenant_id}`] : [])],
  });
  const keys = new SessionCache<apiKeys.ApiKeyIdentity>({
    url: ctx.db.url,
    appRole: ctx.db.appRole,
    log: ctx.log,
    ownersOf: (key) => [`api_keys:${key.id}`, `tenants:${key.tenantId}`],
  });
  app.addHook('onReady', () => Promise.all([sessions.start(), keys.start()]).then(() => undefined));
  app.addHook('onClose', () => Promise.all([sessions.stop(), keys.stop()]).then(() => undefined));

  app.decorateRequest('principal', null);
  app.decorateRequest('tenantId', null);
  app.decorateRequest('impersonating', false);
  app.decorateRequest('readConnection', null);

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, access: route.config.access, isolation: route.config.isolation, schema: route.schema as Record<string, unknown> | undefined, upload: route.config.upload });
    }
  });

  const authorize = async (request: FastifyRequest): Promise<void> => {
    const access = request.routeOptions.config?.access;
    if (!access || access.kind === 'public') return;
    const token = bearer(request);
    if (!token) throw new AppError('unauthenticated', 'send Authorization: Bearer <access token or API key>');
    if (access.kind === 'embed') {
      // the token names its tenant and user: nothing else (a key, X-Tenant-Id) can widen what it reaches
      const subject = await authenticateEmbedToken(ctx, token);
      request.principal = { kind: 'user', userId: subject.userId, apiKeyId: null, sessionId: null, homeTenantId: subject.tenantId, role: subject.role, mustChangePassword: false, scopes: [] };
      request.tenantId = subject.tenantId;
      return;
    }

    const isApiKey = token.startsWith('emb_');
    if (isApiKey && !(access.kind === 'tenant' && access.apiKey)) {
      throw new AppError('forbidden', 'this endpoint does not accept API keys; use a user access token');
    }
    // reads in the user's own tenant run on a read-only connection set up in the same round trip as the
    // session check (writes keep their own transactions: some commit in steps, e.g. before calling a provider)
    const readInOwnTenant = access.kind === 'tenant' && request.method === 'GET' && request.headers['x-tenant-id'] === undefined;
    const principal = isApiKey ? await authenticateApiKey(ctx, keys, token) : (readInOwnTenant && (await authenticateUserForRead(ctx, sessions, token, request))) || (await authenticateUser(ctx, sessions, token));
    // a key's reads take the read connection once the key is known (its lookup reads across tenants)
    if (isApiKey && readInOwnTenant) await openReadConnection(ctx, principal.homeTenantId!, request);
    request.principal = principal;
    request.tenantId = principal.homeTenantId;
    if (principal.kind === 'api_key' && access.kind === 'tenant' && access.apiKey && !principal.scopes.includes(access.apiKey)) {
      throw new AppError('scope_missing', `this API key does not have the ${access.apiKey} scope this endpoint needs; create a key with it`, { extra: { required_scope: access.apiKey } });
    }

    if (principal.mustChangePassword && !(access.kind === 'user' && access.allowPasswordChange)) {
      throw new AppError('password_change_required', 'this account has a temporary password; change it with POST /api/v1/auth/password first');
    }

    const impersonate = request.headers['x-tenant-id'];
    if (impersonate !== undefined) {
      if (principal.role !== 'global_admin') throw new AppError('impersonation_forbidden', 'only global admins may act in another tenant with X-Tenant-Id');
      request.tenantId = await resolveImpersonatedTenant(ctx, String(impersonate));
      request.impersonating = true;
    }

    switch (access.kind) {
      case 'global_admin':
        if (principal.role !== 'global_admin') throw new AppError('forbidden', 'only global admins may do this');
        return;
      case 'tenant': {
        if (!request.tenantId) throw new AppError('tenant_required', 'this action acts in a tenant: send X-Tenant-Id with the tenant id');
        // a global admin acting in a tenant may do what a tenant_admin may, and what is for global admins only
        const role = principal.role === 'global_admin' && !access.roles.includes('global_admin') ? 'tenant_admin' : principal.role;
        if (role !== 'api_key' && !access.roles.includes(role)) {
          throw new AppError('forbidden', `this action needs one of the roles ${access.roles.join(', ')}; you are ${role}`);
        }
        return;
      }
      case 'user':
        if (access.roles && (principal.role === 'api_key' || !access.roles.includes(principal.role))) {
          throw new AppError('forbidden', `this action needs one of the roles ${access.roles.join(', ')}; you are ${principal.role}`);
        }
        return;
    }
  };

  // callback style, so the rest of the request (handler included) runs inside the read transaction's context
  app.addHook('onRequest', (request, _reply, done) => {
    authorize(request).then(
      () => (request.readConnection ? readConnectionScope.run(request.readConnection, () => done()) : done()),
      (error: Error) => done(error),
    );
  });
  // read connections hold no transaction: giving one back is all there is to do
  const releaseReadConnection = async (request: FastifyRequest) => {
    const scope = request.readConnection;
    if (!scope) return;
    request.readConnection = null;
    scope.client.release();
  };
  app.addHook('onResponse', async (request) => {
    // a write in this process may have ended a session: don't wait for the notification to come back
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      // an API key's writes end no key, and sessions only through the users routes: ingest keeps both caches
      const principal = request.principal;
      if (principal?.kind !== 'api_key') {
        sessions.clear();
        keys.clear();
      } else if (principal.scopes.includes('users:write')) sessions.clear();
    }
    return releaseReadConnection(request);
  });
  app.addHook('onRequestAbort', releaseReadConnection);

  // every request a global admin makes as a tenant is on that tenant's record, with the admin's id,
  // written before the answer leaves so no impersonated request goes unrecorded
  app.addHook('onSend', async (request, reply) => {
    if (!request.impersonating || !request.tenantId) return;
    const actor = actorOf(request);
    await withSystem(ctx.db.app, (tx) =>
      recordAudit(tx, actor, request.tenantId, 'impersonated_request', undefined, {
        method: request.method,
        route: request.routeOptions.url,
        url: request.url.split('?')[0],
        status: reply.statusCode,
      }),
    ).catch((err) => request.log.error({ err }, 'could not record the impersonated request in the audit log'));
  });
}
