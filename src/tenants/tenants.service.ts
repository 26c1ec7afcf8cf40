import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit.service.ts';
import { appendEvent, eventActor } from '../events/events.service.ts';
import type { Queryable } from '../db/pool.ts';
import * as store from './tenants.store.ts';
import type { ProfileRow, ProfileWithLogoRow, SenderRow, TenantRow } from './tenants.store.ts';
import { accentTextColor, checkLogo, logoUrl, normalizeAccent } from './branding.ts';
import { mapPage, readPage, UUID_KEY, type ListSpec, type Page, type PageQuery } from '../http/pagination.ts';

export type { SenderRow as MessageSender } from './tenants.store.ts';

/** Names that would collide with Embark's own hosts or confuse people if a tenant took them. */
export const RESERVED_SUBDOMAINS = new Set([
  'www',
  'api',
  'admin',
  'app',
  'apps',
  'auth',
  'login',
  'logout',
  'signup',
  'account',
  'accounts',
  'dashboard',
  'mail',
  'email',
  'smtp',
  'imap',
  'pop',
  'ftp',
  'ns',
  'ns1',
  'ns2',
  'dns',
  'mx',
  'cdn',
  'static',
  'assets',
  'status',
  'help',
  'support',
  'docs',
  'blog',
  'dev',
  'staging',
  'test',
  'localhost',
  'root',
  'system',
  'embark',
  'webhooks',
  'webhook',
  'internal',
  'billing',
  'security',
  'console',
]);

export interface Tenant {
  id: string;
  name: string;
  subdomain: string;
  is_active: boolean;
  /** Set while the tenant is marked for deletion. */
  deletion: { requested_at: string; erase_after: string } | null;
  created_at: string;
  updated_at: string;
}

function present(row: TenantRow): Tenant {
  const { deletion_requested_at: requestedAt, erase_after: eraseAfter, ...rest } = row;
  return {
    ...rest,
    deletion: requestedAt && eraseAfter ? { requested_at: requestedAt.toISOString(), erase_after: eraseAfter.toISOString() } : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function checkSubdomain(subdomain: string): void {
  if (RESERVED_SUBDOMAINS.has(subdomain)) throw new AppError('subdomain_reserved', `the subdomain ${JSON.stringify(subdomain)} is reserved; choose another`);
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === constraint;
}

export async function createTenant(ctx: Context, actor: Actor, input: { name: string; subdomain: string; is_active?: boolean | undefined }): Promise<Tenant> {
  checkSubdomain(input.subdomain);
  try {
    return await withSystem(ctx.db.app, async (tx) => {
      const row = await store.insertTenant(tx, { name: input.name, subdomain: input.subdomain, isActive: input.is_active ?? true });
      await recordAudit(tx, actor, row.id, 'tenant.created', { type: 'tenant', id: row.id }, { name: row.name, subdomain: row.subdomain });
      return present(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'tenants_subdomain_key')) throw new AppError('subdomain_taken', `the subdomain ${JSON.stringify(input.subdomain)} is already used by another tenant`);
    throw error;
  }
}

export async function findTenantById(ctx: Context, id: string): Promise<Tenant | undefined> {
  const row = await withSystem(ctx.db.app, (tx) => store.findTenant(tx, id));
  return row && present(row);
}

export async function getTenant(ctx: Context, id: string): Promise<Tenant> {
  const tenant = await findTenantById(ctx, id);
  if (!tenant) throw new AppError('tenant_not_found', `no tenant has id ${id}`);
  return tenant;
}

export async function findTenantBySubdomain(ctx: Context, subdomain: string): Promise<Tenant | undefined> {
  const row = await withSystem(ctx.db.app, (tx) => store.findTenantBySubdomain(tx, subdomain.toLowerCase()));
  return row && present(row);
}

/**
 * The tenant's own sign-in page, where its users sign in without naming the tenant (web/src/router.ts
 * serves it). Every message that links to sign-in uses this address.
 */
export function tenantLoginUrl(publicUrl: string, subdomain: string): string {
  return `${publicUrl}/t/${encodeURIComponent(subdomain)}/login`;
}

/** Who the tenant's messages are from, read in the caller's transaction; undefined for an unknown tenant. */
export async function findMessageSender(tx: Queryable, tenantId: string): Promise<SenderRow | undefined> {
  return store.findSender(tx, tenantId);
}

/** What a tenant's public pages (sign-in, signup, password) show of it: nothing beyond its face. */
export interface PublicTenant {
  name: string;
  subdomain: string;
  business_name: string | null;
  accent_color: string | null;
  accent_text_color: string | null;
  logo_url: string | null;
}

/** A tenant's name, subdomain and branding, for its public pages: only an active tenant is found. */
export async function getPublicTenant(ctx: Context, subdomain: string): Promise<PublicTenant> {
  return withSystem(ctx.db.app, async (tx) => {
    const row = await store.findTenantBySubdomain(tx, subdomain.toLowerCase());
    // an inactive tenant answers as an unknown one: its sign-in page must not say it exists
    if (!row || !row.is_active) throw new AppError('tenant_not_found', `no active tenant has the subdomain ${JSON.stringify(subdomain)}`);
    const branding = await store.findPublicBranding(tx, row.id);
    const accent = branding?.accent_color ?? null;
    return {
      name: row.name,
      subdomain: row.subdomain,
      business_name: branding?.business_name ?? null,
      accent_color: accent,
      accent_text_color: accent && accentTextColor(accent),
      logo_url: branding?.logo_sha256 ? logoUrl(row.subdomain, branding.logo_sha256) : null,
    };
  });
}

/** An active tenant's logo, for anyone (its public pages show it). */
export async function getPublicLogo(ctx: Context, subdomain: string): Promise<store.LogoRow> {
  return withSystem(ctx.db.app, async (tx) => {
    const row = await store.findTenantBySubdomain(tx, subdomain.toLowerCase());
    if (!row || !row.is_active) throw new AppError('tenant_not_found', `no active tenant has the subdomain ${JSON.stringify(subdomain)}`);
    const logo = await store.findLogo(tx, row.id);
    if (!logo) throw new AppError('logo_not_found', 'this tenant has no logo');
    return logo;
  });
}

/** Every tenant, oldest first, a page at a time (src/http/pagination.ts): a global admin's list. */
export async function listTenants(ctx: Context, filter: store.TenantFilter, query: PageQuery): Promise<Page<Tenant>> {
  const spec: ListSpec<TenantRow> = { list: 'tenants', scope: [filter.name, filter.subdomain], keyPattern: UUID_KEY, key: (row) => row.id };
  const page = await withSystem(ctx.db.app, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listTenants(tx, filter, start, fetch),
      count: (cap) => store.countTenants(tx, filter, cap),
      exists: (id) => store.tenantExists(tx, id),
    }),
  );
  return mapPage(page, present);
}

export async function updateTenant(ctx: Context, actor: Actor, id: string, patch: { name?: string | undefined; subdomain?: string | undefined; is_active?: boolean | undefined }): Promise<Tenant> {
  if (patch.subdomain) checkSubdomain(patch.subdomain);
  try {
    return await withSystem(ctx.db.app, async (tx) => {
      if (patch.is_active === true && (await store.findTenant(tx, id))?.deletion_requested_at) {
        throw new AppError('tenant_marked_for_deletion', 'the tenant is marked for deletion; restore it (POST /api/v1/admin/tenants/:id/restore) to activate it again');
      }
      const row = await store.updateTenant(tx, id, { name: patch.name, subdomain: patch.subdomain, isActive: patch.is_active });
      if (!row) throw new AppError('tenant_not_found', `no tenant has id ${id}`);
      await recordAudit(tx, actor, id, 'tenant.updated', { type: 'tenant', id }, patch);
      await appendEvent(tx, id, { type: 'tenant.updated', subject: { type: 'tenant', id }, actor: eventActor(actor), payload: { tenant_id: id, name: row.name, subdomain: row.subdomain, is_active: row.is_active } });
      return present(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'tenants_subdomain_key')) throw new AppError('subdomain_taken', `the subdomain ${JSON.stringify(patch.subdomain)} is already used by another tenant`);
    throw error;
  }
}

export interface Profile {
  business_name: string | null;
  website_url: string | null;
  phone_number: string | null;
  email: string | null;
  accent_color: string | null;
  /** Black or white, whichever is more readable on the accent colour; null without one. */
  accent_text_color: string | null;
  logo: { url: string; content_type: string; size: number; updated_at: string } | null;
  /** When someone last saved the profile's fields; null until the first save. */
  updated_at: string | null;
}

export type ProfileInput = Omit<ProfileRow, 'updated_at' | 'accent_color'> & { accent_color?: string | null | undefined };

function presentProfile(row: ProfileWithLogoRow): Profile {
  return {
    business_name: row.business_name,
    website_url: row.website_url,
    phone_number: row.phone_number,
    email: row.email,
    accent_color: row.accent_color,
    accent_text_color: row.accent_color && accentTextColor(row.accent_color),
    logo: row.logo_sha256 && row.logo_content_type && row.logo_updated_at ? { url: logoUrl(row.subdomain, row.logo_sha256), content_type: row.logo_content_type, size: Number(row.logo_size), updated_at: row.logo_updated_at.toISOString() } : null,
    updated_at: row.updated_at?.toISOString() ?? null,
  };
}

async function readProfile(tx: Queryable, tenantId: string): Promise<Profile> {
  const row = await store.findProfile(tx, tenantId);
  if (!row) throw new AppError('tenant_not_found', `no tenant has id ${tenantId}`);
  return presentProfile(row);
}

export async function getProfile(ctx: Context, tenantId: string): Promise<Profile> {
  return withTenant(ctx.db.app, tenantId, (tx) => readProfile(tx, tenantId));
}

export async function putProfile(ctx: Context, actor: Actor, tenantId: string, input: ProfileInput): Promise<Profile> {
  const { accent_color: accentInput, ...fields } = input;
  const accent = accentInput === undefined ? undefined : { value: normalizeAccent(accentInput) };
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await store.upsertProfile(tx, tenantId, fields, accent);
    await recordAudit(tx, actor, tenantId, 'tenant.profile_updated', { type: 'tenant', id: tenantId });
    const profile = { ...fields, ...(accent ? { accent_color: accent.value } : {}) };
    await appendEvent(tx, tenantId, { type: 'tenant.updated', subject: { type: 'tenant', id: tenantId }, actor: eventActor(actor), payload: { tenant_id: tenantId, profile } });
    return readProfile(tx, tenantId);
  });
}

/** Stores the tenant's logo (replacing any), after checking its type, size and bytes (branding.ts). */
export async function putLogo(ctx: Context, actor: Actor, tenantId: string, contentType: string | undefined, body: unknown): Promise<Profile> {
  const logo = checkLogo(contentType, body);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await store.putLogo(tx, tenantId, logo);
    await recordAudit(tx, actor, tenantId, 'tenant.logo_updated', { type: 'tenant', id: tenantId }, { content_type: logo.contentType, size: logo.data.length, sha256: logo.sha256 });
    return readProfile(tx, tenantId);
  });
}

/** Removes the tenant's logo; removing none changes nothing and is no error. */
export async function deleteLogo(ctx: Context, actor: Actor, tenantId: string): Promise<Profile> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    if (await store.deleteLogo(tx, tenantId)) await recordAudit(tx, actor, tenantId, 'tenant.logo_removed', { type: 'tenant', id: tenantId });
    return readProfile(tx, tenantId);
  });
}

/**
 * Marks the tenant for deletion: inactive at once (its users, sessions and keys refused, inbound
 * traffic refused), erased with all its data by the worker after the grace period, restorable until
 * then. Asking again changes nothing. The request is recorded in the global audit log, which outlives
 * the tenant.
 */
export async function requestTenantDeletion(ctx: Context, actor: Actor, id: string): Promise<Tenant> {
  return withSystem(ctx.db.app, async (tx) => {
    const before = await store.findTenant(tx, id);
    if (!before) throw new AppError('tenant_not_found', `no tenant has id ${id}`);
    const row = (await store.markForDeletion(tx, id, ctx.config.tenantDeletionGraceDays))!;
    if (!before.deletion_requested_at) {
      await recordAudit(tx, actor, null, 'tenant.deletion_requested', { type: 'tenant', id }, { name: row.name, subdomain: row.subdomain, erase_after: row.erase_after!.toISOString() });
      await appendEvent(tx, id, { type: 'tenant.updated', subject: { type: 'tenant', id }, actor: eventActor(actor), payload: { tenant_id: id, name: row.name, subdomain: row.subdomain, is_active: false, deletion: present(row).deletion } });
    }
    return present(row);
  });
}

/** Takes a tenant marked for deletion off the list, as active as it was before. */
export async function restoreTenant(ctx: Context, actor: Actor, id: string): Promise<Tenant> {
  return withSystem(ctx.db.app, async (tx) => {
    const row = await store.restoreFromDeletion(tx, id);
    if (!row) {
      if (await store.findTenant(tx, id)) throw new AppError('tenant_not_marked_for_deletion', 'the tenant is not marked for deletion');
      throw new AppError('tenant_not_found', `no tenant has id ${id} (an erased tenant cannot be restored)`);
    }
    await recordAudit(tx, actor, null, 'tenant.deletion_cancelled', { type: 'tenant', id }, { name: row.name, subdomain: row.subdomain });
    await appendEvent(tx, id, { type: 'tenant.updated', subject: { type: 'tenant', id }, actor: eventActor(actor), payload: { tenant_id: id, name: row.name, subdomain: row.subdomain, is_active: row.is_active, deletion: null } });
    return present(row);
  });
}

/** The worker's sweep: erases the tenants whose grace period is over, each in its own transaction. Answers how many. */
export async function eraseDueTenants(ctx: Context, now = new Date()): Promise<number> {
  let erased = 0;
  for (;;) {
    const done = await withSystem(ctx.db.app, async (tx) => {
      const [row] = await store.tenantsDueForErasure(tx, now, 1);
      if (!row) return false;
      await store.eraseTenant(tx, row.id);
      await recordAudit(tx, SYSTEM_ACTOR, null, 'tenant.erased', { type: 'tenant', id: row.id }, { name: row.name, subdomain: row.subdomain, deletion_requested_at: row.deletion_requested_at?.toISOString() });
      return true;
    });
    if (!done) return erased;
    erased += 1;
  }
}
