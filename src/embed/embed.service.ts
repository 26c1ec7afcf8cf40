import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit/audit.service.ts';
import { isUuid } from '../db/tx.ts';
import type { AccessRole } from '../identities/tokens.ts';
import { findUserById } from '../identities/users.service.ts';
import { findTenantById } from '../tenants/tenants.service.ts';
import * as checklists from '../checklists/checklists.service.ts';
import { signEmbedToken, verifyEmbedToken } from './embed-tokens.ts';

/**
 * A token for the <embark-checklist> widget, for one user of the tenant, minted by the tenant's
 * backend with an API key (scope embed:mint) or by a tenant admin. Not recorded: a backend mints one
 * per page view, and the token reaches only what the user could read and mark themself.
 */
export async function mintEmbedToken(ctx: Context, tenantId: string, userId: string, ttlSeconds?: number) {
  const user = await findUserById(ctx, tenantId, userId);
  if (!user) throw new AppError('user_not_found', `no user with id ${userId} in this tenant`);
  if (user.disabled) throw new AppError('embed_user_disabled', `user ${userId} is disabled; enable them before minting an embed token`);
  const { token, expiresAt } = await signEmbedToken(ctx.keys.embedTokens, { tenantId, userId }, ttlSeconds);
  return { token, user_id: userId, expires_at: expiresAt.toISOString() };
}

/** Who an embed token acts for: its user, still there and enabled, in its tenant, still active. */
export async function authenticateEmbedToken(ctx: Context, token: string): Promise<{ tenantId: string; userId: string; role: AccessRole }> {
  const claims = await verifyEmbedToken(ctx.keys.embedTokens, token);
  if (!isUuid(claims.tenantId) || !isUuid(claims.userId)) throw new AppError('unauthenticated', 'the embed token is malformed');
  const tenant = await findTenantById(ctx, claims.tenantId);
  if (!tenant) throw new AppError('unauthenticated', 'the embed token is invalid');
  if (!tenant.is_active) throw new AppError('tenant_inactive', 'the tenant is deactivated');
  const user = await findUserById(ctx, claims.tenantId, claims.userId);
  if (!user || user.disabled) throw new AppError('unauthenticated', 'the user of this embed token no longer exists or is disabled');
  return { tenantId: claims.tenantId, userId: claims.userId, role: user.role };
}

type Status = Awaited<ReturnType<typeof checklists.statusOfUser>>['items'][number];

/**
 * A checklist as the widget shows it: what the user sees on their own home, without the ids of the
 * other members who completed organisation tasks (a token in a page grants only the user's own view).
 */
function presentForEmbed(status: Status) {
  return {
    key: status.key,
    title: status.title,
    scope: status.scope,
    tasks: status.tasks.map((t) => ({ slug: t.slug, title: t.title, description: t.description, link: t.link, required: t.required, manual: t.rule === 'manual', completed: t.completed, completed_at: t.completed_at })),
    progress: status.progress,
    completed: status.completed,
    current_stage: status.current_stage,
    dismissed_at: status.dismissed_at,
  };
}

export async function embedStatus(ctx: Context, tenantId: string, userId: string) {
  const { items } = await checklists.statusOfUser(ctx, tenantId, userId);
  return { items: items.map(presentForEmbed) };
}

export async function embedMarkManual(ctx: Context, actor: Actor, tenantId: string, userId: string, slug: string, checklist: string | undefined, completed: boolean) {
  await checklists.markManual(ctx, actor, tenantId, userId, slug, checklist, completed);
  return embedStatus(ctx, tenantId, userId);
}

export async function embedDismiss(ctx: Context, tenantId: string, userId: string, checklist: string | undefined, dismissed: boolean) {
  await checklists.setDismissed(ctx, tenantId, userId, checklist, dismissed);
  return embedStatus(ctx, tenantId, userId);
}
