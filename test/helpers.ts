/**
 * Test fixtures: a database of its own for each test file (cloned from the migrated template that
 * test/run.ts prepared), a built app to inject requests into, and shortcuts for tenants and users.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Logger as WorkerLogger, runOnce, type Task } from 'graphile-worker';
import { TASKS } from '../src/tasks/index.ts';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import type { Context } from '../src/context.ts';
import { createContext } from '../src/modules.ts';
import { createDatabase } from '../src/db/pool.ts';
import { createLogger } from '../src/log.ts';
import { buildApp } from '../src/app.ts';
import { createGlobalAdmin, createUser } from '../src/identities/users.service.ts';
import { createTenant } from '../src/tenants/tenants.service.ts';
import type { AccessRole } from '../src/identities/tokens.ts';

import { SYSTEM_ACTOR } from '../src/audit/audit.service.ts';
export { SYSTEM_ACTOR };
export const TEST_PASSWORD = 'correct horse battery staple';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test`);
  return value;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

/** Creates a database from the migrated template and returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = requireEnv('EMBARK_TEST_SERVER_URL');
  const name = `${requireEnv('EMBARK_TEST_RUN_ID')}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${requireEnv('EMBARK_TEST_TEMPLATE')}`);
        break;
      } catch (error) {
        // two files cloning the template at the same instant: wait and try again
        if (attempt > 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      c.on('error', () => undefined);
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await c.end();
    },
  };
}

export interface TestEnv {
  readonly ctx: Context;
  readonly config: Config;
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
  inject(options: InjectOptions & { token?: string; tenantId?: string }): Promise<LightMyRequestResponse>;
  globalAdmin(): Promise<{ id: string; email: string; token: string }>;
  tenant(name?: string): Promise<{ id: string; subdomain: string; name: string }>;
  user(tenantId: string, role: AccessRole, email?: string): Promise<{ id: string; email: string; token: string }>;
  login(email: string, password: string, tenant?: string): Promise<string>;
}

export async function createTestEnv(env: Record<string, string> = {}): Promise<TestEnv> {
  const database = await createTestDatabase();
  // the vendors are local fakes, reached through the adapters' base_url: allowed unless a test says otherwise
  const config = loadConfig({ EMBARK_ALLOW_PROVIDER_BASE_URLS: 'true', ...env, DATABASE_URL: database.url, EMBARK_SECRET_KEY: randomBytes(32).toString('hex'), EMBARK_LOG_LEVEL: process.env.EMBARK_TEST_LOG_LEVEL ?? 'silent' });
  const log = createLogger(config.logLevel);
  const db = createDatabase({ url: database.url, appRole: config.dbAppRole, poolSize: 5, log });
  const ctx: Context = createContext(config, db, log);
  const app = await buildApp(ctx);
  await app.ready();
  let admin: { id: string; email: string; token: string } | undefined;

  const testEnv: TestEnv = {
    ctx,
    config,
    app,
    url: database.url,
    async close() {
      await app.close();
      await db.close();
      await database.drop();
    },
    inject(options) {
      const { token, tenantId, ...rest } = options;
      const headers: Record<string, string> = { ...(rest.headers as Record<string, string> | undefined) };
      if (token) headers.authorization = `Bearer ${token}`;
      if (tenantId) headers['x-tenant-id'] = tenantId;
      return app.inject({ ...rest, headers });
    },
    async login(email, password, tenant) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...(tenant ? { tenant } : {}) } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return res.json().access_token;
    },
    async globalAdmin() {
      if (admin) return admin;
      const email = `admin-${randomUUID().slice(0, 8)}@embark.test`;
      const { user } = await createGlobalAdmin(ctx, SYSTEM_ACTOR, { email, password: TEST_PASSWORD });
      admin = { id: user.id, email, token: await testEnv.login(email, TEST_PASSWORD) };
      return admin;
    },
    async tenant(name) {
      const subdomain = `t${randomBytes(5).toString('hex')}`;
      const t = await createTenant(ctx, SYSTEM_ACTOR, { name: name ?? `Tenant ${subdomain}`, subdomain });
      return { id: t.id, subdomain, name: t.name };
    },
    async user(tenantId, role, email) {
      const address = email ?? `${role}-${randomUUID().slice(0, 8)}@example.test`;
      const { user } = await createUser(ctx, SYSTEM_ACTOR, tenantId, { email: address, role, password: TEST_PASSWORD });
      const { rows } = await db.owner.query('select subdomain from tenants where id = $1', [tenantId]);
      return { id: user.id, email: address, token: await testEnv.login(address, TEST_PASSWORD, rows[0].subdomain) };
    },
  };
  return testEnv;
}

const quietWorker = new WorkerLogger(() => () => undefined);

/** Runs every due job the way a worker would, until none is left (graphile-worker's runOnce with Embark's tasks). */
export async function drainJobs(ctx: Context): Promise<void> {
  const taskList = Object.fromEntries(Object.entries(TASKS).map(([name, task]) => [name, ((payload, helpers) => task(ctx, payload, helpers)) as Task]));
  await runOnce({ pgPool: ctx.db.owner, concurrency: 1, noHandleSignals: true, logger: quietWorker, taskList });
}
