import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import * as store from './onboarding.store.ts';
import { enqueueMessage } from '../messaging/messages.service.ts';
import { resolveChannel } from '../messaging/channels.service.ts';
import { findMessageSender } from '../tenants/tenants.service.ts';
import { mapPage, readPage, UUID_KEY, type ListSpec, type PageQuery } from '../http/pagination.ts';

/**
 * What onboarding created for one user. The work itself is the SQL function initialize_user_onboarding
 * (migrations/0004_onboarding.sql), which the users trigger runs for every new row, whoever inserts it.
 */
export interface OnboardingRecord {
  user_id: string;
  initialized_at: string;
  signup_mode: string | null;
  /** The application role onboarding assigned (talent, hirer…); the access role is users.role. */
  role: string | null;
  roles: string[];
  profile: { first_name: string | null; last_name: string | null; organization_name: string | null };
  preferences: { default_mode: string | null; last_mode: string | null };
  contact: { status: ContactStatus; channel: string | null; message_id: string | null; message_status: string | null };
}

export type ContactStatus = store.OnboardingRow['contact_status'] | 'sending' | 'sent' | 'delivered' | 'failed' | 'needs_attention' | 'cancelled';

/**
 * The first contact's status as it stands: once onboarding queued its message, that message's own
 * status (sending, sent, delivered, failed…); before that, or when none could be sent, what onboarding
 * decided. Read through the message rather than copied into onboarding_states, so the dispatch path
 * writes nothing more for it and the two can never disagree.
 */
export function firstContactStatus(decided: store.OnboardingRow['contact_status'], messageStatus: string | null): ContactStatus {
  return decided === 'queued' && messageStatus ? (messageStatus as ContactStatus) : decided;
}

function present(row: store.OnboardingRow): OnboardingRecord {
  return {
    user_id: row.user_id,
    initialized_at: row.initialized_at.toISOString(),
    signup_mode: row.signup_mode,
    role: row.role_key,
    roles: row.roles,
    profile: { first_name: row.first_name, last_name: row.last_name, organization_name: row.organization_name },
    preferences: { default_mode: row.default_mode, last_mode: row.last_mode },
    contact: { status: firstContactStatus(row.contact_status, row.message_status), channel: row.contact_channel, message_id: row.contact_message_id, message_status: row.message_status },
  };
}

/** The user's onboarding in the caller's transaction; undefined when the user is not in this tenant. */
export async function findOnboarding(tx: Queryable, tenantId: string, userId: string): Promise<OnboardingRecord | undefined> {
  const row = await store.findOnboarding(tx, tenantId, userId);
  return row && present(row);
}

/**
 * Initialises a user whose onboarding is missing (a row restored from a backup, or inserted while the
 * trigger was disabled) and answers what exists. Idempotent: an initialised user gets nothing twice.
 * Runs in the tenant's row-level security context, so another tenant's user id is simply not found.
 */
export async function initializeUserOnboarding(ctx: Context, actor: Actor, tenantId: string, userId: string): Promise<{ initialized_now: boolean; onboarding: OnboardingRecord }> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const initializedNow = await store.initializeUserOnboarding(tx, userId);
    const onboarding = await findOnboarding(tx, tenantId, userId);
    if (!onboarding) throw new AppError('user_not_found', `no user with id ${userId} in this tenant`);
    if (initializedNow) await recordAudit(tx, actor, tenantId, 'onboarding.initialized', { type: 'user', id: userId }, { contact_channel: onboarding.contact.channel });
    return { initialized_now: initializedNow, onboarding };
  });
}

/** One user's onboarding as GET /api/v1/onboarding/users shows it. */
function presentOnboardingUser(r: store.OnboardingUserRow) {
  return {
    user_id: r.user_id,
    email: r.email,
    phone: r.phone,
    access_role: r.access_role,
    app_role: r.app_role,
    signup_mode: r.signup_mode,
    first_name: r.first_name,
    last_name: r.last_name,
    organization_name: r.organization_name,
    preferences: r.has_preferences ? { default_mode: r.default_mode, last_mode: r.last_mode } : null,
    contact: r.contact_status ? { status: firstContactStatus(r.contact_status, r.message_status), channel: r.contact_channel, message_id: r.contact_message_id, message_status: r.message_status } : null,
    initialized_at: r.initialized_at?.toISOString() ?? null,
  };
}

/** The onboarding state of the tenant's users, a page at a time in the order of GET /api/v1/users. */
export async function listOnboardingUsers(ctx: Context, tenantId: string, query: PageQuery) {
  const spec: ListSpec<store.OnboardingUserRow> = { list: 'onboarding_users', scope: [tenantId], keyPattern: UUID_KEY, key: (row) => row.user_id };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listOnboardingUsers(tx, tenantId, start, fetch),
      count: (cap) => store.countOnboardingUsers(tx, tenantId, cap),
      exists: (id) => store.onboardingUserExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, presentOnboardingUser);
}

/**
 * A manual onboarding call, queued in the tenant's voice channel: personalised like the automatic first
 * contact (same profile, signup mode and template variant as the user's earlier onboarding message,
 * when there is one).
 */
export async function enqueueOnboardingCall(ctx: Context, actor: Actor, tenantId: string, userId: string): Promise<string> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const callee = await store.findCallee(tx, tenantId, userId);
    if (!callee) throw new AppError('user_not_found', `no user with id ${userId} in this tenant`);
    if (!callee.phone) throw new AppError('recipient_unreachable', 'the user has no phone number to call');
    if (!(await resolveChannel(ctx, tx, tenantId, 'voice')).enabled) throw new AppError('channel_disabled', 'the voice channel is disabled for this tenant');
    const sender = await findMessageSender(tx, tenantId);
    const id = await enqueueMessage(ctx, tx, {
      tenantId,
      channel: 'voice',
      recipient: callee.phone,
      bundle: 'onboarding_call_script',
      variant: callee.variant ?? '',
      userId,
      variables: {
        first_name: callee.first_name,
        last_name: callee.last_name,
        full_name: [callee.first_name, callee.last_name].filter(Boolean).join(' ') || null,
        organization_name: callee.organization_name,
        signup_mode: callee.signup_mode,
        business_name: sender?.business_name ?? sender?.name ?? null,
        tenant_name: sender?.name ?? null,
      },
      artifacts: { signup_mode: callee.signup_mode ?? null, manual: true },
    });
    await recordAudit(tx, actor, tenantId, 'voice.call_enqueued', { type: 'user', id: userId }, { message_id: id });
    return id;
  });
}
