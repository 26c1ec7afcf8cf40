/**
 * First run, as a newcomer has it: `embark serve` on a database without a global admin prints a
 * one-time setup link on the console — never in a log line — and that link creates the first admin.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase } from './helpers.ts';
import { freePort } from './net.ts';

const root = path.resolve(import.meta.dirname, '..');
let database: { url: string; drop(): Promise<void> };
let child: ChildProcess | undefined;

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await database.drop();
});

describe('embark serve without a global admin', () => {
  it('prints a setup link once, outside the log, that creates the first admin', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [path.join(root, 'bin/embark.js'), 'serve', '--no-worker', '--port', String(port)], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, EMBARK_SECRET_KEY: randomBytes(32).toString('hex'), EMBARK_LOG_LEVEL: 'info', EMBARK_PUBLIC_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    let link: RegExpExecArray | null = null;
    while (!(link = new RegExp(`http://127\\.0\\.0\\.1:${port}/setup\\?token=([A-Za-z0-9_-]{32})`).exec(output))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no setup link printed:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const token = link[1]!;
    assert.equal(output.split(token).length - 1, 1, 'printed once');

    // the page the link opens is the UI; the API behind it creates the admin
    const page = await fetch(link[0]);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    // opening it is logged (at info) without its token
    const logged = Date.now() + 5000;
    while (!/"url":"\/setup\?token=\[redacted\]"/.test(output) && Date.now() < logged) await new Promise((r) => setTimeout(r, 50));
    assert.match(output, /"url":"\/setup\?token=\[redacted\]"/, 'the request is logged, its token redacted');
    for (const line of output.split('\n').filter((l) => l.startsWith('{'))) assert.ok(!line.includes(token), `not in a log line: ${line}`);
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, email: 'first@example.test', password: 'the first passphrase' }) });
    assert.equal(created.status, 201, await created.clone().text());
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'first@example.test', password: 'the first passphrase' }) });
    assert.equal(login.status, 200);
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  });
});
