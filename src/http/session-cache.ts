import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Per-process cache of session state (is it revoked, is the user disabled, is the tenant active), so
 * most requests skip that lookup. It is trusted only while this process LISTENs on `embark_auth`:
 * triggers (sql/functions/notify_auth_change.sql) notify on every change that can end a session,
 * naming what changed — `sessions:<id>`, `users:<id>`, `tenants:<id>`, `api_keys:<id>` — and the cache
 * forgets the entries that change touches (`ownersOf` says which user and tenant a session belongs to). Any
 * other notification (a bulk delete) empties it. Without the listening connection nothing is cached.
 * Entries also age out.
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, { state: T; expires: number; owners: readonly string[] }>();
  /** `users:<id>` / `tenants:<id>` → the cached sessions that belong to it. */
  private readonly byOwner = new Map<string, Set<string>>();
  private client: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: { url: string; appRole: string; log: Logger; ttlMs?: number; maxEntries?: number; ownersOf?: (state: T) => readonly string[] }) {}

  get(sessionId: string): T | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.forget(sessionId);
      return undefined;
    }
    return entry.state;
  }

  set(sessionId: string, state: T): void {
    if (!this.listening) return;
    if (this.entries.size >= (this.options.maxEntries ?? 50_000)) this.clear();
    this.forget(sessionId);
    const owners = this.options.ownersOf?.(state) ?? [];
    this.entries.set(sessionId, { state, expires: Date.now() + (this.options.ttlMs ?? 30_000), owners });
    for (const owner of owners) {
      let sessions = this.byOwner.get(owner);
      if (!sessions) this.byOwner.set(owner, (sessions = new Set()));
      sessions.add(sessionId);
    }
  }

  clear(): void {
    this.entries.clear();
    this.byOwner.clear();
  }

  /** What a notification says changed: one entry (by its own id), every entry of an owner (a user, a tenant, an API key), or anything. */
  invalidate(payload: string | undefined): void {
    const match = /^(sessions|users|tenants|api_keys):([0-9a-f-]{36})$/.exec(payload ?? '');
    if (!match) return this.clear();
    if (match[1] === 'sessions') return this.forget(match[2]!);
    for (const sessionId of this.byOwner.get(payload!) ?? []) this.forget(sessionId);
  }

  private forget(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    for (const owner of entry.owners) {
      const sessions = this.byOwner.get(owner);
      sessions?.delete(sessionId);
      if (sessions?.size === 0) this.byOwner.delete(owner);
    }
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((err) => this.reconnectLater(err));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'embark-listen', options: `-c role=${this.options.appRole}` });
    client.on('notification', (message) => this.invalidate(message.payload));
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
