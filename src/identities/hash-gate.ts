import { AppError } from '../errors.ts';

/**
 * Admission for argon2 work, which is CPU- and memory-bound (19 MiB, tens of milliseconds a hash): at
 * most `concurrency` hashes run at once, at most `queue` wait, and one client address holds at most
 * `perClient` of the places, running or waiting. Beyond that the request is refused at once with
 * Retry-After instead of joining a line that grows without bound — so a burst from one client costs
 * everyone else at most one short queue's wait, and a burst from many answers 503 rather than
 * seconds-long logins for all. Work on no client's behalf (client null: the CLI, seeding) waits its
 * turn instead of being refused. Priority work (a login from a device its user signed in from before)
 * has a queue of its own, served first, so a burst of strangers' logins does not turn known users away.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly priorityWaiting: (() => void)[] = [];
  private readonly perClientCount = new Map<string, number>();

  constructor(private readonly limits: { concurrency: number; queue: number; perClient: number }) {}

  async run<T>(client: string | null, work: () => Promise<T>, options: { priority?: boolean } = {}): Promise<T> {
    if (client === null) return this.admit(work, false);
    const held = this.perClientCount.get(client) ?? 0;
    if (held >= this.limits.perClient) {
      throw new AppError('too_many_requests', 'too many password checks from this address at once; retry in a second', { headers: { 'retry-after': '1' } });
    }
    const line = options.priority ? this.priorityWaiting : this.waiting;
    if (this.running >= this.limits.concurrency && line.length >= this.limits.queue) {
      throw new AppError('server_busy', 'the server is busy checking passwords; retry in a second', { headers: { 'retry-after': '1' }, expose: true });
    }
    this.perClientCount.set(client, held + 1);
    try {
      return await this.admit(work, options.priority ?? false);
    } finally {
      const count = (this.perClientCount.get(client) ?? 1) - 1;
      if (count > 0) this.perClientCount.set(client, count);
      else this.perClientCount.delete(client);
    }
  }

  private async admit<T>(work: () => Promise<T>, priority: boolean): Promise<T> {
    if (this.running >= this.limits.concurrency) await new Promise<void>((start) => (priority ? this.priorityWaiting : this.waiting).push(start));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.priorityWaiting.shift() ?? this.waiting.shift();
      // the place passes straight to the next in line, so `running` never dips below what is running
      if (next) next();
      else this.running--;
    }
  }

  /** What is running and waiting now, for tests and metrics. */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length + this.priorityWaiting.length };
  }
}
