import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { admitPasswordWork, checkNewPassword, hashPassword, verifyPassword } from './passwords.ts';
import { deviceTokenUser, newRefreshToken, refreshTokenHome, sha256, signAccessToken, signDeviceToken, type AccessRole } from './tokens.ts';
import { accountBucket, forgetOldFailures, loginBuckets, releaseAttempt, reserveAttempts } from './login-limiter.ts';
import * as sessions from './sessions.store.ts';
import { spendPasswordTokens } from './password-links.store.ts';
import * as users from './users.store.ts';
import { findTenantBySubdomain } from '../tenants/tenants.service.ts';
import type { Principal } from '../http/access.ts';

export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  must_change_password: boolean;
  user: { id: string; email: string | null; role: AccessRole; tenant_id: string | null };
}

interface ClientMeta {
  readonly ip: string;
  readonly userAgent?: string | undefined;
  readonly requestId?: string | undefined;
}

/** A new refresh token and access token for the session. */
export async function issueTokens(ctx: Context, tx: Queryable, user: users.UserRow, sessionId: string): Promise<TokenPair> {
  const refreshToken = newRefreshToken(user.tenant_id);
  await sessions.insertRefreshToken(tx, user.tenant_id, sessionId, sha256(refreshToken));
  const accessToken = await signAccessToken(ctx.keys.tokenSigning, { userId: user.id, sessionId, tenantId: user.tenant_id, role: user.role }, ctx.config.accessTokenTtl);
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ctx.config.accessTokenTtl,
    refresh_token: refreshToken,
    must_change_password: user.must_change_password,
    user: { id: user.id, email: user.email, role: user.role, tenant_id: user.tenant_id },
  };
}

const INVALID = () => new AppError('invalid_credentials', 'the email, password or tenant is not right');

/** How long a device token marks its browser as known for its user's logins. */
const DEVICE_TOKEN_MAX_AGE = 180 * 24 * 3600;

export interface LoginInput {
  email?: string | undefined;
  phone?: string | undefined;
  password: string;
  tenant?: string | undefined;
  /** From an earlier login of this user in this browser (see signDeviceToken). */
  device_token?: string | undefined;
}

/**
 * Logs in a tenant user (tenant = subdomain) or a global admin (no tenant). Every failure reads the
 * same, and costs one argon2 verification, so the answer never tells whether an email exists.
 * The attempt is reserved against the account's and the address's limits before the password is
 * checked, so no amount of concurrency checks more passwords than the limits allow.
 */
export async function login(ctx: Context, input: LoginInput, meta: ClientMeta): Promise<TokenPair & { device_token: string }> {
  const limits = { maxFailures: ctx.config.loginMaxFailures, windowSeconds: ctx.config.loginWindow };
  const tenantKey = input.tenant?.toLowerCase() ?? null;
  // who is asking: an email, or — for people who signed up with a phone number only — a phone number
  const identifier = input.email ?? input.phone;
  if (!identifier || (input.email && input.phone)) throw new AppError('validation_failed', 'log in with either email or phone, not both');
  if (input.phone && !input.tenant) throw INVALID();
  const loginName = `${tenantKey ?? ''}\u0000${identifier}`;
  // a device this login was made from before goes ahead of strangers', and past their address limit
  const deviceUser = deviceTokenUser(ctx.keys.deviceTokens, input.device_token, loginName, DEVICE_TOKEN_MAX_AGE);

  return admitPasswordWork(
    meta.ip,
    async () => {
      const tenant = input.tenant ? await findTenantBySubdomain(ctx, input.tenant) : undefined;
      const user = input.tenant && !tenant ? undefined : await withSystem(ctx.db.app, (tx) => (input.email ? users.findUserByEmail(tx, tenant?.id ?? null, input.email) : users.findUserByPhone(tx, tenant!.id, input.phone!)));
      const knownDevice = user !== undefined && deviceUser === user.id;
      // counted by the person, however they name themselves (email or phone); by the name typed when nobody has it
      const account = accountBucket(tenantKey, identifier, user?.id);
      const buckets = loginBuckets(limits, { account, ip: meta.ip, device: knownDevice ? input.device_token : undefined });
      // a right password forgives the account's failures (and the device's), never the address's
      const forgive = [account, ...(knownDevice ? [buckets[0]!.key] : [])];
      const reservation = await withSystem(ctx.db.app, (tx) => reserveAttempts(tx, buckets, limits.windowSeconds, forgive));
      const passwordOk = await verifyPassword(user?.password_hash, input.password, meta.ip);

      if (!user || !passwordOk || user.disabled_at) {
        await withSystem(ctx.db.app, (tx) => forgetOldFailures(tx, limits));
        throw INVALID();
      }
      // only said once the password proved who is asking
      if (tenant && !tenant.is_active) throw new AppError('tenant_inactive', 'this tenant is deactivated; its users cannot log in');

      return withSystem(ctx.db.app, async (tx) => {
        await releaseAttempt(tx, reservation);
        await users.touchLastLogin(tx, user.tenant_id, user.id);
        const session = await sessions.insertSession(tx, { tenantId: user.tenant_id, userId: user.id, ttlSeconds: ctx.config.refreshTokenTtl, userAgent: meta.userAgent, ip: meta.ip });
        await recordAudit(tx, { userId: user.id, kind: 'user', impersonating: false, requestId: meta.requestId, ip: meta.ip }, user.tenant_id, 'auth.login', { type: 'user', id: user.id });
        return { ...(await issueTokens(ctx, tx, user, session.id)), device_token: signDeviceToken(ctx.keys.deviceTokens, user.id, loginName) };
      });
    },
    { priority: deviceUser !== undefined },
  );
}

/**
 * Exchanges a refresh token for a new pair. Each refresh token works once; presenting a used one
 * means it was copied, so the whole session is revoked.
 */
export async function refresh(ctx: Context, refreshToken: string): Promise<TokenPair> {
  const home = refreshTokenHome(refreshToken);
  const tokenHash = sha256(refreshToken);
  const outcome = await withSystem(ctx.db.app, async (tx) => {
    const state = home && (await sessions.lockRefreshToken(tx, home, tokenHash));
    if (!state || state.revoked_at || state.expired) return { error: 'invalid' as const };
    if (state.used_at) {
      await sessions.revokeSession(tx, state.tenant_id, state.session_id, 'refresh_token_reused');
      return { error: 'reused' as const };
    }
    const user = await users.findUser(tx, state.tenant_id, state.user_id);
    if (!user || user.disabled_at) return { error: 'invalid' as const };
    if (user.tenant_id) {
      const { rows } = await tx.query('select is_active from tenants where id = $1', [user.tenant_id]);
      if (!rows[0]?.is_active) return { error: 'inactive' as const };
    }
    await sessions.markRefreshTokenUsed(tx, state.tenant_id, tokenHash);
    return { pair: await issueTokens(ctx, tx, user, state.session_id) };
  });
  if (outcome.error === 'inactive') throw new AppError('tenant_inactive', 'this tenant is deactivated');
  if (outcome.error) {
    throw new AppError('refresh_token_invalid', outcome.error === 'reused' ? 'this refresh token was already used; the session has been revoked, log in again' : 'the refresh token is unknown, expired or revoked; log in again');
  }
  return outcome.pair!;
}

/** Ends the session the refresh token belongs to. Unknown tokens are ignored: logging out is idempotent. */
export async function logout(ctx: Context, refreshToken: string): Promise<void> {
  const home = refreshTokenHome(refreshToken);
  if (!home) return;
  await withSystem(ctx.db.app, async (tx) => {
    const state = await sessions.lockRefreshToken(tx, home, sha256(refreshToken));
    if (state) await sessions.revokeSession(tx, state.tenant_id, state.session_id, 'logout');
  });
}

/** Changes the caller's password, ends their other sessions, and returns fresh tokens for this one. */
export async function changePassword(ctx: Context, principal: Principal, actor: Actor, input: { current_password: string; new_password: string }): Promise<TokenPair> {
  if (principal.kind !== 'user' || !principal.userId || !principal.sessionId) throw new AppError('forbidden', 'only users have passwords');
  checkNewPassword(input.new_password);
  const run = <T>(fn: (tx: Queryable) => Promise<T>) => (principal.homeTenantId ? withTenant(ctx.db.app, principal.homeTenantId, fn) : withSystem(ctx.db.app, fn));
  return admitPasswordWork(actor.ip ?? principal.userId, async () => {
    const user = await run((tx) => users.findUser(tx, principal.homeTenantId, principal.userId!));
    if (!user) throw new AppError('unauthenticated', 'the account no longer exists');
    if (!(await verifyPassword(user.password_hash, input.current_password))) throw new AppError('current_password_incorrect', 'the current password is not right');
    if (input.new_password === input.current_password) throw new AppError('weak_password', 'the new password must differ from the current one');
    const passwordHash = await hashPassword(input.new_password);
    return run(async (tx) => {
      await users.setPassword(tx, user.tenant_id, user.id, passwordHash, false);
      // a reset or invitation link sent before no longer sets it
      if (user.tenant_id) await spendPasswordTokens(tx, user.tenant_id, user.id);
      await sessions.revokeUserSessions(tx, user.tenant_id, user.id, 'password_changed', principal.sessionId!);
      await recordAudit(tx, actor, user.tenant_id, 'auth.password_changed', { type: 'user', id: user.id });
      return issueTokens(ctx, tx, { ...user, must_change_password: false }, principal.sessionId!);
    });
  });
}
