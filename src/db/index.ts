import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { createDatabase, ownerPoolSize, type Database } from './pool.ts';

export interface OpenedDatabase {
  readonly db: Database;
  readonly embedded: EmbeddedServer | undefined;
  /** Ends the pools first, then closes the embedded server (which stops unless another Embark process uses it). */
  close(): Promise<void>;
}

/** Connects to DATABASE_URL or, when it is not set, to the embedded PostgreSQL (started unless it already runs). */
export async function openDatabase(config: Config, log: Logger): Promise<OpenedDatabase> {
  const embedded = config.databaseUrl ? undefined : await openEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const url = config.databaseUrl ?? embedded!.url;
  const db = createDatabase({ url, appRole: config.dbAppRole, poolSize: config.dbPoolSize, ownerPoolSize: ownerPoolSize(config.workerConcurrency), log });
  return {
    db,
    embedded,
    async close() {
      await db.close();
      await embedded?.close();
    },
  };
}
