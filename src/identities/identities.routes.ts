import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { ACCESS, actorOf, roleMayCall, tenantOf, withApiKey } from '../http/access.ts';
import { e164, email, idParams, objectBody, pageOf, pageQuery, responses, timestamp, uuid } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import { findTenantById } from '../tenants/tenants.service.ts';
import * as auth from './auth.service.ts';
import * as users from './users.service.ts';
import * as apiKeys from './api-keys.service.ts';
import * as passwordLinks from './password-links.service.ts';
import { RESET_TTL_SECONDS } from './password-links.service.ts';
import * as setup from './setup.service.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
import { API_KEY_SCOPES, PASSWORD_LINK_TOKEN_PATTERN, TENANT_ROLES, type ApiKeyScope, type AccessRole } from './tokens.ts';
import { clientAddress } from '../http/client-address.ts';

const password = { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH } as const;
const newPassword = { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters` } as const;
const tenantRole = { type: 'string', enum: TENANT_ROLES } as const;
const refreshBody = objectBody({ refresh_token: { type: 'string', minLength: 1, maxLength: 200 } }, ['refresh_token']);

const userSchema = {
  type: 'object',
  properties: {
    id: uuid,
    tenant_id: { type: ['string', 'null'] },
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    role: { type: 'string' },
    must_change_password: { type: 'boolean' },
    password_set: { type: 'boolean', description: 'false for an account without a password yet (invited, or made by an identity provider)' },
    disabled: { type: 'boolean' },
    last_login_at: { type: ['string', 'null'] },
    created_at: timestamp,
  },
} as const;

/** One user, as GET /api/v1/users/:id answers: the account, and what their signup and organisation say of them. */
const userDetailSchema = {
  ...userSchema,
  properties: {
    ...userSchema.properties,
    app_role: { type: ['string', 'null'], description: "the application role their signup gave them (the tenant's signup settings); null for none" },
    signup_mode: { type: ['string', 'null'], description: 'the signup mode they signed up with; null for none' },
    organization: {
      type: ['object', 'null'],
      description: 'the organisation they belong to (PUT /api/v1/organizations/:id/members/:user_id moves them), or null',
      properties: { id: uuid, name: { type: 'string' }, role: { type: 'string', enum: ['owner', 'admin', 'member'] } },
      required: ['id', 'name', 'role'],
    },
  },
} as const;

const passwordLinkSent = {
  type: 'object',
  description: 'The link sent (never the link itself): its kind, the message that carries it, and when it expires',
  properties: { kind: { type: 'string', enum: ['invitation', 'reset'] }, channel: { type: 'string' }, message_id: uuid, expires_at: timestamp },
} as const;

const tokenPair = {
  type: 'object',
  properties: {
    access_token: { type: 'string' },
    token_type: { type: 'string' },
    expires_in: { type: 'integer' },
    refresh_token: { type: 'string' },
    must_change_password: { type: 'boolean' },
    user: { type: 'object', properties: { id: uuid, email: { type: 'string' }, role: { type: 'string' }, tenant_id: { type: ['string', 'null'] } } },
  },
} as const;

const apiKeySchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    prefix: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    created_by: { type: ['string', 'null'] },
    created_at: timestamp,
    last_used_at: { type: ['string', 'null'] },
    revoked_at: { type: ['string', 'null'] },
    key: { type: 'string', description: 'shown once, at creation' },
  },
} as const;

export async function identitiesRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<{ Body: auth.LoginInput }>(
    '/api/v1/auth/login',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email, or phone (tenant users who signed up with a phone only); tenant is the subdomain (absent for global admins)',
        description: "Send back the `device_token` of this user's last login from this browser: failures of other people behind the same address then do not lock you out.",
        body: {
          ...objectBody(
            {
              email,
              phone: e164,
              password,
              tenant: { type: 'string', minLength: 1, maxLength: 63 },
              device_token: { type: 'string', maxLength: 100, description: 'the device_token an earlier login of this user answered' },
            },
            ['password'],
          ),
          oneOf: [{ required: ['email'] }, { required: ['phone'] }],
        },
        response: responses({ 200: { ...tokenPair, properties: { ...tokenPair.properties, device_token: { type: 'string', description: "keep it for this user's next login from this device" } } } }),
      },
    },
    async (request) => auth.login(ctx, request.body, { ip: clientAddress(request), userAgent: request.headers['user-agent'], requestId: request.id }),
  );

  app.post<{ Body: { email?: string; phone?: string; tenant?: string } }>(
    '/api/v1/auth/password-reset',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['auth'],
        summary: 'Forgot password: send the account a one-time reset link (same answer whether or not the account exists)',
        description: `The link works once, for ${RESET_TTL_SECONDS / 60} minutes, and a newer one replaces it. Global admins reset theirs with \`embark admin reset-password\`.`,
        body: {
          ...objectBody({ email, phone: e164, tenant: { type: 'string', minLength: 1, maxLength: 63 } }),
          oneOf: [{ required: ['email'] }, { required: ['phone', 'tenant'] }],
        },
        response: responses({ 202: { type: 'object', properties: { status: { type: 'string' }, detail: { type: 'string' } } } }),
      },
    },
    async (request, reply) => {
      await passwordLinks.requestPasswordReset(ctx, request.body, { ip: clientAddress(request), requestId: request.id });
      return reply.status(202).send({ status: 'accepted', detail: 'if an account matches, a link to reset its password is on its way to its email (or phone)' });
    },
  );

  app.post<{ Body: { token: string; new_password: string } }>(
    '/api/v1/auth/password-reset/confirm',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['auth'],
        summary: 'Set the password a reset or invitation link was sent for; ends every other session and signs in',
        body: objectBody({ token: { type: 'string', pattern: PASSWORD_LINK_TOKEN_PATTERN, example: `pwl_${'0'.repeat(32)}_${'A'.repeat(43)}` }, new_password: newPassword }, ['token', 'new_password']),
        response: responses({ 200: tokenPair }),
      },
    },
    async (request) => passwordLinks.confirmPasswordLink(ctx, request.body, { ip: clientAddress(request), userAgent: request.headers['user-agent'], requestId: request.id }),
  );

  app.get(
    '/api/v1/setup',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['setup'],
        summary: 'Whether first-run setup is still to be done (no global admin exists yet)',
        response: responses({ 200: { type: 'object', properties: { needed: { type: 'boolean' } } } }),
      },
    },
    async () => ({ needed: await setup.setupNeeded(ctx) }),
  );

  app.post<{ Body: { token: string; email: string; password: string } }>(
    '/api/v1/setup',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['setup'],
        summary: 'Create the first global admin with the one-time token `embark serve` printed',
        body: objectBody({ token: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$', example: 'A'.repeat(32) }, email, password: newPassword }, ['token', 'email', 'password']),
        response: responses({ 201: userSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await setup.completeSetup(ctx, request.body, { ip: clientAddress(request), requestId: request.id })),
  );

  app.post<{ Body: { refresh_token: string } }>(
    '/api/v1/auth/refresh',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['auth'], summary: 'Exchange a refresh token for a new pair (each refresh token works once)', body: refreshBody, response: responses({ 200: tokenPair }) },
    },
    async (request) => auth.refresh(ctx, request.body.refresh_token),
  );

  app.post<{ Body: { refresh_token: string } }>(
    '/api/v1/auth/logout',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['auth'], summary: 'End the session a refresh token belongs to', body: refreshBody, response: responses({ 204: { type: 'null' } }) },
    },
    async (request, reply) => {
      await auth.logout(ctx, request.body.refresh_token);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { current_password: string; new_password: string } }>(
    '/api/v1/auth/password',
    {
      config: { access: { kind: 'user', allowPasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: 'Change your password (the only call allowed while a temporary password is in use)',
        body: objectBody({ current_password: password, new_password: newPassword }, ['current_password', 'new_password']),
        response: responses({ 200: tokenPair }),
      },
    },
    async (request) => auth.changePassword(ctx, request.principal!, actorOf(request), request.body),
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: ACCESS.user },
      schema: {
        tags: ['auth'],
        summary: 'Who the token belongs to, and the tenant the request acts in',
        response: responses({
          200: {
            type: 'object',
            properties: {
              user: userSchema,
              tenant: { anyOf: [{ type: 'null' }, { type: 'object', properties: { id: uuid, name: { type: 'string' }, subdomain: { type: 'string' }, is_active: { type: 'boolean' } } }] },
              impersonating: { type: 'boolean' },
              server: { type: 'object', properties: { outbox_reveal_secrets: { type: 'boolean', description: 'development switch EMBARK_OUTBOX_REVEAL_SECRETS is on' } } },
              allowed: { type: 'array', items: { type: 'string' }, description: 'every /api/v1 route ("METHOD /path/:param") this user may call in this tenant context, by the access rules the server applies' },
            },
            required: ['user', 'tenant', 'impersonating', 'server', 'allowed'],
          },
        }),
      },
    },
    async (request) => {
      const user = await users.findUserById(ctx, request.principal!.homeTenantId, request.principal!.userId!);
      if (!user) throw new AppError('unauthenticated', 'the account no longer exists');
      const tenant = request.tenantId ? await findTenantById(ctx, request.tenantId) : undefined;
      return {
        user,
        tenant: tenant ? { id: tenant.id, name: tenant.name, subdomain: tenant.subdomain, is_active: tenant.is_active } : null,
        impersonating: request.impersonating,
        server: { outbox_reveal_secrets: ctx.config.outboxRevealSecrets },
        allowed: app.routeTable.filter((route) => roleMayCall(route.access, user.role, Boolean(request.tenantId))).map((route) => `${route.method} ${route.url}`),
      };
    },
  );

  app.post<{ Body: { email: string; role: AccessRole; password?: string } }>(
    '/api/v1/users',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write') },
      schema: {
        tags: ['users'],
        summary: 'Create a user in the tenant; without a password, an invitation link to choose one goes to their email',
        body: objectBody({ email, role: tenantRole, password: newPassword }, ['email', 'role']),
        response: responses({ 201: { ...userSchema, properties: { ...userSchema.properties, invitation: passwordLinkSent } } }),
      },
    },
    async (request, reply) => {
      if (request.body.password !== undefined) {
        const { user } = await users.createUser(ctx, actorOf(request), tenantOf(request), request.body);
        return reply.status(201).send(user);
      }
      const { user, invitation } = await passwordLinks.createInvitedUser(ctx, actorOf(request), tenantOf(request), request.body);
      return reply.status(201).send({ ...user, invitation: { kind: 'invitation', ...invitation } });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/invite',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write'), isolation: { id: 'users' } },
      schema: {
        tags: ['users'],
        summary: 'Send the user a link to choose their password: an invitation while they have never signed in, else a reset link',
        description: 'The link goes to their own email (SMS for phone-only users) and replaces any earlier one; the outbox shows it masked.',
        params: idParams,
        response: responses({ 202: passwordLinkSent }),
      },
    },
    async (request, reply) => reply.status(202).send(await passwordLinks.sendPasswordLink(ctx, actorOf(request), tenantOf(request), request.params.id)),
  );

  app.get<{ Querystring: { role?: string; email?: string } & PageQuery }>(
    '/api/v1/users',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'users:read') },
      schema: {
        tags: ['users'],
        summary: "List the tenant's users, oldest first; page with cursor=<next_cursor>",
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery, role: tenantRole, email: { type: 'string', maxLength: 320 } } },
        response: responses({ 200: pageOf(userSchema) }),
      },
    },
    async (request) => {
      const { role, email: emailContains, ...page } = request.query;
      return users.listUsers(ctx, tenantOf(request), { role, email: emailContains }, page);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/users/:id',
    {
      config: { access: withApiKey(ACCESS.tenantStaff, 'users:read'), isolation: { id: 'users' } },
      schema: { tags: ['users'], summary: 'Get a user, with their app role, signup mode and organisation', params: idParams, response: responses({ 200: userDetailSchema }) },
    },
    async (request) => users.getUser(ctx, tenantOf(request), request.params.id),
  );

  app.patch<{ Params: { id: string }; Body: { role?: AccessRole; disabled?: boolean } }>(
    '/api/v1/users/:id',
    {
      config: { access: withApiKey(ACCESS.tenantAdmin, 'users:write'), isolation: { id: 'users' } },
      schema: {
        tags: ['users'],
        summary: "Change a user's role, or disable/enable them (disabling ends their sessions)",
        params: idParams,
        body: { ...objectBody({ role: tenantRole, disabled: { type: 'boolean' } }), minProperties: 1 },
        response: responses({ 200: userSchema }),
      },
    },
    async (request) => users.updateUser(ctx, actorOf(request), tenantOf(request), request.params.id, request.body),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/users/:id/sessions',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { id: 'users' } },
      schema: {
        tags: ['users'],
        summary: "The user's sessions that still work, newest first: when each began, until when, from which browser and address",
        params: idParams,
        response: responses({
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: { type: 'object', properties: { id: uuid, created_at: timestamp, expires_at: timestamp, user_agent: { type: ['string', 'null'] }, ip: { type: ['string', 'null'] }, current: { type: 'boolean', description: 'the session this request was made with' } } },
              },
            },
          },
        }),
      },
    },
    async (request) => users.listUserSessions(ctx, tenantOf(request), request.params.id, request.principal?.sessionId ?? null),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/users/:id/sessions',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { id: 'users' } },
      schema: {
        tags: ['users'],
        summary: 'Sign the user out everywhere: every session and refresh token ends now (your own current session is kept)',
        params: idParams,
        response: responses({ 200: { type: 'object', properties: { ended: { type: 'integer', description: 'how many sessions ended' } } } }),
      },
    },
    async (request) => users.endUserSessions(ctx, actorOf(request), tenantOf(request), request.params.id, request.principal?.sessionId ?? null),
  );

  app.get(
    '/api/v1/tenant/api-keys/scopes',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags: ['api keys'],
        summary: 'The scopes an API key can be given, each with what it allows',
        response: responses({ 200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { scope: { type: 'string' }, description: { type: 'string' } }, required: ['scope', 'description'] } } }, required: ['items'] } }),
      },
    },
    async () => ({ items: Object.entries(API_KEY_SCOPES).map(([scope, description]) => ({ scope, description })) }),
  );

  app.post<{ Body: { name: string; scopes: ApiKeyScope[] } }>(
    '/api/v1/tenant/api-keys',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key for server-to-server calls, with the scopes it may use; the key is in this response only',
        description:
          Object.entries(API_KEY_SCOPES)
            .map(([scope, what]) => `\`${scope}\`: ${what}`)
            .join('; ') + '. No key ever reaches admin routes (tenants, API keys, channels, settings).',
        body: objectBody(
          {
            name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]*$' },
            scopes: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', enum: Object.keys(API_KEY_SCOPES) }, example: ['users:read'] },
          },
          ['name', 'scopes'],
        ),
        response: responses({ 201: apiKeySchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await apiKeys.createApiKey(ctx, actorOf(request), tenantOf(request), request.body)),
  );

  app.get(
    '/api/v1/tenant/api-keys',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: { tags: ['api keys'], summary: "List the tenant's API keys (never the keys themselves)", response: responses({ 200: { type: 'object', properties: { items: { type: 'array', items: apiKeySchema } } } }) },
    },
    async (request) => apiKeys.listApiKeys(ctx, tenantOf(request)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/tenant/api-keys/:id',
    {
      config: { access: ACCESS.tenantAdmin, isolation: { id: 'api_keys' } },
      schema: { tags: ['api keys'], summary: 'Revoke an API key', params: idParams, response: responses({ 200: apiKeySchema }) },
    },
    async (request) => apiKeys.revokeApiKey(ctx, actorOf(request), tenantOf(request), request.params.id),
  );
}
