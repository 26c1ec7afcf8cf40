import type { Queryable } from './pool.ts';

/**
 * Runs a list page's read with sorting priced out of the planner's choices (enable_sort off, on this
 * connection and only meanwhile), so the page is read by walking its index in the list's order.
 *
 * Row-level security misleads the planner here: the policy's `… or tenant_id = current_setting(…)` is
 * estimated as if independent of the query's own `tenant_id = $1`, so it expects a handful of the
 * tenant's rows, and for a handful a bitmap of all of them and a sort looks as cheap as the ordered
 * walk. For a tenant the statistics do not know by name, that meant reading every one of its rows on
 * every page: 0.5 s for a tenant of 300,000 messages, 0.06 ms in index order (docs/operations.md).
 */
export async function inIndexOrder<T>(db: Queryable, read: () => Promise<T>): Promise<T> {
  await db.query('set enable_sort = off');
  try {
    return await read();
  } finally {
    // fails only in a transaction that failed, and its rollback undoes the set
    await db.query('reset enable_sort').catch(() => undefined);
  }
}
