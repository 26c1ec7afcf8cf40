import type { Context } from '../context.ts';
import { withSystem } from '../db/tx.ts';
import { passwordHashingStats } from '../identities/passwords.ts';
import { jobCounts } from '../jobs/jobs.service.ts';
import * as store from './metrics.store.ts';

/** What /api/v1/admin/metrics reports: the database's counts for every process, and this process's own state. */
export async function readMetrics(ctx: Context) {
  const { counters, unattributed } = await withSystem(ctx.db.app, async (tx) => ({ counters: await store.readCounters(tx), unattributed: await store.countUnattributedReceipts(tx) }));
  return { counters, unattributed, jobs: await jobCounts(ctx), hashing: passwordHashingStats() };
}
