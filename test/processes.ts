/** What runs on this machine, read from /proc: the postmasters of a cluster, a process's tree. */
import { readdirSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Pids of postmasters whose command line names this cluster directory (`postgres -D <dir>`). */
export function postmastersOf(clusterDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const d = args.indexOf('-D');
    if (d >= 0 && args[d + 1] === clusterDir && path.basename(args[0] ?? '').startsWith('postgres')) pids.push(Number(entry));
  }
  return pids;
}

/** A process and all its descendants (postgres's background workers and backends, npm's script). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Waits until `condition` holds, failing at once when the worker it waits on exits (a crash test's worker). */
export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, worker: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (worker.exitCode !== null) throw new Error(`the worker exited (code ${worker.exitCode}) before ${what}; its stderr is above`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
