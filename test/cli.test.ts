/**
 * The `embark` command line, run as a user runs it (`bin/embark.js …`: the compiled build in dist/, or src/ through tsx when that is stale) against a
 * database of its own: help and usage (exit 0, and 2 for a usage error), admin and tenant creation
 * with the rows they write, refusals without stack traces, `db migrate`, `demo` without --yes, and
 * `serve` answering /readyz and shutting down on SIGTERM.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verify as argon2Verify } from '@node-rs/argon2';
import pg from 'pg';
import { createTestDatabase } from './helpers.ts';
import { freePort } from './net.ts';

const root = path.resolve(import.meta.dirname, '..');
const COMMANDS = ['serve', 'worker', 'db migrate', 'admin create', 'admin reset-password', 'tenant create', 'demo', 'verify-isolation'];

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let database: { url: string; drop(): Promise<void> };
let db: pg.Pool;
let dataDir: string;
const secretKey = randomBytes(32).toString('hex');
const children = new Set<ChildProcess>();

before(async () => {
  database = await createTestDatabase();
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  db.on('error', () => undefined);
  dataDir = mkdtempSync(path.join(tmpdir(), 'embark-cli-test-'));
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.end();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // EMBARK_DATA_DIR: nothing may land in the checkout's .embark, even by mistake
  return { ...process.env, DATABASE_URL: database.url, EMBARK_SECRET_KEY: secretKey, EMBARK_DATA_DIR: dataDir, EMBARK_LOG_LEVEL: 'warn', ...extra };
}

function start(args: string[], options: { env?: Record<string, string> } = {}): { child: ChildProcess; result: Promise<Result> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/embark.js'), ...args], { cwd: root, env: env(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const result = new Promise<Result>((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, result };
}

/** Runs `embark …` to completion, with `input` on its stdin (closed at once without). */
async function embark(args: string[], input?: string): Promise<Result> {
  const { child, result } = start(args);
  child.stdin!.end(input ?? '');
  return result;
}

function noStackTrace(text: string): void {
  assert.ok(!/\n\s+at .+:\d+:\d+/.test(text), `no stack trace in:\n${text}`);
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (${sql}) q`, params);
  return rows[0].n;
}

/** `embark <command> --help` for every command, run once for the tests that read it. */
let helps: Promise<Result[]> | undefined;
function commandHelps(): Promise<Result[]> {
  helps ??= Promise.all(COMMANDS.map((command) => embark([...command.split(' '), '--help'])));
  return helps;
}

describe('embark --help and usage errors', { concurrency: true }, () => {
  it('prints every command with --help and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = await embark([flag]);
      assert.equal(code, 0);
      assert.match(stdout, /^Usage: embark <command> \[options\]/);
      for (const command of COMMANDS) assert.match(stdout, new RegExp(`^  ${command} +\\S`, 'm'), `lists ${command}`);
    }
  });

  it("prints a command's summary and options with <command> --help and exits 0, touching no database", async () => {
    const expected: Record<string, string[]> = {
      serve: ['--no-migrate', '--no-worker', '--port', '--host'],
      worker: ['--concurrency'],
      'db migrate': ['embark db migrate'],
      'admin create': ['--email', '--password-stdin'],
      'admin reset-password': ['--email', '--password-stdin'],
      'tenant create': ['--name', '--subdomain'],
      demo: ['--yes'],
      'verify-isolation': ['--url', '--email', '--password-stdin'],
    };
    const results = await commandHelps();
    COMMANDS.forEach((command, i) => {
      const { code, stdout, stderr } = results[i]!;
      assert.equal(code, 0, `${command} --help exits 0 (stderr: ${stderr})`);
      assert.match(stdout, new RegExp(`Usage: embark ${command}\\b`), `${command} --help shows its usage`);
      for (const option of expected[command]!) assert.ok(stdout.includes(option), `${command} --help mentions ${option}`);
    });
  });

  it('prints the subcommands of a group with <group> --help and exits 0, and answers a missing or unknown one with exit 2', async () => {
    for (const [group, subcommand] of [
      ['db', 'db migrate'],
      ['admin', 'admin create'],
      ['tenant', 'tenant create'],
    ] as const) {
      const help = await embark([group, '--help']);
      assert.equal(help.code, 0, `${group} --help exits 0 (stderr: ${help.stderr})`);
      assert.match(help.stdout, new RegExp(`^Usage: embark ${group} <subcommand>`));
      assert.match(help.stdout, new RegExp(`^  ${subcommand} +\\S`, 'm'), `${group} --help lists ${subcommand}`);
    }
    const missing = await embark(['db']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^embark db: a subcommand is required/);
    assert.match(missing.stderr, /^ {2}db migrate /m);
    const unknown = await embark(['db', 'frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^embark db: unknown subcommand "frobnicate"/);
  });

  it('explains, in serve --help and tenant create --help, each flag their usage line names', async () => {
    const results = await commandHelps();
    for (const command of ['serve', 'tenant create']) {
      const { stdout } = results[COMMANDS.indexOf(command)]!;
      const usage = /^Usage: (.*)$/m.exec(stdout)![1]!;
      const flags = [...usage.matchAll(/--[a-z-]+/g)].map((m) => m[0]);
      assert.ok(flags.length >= 3, `${command} has flags: ${usage}`);
      for (const flag of flags) assert.match(stdout, new RegExp(`^  ${flag}\\b.*\\s{2,}\\S`, 'm'), `${command} --help explains ${flag}`);
    }
  });

  it("has every command in the README's CLI table with the flags its --help names", async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const results = await commandHelps();
    COMMANDS.forEach((command, i) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`embark ${command}`));
      assert.ok(row, `README.md has a row for embark ${command}`);
      const usage = /^Usage: (.*)$/m.exec(results[i]!.stdout)![1]!;
      for (const [flag] of usage.matchAll(/--[a-z-]+/g)) assert.ok(row.includes(flag), `README.md's row for embark ${command} shows ${flag}`);
    });
  });

  it('answers an unknown command like any usage error: exit 2, its name and the command list on stderr', async () => {
    const { code, stdout, stderr } = await embark(['frobnicate']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /unknown command "frobnicate"/);
    assert.match(stderr, /Usage: embark <command>/);
    assert.match(stderr, /tenant create/);
  });

  it("answers an unknown flag with exit 2, the reason and the command's usage, and writes nothing", async () => {
    const { code, stdout, stderr } = await embark(['admin', 'create', '--email', 'flag@x.test', '--bogus']);
    assert.equal(code, 2);
    assert.match(stderr, /Unknown option '--bogus'/);
    assert.match(stderr, /Usage: embark admin create --email E/);
    assert.equal(stdout, '');
    noStackTrace(stderr);
    assert.equal(await count(`select 1 from platform_admins where email = 'flag@x.test'`), 0);
  });

  it('answers a missing required option and a positional argument with exit 2', async () => {
    const missing = await embark(['admin', 'create']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--email is required/);
    const positional = await embark(['db', 'migrate', 'now']);
    assert.equal(positional.code, 2);
    assert.match(positional.stderr, /Usage: embark db migrate/);
  });
});

describe('embark admin create', () => {
  it('prints a generated password once, and stores the admin with an argon2id hash of it that must be changed', async () => {
    const { code, stdout, stderr } = await embark(['admin', 'create', '--email', 'a@x.test']);
    assert.equal(code, 0, stderr);
    const { rows } = await db.query(`select id, password_hash, must_change_password from platform_admins where email = 'a@x.test'`);
    assert.equal(rows.length, 1);
    const user = rows[0];
    assert.match(stdout, new RegExp(`^created global admin a@x\\.test \\(${user.id}\\)$`, 'm'));
    const password = /^temporary password \(shown once; it must be changed at first login\): (\S+)$/m.exec(stdout)?.[1];
    assert.ok(password && password.length >= 12, `a temporary password is printed:\n${stdout}`);
    assert.equal(stdout.split(password).length - 1, 1, 'the password is printed exactly once');
    assert.ok(!stderr.includes(password), 'and not on stderr');
    assert.equal(user.must_change_password, true);
    assert.match(user.password_hash, /^\$argon2id\$/);
    assert.ok(await argon2Verify(user.password_hash, password), 'the stored hash is of the printed password');
    const { rows: audit } = await db.query(`select actor_kind, details from platform_audit_log where action = 'user.created' and target_id = $1`, [user.id]);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor_kind, 'cli');
    assert.equal(audit[0].details.temporary_password, true);
    assert.ok(!JSON.stringify(audit[0].details).includes(password), 'the audit log does not hold the password');
  });

  it('with --password-stdin takes the piped password, prints none, and does not force a change', async () => {
    const password = 'piped passphrase 42!';
    const { code, stdout, stderr } = await embark(['admin', 'create', '--email', 'piped@x.test', '--password-stdin'], `${password}\n`);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^created global admin piped@x\.test \(/);
    assert.doesNotMatch(stdout, /password/i, 'no password line');
    assert.ok(!stdout.includes(password) && !stderr.includes(password));
    const { rows } = await db.query(`select password_hash, must_change_password from platform_admins where email = 'piped@x.test'`);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].must_change_password, false);
    assert.match(rows[0].password_hash, /^\$argon2id\$/);
    assert.ok(await argon2Verify(rows[0].password_hash, password), 'the hash is of the piped password without its newline');
  });

  it('refuses a too-short piped password with exit 1 and a clear message', async () => {
    const { code, stderr } = await embark(['admin', 'create', '--email', 'short@x.test', '--password-stdin'], 'short\n');
    assert.equal(code, 1);
    assert.match(stderr, /^embark admin create: a password must be 12 to 256 characters long/);
    noStackTrace(stderr);
    assert.equal(await count(`select 1 from platform_admins where email = 'short@x.test'`), 0);
  });

  it('refuses to create the same admin twice with exit 1 and a one-line message, not a stack trace', async () => {
    const first = await embark(['admin', 'create', '--email', 'twice@x.test']);
    assert.equal(first.code, 0, first.stderr);
    const second = await embark(['admin', 'create', '--email', 'twice@x.test']);
    assert.equal(second.code, 1);
    assert.equal(second.stderr.trim(), 'embark admin create: a user with email twice@x.test already exists here');
    assert.equal(second.stdout, '', 'no password printed for an admin that was not created');
    noStackTrace(second.stderr);
    assert.equal(await count(`select 1 from platform_admins where lower(email) = 'twice@x.test'`), 1);
  });
});

describe('embark admin reset-password', () => {
  it('gives a global admin a temporary password printed once, ends their sessions, and refuses anyone else', async () => {
    const created = await embark(['admin', 'create', '--email', 'forgot@x.test', '--password-stdin'], 'the first passphrase\n');
    assert.equal(created.code, 0, created.stderr);
    const {
      rows: [user],
    } = await db.query(`select id from platform_admins where email = 'forgot@x.test'`);
    await db.query(`insert into platform_sessions (admin_id, expires_at) values ($1, now() + interval '1 day')`, [user.id]);
    // someone has been failing logins at the account to keep the admin out
    await db.query(`insert into login_failures (bucket) select 'user:' || $1 from generate_series(1, 10)`, [user.id]);
    const { code, stdout, stderr } = await embark(['admin', 'reset-password', '--email', 'forgot@x.test']);
    assert.equal(code, 0, stderr);
    const password = /^temporary password \(shown once; it must be changed at first login\): (\S+)$/m.exec(stdout)?.[1];
    assert.ok(password, stdout);
    const { rows } = await db.query(`select password_hash, must_change_password from platform_admins where id = $1`, [user.id]);
    assert.ok(await argon2Verify(rows[0].password_hash, password));
    assert.equal(rows[0].must_change_password, true);
    assert.equal(await count(`select 1 from platform_sessions where admin_id = $1 and revoked_at is null`, [user.id]), 0, 'their sessions have ended');
    assert.equal(await count(`select 1 from login_failures where bucket = 'user:' || $1`, [user.id]), 0, 'and the failures that locked them out are forgiven');
    const nobody = await embark(['admin', 'reset-password', '--email', 'nobody@x.test']);
    assert.equal(nobody.code, 1);
    assert.equal(nobody.stderr.trim(), 'embark admin reset-password: no global admin has the email nobody@x.test');
  });
});

describe('embark tenant create', () => {
  it('creates the tenant and prints it as JSON', async () => {
    const { code, stdout, stderr } = await embark(['tenant', 'create', '--name', 'North Wind', '--subdomain', 'northwind']);
    assert.equal(code, 0, stderr);
    const tenant = JSON.parse(stdout);
    assert.equal(tenant.name, 'North Wind');
    assert.equal(tenant.subdomain, 'northwind');
    assert.equal(tenant.is_active, true);
    assert.match(tenant.id, /^[0-9a-f-]{36}$/);
    const { rows } = await db.query('select name, subdomain, is_active from tenants where id = $1', [tenant.id]);
    assert.deepEqual(rows, [{ name: 'North Wind', subdomain: 'northwind', is_active: true }]);
  });

  it('refuses a subdomain that is not a DNS label with exit 2 and writes nothing', async () => {
    for (const subdomain of ['Bad_Sub', '--subdomain=-edge', 'has space']) {
      const flag = subdomain.startsWith('--') ? [subdomain] : ['--subdomain', subdomain];
      const { code, stdout, stderr } = await embark(['tenant', 'create', '--name', 'Bad', ...flag]);
      assert.equal(code, 2, `${subdomain}: ${stderr}`);
      assert.match(stderr, /--subdomain must be a DNS label/);
      assert.match(stderr, /Usage: embark tenant create/);
      assert.equal(stdout, '');
    }
    assert.equal(await count(`select 1 from tenants where name = 'Bad'`), 0);
  });

  it('refuses a subdomain that is taken with exit 1 and a one-line message', async () => {
    const { code, stderr } = await embark(['tenant', 'create', '--name', 'Again', '--subdomain', 'northwind']);
    assert.equal(code, 1);
    assert.match(stderr, /^embark tenant create: the subdomain "northwind" is already used by another tenant/);
    noStackTrace(stderr);
    assert.equal(await count(`select 1 from tenants where subdomain = 'northwind'`), 1);
  });
});

describe('embark db migrate and demo', () => {
  it('db migrate says the database is up to date', async () => {
    const { code, stdout, stderr } = await embark(['db', 'migrate']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), 'the database is up to date');
  });

  it('db migrate refuses a database migrated by a newer Embark with exit 1', async () => {
    const other = await createTestDatabase();
    try {
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      await client.query(`insert into embark_migrations (id, name, checksum) values (9999, '9999_newer.sql', 'x')`);
      await client.end();
      const { child, result } = start(['db', 'migrate'], { env: { DATABASE_URL: other.url } });
      child.stdin!.end();
      const { code, stderr } = await result;
      assert.equal(code, 1);
      assert.match(stderr, /^embark db migrate: the database holds migration\(s\) this build of Embark does not know: 9999_newer\.sql/);
      noStackTrace(stderr);
    } finally {
      await other.drop();
    }
  });

  it('demo without --yes exits 2, asks for --yes, and writes nothing', async () => {
    const before = await db.query('select (select count(*)::int from tenants) as tenants, (select count(*)::int from users) as users, (select count(*)::int from audit_log) as audit');
    const { code, stdout, stderr } = await embark(['demo']);
    assert.equal(code, 2);
    assert.match(stderr, /--yes/);
    assert.equal(stdout, '');
    const afterwards = await db.query('select (select count(*)::int from tenants) as tenants, (select count(*)::int from users) as users, (select count(*)::int from audit_log) as audit');
    assert.deepEqual(afterwards.rows, before.rows);
    assert.equal(await count(`select 1 from tenants where subdomain like 'demo%'`), 0);
  });
});

describe('embark serve', () => {
  async function serveUntilReady(args: string[]): Promise<{ child: ChildProcess; result: Promise<Result>; port: number; output: () => string }> {
    const port = await freePort();
    const { child, result } = start(['serve', '--port', String(port), ...args], { env: { EMBARK_LOG_LEVEL: 'info' } });
    child.stdin!.end();
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${(await result).stderr}`);
      if (Date.now() > deadline) throw new Error('serve did not become ready within 60 s');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready && /"msg":"Embark is serving"/.test(stdout)) return { child, result, port, output: () => stdout };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function servingLine(stdout: string): Record<string, unknown> {
    const line = stdout.split('\n').find((l) => l.includes('"msg":"Embark is serving"'));
    assert.ok(line, 'logs that it is serving');
    return JSON.parse(line);
  }

  async function listeners(): Promise<number> {
    return count(`select 1 from pg_stat_activity where datname = current_database() and query like 'LISTEN "jobs:insert"%'`);
  }

  async function stopWithSigterm(child: ChildProcess, result: Promise<Result>, port: number): Promise<Result> {
    child.kill('SIGTERM');
    const done = await result;
    assert.ok(done.code === 0 || done.code === 143, `exits 0 or 143 on SIGTERM, got ${done.code} / ${done.signal}; stderr: ${done.stderr}`);
    const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => false,
      () => true,
    );
    assert.ok(refused, 'nothing listens on the port afterwards');
    noStackTrace(done.stderr);
    return done;
  }

  it('answers /readyz as ready with a worker, and shuts down cleanly on SIGTERM', async () => {
    const { child, result, port, output } = await serveUntilReady([]);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; migrations: number };
    assert.equal(body.status, 'ready');
    assert.ok(body.migrations >= 7);
    assert.equal(servingLine(output()).worker, true);
    // the in-process worker listens for new jobs
    const deadline = Date.now() + 10_000;
    while ((await listeners()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await listeners(), 1, 'one graphile-worker LISTENs for jobs');
    await stopWithSigterm(child, result, port);
    assert.match(output(), /"msg":"shutting down"/);
  });

  it('says which port is in use, and exits 1 without a stack trace, when another program holds it', async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    const port = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)));
    try {
      const { child, result } = start(['serve', '--no-worker', '--port', String(port)]);
      child.stdin!.end();
      const done = await result;
      assert.equal(done.code, 1, done.stderr);
      assert.match(done.stderr, new RegExp(`embark serve: port ${port} on 127\\.0\\.0\\.1 is in use by another program; set PORT \\(or --port\\) to a free one`));
      noStackTrace(done.stderr);
    } finally {
      holder.close();
    }
  });

  it('with --no-worker answers /readyz as ready, runs no worker, and shuts down cleanly on SIGTERM', async () => {
    const { child, result, port, output } = await serveUntilReady(['--no-worker']);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ready');
    assert.equal(servingLine(output()).worker, false);
    assert.equal(await listeners(), 0, 'no graphile-worker listens for jobs');
    await stopWithSigterm(child, result, port);
  });
});
