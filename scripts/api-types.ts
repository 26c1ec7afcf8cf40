/**
 * Writes web/src/api-types.ts, the web UI's types of every request and answer, from the server's own
 * OpenAPI document (what /api/openapi.json serves), with openapi-typescript. Run it after changing a
 * route's schema: `npm run api-types`; `npm run api-types -- --check` only says whether the committed
 * file is stale (test/api-types.test.ts runs the same check). No database is needed: the app is built
 * in-process and never connects.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Context } from '../src/context.ts';
import { createContext } from '../src/modules.ts';
import { createDatabase } from '../src/db/pool.ts';
import { createLogger } from '../src/log.ts';

export const API_TYPES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/src/api-types.ts');

const HEADER = `// Generated from the server's OpenAPI document by scripts/api-types.ts (npm run api-types): do not edit.
// test/api-types.test.ts fails when a route's schema changed and this file was not regenerated.
`;

/** The TypeScript source of api-types.ts for an OpenAPI document. */
export async function apiTypesSource(document: unknown): Promise<string> {
  return HEADER + astToString(await openapiTS(document as OpenAPI3, { alphabetize: true, emptyObjectsUnknown: true }));
}

/** The OpenAPI document of an app built with a configuration that never reaches a database. */
export async function openApiDocument(): Promise<unknown> {
  const config = loadConfig({ DATABASE_URL: 'postgres://embark@127.0.0.1:1/api-types', EMBARK_SECRET_KEY: '0'.repeat(64), EMBARK_LOG_LEVEL: 'silent' });
  const log = createLogger(config.logLevel);
  const db = createDatabase({ url: config.databaseUrl!, appRole: config.dbAppRole, poolSize: 1, log });
  const ctx: Context = createContext(config, db, log);
  const app = await buildApp(ctx);
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = await apiTypesSource(await openApiDocument());
  if (process.argv.includes('--check')) {
    const stale = readFileSync(API_TYPES_FILE, 'utf8') !== source;
    console.log(stale ? 'web/src/api-types.ts is stale: run npm run api-types' : 'web/src/api-types.ts is up to date');
    process.exitCode = stale ? 1 : 0;
  } else {
    writeFileSync(API_TYPES_FILE, source);
    console.log('wrote web/src/api-types.ts');
  }
}
