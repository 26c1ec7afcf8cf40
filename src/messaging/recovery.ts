import type { Context } from '../context.ts';
import { withSystem } from '../db/tx.ts';
import { jobs, queueJob } from '../jobs/tasks.ts';

/**
 * A worker that dies mid-job leaves its job locked (graphile-worker frees such locks only after hours)
 * and its message `sending` or `queued`. This finds messages claimed (or queued and untouched) for
 * longer than the sending timeout and schedules them again; dispatch then resends only where the vendor deduplicates, and
 * marks the rest needs_attention. Safe to run from every worker at once: the job key keeps one job.
 */
export async function requeueStuckMessages(ctx: Context): Promise<number> {
  return withSystem(ctx.db.app, async (tx) => {
    const { rows } = await tx.query(
      `-- all tenants: the sweep for every tenant's stuck messages, through messages_unfinished (migration 0018)
       select m.tenant_id, m.id
         from messages m
        where ((m.status = 'sending' and coalesce(m.claimed_at, m.updated_at) < now() - make_interval(secs => $1))
               or (m.status = 'queued' and (m.next_attempt_at is null or m.next_attempt_at < now() - make_interval(secs => $1))))
          and m.updated_at < now() - make_interval(secs => $1)
        order by m.updated_at
        limit 500
        for update skip locked`,
      [ctx.config.sendingTimeout],
    );
    for (const row of rows) {
      await queueJob(tx, jobs.dispatchMessage(row.tenant_id, row.id));
      // touching updated_at keeps the next sweep from picking it up again straight away
      await tx.query(`update messages set updated_at = now() where tenant_id = $1 and id = $2`, [row.tenant_id, row.id]);
    }
    if (rows.length) ctx.log.warn({ count: rows.length }, 'requeued messages whose worker stopped before finishing them');
    // outbound webhook deliveries likewise; sending one again is safe: receivers deduplicate by webhook-id
    const { rows: deliveries } = await tx.query(
      `-- all tenants: the sweep for every tenant's stuck deliveries, through webhook_deliveries_unfinished (migration 0018)
       update webhook_deliveries d set updated_at = now()
        where (d.tenant_id, d.id) in (
          select tenant_id, id from webhook_deliveries
           where (status = 'delivering' or (status = 'pending' and (next_attempt_at is null or next_attempt_at < now() - make_interval(secs => $1))))
             and updated_at < now() - make_interval(secs => $1)
           order by updated_at limit 500 for update skip locked)
        returning d.tenant_id, d.id`,
      [ctx.config.sendingTimeout],
    );
    for (const delivery of deliveries) await queueJob(tx, jobs.deliverWebhook(delivery.tenant_id, delivery.id));
    if (deliveries.length) ctx.log.warn({ count: deliveries.length }, 'requeued webhook deliveries whose worker stopped before finishing them');
    return rows.length + deliveries.length;
  });
}
