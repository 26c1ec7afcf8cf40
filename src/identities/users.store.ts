import type { Queryable } from '../db/pool.ts';
import type { Role } from './tokens.ts';

export interface UserRow {
  id: string;
  tenant_id: string | null;
  /** Null for a user who arrived with a phone number only (signup, identity provider). */
  email: string | null;
  phone: string | null;
  role: Role;
  password_hash: string | null;
  must_change_password: boolean;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, tenant_id, email, phone, role, password_hash, must_change_password, disabled_at, last_login_at, created_at, updated_at';

export async function insertUser(db: Queryable, input: { tenantId: string | null; email: string; role: Role; passwordHash: string | null; mustChangePassword: boolean }): Promise<UserRow> {
  const { rows } = await db.query(
    `insert into users (tenant_id, email, role, password_hash, must_change_password) values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
    [input.tenantId, input.email, input.role, input.passwordHash, input.mustChangePassword],
  );
  return rows[0];
}

export async function findUser(db: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from users where id = $1`, [id]);
  return rows[0];
}

/** tenantId null finds a global admin. */
export async function findUserByEmail(db: Queryable, tenantId: string | null, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query(
    `select ${COLUMNS} from users where tenant_id is not distinct from $1 and lower(email) = lower($2)`,
    [tenantId, email],
  );
  return rows[0];
}

export async function findUserByPhone(db: Queryable, tenantId: string, phone: string): Promise<UserRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from users where tenant_id = $1 and phone = $2`, [tenantId, phone]);
  return rows[0];
}

export async function listUsers(db: Queryable, filter: { role?: string | undefined; email?: string | undefined; limit: number; offset: number }): Promise<{ rows: UserRow[]; total: number }> {
  const where = `where ($1::text is null or role = $1) and ($2::text is null or lower(email) like '%' || lower($2) || '%')`;
  const params = [filter.role ?? null, filter.email ?? null];
  // one after the other: a transaction's client runs one query at a time
  const { rows } = await db.query(`select ${COLUMNS} from users ${where} order by created_at, id limit $3 offset $4`, [...params, filter.limit, filter.offset]);
  const { rows: count } = await db.query(`select count(*)::int as total from users ${where}`, params);
  return { rows, total: count[0].total };
}

export async function updateUser(db: Queryable, id: string, patch: { role?: Role | undefined; disabled?: boolean | undefined }): Promise<UserRow | undefined> {
  const { rows } = await db.query(
    `update users set role = coalesce($2, role),
            disabled_at = case when $3::boolean is null then disabled_at when $3 then coalesce(disabled_at, now()) else null end
      where id = $1 returning ${COLUMNS}`,
    [id, patch.role ?? null, patch.disabled ?? null],
  );
  return rows[0];
}

export async function setPassword(db: Queryable, id: string, passwordHash: string, mustChange: boolean): Promise<void> {
  await db.query('update users set password_hash = $2, must_change_password = $3 where id = $1', [id, passwordHash, mustChange]);
}

export async function touchLastLogin(db: Queryable, id: string): Promise<void> {
  await db.query('update users set last_login_at = now() where id = $1', [id]);
}
