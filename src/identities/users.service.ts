import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { checkNewPassword, generateTemporaryPassword, hashPassword } from './passwords.ts';
import { listOpenUserSessions, revokeUserSessions } from './sessions.store.ts';
import * as store from './users.store.ts';
import { accountBucket, forgiveAccount } from './login-limiter.ts';
import { spendPasswordTokens } from './password-links.store.ts';
import type { AccessRole } from './tokens.ts';
import { mapPage, readPage, UUID_KEY, type ListSpec, type Page, type PageQuery } from '../http/pagination.ts';

export interface User {
  id: string;
  tenant_id: string | null;
  email: string | null;
  phone: string | null;
  role: AccessRole;
  must_change_password: boolean;
  /** False for an account without a password yet (invited, or made by an identity provider). */
  password_set: boolean;
  disabled: boolean;
  last_login_at: string | null;
  created_at: string;
}

export function presentUser(row: store.UserRow): User {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    email: row.email,
    phone: row.phone,
    role: row.role,
    must_change_password: row.must_change_password,
    password_set: row.password_hash !== null,
    disabled: row.disabled_at !== null,
    last_login_at: row.last_login_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}

/**
 * Runs after a user row is inserted, in the same transaction. Other modules (messaging, onboarding)
 * declare one in MODULES (src/modules.ts) to act on new users without this module knowing them. `temporaryPassword` is set only
 * when Embark generated one; hooks must not store it in plain text.
 */
export type UserCreatedHook = (ctx: Context, tx: Queryable, event: { user: User; temporaryPassword: string | undefined; actor: Actor }) => Promise<void>;

export interface CreatedUser {
  user: User;
  /** Only for in-process callers (the CLI prints it once); never sent over HTTP, stored or logged. */
  temporaryPassword: string | undefined;
}

/**
 * Creates a user in the caller's transaction, with its audit entry and the module hooks. A null
 * password hash is an account that has no password yet (it was invited): no login can succeed until one
 * is set through a link.
 */
export async function createUserIn(ctx: Context, tx: Queryable, actor: Actor, input: { tenantId: string | null; email: string; role: AccessRole; passwordHash: string | null; mustChange: boolean; temporaryPassword?: string | undefined }): Promise<User> {
  return insert(ctx, tx, actor, { ...input, temporaryPassword: input.temporaryPassword });
}

async function insert(ctx: Context, tx: Queryable, actor: Actor, input: { tenantId: string | null; email: string; role: AccessRole; passwordHash: string | null; mustChange: boolean; temporaryPassword: string | undefined }): Promise<User> {
  try {
    const row = await store.insertUser(tx, { tenantId: input.tenantId, email: input.email, role: input.role, passwordHash: input.passwordHash, mustChangePassword: input.mustChange });
    const user = presentUser(row);
    await recordAudit(tx, actor, input.tenantId, 'user.created', { type: 'user', id: user.id }, { email: user.email, role: user.role, temporary_password: input.temporaryPassword !== undefined });
    for (const hook of ctx.hooks.userCreated) await hook(ctx, tx, { user, temporaryPassword: input.temporaryPassword, actor });
    return user;
  } catch (error) {
    if (['users_tenant_email_key', 'platform_admins_email_key'].includes((error as { constraint?: string }).constraint ?? '')) {
      throw new AppError('email_taken', `a user with email ${input.email} already exists here`);
    }
    throw error;
  }
}

async function passwordFor(password: string | undefined, client: string | null): Promise<{ hash: string; temporary: string | undefined }> {
  if (password !== undefined) {
    checkNewPassword(password);
    return { hash: await hashPassword(password, client), temporary: undefined };
  }
  const temporary = generateTemporaryPassword();
  return { hash: await hashPassword(temporary, client), temporary };
}

/** Creates a user in a tenant. Without a password, a temporary one is generated and must be changed at first login. */
/**
 * A tenant's backend (an API key) manages the tenant's people, not its administrators: a key that could
 * make or unmake a tenant admin would reach every admin route through the account it made.
 */
export function assertMayManageRole(actor: Actor, role: AccessRole | undefined): void {
  if (actor.kind === 'api_key' && role === 'tenant_admin') {
    throw new AppError('forbidden', 'an API key cannot make, change or disable tenant admins; a tenant admin does that');
  }
}

export async function createUser(ctx: Context, actor: Actor, tenantId: string, input: { email: string; role: AccessRole; password?: string | undefined }): Promise<CreatedUser> {
  if (input.role === 'global_admin') throw new AppError('forbidden', 'global admins are created with `embark admin create`, not in a tenant');
  assertMayManageRole(actor, input.role);
  const password = await passwordFor(input.password, actor.ip ?? null);
  const user = await withTenant(ctx.db.app, tenantId, (tx) => insert(ctx, tx, actor, { tenantId, email: input.email, role: input.role, passwordHash: password.hash, mustChange: password.temporary !== undefined, temporaryPassword: password.temporary }));
  return { user, temporaryPassword: password.temporary };
}

export async function createGlobalAdmin(ctx: Context, actor: Actor, input: { email: string; password?: string | undefined }): Promise<CreatedUser> {
  const password = await passwordFor(input.password, actor.ip ?? null);
  const user = await withSystem(ctx.db.app, (tx) => insert(ctx, tx, actor, { tenantId: null, email: input.email, role: 'global_admin', passwordHash: password.hash, mustChange: password.temporary !== undefined, temporaryPassword: password.temporary }));
  return { user, temporaryPassword: password.temporary };
}

/** The tenant's users, oldest first, a page at a time (src/http/pagination.ts). */
export async function listUsers(ctx: Context, tenantId: string, filter: store.UserFilter, query: PageQuery): Promise<Page<User>> {
  const spec: ListSpec<store.UserRow> = { list: 'users', scope: [tenantId, filter.role, filter.email], keyPattern: UUID_KEY, key: (row) => row.id };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listUsers(tx, tenantId, filter, start, fetch),
      count: (cap) => store.countUsers(tx, tenantId, filter, cap),
      exists: (id) => store.userExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, presentUser);
}

/** One user as their page shows them: the account, and what their signup and organisation say of them. */
export interface UserDetail extends User {
  app_role: string | null;
  signup_mode: string | null;
  organization: { id: string; name: string; role: string } | null;
}

export async function getUser(ctx: Context, tenantId: string, id: string): Promise<UserDetail> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.findUser(tx, tenantId, id);
    if (!row) throw new AppError('user_not_found', `no user with id ${id} in this tenant`);
    const context = await store.findUserContext(tx, tenantId, id);
    return {
      ...presentUser(row),
      app_role: context?.app_role ?? null,
      signup_mode: context?.signup_mode ?? null,
      organization: context?.organization_id && context.organization_name ? { id: context.organization_id, name: context.organization_name, role: context.organization_role ?? 'member' } : null,
    };
  });
}

/** A user of the tenant, or with tenantId null a global admin. */
export async function findUserById(ctx: Context, tenantId: string | null, id: string): Promise<User | undefined> {
  const row = tenantId === null ? await withSystem(ctx.db.app, (tx) => store.findUser(tx, null, id)) : await withTenant(ctx.db.app, tenantId, (tx) => store.findUser(tx, tenantId, id));
  return row && presentUser(row);
}

/** Changes role or disables/enables; disabling ends every session of that user at once. */
export async function updateUser(ctx: Context, actor: Actor, tenantId: string, id: string, patch: { role?: AccessRole | undefined; disabled?: boolean | undefined }): Promise<User> {
  if (patch.role === 'global_admin') throw new AppError('forbidden', 'a tenant user cannot be made a global admin');
  if (id === actor.userId && (patch.disabled || (patch.role && patch.role !== 'tenant_admin'))) {
    throw new AppError('forbidden', 'you cannot disable yourself or remove your own admin role; ask another admin');
  }
  assertMayManageRole(actor, patch.role);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    if (actor.kind === 'api_key') assertMayManageRole(actor, (await store.findUser(tx, tenantId, id))?.role);
    const row = await store.updateUser(tx, tenantId, id, patch);
    if (!row) throw new AppError('user_not_found', `no user with id ${id} in this tenant`);
    if (patch.disabled) {
      await revokeUserSessions(tx, tenantId, id, 'user_disabled');
      // a link sent before must not let them back in once they are enabled again
      await spendPasswordTokens(tx, tenantId, id);
    }
    await recordAudit(tx, actor, tenantId, 'user.updated', { type: 'user', id }, patch);
    return presentUser(row);
  });
}

export interface UserSession {
  id: string;
  created_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
  /** The session this request was made with: ending it signs the caller out. */
  current: boolean;
}

/** The user's sessions that still work, newest first (at most 100). */
export async function listUserSessions(ctx: Context, tenantId: string, id: string, currentSessionId: string | null): Promise<{ items: UserSession[] }> {
  const rows = await withTenant(ctx.db.app, tenantId, async (tx) => {
    if (!(await store.findUser(tx, tenantId, id))) throw new AppError('user_not_found', `no user with id ${id} in this tenant`);
    return listOpenUserSessions(tx, tenantId, id);
  });
  return { items: rows.map((row) => ({ id: row.id, created_at: row.created_at.toISOString(), expires_at: row.expires_at.toISOString(), user_agent: row.user_agent, ip: row.ip, current: row.id === currentSessionId })) };
}

/**
 * Signs the user out everywhere: every session ends at once, and with it every refresh token. An admin
 * ending their own keeps the session they are using (the others end), so the page they are on still works.
 */
export async function endUserSessions(ctx: Context, actor: Actor, tenantId: string, id: string, currentSessionId: string | null): Promise<{ ended: number }> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    if (!(await store.findUser(tx, tenantId, id))) throw new AppError('user_not_found', `no user with id ${id} in this tenant`);
    const before = (await listOpenUserSessions(tx, tenantId, id)).filter((s) => s.id !== currentSessionId).length;
    await revokeUserSessions(tx, tenantId, id, 'revoked_by_admin', id === actor.userId ? (currentSessionId ?? undefined) : undefined);
    await recordAudit(tx, actor, tenantId, 'user.sessions_revoked', { type: 'user', id }, { sessions: before });
    return { ended: before };
  });
}

/** A global admin's new password (temporary unless given), ending all their sessions: `embark admin reset-password`. */
export async function resetGlobalAdminPassword(ctx: Context, actor: Actor, input: { email: string; password?: string | undefined }): Promise<CreatedUser> {
  const password = await passwordFor(input.password, null);
  return withSystem(ctx.db.app, async (tx) => {
    const row = await store.findUserByEmail(tx, null, input.email);
    if (!row || row.role !== 'global_admin') throw new AppError('user_not_found', `no global admin has the email ${input.email}`);
    await store.setPassword(tx, null, row.id, password.hash, password.temporary !== undefined);
    await revokeUserSessions(tx, null, row.id, 'password_reset');
    // an operator let them in again: failed logins others made at the account no longer lock it
    await forgiveAccount(tx, [accountBucket(null, row.email!, row.id), accountBucket(null, row.email!)]);
    await recordAudit(tx, actor, null, 'auth.password_reset', { type: 'user', id: row.id }, { temporary_password: password.temporary !== undefined });
    return { user: presentUser({ ...row, must_change_password: password.temporary !== undefined }), temporaryPassword: password.temporary };
  });
}

/** The tenant's user with this email, in the caller's transaction. */
export async function findUserByEmailIn(tx: Queryable, tenantId: string, email: string): Promise<User | undefined> {
  const row = await store.findUserByEmail(tx, tenantId, email);
  return row && presentUser(row);
}

/** The tenant's enabled admins with an email, in the caller's transaction. */
export async function tenantAdminsIn(tx: Queryable, tenantId: string): Promise<{ id: string; email: string }[]> {
  return store.adminEmails(tx, tenantId);
}
