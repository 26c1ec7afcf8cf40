import type { Queryable } from '../db/pool.ts';

/** The counters every process adds to (embark_counters), by name. */
export async function readCounters(db: Queryable): Promise<{ name: string; value: number }[]> {
  const { rows } = await db.query('select name, value from embark_counters order by name');
  return rows;
}

/** Receipts kept of webhooks that belong to no tenant. */
export async function countUnattributedReceipts(db: Queryable): Promise<number> {
  const { rows } = await db.query('select count(*)::int as n from unattributed_receipts');
  return rows[0].n;
}
