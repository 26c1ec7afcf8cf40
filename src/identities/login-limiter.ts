import type { Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { sha256 } from './tokens.ts';

/**
 * Failed-login counting in PostgreSQL, so every API process shares one count. An account (tenant +
 * email or phone, whether or not it exists) gets `maxFailures` password checks per window that fail;
 * an address ten times that, unless the attempt comes from a device the account signed in from before.
 *
 * The attempt is reserved before the password is checked (reserve_login_attempt, migration 0012), so
 * the limit holds whatever the concurrency: 200 parallel guesses for one account check at most
 * `maxFailures` passwords. A right password releases its reservation.
 */
export interface LoginLimits {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

export interface LoginReservation {
  readonly account: string;
  readonly ids: readonly number[];
}

function buckets(tenant: string | null, identifier: string, ip: string): { account: string; address: string } {
  return {
    account: 'acct:' + sha256(`${tenant ?? ''}\u0000${identifier.toLowerCase()}`).toString('hex'),
    address: 'ip:' + ip,
  };
}

/** Reserves a password check, or refuses with 429 too_many_attempts and Retry-After. */
export async function reserveLoginAttempt(db: Queryable, limits: LoginLimits, who: { tenant: string | null; identifier: string; ip: string; knownDevice: boolean }, options: { addressLimit?: number } = {}): Promise<LoginReservation> {
  const { account, address } = buckets(who.tenant, who.identifier, who.ip);
  const { rows } = await db.query({
    name: 'embark_reserve_login_attempt',
    text: 'select * from reserve_login_attempt($1, $2, $3, $4, $5, $6)',
    values: [account, address, limits.maxFailures, options.addressLimit ?? limits.maxFailures * 10, limits.windowSeconds, who.knownDevice],
  });
  const row = rows[0] as { allowed: boolean; retry_after: number; reservation: number[] | null };
  if (!row.allowed) {
    const retryAfter = String(row.retry_after);
    throw new AppError('too_many_attempts', `too many attempts; try again in ${retryAfter} seconds`, { headers: { 'retry-after': retryAfter } });
  }
  return { account, ids: row.reservation ?? [] };
}

/** The password was right: the reservation was no failure, and the account's earlier failures are forgiven. */
export async function releaseLoginAttempt(db: Queryable, reservation: LoginReservation): Promise<void> {
  await db.query('delete from login_failures where id = any($1) or bucket = $2', [reservation.ids, reservation.account]);
}

/** The password was wrong: the reservation stays as the failure; failures older than the window go. */
export async function forgetOldFailures(db: Queryable, limits: LoginLimits): Promise<void> {
  await db.query(`delete from login_failures where failed_at < now() - make_interval(secs => $1)`, [limits.windowSeconds]);
}
