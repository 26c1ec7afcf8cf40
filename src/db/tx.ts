import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, Queryable, Tx } from './pool.ts';

/**
 * A read request's connection (from the read-only pool), set to its tenant by the access check — in the
 * same round trip as an uncached session lookup. withTenant joins it when asked for the same pool and
 * tenant, so a tenant-scoped read costs one round trip instead of four. It holds no transaction: reads only.
 */
export interface ReadConnection {
  readonly pool: Pool;
  readonly tenantId: string;
  readonly client: Tx;
}
export const readConnectionScope = new AsyncLocalStorage<ReadConnection>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function inTransaction<T>(pool: Pool, opening: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    // one round trip: begin and the transaction-local settings the RLS policies read
    await client.query(opening);
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs `fn` in a transaction whose row-level security context is `tenantId`: every policy-protected
 * table shows and accepts only that tenant's rows, whatever the queries inside forget to filter.
 * Inside a read request in that tenant, `fn` runs on the request's read connection instead.
 */
export function withTenant<T>(pool: Pool, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // interpolated because a simple multi-statement query cannot take parameters; the regex makes it safe
  if (!UUID.test(tenantId)) throw new Error(`withTenant: not a uuid: ${JSON.stringify(tenantId)}`);
  const ambient = readConnectionScope.getStore();
  if (ambient && ambient.pool === pool && ambient.tenantId === tenantId) return fn(ambient.client);
  // one simple query, one round trip: begin and the tenant setting
  return inTransaction(pool, `begin; select set_config('app.tenant_id', '${tenantId}', true)`, fn);
}

/**
 * Runs `fn` in a transaction that sees every tenant's rows. Only for work that is not done on behalf of
 * one tenant: login lookup, resolving which tenant an inbound webhook belongs to, global admin listings.
 */
export function withSystem<T>(pool: Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(pool, `begin; select set_config('app.system', 'on', true)`, fn);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Runs `write` in a savepoint of the caller's transaction: when it throws (a constraint refused a row),
 * only its own changes are undone and the transaction stays usable, and `refuse` may turn the error
 * into the AppError a person can act on.
 */
export async function inSavepoint<T>(tx: Queryable, write: () => Promise<T>, refuse: (error: unknown) => Error | undefined = () => undefined): Promise<T> {
  await tx.query('savepoint embark_write');
  try {
    const result = await write();
    await tx.query('release savepoint embark_write');
    return result;
  } catch (error) {
    await tx.query('rollback to savepoint embark_write');
    throw refuse(error) ?? error;
  }
}
