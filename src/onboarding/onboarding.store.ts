import type { Pool, Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';

export interface SignupMode {
  key: string;
  label: string;
  role: string;
  template_variant: string;
}

export interface AppRole {
  key: string;
  label: string;
  self_assignable: boolean;
}

export interface SignupSettingsRow {
  self_signup_open: boolean;
  modes: SignupMode[];
  roles: AppRole[];
  default_role: string;
  contact_channels: string[];
  identity_webhook_secret_encrypted: Buffer | null;
  identity_webhook_secret_created_at: Date | null;
  updated_at: Date;
}

export type SignupSettingsInput = Pick<SignupSettingsRow, 'self_signup_open' | 'modes' | 'roles' | 'default_role' | 'contact_channels'>;

const SETTINGS_COLUMNS = 'self_signup_open, modes, roles, default_role, contact_channels, identity_webhook_secret_encrypted, identity_webhook_secret_created_at, updated_at';

export async function findSignupSettings(db: Queryable, tenantId: string): Promise<SignupSettingsRow | undefined> {
  const { rows } = await db.query(`select ${SETTINGS_COLUMNS} from signup_settings where tenant_id = $1`, [tenantId]);
  return rows[0];
}

export async function upsertSignupSettings(db: Queryable, tenantId: string, settings: SignupSettingsInput): Promise<SignupSettingsRow> {
  const { rows } = await db.query(
    `insert into signup_settings (tenant_id, self_signup_open, modes, roles, default_role, contact_channels)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (tenant_id) do update set self_signup_open = excluded.self_signup_open, modes = excluded.modes, roles = excluded.roles,
       default_role = excluded.default_role, contact_channels = excluded.contact_channels
     returning ${SETTINGS_COLUMNS}`,
    [tenantId, settings.self_signup_open, JSON.stringify(settings.modes), JSON.stringify(settings.roles), settings.default_role, settings.contact_channels],
  );
  return rows[0];
}

/** Stores a new identity webhook secret (sealed), creating the settings row with its defaults if needed. */
export async function setIdentityWebhookSecret(db: Queryable, tenantId: string, sealed: Buffer): Promise<Date> {
  const { rows } = await db.query(
    `insert into signup_settings (tenant_id, identity_webhook_secret_encrypted, identity_webhook_secret_created_at) values ($1, $2, now())
     on conflict (tenant_id) do update set identity_webhook_secret_encrypted = excluded.identity_webhook_secret_encrypted,
       identity_webhook_secret_created_at = excluded.identity_webhook_secret_created_at
     returning identity_webhook_secret_created_at`,
    [tenantId, sealed],
  );
  return rows[0].identity_webhook_secret_created_at;
}

export interface NewUser {
  tenantId: string;
  email: string | null;
  phone: string | null;
  passwordHash: string | null;
  metadata: Record<string, unknown>;
}

export interface InsertedUser {
  id: string;
  tenant_id: string;
  email: string | null;
  phone: string | null;
  role: 'member';
  created_at: Date;
}

/**
 * Self-signup's write: the member (access role always member: nothing a signer sends can choose it)
 * and its audit entry, in one round trip; the users trigger initialises onboarding inside it. Refuses
 * with SQLSTATE EMB04 (tenant unknown or inactive), EMB03 (signup closed) or EMB29 (too many refusals
 * from this address; DETAIL holds the seconds to wait). Runs as its own transaction, for the tenant:
 * the statement sets app.tenant_id for itself (before signup_member runs, as its argument), so call it
 * with the pool, not inside a transaction.
 */
export async function signupMember(db: Pool, user: NewUser, meta: { requestId: string | null; ip: string; refusalLimit: number; windowSeconds: number }): Promise<InsertedUser> {
  const { rows } = await db.query(`select * from signup_member(set_config('app.tenant_id', $1, true)::uuid, $2, $3, $4, $5, $6, $7, $8, $9)`, [user.tenantId, user.email, user.phone, user.passwordHash, user.metadata, meta.requestId, meta.ip, meta.refusalLimit, meta.windowSeconds]);
  return rows[0];
}

export async function findIdentityWebhookTarget(db: Queryable, subdomain: string): Promise<{ tenant_id: string; is_active: boolean; secret_encrypted: Buffer | null } | undefined> {
  const { rows } = await db.query('select * from identity_webhook_target($1)', [subdomain]);
  return rows[0];
}

/** The effect of a user.created delivery whose receipt is stored (sql/functions/identity_webhook_user.sql). */
export async function identityWebhookUser(
  db: Queryable,
  input: {
    tenantId: string;
    receiptId: string;
    provider: string;
    subject: string;
    email: string | null;
    phone: string | null;
    metadata: Record<string, unknown>;
    webhookId: string;
    requestId: string | null;
  },
): Promise<{ outcome: 'created' | 'identity_exists'; user_id: string | null }> {
  const { rows } = await db.query('select * from identity_webhook_user($1, $2, $3, $4, $5, $6, $7, $8, $9)', [input.tenantId, input.receiptId, input.provider, input.subject, input.email, input.phone, input.metadata, input.webhookId, input.requestId]);
  return rows[0];
}

/** The SQL function the trigger runs too; true when this call did the work. */
export async function initializeUserOnboarding(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query('select initialize_user_onboarding($1) as initialized', [userId]);
  return rows[0].initialized;
}

export interface OnboardingRow {
  user_id: string;
  initialized_at: Date;
  signup_mode: string | null;
  role_key: string | null;
  roles: string[];
  first_name: string | null;
  last_name: string | null;
  organization_name: string | null;
  default_mode: string | null;
  last_mode: string | null;
  contact_status: 'pending' | 'queued' | 'no_channel' | 'disabled_by_policy';
  contact_channel: string | null;
  contact_message_id: string | null;
  message_status: string | null;
}

export async function findOnboarding(db: Queryable, tenantId: string, userId: string): Promise<OnboardingRow | undefined> {
  const { rows } = await db.query(
    `select s.user_id, s.initialized_at, s.signup_mode, s.role_key, s.contact_status, s.contact_channel, s.contact_message_id,
            p.first_name, p.last_name, p.organization_name, pr.default_mode, pr.last_mode, m.status as message_status,
            coalesce((select array_agg(r.role_key order by r.assigned_at, r.role_key) from role_assignments r
                       where r.tenant_id = s.tenant_id and r.user_id = s.user_id), '{}') as roles
       from onboarding_states s
       left join user_profiles p on p.tenant_id = s.tenant_id and p.user_id = s.user_id
       left join user_preferences pr on pr.tenant_id = s.tenant_id and pr.user_id = s.user_id
       left join messages m on m.tenant_id = s.tenant_id and m.id = s.contact_message_id
      where s.tenant_id = $1 and s.user_id = $2`,
    [tenantId, userId],
  );
  return rows[0];
}

/** One user's line of GET /api/v1/onboarding/users. */
export interface OnboardingUserRow {
  user_id: string;
  email: string | null;
  phone: string | null;
  access_role: string;
  app_role: string | null;
  signup_mode: string | null;
  first_name: string | null;
  last_name: string | null;
  organization_name: string | null;
  default_mode: string | null;
  last_mode: string | null;
  has_preferences: boolean;
  contact_status: OnboardingRow['contact_status'] | null;
  contact_channel: string | null;
  contact_message_id: string | null;
  message_status: string | null;
  initialized_at: Date | null;
}

const ONBOARDING_USER_COLUMNS = `u.id as user_id, u.email, u.phone, u.role as access_role, s.role_key as app_role, s.signup_mode,
            p.first_name, p.last_name, p.organization_name, pr.default_mode, pr.last_mode, pr.user_id is not null as has_preferences,
            s.contact_status, s.contact_channel, s.contact_message_id, m.status as message_status, s.initialized_at`;
const ONBOARDING_USER_JOINS = `left join onboarding_states s on s.tenant_id = u.tenant_id and s.user_id = u.id
       left join user_profiles p on p.tenant_id = u.tenant_id and p.user_id = u.id
       left join user_preferences pr on pr.tenant_id = u.tenant_id and pr.user_id = u.id
       left join messages m on m.tenant_id = u.tenant_id and m.id = s.contact_message_id`;

/**
 * A page of the tenant's users with their onboarding, in the order of GET /api/v1/users (oldest first,
 * through users_tenant_created): from the start (offset 0) or after the user `start.after`.
 */
export async function listOnboardingUsers(db: Queryable, tenantId: string, start: PageStart, fetch: number): Promise<OnboardingUserRow[]> {
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(
          `select ${ONBOARDING_USER_COLUMNS}
         from users u
         ${ONBOARDING_USER_JOINS}
        where u.tenant_id = $1
        order by u.created_at, u.id limit $2 offset $3`,
          [tenantId, fetch, start.offset],
        )
      : db.query(
          `select ${ONBOARDING_USER_COLUMNS}
         from users u
         ${ONBOARDING_USER_JOINS}
        where u.tenant_id = $1 and (u.created_at, u.id) > (select created_at, id from users where tenant_id = $1 and id = $3)
        order by u.created_at, u.id limit $2`,
          [tenantId, fetch, start.after],
        ),
  );
  return rows;
}

/** The tenant's users, counted up to `cap`. */
export async function countOnboardingUsers(db: Queryable, tenantId: string, cap: number): Promise<number> {
  const { rows } = await db.query('select count(*)::int as n from (select 1 from users where tenant_id = $1 limit $2) capped', [tenantId, cap]);
  return rows[0].n;
}

export async function onboardingUserExists(db: Queryable, tenantId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from users where tenant_id = $1 and id = $2) as found', [tenantId, userId]);
  return rows[0].found;
}

export interface SignupGate {
  tenant_id: string;
  is_active: boolean;
  self_signup_open: boolean;
}

export async function findSignupGate(db: Queryable, subdomain: string): Promise<SignupGate | undefined> {
  const { rows } = await db.query('select * from signup_gate($1)', [subdomain]);
  return rows[0];
}

export async function recordRefusal(db: Queryable, tenantId: string, address: string, windowSeconds: number): Promise<void> {
  await db.query('delete from signup_refusals where tenant_id = $1 and address = $2 and refused_at <= now() - make_interval(secs => $3)', [tenantId, address, windowSeconds]);
  await db.query('insert into signup_refusals (tenant_id, address) values ($1, $2)', [tenantId, address]);
}

/** Who an onboarding call goes to, and what personalises it: the user, their profile and signup mode, and the variant of their first onboarding message. */
export interface CalleeRow {
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  organization_name: string | null;
  signup_mode: string | null;
  variant: string | null;
}

export async function findCallee(db: Queryable, tenantId: string, userId: string): Promise<CalleeRow | undefined> {
  const { rows } = await db.query(
    `select u.phone, p.first_name, p.last_name, p.organization_name, s.signup_mode,
            (select m.variant from messages m
              where m.tenant_id = u.tenant_id and m.user_id = u.id and m.bundle like 'onboarding\\_%' order by m.created_at limit 1) as variant
       from users u
       left join user_profiles p on p.tenant_id = u.tenant_id and p.user_id = u.id
       left join onboarding_states s on s.tenant_id = u.tenant_id and s.user_id = u.id
      where u.tenant_id = $1 and u.id = $2`,
    [tenantId, userId],
  );
  return rows[0];
}
