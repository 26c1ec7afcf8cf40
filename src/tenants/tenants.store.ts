import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';

export interface TenantRow {
  id: string;
  name: string;
  subdomain: string;
  is_active: boolean;
  deletion_requested_at: Date | null;
  erase_after: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface ProfileRow {
  business_name: string | null;
  website_url: string | null;
  phone_number: string | null;
  email: string | null;
  accent_color: string | null;
  /** null until someone first saves the profile. */
  updated_at: Date | null;
}

/** A profile as read, with its tenant's subdomain and what is known of its logo (not the bytes). */
export interface ProfileWithLogoRow extends ProfileRow {
  subdomain: string;
  logo_content_type: string | null;
  logo_size: number | null;
  logo_sha256: string | null;
  logo_updated_at: Date | null;
}

export interface LogoRow {
  content_type: string;
  data: Buffer;
  sha256: string;
  updated_at: Date;
}

/** What an active tenant shows of itself on its public pages. */
export interface PublicBrandingRow {
  business_name: string | null;
  accent_color: string | null;
  logo_sha256: string | null;
}

const COLUMNS = 'id, name, subdomain, is_active, deletion_requested_at, erase_after, created_at, updated_at';

export async function insertTenant(db: Queryable, input: { name: string; subdomain: string; isActive: boolean }): Promise<TenantRow> {
  const { rows } = await db.query(`insert into tenants (name, subdomain, is_active) values ($1, $2, $3) returning ${COLUMNS}`, [input.name, input.subdomain, input.isActive]);
  await db.query('insert into tenant_profiles (tenant_id) values ($1)', [rows[0].id]);
  return rows[0];
}

export async function findTenant(db: Queryable, id: string): Promise<TenantRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from tenants where id = $1`, [id]);
  return rows[0];
}

export async function findTenantBySubdomain(db: Queryable, subdomain: string): Promise<TenantRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from tenants where subdomain = $1`, [subdomain]);
  return rows[0];
}

export interface TenantFilter {
  readonly name?: string | undefined;
  readonly subdomain?: string | undefined;
}

// name and subdomain narrow the walk of tenants_created; they are no index conditions there
const TENANT_FILTER = `($1::text is null or name ilike '%' || $1 || '%') and ($2::text is null or subdomain like $2 || '%')`;

/** A page of every tenant, oldest first (global admins): from the start (offset 0) or after the tenant `start.after`. */
export async function listTenants(db: Queryable, filter: TenantFilter, start: PageStart, fetch: number): Promise<TenantRow[]> {
  const params = [filter.name ?? null, filter.subdomain ?? null, fetch];
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select ${COLUMNS} from tenants where ${TENANT_FILTER} order by created_at, id limit $3 offset $4`, [...params, start.offset])
      : db.query(
          `select ${COLUMNS} from tenants
        where ${TENANT_FILTER} and (created_at, id) > (select created_at, id from tenants where id = $4)
        order by created_at, id limit $3`,
          [...params, start.after],
        ),
  );
  return rows;
}

export async function countTenants(db: Queryable, filter: TenantFilter, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from tenants where ${TENANT_FILTER} limit $3) capped`, [filter.name ?? null, filter.subdomain ?? null, cap]);
  return rows[0].n;
}

export async function tenantExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from tenants where id = $1) as found', [id]);
  return rows[0].found;
}

export async function updateTenant(db: Queryable, id: string, patch: { name?: string | undefined; subdomain?: string | undefined; isActive?: boolean | undefined }): Promise<TenantRow | undefined> {
  const { rows } = await db.query(
    `update tenants set name = coalesce($2, name), subdomain = coalesce($3, subdomain), is_active = coalesce($4, is_active)
      where id = $1 returning ${COLUMNS}`,
    [id, patch.name ?? null, patch.subdomain ?? null, patch.isActive ?? null],
  );
  return rows[0];
}

/** Who a tenant's messages are from: its name and address, and what its profile says of itself. */
export interface SenderRow {
  name: string;
  subdomain: string;
  business_name: string | null;
  support_email: string | null;
}

export async function findSender(db: Queryable, tenantId: string): Promise<SenderRow | undefined> {
  const { rows } = await db.query(
    `select t.name, t.subdomain, p.business_name, p.email as support_email
       from tenants t left join tenant_profiles p on p.tenant_id = $1 where t.id = $1`,
    [tenantId],
  );
  return rows[0];
}

const PROFILE_COLUMNS = 'business_name, website_url, phone_number, email, accent_color, updated_at';

export async function findProfile(db: Queryable, tenantId: string): Promise<ProfileWithLogoRow | undefined> {
  // a named statement: the hot read of the console's profile (three tables under row-level security) is planned once per connection
  const { rows } = await db.query({
    name: 'embark_tenant_profile',
    text: `select p.business_name, p.website_url, p.phone_number, p.email, p.accent_color, p.updated_at, t.subdomain,
            l.content_type as logo_content_type, octet_length(l.data) as logo_size, l.sha256 as logo_sha256, l.updated_at as logo_updated_at
       from tenant_profiles p join tenants t on t.id = p.tenant_id left join tenant_logos l on l.tenant_id = p.tenant_id
      where p.tenant_id = $1`,
    values: [tenantId],
  });
  return rows[0];
}

/**
 * Replaces the profile's fields; the accent colour only when `accentColor` is given (a client that
 * does not know the field keeps the tenant's colour).
 */
export async function upsertProfile(db: Queryable, tenantId: string, profile: Omit<ProfileRow, 'updated_at' | 'accent_color'>, accentColor: { value: string | null } | undefined): Promise<ProfileRow> {
  const { rows } = await db.query(
    `insert into tenant_profiles (tenant_id, business_name, website_url, phone_number, email, accent_color, updated_at) values ($1, $2, $3, $4, $5, $6, now())
     on conflict (tenant_id) do update set business_name = excluded.business_name, website_url = excluded.website_url,
       phone_number = excluded.phone_number, email = excluded.email,
       accent_color = case when $7 then excluded.accent_color else tenant_profiles.accent_color end
     returning ${PROFILE_COLUMNS}`,
    [tenantId, profile.business_name, profile.website_url, profile.phone_number, profile.email, accentColor?.value ?? null, accentColor !== undefined],
  );
  return rows[0];
}

/** The branding an active tenant's public pages show, read in a system transaction by its id. */
export async function findPublicBranding(db: Queryable, tenantId: string): Promise<PublicBrandingRow | undefined> {
  const { rows } = await db.query(
    `select p.business_name, p.accent_color, l.sha256 as logo_sha256
       from tenant_profiles p left join tenant_logos l on l.tenant_id = p.tenant_id where p.tenant_id = $1`,
    [tenantId],
  );
  return rows[0];
}

export async function findLogo(db: Queryable, tenantId: string): Promise<LogoRow | undefined> {
  const { rows } = await db.query('select content_type, data, sha256, updated_at from tenant_logos where tenant_id = $1', [tenantId]);
  return rows[0];
}

export async function putLogo(db: Queryable, tenantId: string, logo: { contentType: string; data: Buffer; sha256: string }): Promise<void> {
  await db.query(
    `insert into tenant_logos (tenant_id, content_type, data, sha256) values ($1, $2, $3, $4)
     on conflict (tenant_id) do update set content_type = excluded.content_type, data = excluded.data, sha256 = excluded.sha256, updated_at = now()`,
    [tenantId, logo.contentType, logo.data, logo.sha256],
  );
}

/** Removes the logo; answers whether there was one. */
export async function deleteLogo(db: Queryable, tenantId: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from tenant_logos where tenant_id = $1', [tenantId]);
  return (rowCount ?? 0) > 0;
}

/** Marks the tenant for deletion (inactive from now on, erased after `graceDays`); a tenant already marked stays as it is. */
export async function markForDeletion(db: Queryable, id: string, graceDays: number): Promise<TenantRow | undefined> {
  const { rows } = await db.query(
    `update tenants set active_before_deletion = coalesce(active_before_deletion, is_active), is_active = false,
            deletion_requested_at = coalesce(deletion_requested_at, now()), erase_after = coalesce(erase_after, now() + make_interval(days => $2))
      where id = $1 returning ${COLUMNS}`,
    [id, graceDays],
  );
  return rows[0];
}

/** Takes the tenant off the deletion list, active again if it was before; undefined when it was not marked. */
export async function restoreFromDeletion(db: Queryable, id: string): Promise<TenantRow | undefined> {
  const { rows } = await db.query(
    `update tenants set is_active = active_before_deletion, active_before_deletion = null, deletion_requested_at = null, erase_after = null
      where id = $1 and deletion_requested_at is not null returning ${COLUMNS}`,
    [id],
  );
  return rows[0];
}

/** The tenants whose grace period is over, a few at a time. */
export async function tenantsDueForErasure(db: Queryable, now: Date, limit: number): Promise<TenantRow[]> {
  const { rows } = await db.query(`select ${COLUMNS} from tenants where erase_after <= $1 order by erase_after limit $2 for update skip locked`, [now, limit]);
  return rows;
}

/** Erases the tenant and, by their foreign keys, every row of its data. */
export async function eraseTenant(db: Queryable, id: string): Promise<void> {
  // the append-only logs (audit_log, events) let this transaction's cascade remove the tenant's rows
  await db.query(`select set_config('app.erasing_tenant', 'on', true)`);
  await db.query('delete from tenants where id = $1 and erase_after is not null', [id]);
  await db.query(`select set_config('app.erasing_tenant', '', true)`);
}
