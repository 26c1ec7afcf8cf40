import type { Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { sha256 } from './tokens.ts';
import { limitKey } from '../http/client-address.ts';

/**
 * Attempt counting in PostgreSQL, so every API process shares one count: failed logins, reset
 * requests, links sent to one person. An attempt is reserved — counted — before it is made
 * (reserve_attempts, migration 0012, one statement serialised on its buckets), so a limit holds
 * whatever the concurrency: 200 parallel guesses at one account check at most the limit of passwords.
 * An attempt that went well is released.
 */
export interface LoginLimits {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

export interface Bucket {
  readonly key: string;
  /** Attempts allowed in the window; null counts the attempt without limiting it. */
  readonly limit: number | null;
}

export interface Reservation {
  readonly ids: readonly number[];
  /** The buckets whose earlier failures a success forgives. */
  readonly forgive: readonly string[];
}

/** The attempts of an account, by the user when there is one (email or phone alike), else by the name typed. */
export function accountBucket(tenant: string | null, identifier: string, userId?: string): string {
  return userId ? `user:${userId}` : 'acct:' + sha256(`${tenant ?? ''}\u0000${identifier.toLowerCase()}`).toString('hex');
}

export function addressBucket(ip: string, purpose = 'ip'): string {
  return `${purpose}:${limitKey(ip)}`;
}

/** Reserves an attempt in every bucket, or refuses with 429 too_many_attempts and Retry-After. */
export async function reserveAttempts(db: Queryable, buckets: readonly Bucket[], windowSeconds: number, forgive: readonly string[] = []): Promise<Reservation> {
  const { rows } = await db.query({
    name: 'embark_reserve_attempts',
    text: 'select * from reserve_attempts($1, $2, $3)',
    values: [buckets.map((b) => b.key), buckets.map((b) => b.limit), windowSeconds],
  });
  const row = rows[0] as { allowed: boolean; retry_after: number; reservation: number[] | null };
  if (!row.allowed) {
    const retryAfter = String(row.retry_after);
    throw new AppError('too_many_attempts', `too many attempts; try again in ${retryAfter} seconds`, { headers: { 'retry-after': retryAfter } });
  }
  return { ids: row.reservation ?? [], forgive };
}

/**
 * A login's buckets. A stranger's attempt counts against the account (`maxFailures`) and the address
 * (ten times that). An attempt from a device its user signed in from before (a device token, OWASP's
 * device cookie) counts against that device alone: neither others' failures at the account nor those
 * behind the same address lock its user out.
 */
export function loginBuckets(limits: LoginLimits, who: { account: string; ip: string; device?: string | undefined }): Bucket[] {
  if (who.device)
    return [
      { key: `device:${sha256(who.device).toString('hex')}`, limit: limits.maxFailures },
      { key: addressBucket(who.ip), limit: null },
    ];
  return [
    { key: who.account, limit: limits.maxFailures },
    { key: addressBucket(who.ip), limit: limits.maxFailures * 10 },
  ];
}

/** The attempt went well: it was no failure, and the buckets it names forgive earlier ones. */
export async function releaseAttempt(db: Queryable, reservation: Reservation): Promise<void> {
  await db.query('delete from login_failures where id = any($1) or bucket = any($2)', [reservation.ids, reservation.forgive]);
}

/** Failures older than the window go. */
export async function forgetOldFailures(db: Queryable, limits: LoginLimits): Promise<void> {
  await db.query(`delete from login_failures where failed_at < now() - make_interval(secs => $1)`, [limits.windowSeconds]);
}

/** An operator let the account in again (`embark admin reset-password`): its failures are forgiven. */
export async function forgiveAccount(db: Queryable, buckets: readonly string[]): Promise<void> {
  await db.query('delete from login_failures where bucket = any($1)', [buckets]);
}
