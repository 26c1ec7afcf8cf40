import type { Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { sha256 } from './tokens.ts';

/**
 * Failed-login counting in PostgreSQL, so every API process shares one count. An account (tenant +
 * email, whether or not it exists) gets `maxFailures` failures per window; an address ten times that.
 */
export interface LoginLimits {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

function buckets(tenant: string | null, email: string, ip: string): { account: string; address: string } {
  return {
    account: 'acct:' + sha256(`${tenant ?? ''}\u0000${email.toLowerCase()}`).toString('hex'),
    address: 'ip:' + ip,
  };
}

export async function assertLoginAllowed(db: Queryable, limits: LoginLimits, tenant: string | null, email: string, ip: string): Promise<void> {
  const { account, address } = buckets(tenant, email, ip);
  const { rows } = await db.query(
    `select bucket, count(*)::int as failures, extract(epoch from min(failed_at) + make_interval(secs => $2) - now())::int as retry_after
       from login_failures
      where bucket = any($1) and failed_at > now() - make_interval(secs => $2)
      group by bucket`,
    [[account, address], limits.windowSeconds],
  );
  for (const row of rows) {
    const limit = row.bucket === account ? limits.maxFailures : limits.maxFailures * 10;
    if (row.failures >= limit) {
      const retryAfter = String(Math.max(1, row.retry_after));
      throw new AppError('too_many_attempts', `too many failed logins; try again in ${retryAfter} seconds`, { headers: { 'retry-after': retryAfter } });
    }
  }
}

export async function recordLoginFailure(db: Queryable, limits: LoginLimits, tenant: string | null, email: string, ip: string): Promise<void> {
  const { account, address } = buckets(tenant, email, ip);
  await db.query('insert into login_failures (bucket) values ($1), ($2)', [account, address]);
  await db.query(`delete from login_failures where failed_at < now() - make_interval(secs => $1)`, [limits.windowSeconds]);
}

export async function clearAccountFailures(db: Queryable, tenant: string | null, email: string, ip: string): Promise<void> {
  await db.query('delete from login_failures where bucket = $1', [buckets(tenant, email, ip).account]);
}
