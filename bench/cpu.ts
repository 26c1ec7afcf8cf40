/**
 * CPU spent by this Node process and by this database's PostgreSQL backends over a stretch of a
 * benchmark. The backends' CPU is read from /proc, so it is only known when PostgreSQL runs on this
 * machine (DATABASE_URL on localhost, or the embedded server) and on Linux; otherwise it is null.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux Embark runs on

function backendTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name; utime and stime are the 14th and 15th fields
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

async function snapshot(observer: pg.Client): Promise<{ node: NodeJS.CpuUsage; backends: Map<number, number> | null }> {
  const { rows } = await observer.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  const backends = new Map<number, number>();
  for (const { pid } of rows) {
    const ticks = backendTicks(pid);
    if (ticks === undefined) return { node: process.cpuUsage(), backends: null };
    backends.set(pid, ticks);
  }
  return { node: process.cpuUsage(), backends };
}

export interface CpuSpent {
  /** CPU milliseconds of this process (user + system). */
  nodeMs: number;
  /** CPU milliseconds of the database's backends, or null where /proc cannot show them. */
  postgresMs: number | null;
}

/** Starts counting; the returned function stops and answers the CPU spent in between. */
export async function countCpu(observer: pg.Client): Promise<() => Promise<CpuSpent>> {
  const start = await snapshot(observer);
  return async () => {
    const end = await snapshot(observer);
    const node = process.cpuUsage(start.node);
    let postgresMs: number | null = null;
    if (start.backends && end.backends) {
      let ticks = 0;
      // a backend that connected during the stretch counts from zero; one that left is not counted
      for (const [pid, value] of end.backends) ticks += value - (start.backends.get(pid) ?? 0);
      postgresMs = (ticks * 1000) / TICKS_PER_SECOND;
    }
    return { nodeMs: (node.user + node.system) / 1000, postgresMs };
  };
}

/** "Node 0.41 + PostgreSQL 1.02 ms CPU a job" */
export function perItem(spent: CpuSpent, items: number, what: string): string {
  const each = (value: number) => (value / items).toFixed(2);
  return `Node ${each(spent.nodeMs)}${spent.postgresMs === null ? '' : ` + PostgreSQL ${each(spent.postgresMs)}`} ms CPU a ${what}`;
}
