import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { createDatabase, ownerPoolSize, type Database } from './pool.ts';

export interface OpenedDatabase {
  readonly db: Database;
  readonly embedded: EmbeddedServer | undefined;
  /** Ends the pools first, then stops the embedded server if Embark started one. */
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is not set. */
export async function openDatabase(config: Config, log: Logger): Promise<OpenedDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const url = config.databaseUrl ?? embedded!.url;
  const db = createDatabase({ url, appRole: config.dbAppRole, poolSize: config.dbPoolSize, ownerPoolSize: ownerPoolSize(config.workerConcurrency), log });
  return {
    db,
    embedded,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}
