import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';
import type { ContactStatus } from './crm.schemas.ts';

export interface ContactRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  source: string | null;
  owner_id: string | null;
  notes: string | null;
  custom: Record<string, unknown>;
  status: ContactStatus;
  user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export type ContactValues = Partial<Pick<ContactRow, 'first_name' | 'last_name' | 'email' | 'phone' | 'company' | 'source' | 'owner_id' | 'notes' | 'custom'>>;

export interface TransitionRow {
  from_status: ContactStatus | null;
  to_status: ContactStatus;
  actor_kind: string;
  actor_id: string | null;
  /** The acting user's email when the actor is a user of the tenant (a global admin's is not shown). */
  actor_email: string | null;
  note: string | null;
  created_at: Date;
}

const COLUMNS = 'id, first_name, last_name, email, phone, company, source, owner_id, notes, custom, status, user_id, created_at, updated_at';
const EDITABLE = ['first_name', 'last_name', 'email', 'phone', 'company', 'source', 'owner_id', 'notes', 'custom'] as const;

export async function insertContact(db: Queryable, tenantId: string, values: ContactValues): Promise<ContactRow> {
  const given = EDITABLE.filter((name) => values[name] !== undefined);
  const { rows } = await db.query(`insert into crm_contacts (tenant_id${given.map((name) => `, ${name}`).join('')}) values ($1${given.map((_, i) => `, $${i + 2}`).join('')}) returning ${COLUMNS}`, [tenantId, ...given.map((name) => values[name])]);
  return rows[0];
}

export async function findContact(db: Queryable, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<ContactRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from crm_contacts where tenant_id = $1 and id = $2${options.lock ? ' for update' : ''}`, [tenantId, id]);
  return rows[0];
}

export async function updateContact(db: Queryable, tenantId: string, id: string, values: ContactValues): Promise<ContactRow> {
  const given = EDITABLE.filter((name) => values[name] !== undefined);
  const { rows } = await db.query(`update crm_contacts set ${given.map((name, i) => `${name} = $${i + 3}`).join(', ') || 'updated_at = updated_at'} where tenant_id = $1 and id = $2 returning ${COLUMNS}`, [tenantId, id, ...given.map((name) => values[name])]);
  return rows[0];
}

/**
 * Moves the contact to `status` (linking `userId` when given) and records the transition, in one
 * statement; answers the contact as it now is.
 */
export async function moveContact(db: Queryable, tenantId: string, id: string, t: { from: ContactStatus; to: ContactStatus; userId: string | undefined; actorKind: string; actorId: string | null; note: string | null }): Promise<ContactRow> {
  const { rows } = await db.query(
    `with moved as (
       update crm_contacts set status = $3, user_id = coalesce($4, user_id) where tenant_id = $1 and id = $2 returning ${COLUMNS}
     ), transition as (
       insert into crm_contact_transitions (tenant_id, contact_id, from_status, to_status, actor_kind, actor_id, note)
       select $1, id, $5, $3, $6, $7, $8 from moved
     )
     select ${COLUMNS} from moved`,
    [tenantId, id, t.to, t.userId ?? null, t.from, t.actorKind, t.actorId, t.note],
  );
  return rows[0];
}

export async function insertTransition(db: Queryable, tenantId: string, contactId: string, t: { from: ContactStatus | null; to: ContactStatus; actorKind: string; actorId: string | null; note: string | null }): Promise<void> {
  await db.query('insert into crm_contact_transitions (tenant_id, contact_id, from_status, to_status, actor_kind, actor_id, note) values ($1, $2, $3, $4, $5, $6, $7)', [tenantId, contactId, t.from, t.to, t.actorKind, t.actorId, t.note]);
}

export async function listTransitions(db: Queryable, tenantId: string, contactId: string): Promise<TransitionRow[]> {
  // the email beside the id, so a person reads who moved the contact without looking the id up
  const { rows } = await db.query(
    `select t.from_status, t.to_status, t.actor_kind, t.actor_id, u.email as actor_email, t.note, t.created_at
       from crm_contact_transitions t left join users u on u.tenant_id = t.tenant_id and u.id = t.actor_id
      where t.tenant_id = $1 and t.contact_id = $2 order by t.id limit 1000`,
    [tenantId, contactId],
  );
  return rows;
}

export interface ContactFilter {
  readonly status?: ContactStatus | undefined;
  readonly ownerId?: string | undefined;
  /** Part of a name, the email, the phone or the company, any case. */
  readonly q?: string | undefined;
}

/** The filters that are there, as conditions beside the tenant's ($1); written only when given, so each can use its index. */
function filters(filter: ContactFilter, params: unknown[]): string {
  const conditions: string[] = [];
  if (filter.status) conditions.push(`status = $${params.push(filter.status)}`);
  if (filter.ownerId) conditions.push(`owner_id = $${params.push(filter.ownerId)}`);
  if (filter.q) {
    const n = params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(`(concat_ws(' ', first_name, last_name) ilike $${n} or email ilike $${n} or phone like $${n} or company ilike $${n})`);
  }
  return conditions.map((condition) => ` and ${condition}`).join('');
}

/** A page of the tenant's contacts, oldest first. */
export async function listContacts(db: Queryable, tenantId: string, filter: ContactFilter, start: PageStart, fetch: number): Promise<ContactRow[]> {
  const params: unknown[] = [tenantId];
  const conditions = filters(filter, params);
  const limit = params.push(fetch);
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select ${COLUMNS} from crm_contacts where tenant_id = $1${conditions} order by created_at, id limit $${limit} offset $${params.push(start.offset)}`, params)
      : db.query(
          `select ${COLUMNS} from crm_contacts
        where tenant_id = $1${conditions} and (created_at, id) > (select created_at, id from crm_contacts where tenant_id = $1 and id = $${params.push(start.after)})
        order by created_at, id limit $${limit}`,
          params,
        ),
  );
  return rows;
}

export async function countContacts(db: Queryable, tenantId: string, filter: ContactFilter, cap: number): Promise<number> {
  const params: unknown[] = [tenantId];
  const conditions = filters(filter, params);
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from crm_contacts where tenant_id = $1${conditions} limit $${params.push(cap)}) capped`, params);
  return rows[0].n;
}

export async function contactExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from crm_contacts where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}

// ---- the role contacts are provisioned with (crm_settings) ---------------------------------------

export type ProvisionedAccessRole = 'member' | 'staff';

export interface CrmSettingsRow {
  access_role: ProvisionedAccessRole;
  app_role: string | null;
  signup_mode: string | null;
  updated_at: Date;
}

export async function findCrmSettings(db: Queryable, tenantId: string): Promise<CrmSettingsRow | undefined> {
  const { rows } = await db.query('select access_role, app_role, signup_mode, updated_at from crm_settings where tenant_id = $1', [tenantId]);
  return rows[0];
}

export async function upsertCrmSettings(db: Queryable, tenantId: string, s: Pick<CrmSettingsRow, 'access_role' | 'app_role' | 'signup_mode'>): Promise<CrmSettingsRow> {
  const { rows } = await db.query(
    `insert into crm_settings (tenant_id, access_role, app_role, signup_mode) values ($1, $2, $3, $4)
     on conflict (tenant_id) do update set access_role = excluded.access_role, app_role = excluded.app_role, signup_mode = excluded.signup_mode
     returning access_role, app_role, signup_mode, updated_at`,
    [tenantId, s.access_role, s.app_role, s.signup_mode],
  );
  return rows[0];
}

/** A contact being approved, read under its row lock, with what provisioning needs to decide. */
export interface ProvisioningRow extends ContactRow {
  /** The user of the tenant that has the contact's email already, if any. */
  existing_user_id: string | null;
  access_role: ProvisionedAccessRole;
  app_role: string | null;
  signup_mode: string | null;
  /** The signup settings' roles and modes as stored; null when the tenant never saved them (the defaults). */
  signup_roles: { key: string }[] | null;
  signup_modes: { key: string }[] | null;
}

/**
 * The contact locked for its approval, in one statement: its row (FOR UPDATE: concurrent approvals
 * wait here), a user of the tenant with its email, and the role the tenant maps contacts to with the
 * signup settings it is checked against.
 */
export async function lockForProvisioning(db: Queryable, tenantId: string, id: string): Promise<ProvisioningRow | undefined> {
  const { rows } = await db.query(
    `select ${COLUMNS.split(', ')
      .map((c) => `c.${c}`)
      .join(', ')},
            (select u.id from users u where u.tenant_id = $1 and u.email_lower = e.lowered) as existing_user_id,
            coalesce(s.access_role, 'member') as access_role, s.app_role, s.signup_mode,
            ss.roles as signup_roles, ss.modes as signup_modes
       from crm_contacts c
       -- lower() is not leakproof: compared inside the lookup it would be a filter after row-level
       -- security, over every user of the tenant; as a value of its own (offset 0 keeps it one) it is
       -- a key of users_tenant_email_key (tenant_id, email_lower)
       cross join lateral (select lower(c.email) as lowered offset 0) e
       left join crm_settings s on s.tenant_id = $1
       left join signup_settings ss on ss.tenant_id = $1
      where c.tenant_id = $1 and c.id = $2
        for update of c`,
    [tenantId, id],
  );
  return rows[0];
}

/**
 * Writes an approval once its password is hashed (sql/functions/crm_provision_contact.sql): the user,
 * its welcome email, the contact's move, the audit entries and events. Answers the user's id; undefined
 * when the contact is not a qualified one without an account.
 */
export async function provisionContact(
  db: Queryable,
  tenantId: string,
  p: { contactId: string; email: string; accessRole: ProvisionedAccessRole; appRole: string | null; signupMode: string | null; passwordHash: string; sealedSecrets: Buffer; keepRevealable: boolean; actor: Record<string, unknown>; eventActor: Record<string, unknown> },
): Promise<string | undefined> {
  const { rows } = await db.query('select crm_provision_contact($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) as user_id', [tenantId, p.contactId, p.email, p.accessRole, p.appRole, p.signupMode, p.passwordHash, p.sealedSecrets, p.keepRevealable, p.actor, p.eventActor]);
  return rows[0].user_id ?? undefined;
}
