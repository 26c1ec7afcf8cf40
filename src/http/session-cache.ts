import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Per-process cache of session state (is it revoked, is the user disabled, is the tenant active), so
 * most requests skip that lookup. It is trusted only while this process LISTENs on `embark_auth`:
 * triggers (migration 0007) notify on every change that can end a session, and any notification
 * empties the cache. Without the listening connection nothing is cached. Entries also age out.
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, { state: T; expires: number }>();
  private client: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: { url: string; appRole: string; log: Logger; ttlMs?: number; maxEntries?: number }) {}

  get(sessionId: string): T | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.state;
  }

  set(sessionId: string, state: T): void {
    if (!this.listening) return;
    if (this.entries.size >= (this.options.maxEntries ?? 50_000)) this.entries.clear();
    this.entries.set(sessionId, { state, expires: Date.now() + (this.options.ttlMs ?? 30_000) });
  }

  clear(): void {
    this.entries.clear();
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((err) => this.reconnectLater(err));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'embark-listen', options: `-c role=${this.options.appRole}` });
    client.on('notification', () => this.clear());
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.listening = false;
      this.clear();
      this.client = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped) this.reconnectLater(err);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.client = client;
    await client.connect();
    await client.query('listen embark_auth');
    // anything cached before the channel was up cannot be trusted
    this.clear();
    this.listening = true;
  }

  private reconnectLater(err?: unknown): void {
    if (this.stopped || this.retry) return;
    this.options.log.warn({ err }, 'session cache: not listening for auth changes; every request checks its session until reconnected');
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().catch((error) => this.reconnectLater(error));
    }, 1000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    this.clear();
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
