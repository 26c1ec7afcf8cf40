import type { Context } from '../context.ts';
import { rollUpAnalytics } from './analytics.service.ts';

const EVERY_MS = 60 * 60 * 1000;
let last = 0;

/**
 * The tracked events' upkeep (sql/functions/maintain_tracked_events.sql): the months ahead made, each
 * tenant's events past its retention deleted, months past every tenant's retention dropped whole; then
 * every tenant's closed days rolled up for analytics (analytics_rollup). The
 * worker's sweep calls it; it runs at most once an hour per process. It needs the owner's connection
 * (it creates and drops partitions).
 */
export async function maintainTrackedEvents(ctx: Context, now = Date.now()): Promise<void> {
  if (now - last < EVERY_MS) return;
  last = now;
  const { rows } = await ctx.db.owner.query('select maintain_tracked_events() as done');
  const done = rows[0].done as { deleted: number; dropped: string[] };
  if (done.deleted || done.dropped.length) ctx.log.info(done, 'tracked events past their retention removed');
  const rolled = await rollUpAnalytics(ctx);
  if (rolled.days) ctx.log.info(rolled, 'analytics rolled up');
}
