/**
 * The `embark` command line: parses flags, calls services, exits 1 on error — nothing else.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { createLogger } from './log.ts';
import type { Context } from './context.ts';
import { createContext } from './modules.ts';
import { openDatabase, type OpenedDatabase } from './db/index.ts';
import { migrate, MigrationError } from './db/migrate.ts';
import { EmbeddedPostgresError } from './db/embedded.ts';
import { describeDbError, isConnectionError } from './db/connection-errors.ts';
import { AppError } from './errors.ts';
import { buildApp } from './app.ts';
import { createGlobalAdmin, resetGlobalAdminPassword } from './identities/users.service.ts';
import { issueSetupToken, setupUrl } from './identities/setup.service.ts';
import { createTenant } from './tenants/tenants.service.ts';
import type { Actor } from './audit/audit.service.ts';
import { verifyIsolation } from './cli/verify-isolation.ts';
import { startWorker } from './worker/worker.ts';
import { seedDemo } from './onboarding/demo.ts';

const CLI_ACTOR: Actor = { userId: null, kind: 'cli', impersonating: false };

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined>): Promise<void>;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

function readStdin(): string {
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

/** What must be stopped if a signal arrives: open databases (an embedded postgres must not be orphaned). */
const cleanups = new Set<() => Promise<void>>();
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    void (async () => {
      // last opened, first closed: the HTTP server before the pools, the pools before the database
      for (const cleanup of [...cleanups].reverse()) await cleanup().catch((err) => console.error(err));
      process.exit(signal === 'SIGINT' ? 130 : 143);
    })();
  });
}

/**
 * A library's write that nobody awaited — graphile-worker recording a job's completion — fails when the
 * database connection is cut under it. That is survivable, and the job it concerned runs again (see
 * src/worker/worker.ts), so it is logged, not fatal. Any other unhandled rejection is a bug: logged,
 * and the process exits as Node's default would have it.
 */
process.on('unhandledRejection', (reason) => {
  const log = createLogger(process.env.EMBARK_LOG_LEVEL || 'info');
  if (isConnectionError(reason)) {
    log.warn({ err: describeDbError(reason) }, 'a database write nobody waited for failed with the connection; its work is retried');
    return;
  }
  log.fatal({ err: reason }, 'unhandled promise rejection');
  process.exit(1);
});

async function open(config: Config): Promise<OpenedDatabase> {
  const opening = openDatabase(config, createLogger(config.logLevel));
  // a signal while the embedded PostgreSQL starts waits for it, then stops it: it runs detached and would outlive us
  const close = () =>
    opening.then(
      (opened) => opened.close(),
      () => undefined,
    );
  cleanups.add(close);
  const opened = await opening.catch((error: unknown) => {
    cleanups.delete(close);
    throw error;
  });
  return {
    ...opened,
    close: async () => {
      cleanups.delete(close);
      await opened.close();
    },
  };
}

async function withContext<T>(config: Config, fn: (ctx: Context, opened: OpenedDatabase) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const log = createLogger(config.logLevel);
  const opened = await open(config);
  try {
    if (options.migrate !== false) await migrate(opened.db.owner, { appRole: config.dbAppRole, log });
    return await fn(createContext(config, opened.db, log), opened);
  } finally {
    await opened.close();
  }
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Serve the API and web UI with a worker (starts an embedded PostgreSQL when DATABASE_URL is unset)',
    usage:
      'embark serve [--no-migrate] [--no-worker] [--port N] [--host H]\n\n' +
      '  --no-migrate  do not apply pending migrations at start; run `embark db migrate` yourself\n' +
      '  --no-worker   serve HTTP only; run `embark worker` processes separately\n' +
      '  --port N      listen on port N (default: PORT, else 3000)\n' +
      '  --host H      listen on address H (default: EMBARK_HOST, else 127.0.0.1)\n\n' +
      '  Without DATABASE_URL it uses the embedded PostgreSQL of EMBARK_DATA_DIR, starting it unless it already runs.\n' +
      '  SIGTERM or SIGINT: stops taking requests, lets requests and jobs finish, then stops.',
    options: { 'no-migrate': { type: 'boolean' }, 'no-worker': { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } },
    async run(values) {
      const env = { ...process.env, ...(values.port ? { PORT: String(values.port) } : {}), ...(values.host ? { EMBARK_HOST: String(values.host) } : {}) };
      const config = loadConfig(env);
      const log = createLogger(config.logLevel);
      const opened = await open(config);
      let app: Awaited<ReturnType<typeof buildApp>> | undefined;
      let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
      // on a signal: stop taking requests and finish those in flight and running jobs, then pools, then the database
      cleanups.add(async () => {
        log.info('shutting down');
        await Promise.all([app?.close().catch((err) => log.error({ err }, 'error closing the HTTP server')), worker?.stop().catch((err) => log.error({ err }, 'error stopping the worker'))]);
      });
      try {
        if (!values['no-migrate']) await migrate(opened.db.owner, { appRole: config.dbAppRole, log });
        const ctx = createContext(config, opened.db, log);
        app = await buildApp(ctx);
        await app.listen({ port: config.port, host: config.host }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EADDRINUSE') throw new ConfigError(`port ${config.port} on ${config.host} is in use by another program; set PORT (or --port) to a free one`);
          throw error;
        });
        if (!values['no-worker']) worker = await startWorker(ctx);
        log.info({ url: config.publicUrl, embedded_postgres: Boolean(opened.embedded), worker: Boolean(worker) }, 'Embark is serving');
        if (config.outboxRevealSecrets) log.warn('EMBARK_OUTBOX_REVEAL_SECRETS is on: global admins can read the secrets and links the built-in outbox masks. For development only.');
        // first run: the link is printed on the console, never logged (it creates an admin)
        const token = await issueSetupToken(ctx);
        if (token) printSetupLink(setupUrl(ctx, token));
      } catch (error) {
        await app?.close().catch(() => undefined);
        await opened.close().catch(() => undefined);
        throw error;
      }
      await new Promise(() => undefined);
    },
  },
  worker: {
    summary: 'Run jobs (message dispatch, outbound webhooks) without serving HTTP',
    usage: 'embark worker [--concurrency N]\n\n  Any number of workers may share one database. SIGTERM lets running jobs finish (up to 30 s), then exits.\n  A dispatch job sends up to EMBARK_DISPATCH_BATCH (default 10) waiting messages of one tenant together.',
    options: { concurrency: { type: 'string' } },
    async run(values) {
      if (values.concurrency !== undefined && !/^[1-9]\d{0,2}$/.test(String(values.concurrency))) throw new UsageError('--concurrency must be an integer from 1 to 999');
      const config = loadConfig(values.concurrency ? { ...process.env, EMBARK_WORKER_CONCURRENCY: String(values.concurrency) } : process.env);
      const log = createLogger(config.logLevel);
      const opened = await open(config);
      const ctx = createContext(config, opened.db, log);
      let worker: Awaited<ReturnType<typeof startWorker>>;
      try {
        await migrate(opened.db.owner, { appRole: config.dbAppRole, log });
        worker = await startWorker(ctx);
      } catch (error) {
        // an embedded postgres must not outlive a worker that could not start
        await opened.close().catch(() => undefined);
        throw error;
      }
      cleanups.add(async () => {
        log.info('worker shutting down; letting running jobs finish');
        await worker.stop();
      });
      log.info({ concurrency: config.workerConcurrency }, 'worker running');
      await worker.done;
    },
  },
  'db migrate': {
    summary: 'Apply pending database migrations',
    usage: 'embark db migrate',
    options: {},
    async run() {
      const config = loadConfig();
      const log = createLogger(config.logLevel);
      const opened = await open(config);
      try {
        const functionFiles: string[] = [];
        const applied = await migrate(opened.db.owner, { appRole: config.dbAppRole, log, onFunctionFile: (file) => functionFiles.push(file) });
        if (applied.length) console.log(`applied ${applied.length} migration(s): ${applied.join(', ')}`);
        // after a migration every function file is applied again: only a change of the files alone is news
        else if (functionFiles.length) console.log(`applied ${functionFiles.length} changed sql/functions file(s): ${functionFiles.join(', ')}`);
        else console.log('the database is up to date');
      } finally {
        await opened.close();
      }
    },
  },
  'admin create': {
    summary: 'Create a global admin',
    usage: 'embark admin create --email E [--password-stdin]\n\n  Without --password-stdin a temporary password is generated, printed once, and must be changed at first login.',
    options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run(values) {
      if (!values.email) throw new UsageError('--email is required');
      const password = values['password-stdin'] ? readStdin() : undefined;
      await withContext(loadConfig(), async (ctx) => {
        const { user, temporaryPassword } = await createGlobalAdmin(ctx, CLI_ACTOR, { email: String(values.email), password });
        console.log(`created global admin ${user.email} (${user.id})`);
        if (temporaryPassword) {
          console.log(`temporary password (shown once; it must be changed at first login): ${temporaryPassword}`);
        }
      });
    },
  },
  'admin reset-password': {
    summary: 'Give a global admin a new temporary password (global admins have no tenant channel for a reset link)',
    usage:
      'embark admin reset-password --email E [--password-stdin]\n\n' +
      "  --email E           the global admin's email\n" +
      '  --password-stdin    read the new password from stdin instead of generating a temporary one\n\n' +
      '  Without --password-stdin a temporary password is printed once and must be changed at first login.\n' +
      '  Every session of the admin ends.',
    options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run(values) {
      if (!values.email) throw new UsageError('--email is required');
      const password = values['password-stdin'] ? readStdin() : undefined;
      await withContext(loadConfig(), async (ctx) => {
        const { user, temporaryPassword } = await resetGlobalAdminPassword(ctx, CLI_ACTOR, { email: String(values.email), password });
        console.log(`reset the password of global admin ${user.email} (${user.id}); their sessions have ended`);
        if (temporaryPassword) console.log(`temporary password (shown once; it must be changed at first login): ${temporaryPassword}`);
      });
    },
  },
  'tenant create': {
    summary: 'Create a tenant',
    usage:
      'embark tenant create --name N --subdomain S [--inactive]\n\n' +
      "  --name N       the tenant's display name\n" +
      '  --subdomain S  a DNS label (lower-case letters, digits, inner hyphens) naming the tenant in URLs\n' +
      '  --inactive     create it deactivated: its users and API keys cannot be used until it is activated',
    options: { name: { type: 'string' }, subdomain: { type: 'string' }, inactive: { type: 'boolean' } },
    async run(values) {
      if (!values.name || !values.subdomain) throw new UsageError('--name and --subdomain are required');
      const subdomain = String(values.subdomain);
      if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(subdomain)) throw new UsageError('--subdomain must be a DNS label: lower-case letters, digits and inner hyphens, 1–63 characters');
      await withContext(loadConfig(), async (ctx) => {
        const tenant = await createTenant(ctx, CLI_ACTOR, { name: String(values.name), subdomain, is_active: !values.inactive });
        console.log(JSON.stringify(tenant, null, 2));
      });
    },
  },
  demo: {
    summary: 'Seed a demo tenant with talent/hirer signup modes and users arriving by every path',
    usage: "embark demo --yes\n\n  Writes a tenant (subdomain demo, or demo-N if taken) and its users into the configured database.\n  Prints the demo tenant admin's one-time password; it must be changed at first login.",
    options: { yes: { type: 'boolean' } },
    async run(values) {
      if (!values.yes) throw new UsageError('embark demo writes demo data into the database; run it again with --yes to confirm');
      await withContext(loadConfig(), async (ctx) => {
        const demo = await seedDemo(ctx);
        console.log(`demo tenant: ${demo.tenant.name} (subdomain ${demo.tenant.subdomain}, id ${demo.tenant.id})`);
        console.log(`tenant admin: ${demo.admin.email}`);
        console.log(`one-time password (shown once; change it at first login): ${demo.admin.password}`);
        console.log(`\n${demo.users.length} users, one per arrival path:`);
        for (const user of demo.users) {
          console.log(`  ${user.path.padEnd(17)} ${String(user.email ?? user.phone).padEnd(32)} mode=${user.signup_mode ?? '-'} app role=${user.role ?? '-'} first contact=${user.contact?.channel ?? 'none'} (${user.contact?.status ?? '-'})`);
        }
        console.log('\nThe first contacts are in the outbox: sign in at the UI and open Messages, or GET /api/v1/messages.');
      });
    },
  },
  'verify-isolation': {
    summary: 'Check tenant isolation on a running server (creates two throwaway tenants)',
    usage: 'embark verify-isolation --url URL --email ADMIN_EMAIL [--password-stdin]\n\n  The global admin password comes from stdin with --password-stdin, else from EMBARK_ADMIN_PASSWORD.\n  Prints a PASS/FAIL table and exits 1 if any check fails.',
    options: { url: { type: 'string' }, email: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run(values) {
      if (!values.url || !values.email) throw new UsageError('--url and --email are required');
      const password = values['password-stdin'] ? readStdin() : process.env.EMBARK_ADMIN_PASSWORD;
      if (!password) throw new UsageError('give the admin password on stdin with --password-stdin, or in EMBARK_ADMIN_PASSWORD');
      const ok = await verifyIsolation({ url: String(values.url), email: String(values.email), password, out: process.stdout });
      if (!ok) process.exitCode = 1;
    },
  },
};

class UsageError extends Error {}

function printSetupLink(url: string): void {
  const lines = ['No global admin exists yet. To create the first one, open (valid for one hour, once):', '', `  ${url}`, '', 'or, in another terminal of this checkout: npx embark admin create --email you@example.com'];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '─'.repeat(width + 2);
  process.stdout.write(`\n┌${rule}┐\n${lines.map((line) => `│ ${line.padEnd(width)} │`).join('\n')}\n└${rule}┘\n\n`);
}

function printHelp(print: (line: string) => void): void {
  print('Usage: embark <command> [options]\n\nCommands:');
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  for (const [name, command] of Object.entries(COMMANDS)) print(`  ${name.padEnd(width)} ${command.summary}`);
  print('\nRun `embark <command> --help` for its options. Configuration is read from the environment; see README.md.');
}

/** `embark db --help`: the subcommands of a group (db, admin, tenant). */
function printGroupHelp(group: string, print: (line: string) => void): void {
  print(`Usage: embark ${group} <subcommand> [options]\n\nSubcommands:`);
  const names = Object.keys(COMMANDS).filter((name) => name.startsWith(`${group} `));
  const width = Math.max(...names.map((name) => name.length)) + 2;
  for (const name of names) print(`  ${name.padEnd(width)} ${COMMANDS[name]!.summary}`);
  print(`\nRun \`embark ${group} <subcommand> --help\` for its options.`);
}

export async function main(argv: string[]): Promise<number> {
  const name = [argv.slice(0, 2).join(' '), argv[0] ?? ''].find((candidate) => candidate in COMMANDS);
  const group = argv[0];
  if (!name && group && Object.keys(COMMANDS).some((command) => command.startsWith(`${group} `))) {
    const asked = argv[1] === '--help' || argv[1] === '-h';
    if (!asked) console.error(argv[1] ? `embark ${group}: unknown subcommand ${JSON.stringify(argv[1])}\n` : `embark ${group}: a subcommand is required\n`);
    printGroupHelp(group, asked ? console.log : console.error);
    return asked ? 0 : 2;
  }
  if (!name) {
    const asked = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
    if (!asked) console.error(`embark: unknown command ${JSON.stringify(argv.join(' '))}\n`);
    // an unknown command is a usage error like any other: exit 2, on stderr
    printHelp(asked ? console.log : console.error);
    return asked ? 0 : 2;
  }
  const command = COMMANDS[name]!;
  const rest = argv.slice(name.split(' ').length);
  try {
    const { values } = parseArgs({ args: rest, options: { ...command.options, ...HELP_OPTION }, strict: true, allowPositionals: false });
    if (values.help) {
      console.log(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    await command.run(values as Record<string, string | boolean | undefined>);
    return (process.exitCode as number | undefined) ?? 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`embark ${name}: ${(error as Error).message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof MigrationError || error instanceof EmbeddedPostgresError || error instanceof AppError) {
      console.error(`embark ${name}: ${(error as Error).message}`);
      return 1;
    }
    console.error(`embark ${name} failed:`, error);
    return 1;
  }
}

// exit explicitly: a command that failed half-way must not linger on open handles, nor end with 0
process.exit(await main(process.argv.slice(2)));
