/**
 * One-time links that let a person set their password: a reset they ask for ("Forgot password?"), and
 * an invitation an admin sends (a user created without a password gets one). The link carries a random
 * token; only its SHA-256 is stored. It works once, until it expires, and a newer link of the same user
 * and purpose replaces it. It goes only to the person's own address, through the tenant's email channel
 * (SMS for people who have only a phone), and the stored copy of the message shows it masked.
 */
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { enqueueMessage } from '../messaging/messages.service.ts';
import { findTenantBySubdomain } from '../tenants/tenants.service.ts';
import { issueTokens, type TokenPair } from './auth.service.ts';
import { accountBucket, addressBucket, reserveAttempts } from './login-limiter.ts';
import { admitPasswordWork, checkNewPassword, hashPassword } from './passwords.ts';
import * as store from './password-links.store.ts';
import * as sessions from './sessions.store.ts';
import * as users from './users.store.ts';
import { newPasswordLinkToken, passwordLinkTenant, sha256, type AccessRole } from './tokens.ts';
import { assertMayManageRole, createUserIn } from './users.service.ts';

export const RESET_TTL_SECONDS = 30 * 60;
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;
/** Reset requests per account, and per address, in the login window. */
const RESET_REQUESTS_PER_ACCOUNT = 5;
const RESET_REQUESTS_PER_ADDRESS = 50;
/** Links an admin (or a key) may send one user an hour. */
const LINKS_PER_USER = 5;

function describeTtl(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${Math.round(seconds / 60)} minutes`;
}

/** Where a link takes the person: the web UI's page that asks for the new password. */
export function passwordLinkUrl(ctx: Context, token: string): string {
  return `${ctx.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

interface LinkTarget {
  tenantId: string;
  user: users.UserRow;
}

/**
 * Writes the link and queues its message, in the caller's transaction (the tenant's): the message is
 * sent if and only if the link exists. Answers the message id and when the link expires.
 */
async function createLink(ctx: Context, tx: Queryable, actor: Actor, target: LinkTarget, purpose: store.PasswordLinkPurpose): Promise<{ message_id: string; expires_at: string; channel: 'email' | 'sms' }> {
  const ttl = purpose === 'reset' ? RESET_TTL_SECONDS : INVITATION_TTL_SECONDS;
  const token = newPasswordLinkToken(target.tenantId);
  const row = await store.insertPasswordToken(tx, { tenantId: target.tenantId, userId: target.user.id, purpose, tokenHash: sha256(token), ttlSeconds: ttl, createdBy: actor.userId });
  const channel = target.user.email ? 'email' : 'sms';
  const url = passwordLinkUrl(ctx, token);
  const messageId = await enqueueMessage(ctx, tx, {
    tenantId: target.tenantId,
    channel,
    recipient: (target.user.email ?? target.user.phone)!,
    bundle: `${purpose === 'reset' ? 'password_reset' : 'invitation'}_${channel}`,
    userId: target.user.id,
    // business_name, support_email and login_url come from the tenant when the message is rendered
    variables: { expires_in: describeTtl(ttl), email: target.user.email, phone: target.user.phone },
    // the link grants access: sealed until sent, masked in the stored copy, gone once sent
    secretVariables: purpose === 'reset' ? { reset_url: url } : { invitation_url: url },
    related: { type: 'user', id: target.user.id },
  });
  await recordAudit(tx, actor, target.tenantId, purpose === 'reset' ? 'auth.password_reset_sent' : 'user.invitation_sent', { type: 'user', id: target.user.id }, { message_id: messageId, channel });
  return { message_id: messageId, expires_at: row.expires_at.toISOString(), channel };
}

/**
 * "Forgot password?": sends the account a reset link if it exists, is enabled and can be reached. The
 * answer is the same either way, and is given before the lookup is done, so neither it nor its timing
 * says whether the account exists. Limited per account and per address (429 too_many_attempts).
 */
export async function requestPasswordReset(ctx: Context, input: { email?: string | undefined; phone?: string | undefined; tenant?: string | undefined }, meta: { ip: string; requestId?: string | undefined }): Promise<void> {
  const identifier = input.email ?? input.phone;
  if (!identifier || (input.email && input.phone)) throw new AppError('validation_failed', 'ask with either email or phone, not both');
  const tenantKey = input.tenant?.toLowerCase() ?? null;
  await withSystem(ctx.db.app, (tx) =>
    reserveAttempts(
      tx,
      [
        { key: `reset-${accountBucket(tenantKey, identifier)}`, limit: RESET_REQUESTS_PER_ACCOUNT },
        { key: addressBucket(meta.ip, 'reset-ip'), limit: RESET_REQUESTS_PER_ADDRESS },
      ],
      ctx.config.loginWindow,
    ),
  );
  setImmediate(() => {
    sendResetLink(ctx, input, meta).catch((err) => ctx.log.error({ err, request_id: meta.requestId }, 'could not send a password reset link'));
  });
}

async function sendResetLink(ctx: Context, input: { email?: string | undefined; phone?: string | undefined; tenant?: string | undefined }, meta: { ip: string; requestId?: string | undefined }): Promise<void> {
  if (!input.tenant) {
    // global admins have no tenant channel to be reached through
    ctx.log.info({ request_id: meta.requestId }, 'password reset asked without a tenant: global admins reset theirs with `embark admin reset-password`');
    return;
  }
  const tenant = await findTenantBySubdomain(ctx, input.tenant);
  if (!tenant || !tenant.is_active) return;
  const user = await withTenant(ctx.db.app, tenant.id, (tx) => (input.email ? users.findUserByEmail(tx, tenant.id, input.email) : users.findUserByPhone(tx, tenant.id, input.phone!)));
  if (!user || user.disabled_at) return;
  const target = { tenantId: tenant.id, user };
  const actor: Actor = { userId: null, kind: 'system', impersonating: false, requestId: meta.requestId, ip: meta.ip };
  await withTenant(ctx.db.app, tenant.id, (tx) => createLink(ctx, tx, actor, target, 'reset'));
}

/**
 * An admin sends a user a link to choose their password: an invitation while they have never signed in,
 * a reset link afterwards.
 */
export async function sendPasswordLink(ctx: Context, actor: Actor, tenantId: string, userId: string) {
  const user = await withTenant(ctx.db.app, tenantId, (tx) => users.findUser(tx, tenantId, userId));
  if (!user || user.tenant_id !== tenantId) throw new AppError('user_not_found', `no user with id ${userId} in this tenant`);
  if (user.disabled_at) throw new AppError('user_disabled', 'the user is disabled; enable them first');
  assertMayManageRole(actor, user.role);
  // one person is not sent a mailbox full of links, whoever presses the button
  await withSystem(ctx.db.app, (tx) => reserveAttempts(tx, [{ key: `links:${user.id}`, limit: LINKS_PER_USER }], 3600));
  const purpose = user.last_login_at ? 'reset' : 'invitation';
  const target = { tenantId, user };
  const sent = await withTenant(ctx.db.app, tenantId, (tx) => createLink(ctx, tx, actor, target, purpose));
  return { kind: purpose, ...sent };
}

/**
 * A user created without a password: the account has none yet, and an invitation to choose one goes to
 * their address in the same transaction — instead of a temporary password nobody can read.
 */
export async function createInvitedUser(ctx: Context, actor: Actor, tenantId: string, input: { email: string; role: AccessRole }) {
  if (input.role === 'global_admin') throw new AppError('forbidden', 'global admins are created with `embark admin create`, not in a tenant');
  assertMayManageRole(actor, input.role);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const created = await createUserIn(ctx, tx, actor, { tenantId, email: input.email, role: input.role, passwordHash: null, mustChange: false });
    const user = (await users.findUser(tx, tenantId, created.id))!;
    const invitation = await createLink(ctx, tx, actor, { tenantId, user }, 'invitation');
    return { user: created, invitation };
  });
}

/**
 * Sets the password a link was sent for, ends every session the person had, and signs them in. The
 * link is used up in the same transaction, so two submissions of one link set one password.
 */
export async function confirmPasswordLink(ctx: Context, input: { token: string; new_password: string }, meta: { ip: string; userAgent?: string | undefined; requestId?: string | undefined }): Promise<TokenPair> {
  const invalid = () => new AppError('password_link_invalid', 'this link is unknown, was used, was replaced by a newer one, or has expired; ask for a new one');
  const named = passwordLinkTenant(input.token);
  if (!named) throw invalid();
  checkNewPassword(input.new_password);
  return admitPasswordWork(meta.ip, async () => {
    const found = await withSystem(ctx.db.app, (tx) => store.findPasswordToken(tx, named.tenantId, sha256(input.token)));
    if (!found || found.used_at || found.expires_at.getTime() <= Date.now()) throw invalid();
    const passwordHash = await hashPassword(input.new_password);
    return withTenant(ctx.db.app, found.tenant_id, async (tx) => {
      const token = await store.consumePasswordToken(tx, found.tenant_id, found.id);
      if (!token) throw invalid();
      const user = await users.findUser(tx, found.tenant_id, token.user_id);
      if (!user || user.disabled_at) throw invalid();
      const {
        rows: [tenant],
      } = await tx.query<{ is_active: boolean }>('select is_active from tenants where id = $1', [found.tenant_id]);
      if (!tenant?.is_active) throw new AppError('tenant_inactive', 'this tenant is deactivated; its users cannot sign in');
      await users.setPassword(tx, found.tenant_id, user.id, passwordHash, false);
      // an older invitation, or a reset link asked for meanwhile, must not set it again later
      await store.spendPasswordTokens(tx, found.tenant_id, user.id);
      await sessions.revokeUserSessions(tx, found.tenant_id, user.id, token.purpose === 'reset' ? 'password_reset' : 'invitation_accepted');
      const actor: Actor = { userId: user.id, kind: 'user', impersonating: false, requestId: meta.requestId, ip: meta.ip };
      await recordAudit(tx, actor, found.tenant_id, token.purpose === 'reset' ? 'auth.password_reset' : 'user.invitation_accepted', { type: 'user', id: user.id });
      const session = await sessions.insertSession(tx, { tenantId: user.tenant_id, userId: user.id, ttlSeconds: ctx.config.refreshTokenTtl, userAgent: meta.userAgent, ip: meta.ip });
      await users.touchLastLogin(tx, found.tenant_id, user.id);
      return issueTokens(ctx, tx, { ...user, must_change_password: false }, session.id);
    });
  });
}
