import { jobs } from '../jobs/tasks.ts';
import type { StuckWork } from '../jobs/work.ts';

/**
 * For the sweep (src/jobs/work.ts): messages claimed (or queued and untouched) for longer than the
 * sending timeout — a worker died mid-job, leaving its job locked (graphile-worker frees such locks
 * only after hours). Their jobs are queued again; dispatch then resends only where the vendor
 * deduplicates, and marks the rest needs_attention.
 */
export const stuckMessages: StuckWork = {
  what: 'messages',
  async find(tx, olderThanSeconds) {
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
      [olderThanSeconds],
    );
    for (const row of rows) {
      // touching updated_at keeps the next sweep from picking it up again straight away
      await tx.query(`update messages set updated_at = now() where tenant_id = $1 and id = $2`, [row.tenant_id, row.id]);
    }
    return rows.map((row: { tenant_id: string; id: string }) => jobs.dispatchMessage(row.tenant_id, row.id));
  },
};
