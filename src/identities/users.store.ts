import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';
import type { AccessRole } from './tokens.ts';

export interface UserRow {
  id: string;
  tenant_id: string | null;
  /** Null for a user who arrived with a phone number only (signup, identity provider). */
  email: string | null;
  phone: string | null;
  role: AccessRole;
  password_hash: string | null;
  must_change_password: boolean;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, tenant_id, email, phone, role, password_hash, must_change_password, disabled_at, last_login_at, created_at, updated_at';
/** A global admin (platform_admins, migration 0028) read as a user of no tenant. */
const ADMIN_COLUMNS = `id, null::uuid as tenant_id, email, null::text as phone, 'global_admin' as role, password_hash, must_change_password, disabled_at, last_login_at, created_at, updated_at`;

/**
 * Global admins belong to no tenant and live in platform_admins, so the functions here that may be
 * handed one take `tenantId: string | null`: null means a global admin, and a statement on
 * platform_admins; otherwise `tenant_id = $n` on users.
 */
export async function insertUser(db: Queryable, input: { tenantId: string | null; email: string; role: AccessRole; passwordHash: string | null; mustChangePassword: boolean }): Promise<UserRow> {
  const { rows } =
    input.tenantId === null
      ? await db.query(`insert into platform_admins (email, password_hash, must_change_password) values ($1, $2, $3) returning ${ADMIN_COLUMNS}`, [input.email, input.passwordHash, input.mustChangePassword])
      : await db.query(`insert into users (tenant_id, email, role, password_hash, must_change_password) values ($1, $2, $3, $4, $5) returning ${COLUMNS}`, [input.tenantId, input.email, input.role, input.passwordHash, input.mustChangePassword]);
  return rows[0];
}

export async function findUser(db: Queryable, tenantId: string | null, id: string): Promise<UserRow | undefined> {
  const { rows } = tenantId === null ? await db.query(`select ${ADMIN_COLUMNS} from platform_admins where id = $1`, [id]) : await db.query(`select ${COLUMNS} from users where tenant_id = $2 and id = $1`, [id, tenantId]);
  return rows[0];
}

/**
 * tenantId null finds a global admin. The lookup is users_tenant_email_key on (tenant_id, email_lower)
 * (platform_admins_email_key for an admin): compared as a column, not as lower(email), because row-level
 * security lets the planner search an index only with leakproof conditions, and lower() is not one
 * (migration 0018).
 */
export async function findUserByEmail(db: Queryable, tenantId: string | null, email: string): Promise<UserRow | undefined> {
  const { rows } = tenantId === null ? await db.query(`select ${ADMIN_COLUMNS} from platform_admins where email_lower = lower($1)`, [email]) : await db.query(`select ${COLUMNS} from users where tenant_id = $2 and email_lower = lower($1)`, [email, tenantId]);
  return rows[0];
}

export async function findUserByPhone(db: Queryable, tenantId: string, phone: string): Promise<UserRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from users where tenant_id = $1 and phone = $2`, [tenantId, phone]);
  return rows[0];
}

export interface UserFilter {
  readonly role?: string | undefined;
  readonly email?: string | undefined;
}

// role and email narrow the walk of users_tenant_created; they are no index conditions, so `$n is null or` costs nothing
const USER_FILTER = `($2::text is null or role = $2) and ($3::text is null or lower(email) like '%' || lower($3) || '%')`;

/** A page of the tenant's users, oldest first: from the start (offset 0) or after the user `start.after`. */
export async function listUsers(db: Queryable, tenantId: string, filter: UserFilter, start: PageStart, fetch: number): Promise<UserRow[]> {
  const params = [tenantId, filter.role ?? null, filter.email ?? null, fetch];
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select ${COLUMNS} from users where tenant_id = $1 and ${USER_FILTER} order by created_at, id limit $4 offset $5`, [...params, start.offset])
      : db.query(
          `select ${COLUMNS} from users
        where tenant_id = $1 and ${USER_FILTER}
          and (created_at, id) > (select created_at, id from users where tenant_id = $1 and id = $5)
        order by created_at, id limit $4`,
          [...params, start.after],
        ),
  );
  return rows;
}

/** The tenant's users matching the filter, counted up to `cap`. */
export async function countUsers(db: Queryable, tenantId: string, filter: UserFilter, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from users where tenant_id = $1 and ${USER_FILTER} limit $4) capped`, [tenantId, filter.role ?? null, filter.email ?? null, cap]);
  return rows[0].n;
}

export async function userExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from users where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}

export async function updateUser(db: Queryable, tenantId: string, id: string, patch: { role?: AccessRole | undefined; disabled?: boolean | undefined }): Promise<UserRow | undefined> {
  const { rows } = await db.query(
    `update users set role = coalesce($3, role),
            disabled_at = case when $4::boolean is null then disabled_at when $4 then coalesce(disabled_at, now()) else null end
      where tenant_id = $1 and id = $2 returning ${COLUMNS}`,
    [tenantId, id, patch.role ?? null, patch.disabled ?? null],
  );
  return rows[0];
}

export async function setPassword(db: Queryable, tenantId: string | null, id: string, passwordHash: string, mustChange: boolean): Promise<void> {
  if (tenantId === null) await db.query('update platform_admins set password_hash = $2, must_change_password = $3 where id = $1', [id, passwordHash, mustChange]);
  else await db.query('update users set password_hash = $2, must_change_password = $3 where tenant_id = $4 and id = $1', [id, passwordHash, mustChange, tenantId]);
}

export async function touchLastLogin(db: Queryable, tenantId: string | null, id: string): Promise<void> {
  if (tenantId === null) await db.query('update platform_admins set last_login_at = now() where id = $1', [id]);
  else await db.query('update users set last_login_at = now() where tenant_id = $2 and id = $1', [id, tenantId]);
}

/** The emails of the tenant's enabled admins, for what must reach them (a failed provisioning run). */
export async function adminEmails(db: Queryable, tenantId: string): Promise<{ id: string; email: string }[]> {
  const { rows } = await db.query(`select id, email from users where tenant_id = $1 and role = 'tenant_admin' and disabled_at is null and email is not null order by created_at limit 50`, [tenantId]);
  return rows;
}

/** What the user's signup and membership say of them: app role and signup mode (onboarding), organisation. */
export interface UserContextRow {
  app_role: string | null;
  signup_mode: string | null;
  organization_id: string | null;
  organization_name: string | null;
  organization_role: string | null;
}

export async function findUserContext(db: Queryable, tenantId: string, id: string): Promise<UserContextRow | undefined> {
  const { rows } = await db.query(
    `select s.role_key as app_role, s.signup_mode, o.id as organization_id, o.name as organization_name, m.role as organization_role
       from users u
       left join onboarding_states s on s.tenant_id = u.tenant_id and s.user_id = u.id
       left join organization_members m on m.tenant_id = u.tenant_id and m.user_id = u.id
       left join organizations o on o.tenant_id = m.tenant_id and o.id = m.organization_id and o.deleted_at is null
      where u.tenant_id = $1 and u.id = $2`,
    [tenantId, id],
  );
  return rows[0];
}
