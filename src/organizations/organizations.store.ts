import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';

export interface OrganizationRow {
  id: string;
  name: string;
  external_id: string | null;
  created_by: string | null;
  member_count: number;
  created_at: Date;
  updated_at: Date;
}

export type MemberRole = 'owner' | 'admin' | 'member';

export interface MemberRow {
  user_id: string;
  email: string | null;
  role: MemberRole;
  joined_at: Date;
}

const COLUMNS = `o.id, o.name, o.external_id, o.created_by, o.created_at, o.updated_at,
  (select count(*)::int from organization_members m where m.tenant_id = o.tenant_id and m.organization_id = o.id) as member_count`;

export async function insertOrganization(db: Queryable, tenantId: string, input: { name: string; externalId: string | null; createdBy: string | null }): Promise<OrganizationRow> {
  const { rows } = await db.query(
    `insert into organizations (tenant_id, name, external_id, created_by) values ($1, $2, $3, $4)
     returning id, name, external_id, created_by, created_at, updated_at, 0 as member_count`,
    [tenantId, input.name, input.externalId, input.createdBy],
  );
  return rows[0];
}

export async function findOrganization(db: Queryable, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from organizations o where o.tenant_id = $1 and o.id = $2 and o.deleted_at is null${options.lock ? ' for update of o' : ''}`, [tenantId, id]);
  return rows[0];
}

/** Whether the tenant ever had the organisation: it exists, or it was deleted. */
export async function organizationWasDeleted(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from organizations where tenant_id = $1 and id = $2 and deleted_at is not null) as found', [tenantId, id]);
  return rows[0].found;
}

export interface OrganizationFilter {
  readonly externalId?: string | undefined;
  readonly name?: string | undefined;
}

const FILTER = `o.deleted_at is null and ($2::text is null or o.external_id = $2) and ($3::text is null or o.name ilike '%' || $3 || '%')`;

/** A page of the tenant's organisations, oldest first, walking organizations_created. */
export async function listOrganizations(db: Queryable, tenantId: string, filter: OrganizationFilter, start: PageStart, fetch: number): Promise<OrganizationRow[]> {
  const params = [tenantId, filter.externalId ?? null, filter.name ?? null, fetch];
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select ${COLUMNS} from organizations o where o.tenant_id = $1 and ${FILTER} order by o.created_at, o.id limit $4 offset $5`, [...params, start.offset])
      : db.query(
          `select ${COLUMNS} from organizations o
        where o.tenant_id = $1 and ${FILTER} and (o.created_at, o.id) > (select created_at, id from organizations where tenant_id = $1 and id = $5)
        order by o.created_at, o.id limit $4`,
          [...params, start.after],
        ),
  );
  return rows;
}

export async function countOrganizations(db: Queryable, tenantId: string, filter: OrganizationFilter, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from organizations o where o.tenant_id = $1 and ${FILTER} limit $4) capped`, [tenantId, filter.externalId ?? null, filter.name ?? null, cap]);
  return rows[0].n;
}

export async function organizationExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from organizations where tenant_id = $1 and id = $2 and deleted_at is null) as found', [tenantId, id]);
  return rows[0].found;
}

/** Renames it or changes its external_id; a field left undefined stays, external_id null clears it. */
export async function updateOrganization(db: Queryable, tenantId: string, id: string, patch: { name?: string | undefined; externalId?: string | null | undefined }): Promise<void> {
  await db.query(`update organizations set name = coalesce($3, name), external_id = case when $4 then $5 else external_id end where tenant_id = $1 and id = $2`, [tenantId, id, patch.name ?? null, patch.externalId !== undefined, patch.externalId ?? null]);
}

/** Marks it deleted and lets its members go: they stay users of the tenant, in no organisation. */
export async function deleteOrganization(db: Queryable, tenantId: string, id: string): Promise<void> {
  await db.query('delete from organization_members where tenant_id = $1 and organization_id = $2', [tenantId, id]);
  await db.query('update organizations set deleted_at = now(), external_id = null where tenant_id = $1 and id = $2 and deleted_at is null', [tenantId, id]);
}

export async function listMembers(db: Queryable, tenantId: string, organizationId: string): Promise<MemberRow[]> {
  const { rows } = await db.query(
    `select m.user_id, u.email, m.role, m.joined_at
       from organization_members m join users u on u.tenant_id = m.tenant_id and u.id = m.user_id
      where m.tenant_id = $1 and m.organization_id = $2
      order by m.joined_at, m.user_id limit 1000`,
    [tenantId, organizationId],
  );
  return rows;
}

/** Puts the user in the organisation with `role`, moving them out of any other: a user has one organisation. */
export async function putMember(db: Queryable, tenantId: string, organizationId: string, userId: string, role: MemberRole): Promise<{ previous: string | null }> {
  const { rows } = await db.query(
    `with previous as (select organization_id from organization_members where tenant_id = $1 and user_id = $3 for update)
     insert into organization_members (tenant_id, user_id, organization_id, role) values ($1, $3, $2, $4)
     on conflict (tenant_id, user_id) do update set organization_id = excluded.organization_id, role = excluded.role,
       joined_at = case when organization_members.organization_id = excluded.organization_id then organization_members.joined_at else now() end
     returning (select organization_id from previous) as previous`,
    [tenantId, organizationId, userId, role],
  );
  return { previous: rows[0].previous };
}

export async function deleteMember(db: Queryable, tenantId: string, organizationId: string, userId: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from organization_members where tenant_id = $1 and organization_id = $2 and user_id = $3', [tenantId, organizationId, userId]);
  return rowCount === 1;
}

/** The organisation a user belongs to, if any. */
export async function organizationOfUser(db: Queryable, tenantId: string, userId: string): Promise<{ organization_id: string; role: MemberRole } | undefined> {
  const { rows } = await db.query('select organization_id, role from organization_members where tenant_id = $1 and user_id = $2', [tenantId, userId]);
  return rows[0];
}
