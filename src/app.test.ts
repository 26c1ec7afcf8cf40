/**
 * HTTP basics every route relies on: health and readiness, security headers, request ids, the body
 * limit, problem+json for unknown routes and for unexpected errors (which never leak their message),
 * the OpenAPI document, and the log redaction that keeps credentials out of log lines.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, type TestEnv } from '../test/helpers.ts';
import { buildApp } from './app.ts';
import { MIGRATIONS_DIR } from './db/migrate.ts';
import { REDACT_PATHS } from './log.ts';
import { loadConfig } from './config.ts';
import { clientAddress, limitKey } from './http/client-address.ts';

const root = path.resolve(import.meta.dirname, '..');
const MIGRATION_COUNT = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GENERIC_DETAIL = 'an unexpected error occurred; the server log has the details under this request id';

let env: TestEnv;
let small: TestEnv;

before(async () => {
  [env, small] = await Promise.all([createTestEnv(), createTestEnv({ EMBARK_BODY_LIMIT: '1024', EMBARK_PUBLIC_URL: 'https://embark.example.test' })]);
});
after(async () => {
  await Promise.all([env?.close(), small?.close()]);
});

function assertProblem(res: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.detail, 'string');
  assert.equal(body.request_id, res.headers['x-request-id'], 'the problem names the request id of its response');
  return body;
}

function assertSecurityHeaders(res: LightMyRequestResponse, what: string): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  assert.match(csp, /default-src 'self'/, `${what}: content-security-policy`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
  assert.match(csp, /script-src 'self'(;|$)/, `${what}: scripts only from the origin`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', what);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
  assert.match(String(res.headers['strict-transport-security']), /^max-age=\d{7,}/, `${what}: strict-transport-security`);
}

describe('health and readiness', () => {
  it('/healthz answers 200 ok', async () => {
    const res = await env.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('/readyz answers 200 ready with the number of applied migrations', async () => {
    const res = await env.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ready', migrations: MIGRATION_COUNT });
  });

  it('/readyz answers 503 not_ready while the database holds a migration this build does not know, and 503 when the database is gone', async () => {
    const own = await createTestEnv();
    try {
      await own.ctx.db.owner.query(`insert into embark_migrations (id, name, checksum) values (9999, '9999_newer.sql', 'x')`);
      const refused = await own.inject({ method: 'GET', url: '/readyz' });
      assert.equal(refused.statusCode, 503);
      assert.deepEqual(refused.json(), { status: 'not_ready', reason: 'migrations are not current', pending: [], unknown: ['9999_newer.sql'] });

      await own.ctx.db.owner.query('delete from embark_migrations where id = 9999');
      assert.equal((await own.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, 'ready again once the row is gone');

      // the database disappears under the running app
      const name = new URL(own.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.EMBARK_TEST_SERVER_URL });
      await admin.connect();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
      const gone = await own.inject({ method: 'GET', url: '/readyz' });
      assert.equal(gone.statusCode, 503);
      assert.deepEqual(gone.json(), { status: 'not_ready', reason: 'database unreachable' });
      // and a route that needs it fails with a generic 500 that does not say which database, or why
      const login = await own.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'someone@example.test', password: 'whatever it may be' } });
      const problem = assertProblem(login, 500, 'internal_error');
      assert.equal(problem.detail, GENERIC_DETAIL);
      assert.ok(!login.body.includes(name), 'the database name does not leak');
      assert.doesNotMatch(login.body, /does not exist|terminat|ECONNREFUSED|at .+\.ts:\d+/);
    } finally {
      await own.close();
    }
  });
});

describe('headers', () => {
  it('sets the security headers on pages, API answers and problems alike', async () => {
    const responses = {
      '/healthz': await env.inject({ method: 'GET', url: '/healthz' }),
      '/api/openapi.json': await env.inject({ method: 'GET', url: '/api/openapi.json' }),
      'a 404 problem': await env.inject({ method: 'GET', url: '/api/v1/no-such-thing' }),
      'a 401 problem': await env.inject({ method: 'GET', url: '/api/v1/admin/tenants' }),
    };
    for (const [what, res] of Object.entries(responses)) assertSecurityHeaders(res, what);
    // served over plain http, the UI must not be told to upgrade its own requests to https
    assert.doesNotMatch(String(responses['/healthz'].headers['content-security-policy']), /upgrade-insecure-requests/);
  });

  it('asks browsers to upgrade insecure requests only when the public URL is https', async () => {
    const res = await small.inject({ method: 'GET', url: '/healthz' });
    assertSecurityHeaders(res, 'https deployment');
    assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
  });

  it('gives every response an x-request-id, a fresh one per request', async () => {
    const a = await env.inject({ method: 'GET', url: '/healthz' });
    const b = await env.inject({ method: 'GET', url: '/healthz' });
    const c = await env.inject({ method: 'GET', url: '/api/v1/nowhere' });
    for (const res of [a, b, c]) assert.match(String(res.headers['x-request-id']), UUID);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
    assert.equal(c.json().request_id, c.headers['x-request-id']);
  });

  it('echoes a sane caller-supplied X-Request-Id, in the header and in problems', async () => {
    for (const id of ['trace-abc.123:x_Y', 'a', 'z'.repeat(128)]) {
      const res = await env.inject({ method: 'GET', url: '/api/v1/nowhere', headers: { 'x-request-id': id } });
      assert.equal(res.headers['x-request-id'], id);
      assert.equal(res.json().request_id, id);
    }
  });

  it('replaces a malformed X-Request-Id with one of its own', async () => {
    for (const id of ['has spaces', '<script>alert(1)</script>', 'z'.repeat(129), 'line\\nbreak', '']) {
      const res = await env.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': id } });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['x-request-id']), UUID, `${JSON.stringify(id)} is replaced`);
    }
  });
});

describe('problems', () => {
  it('refuses a body over EMBARK_BODY_LIMIT with 413 body_too_large, and accepts one under it', async () => {
    const password = 'p'.repeat(2000);
    const big = await small.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'someone@example.test', password } });
    const problem = assertProblem(big, 413, 'body_too_large');
    assert.match(String(big.headers['x-request-id']), UUID);
    assert.ok(!big.body.includes(password), 'the body is not echoed');
    assert.equal(problem.title, 'Content Too Large');
    // the same request under the limit reaches the route (and fails there, for the right reason)
    const fits = await small.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'someone@example.test', password: 'p'.repeat(100) } });
    assertProblem(fits, 401, 'invalid_credentials');
    // the default limit is far larger
    const sameOnDefault = await env.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'someone@example.test', password: 'p'.repeat(200) } });
    assertProblem(sameOnDefault, 401, 'invalid_credentials');
  });

  it('answers an unknown API route with 404 route_not_found as application/problem+json', async () => {
    const get = assertProblem(await env.inject({ method: 'GET', url: '/api/v1/does-not-exist?x=1' }), 404, 'route_not_found');
    assert.equal(get.detail, 'no route for GET /api/v1/does-not-exist');
    assert.equal(get.type, 'about:blank');
    const del = assertProblem(await env.inject({ method: 'DELETE', url: '/healthz' }), 404, 'route_not_found');
    assert.equal(del.detail, 'no route for DELETE /healthz');
  });

  it('answers an unexpected error with a generic 500 problem, and logs the real error under the request id', async () => {
    const lines: Record<string, any>[] = [];
    const log = pino(
      { level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      }),
    );
    const app = await buildApp({ ...env.ctx, log });
    app.get('/boom', async () => {
      throw new Error('connection to 10.1.2.3 refused for user billing_admin password hunter2');
    });
    await app.ready();
    try {
      const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'boom-1' } });
      const problem = assertProblem(res, 500, 'internal_error');
      assert.equal(problem.detail, GENERIC_DETAIL);
      assert.equal(problem.title, 'Internal Server Error');
      assert.equal(problem.request_id, 'boom-1');
      for (const secret of ['10.1.2.3', 'billing_admin', 'hunter2', 'connection', 'refused']) assert.ok(!res.body.includes(secret), `the body does not contain ${secret}`);
      assertSecurityHeaders(res, 'a 500 problem');
      const logged = lines.find((l) => l.msg === 'request failed');
      assert.ok(logged, 'the failure is logged');
      assert.equal(logged.level, 50);
      assert.equal(logged.reqId, 'boom-1');
      assert.match(logged.err.message, /hunter2/, 'the log has the real error');
    } finally {
      await app.close();
    }
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document listing the admin tenant routes and hiding the probes', async () => {
    const res = await env.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Embark API');
    assert.ok(doc.paths['/api/v1/admin/tenants'], 'lists /api/v1/admin/tenants');
    assert.ok(doc.paths['/api/v1/admin/tenants'].get && doc.paths['/api/v1/admin/tenants'].post, 'with its list and create operations');
    assert.equal(doc.paths['/healthz'], undefined);
    assert.equal(doc.paths['/api/openapi.json'], undefined);
    assert.ok(doc.components.securitySchemes.bearer);
  });
});

describe('log redaction', () => {
  it('keeps authorization headers, passwords, tokens, credentials and secrets out of log lines', async () => {
    const values = {
      reqAuthorization: 'Bearer REQ-AUTH-SECRET-1',
      cookie: 'sid=COOKIE-SECRET-2',
      apiKey: 'emb_APIKEY-SECRET-3',
      headerAuthorization: 'Bearer HDR-AUTH-SECRET-4',
      password: 'PASSWORD-SECRET-5',
      newPassword: 'NEW-PASSWORD-SECRET-6',
      refreshToken: 'REFRESH-SECRET-7',
      credentials: 'CREDENTIALS-SECRET-8',
      secret: 'WHSEC-SECRET-9',
      currentPassword: 'CURRENT-PASSWORD-SECRET-10',
      accessToken: 'ACCESS-SECRET-11',
      temporaryPassword: 'TEMPORARY-SECRET-12',
      linkToken: 'pwl_LINK-TOKEN-SECRET-13',
      setupToken: 'SETUP-TOKEN-SECRET-14',
    };
    // createLogger writes to the process's stdout, so it runs in a process of its own whose output is captured
    const script = `
      const { createLogger } = await import(${JSON.stringify(path.join(root, 'src/log.ts'))});
      const v = JSON.parse(process.env.VALUES);
      const log = createLogger('info');
      log.info({ req: { method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: v.reqAuthorization, cookie: v.cookie, 'x-api-key': v.apiKey } } }, 'request');
      log.info({ headers: { authorization: v.headerAuthorization } }, 'outgoing call');
      log.info({ password: v.password, new_password: v.newPassword, refresh_token: v.refreshToken, credentials: { auth_token: v.credentials }, secret: v.secret,
        current_password: v.currentPassword, access_token: v.accessToken, temporary_password: v.temporaryPassword }, 'top level');
      log.warn({ body: { password: v.password, new_password: v.newPassword, current_password: v.currentPassword, refresh_token: v.refreshToken, access_token: v.accessToken } }, 'a body');
      log.error({ channel: { provider: 'twilio', credentials: { account_sid: 'AC1', auth_token: v.credentials } }, endpoint: { url: 'https://hooks.example.test', secret: v.secret } }, 'nested');
      log.info({ user: { email: 'visible@example.test', temporary_password: v.temporaryPassword } }, 'last line');
      log.info({ req: { method: 'GET', url: '/reset-password?token=' + v.linkToken + '&from=email' } }, 'a link opened');
      log.info({ req: { method: 'GET', url: '/setup?token=' + v.setupToken } }, 'the setup link opened');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, VALUES: JSON.stringify(values) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['request', 'outgoing call', 'top level', 'a body', 'nested', 'last line', 'a link opened', 'the setup link opened'],
      'every line was written',
    );
    for (const [name, value] of Object.entries(values)) assert.ok(!stdout.includes(value), `${name} (${value}) does not appear in the log`);
    // what is not secret stays, and redacted fields say so
    assert.equal(lines[0].req.url, '/api/v1/auth/refresh');
    assert.equal(lines[0].req.headers, undefined, 'request headers are not logged at all');
    assert.equal(lines[6].req.url, '/reset-password?token=[redacted]&from=email', 'a link’s token is not logged, the rest of its URL is');
    assert.equal(lines[7].req.url, '/setup?token=[redacted]');
    assert.equal(lines[2].password, '[redacted]');
    assert.equal(lines[4].channel.provider, 'twilio');
    assert.equal(lines[4].endpoint.url, 'https://hooks.example.test');
    assert.equal(lines[5].user.email, 'visible@example.test');
  });
});

describe('client addresses', () => {
  it('trusts only the proxies EMBARK_TRUST_PROXY names: true is the one in front, never what a client writes', async () => {
    assert.equal(loadConfig({ EMBARK_SECRET_KEY: 'a'.repeat(64) }).trustProxy, false);
    assert.equal(loadConfig({ EMBARK_SECRET_KEY: 'a'.repeat(64), EMBARK_TRUST_PROXY: 'true' }).trustProxy, 1);
    assert.equal(loadConfig({ EMBARK_SECRET_KEY: 'a'.repeat(64), EMBARK_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ EMBARK_SECRET_KEY: 'a'.repeat(64), EMBARK_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy, ['10.0.0.1', '10.1.0.0/16']);
    assert.throws(() => loadConfig({ EMBARK_SECRET_KEY: 'a'.repeat(64), EMBARK_TRUST_PROXY: 'yes please' }), /EMBARK_TRUST_PROXY must be/);

    const app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, trustProxy: 1 } });
    app.get('/whoami', async (request) => ({ ip: clientAddress(request) }));
    await app.ready();
    try {
      const ip = async (forwarded: string) => (await app.inject({ method: 'GET', url: '/whoami', headers: { 'x-forwarded-for': forwarded }, remoteAddress: '10.0.0.1' })).json().ip;
      // the proxy appends what it saw; what the client wrote before that is not believed
      assert.equal(await ip('203.0.113.66, 198.51.100.7'), '198.51.100.7');
      assert.equal(await ip('not-an-ip'), '10.0.0.1', 'garbage falls back to the peer');
      assert.equal(await ip('999.1.1.1'), '10.0.0.1');
    } finally {
      await app.close();
    }
  });

  it('limits IPv6 clients per /64, and IPv4 written as IPv6 as IPv4', () => {
    assert.equal(limitKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(limitKey('2001:db8:1:2::9'), '2001:db8:1:2::/64');
    assert.equal(limitKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(limitKey('::ffff:198.51.100.7'), '198.51.100.7');
    assert.equal(limitKey('198.51.100.7'), '198.51.100.7');
  });
});
