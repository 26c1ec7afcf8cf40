import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { withTenant } from '../db/tx.ts';
import { admitPasswordWork, checkNewPassword, hashPassword } from '../identities/passwords.ts';
import * as store from './onboarding.store.ts';

/**
 * Whether an email or phone has an account is answered (409 email_taken / phone_taken), as most products
 * do: a signer needs to know to log in instead. What keeps that from becoming a free enumeration oracle:
 * each address may be refused this way SIGNUP_REFUSAL_LIMIT times per window per tenant, then gets 429
 * until the window moves on; every probe that is not refused creates a real account and contacts that
 * person, which is loud; and a refusal costs the same argon2 hash as a success, so timing says nothing more.
 * Successful signups are not counted: a busy office behind one address is not throttled for signing up.
 * The limit is checked in the write, after hashing: checking it before would cost every signup a
 * round trip and protect nothing more, since new addresses are hashed anyway.
 */
export const SIGNUP_REFUSAL_LIMIT = 10;
export const SIGNUP_REFUSAL_WINDOW_SECONDS = 15 * 60;

export interface SignupInput {
  tenant: string;
  email?: string | undefined;
  phone?: string | undefined;
  password: string;
  metadata?: { signup_mode?: string; first_name?: string; last_name?: string; organization_name?: string } | undefined;
}

export interface SignedUpUser {
  id: string;
  tenant_id: string;
  email: string | null;
  phone: string | null;
  role: 'member';
  created_at: string;
}

const TAKEN: Record<string, () => AppError> = {
  users_tenant_email_key: () => new AppError('email_taken', 'an account with this email already exists here; log in instead'),
  users_tenant_phone_key: () => new AppError('phone_taken', 'an account with this phone number already exists here; log in instead'),
};

/**
 * Tenants known to take signups, by subdomain, for a few seconds: so a signup costs one round trip
 * (its write) instead of two. Only answers that let a signup go on are kept, and signup_member decides
 * again in the write, so a stale entry never lets a signup through that should not be: at worst it
 * costs a hash before the refusal. A refusal itself (unknown, inactive, closed) is never cached, so
 * opening signup takes effect at once.
 */
const OPEN_TENANT_TTL_MS = 10_000;
const MAX_CACHED_TENANTS = 10_000;
const openTenants = new Map<string, { tenantId: string; until: number }>();

async function openTenant(ctx: Context, subdomain: string): Promise<string> {
  const cached = openTenants.get(subdomain);
  if (cached && cached.until > Date.now()) return cached.tenantId;
  const gate = await store.findSignupGate(ctx.db.app, subdomain);
  // an inactive tenant reads as an unknown one: signup is public and says nothing about deactivated customers
  if (!gate || !gate.is_active) throw tenantNotFound(subdomain);
  if (!gate.self_signup_open) throw signupClosed();
  if (openTenants.size >= MAX_CACHED_TENANTS) openTenants.clear();
  openTenants.set(subdomain, { tenantId: gate.tenant_id, until: Date.now() + OPEN_TENANT_TTL_MS });
  return gate.tenant_id;
}

const tenantNotFound = (subdomain: string) => new AppError('tenant_not_found', `no tenant has the subdomain ${JSON.stringify(subdomain)}`);
const signupClosed = () => new AppError('signup_closed', 'this tenant does not accept signups; ask its administrator for an account');

/**
 * Self-signup: a member account, initialised for onboarding in the same transaction (by the users
 * trigger). Answers the user only: no tokens, because sessions are made in one place, POST
 * /api/v1/auth/login, with its failure limits, and the client logs in next; and not the onboarding it
 * started, which is the tenant's business (its roles, its channels), not the signer's.
 * The metadata is stored as sent and read as a hint only.
 */
export async function signup(ctx: Context, input: SignupInput, meta: { ip: string; requestId?: string | undefined }): Promise<SignedUpUser> {
  // a place of the hashing gate first, as logins do: a burst of signups waits or is turned away at the door
  return admitPasswordWork(meta.ip, () => signupAdmitted(ctx, input, meta));
}

async function signupAdmitted(ctx: Context, input: SignupInput, meta: { ip: string; requestId?: string | undefined }): Promise<SignedUpUser> {
  const subdomain = input.tenant.toLowerCase();
  // refused before hashing: a closed or unknown tenant costs no argon2 time
  const tenantId = await openTenant(ctx, subdomain);
  checkNewPassword(input.password);
  // hashed before the write: argon2 takes tens of milliseconds, a pooled connection should not wait on it
  const passwordHash = await hashPassword(input.password);

  try {
    const user = await store.signupMember(
      ctx.db.app,
      {
        tenantId,
        email: input.email ?? null,
        phone: input.phone ?? null,
        passwordHash,
        metadata: input.metadata ?? {},
      },
      { requestId: meta.requestId ?? null, ip: meta.ip, refusalLimit: SIGNUP_REFUSAL_LIMIT, windowSeconds: SIGNUP_REFUSAL_WINDOW_SECONDS },
    );
    return { id: user.id, tenant_id: user.tenant_id, email: user.email, phone: user.phone, role: user.role, created_at: user.created_at.toISOString() };
  } catch (error) {
    const { code, constraint, detail } = error as { code?: string; constraint?: string; detail?: string };
    switch (code) {
      case 'EMB04':
        openTenants.delete(subdomain);
        throw tenantNotFound(subdomain);
      case 'EMB03':
        openTenants.delete(subdomain);
        throw signupClosed();
      case 'EMB29': {
        const seconds = detail ?? '60';
        throw new AppError('too_many_attempts', `too many signups for existing accounts from this address; try again in ${seconds} seconds`, { headers: { 'retry-after': seconds } });
      }
      case '23505': {
        const taken = constraint ? TAKEN[constraint] : undefined;
        if (!taken) throw error;
        await withTenant(ctx.db.app, tenantId, (tx) => store.recordRefusal(tx, tenantId, meta.ip, SIGNUP_REFUSAL_WINDOW_SECONDS));
        throw taken();
      }
      default:
        throw error;
    }
  }
}
