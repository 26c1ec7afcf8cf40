import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { verifyIsolation } from './verify-isolation.ts';

let env: TestEnv;
let baseUrl: string;
before(async () => {
  env = await createTestEnv();
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
});
after(async () => {
  await env.close();
});

function capture(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

function rows(output: string): { result: string; line: string }[] {
  return output
    .split('\n')
    .filter((line) => /^(PASS|FAIL) /.test(line))
    .map((line) => ({ result: line.slice(0, 4), line }));
}

async function isoTenants(): Promise<{ subdomain: string; is_active: boolean }[]> {
  const { rows: tenants } = await env.ctx.db.owner.query(`select subdomain, is_active from tenants where subdomain like 'iso-%' order by created_at`);
  return tenants;
}

interface Sabotage {
  /** May change a request's headers before it is forwarded. */
  request?(headers: Record<string, string>): void;
  /** Sees each request body and answer that went through. */
  response?(path: string, requestBody: string, status: number, responseBody: string): void;
}

/** A proxy in front of the real server that breaks it on purpose, to prove the checklist notices. */
async function brokenProxy(sabotage: Sabotage): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers as IncomingHttpHeaders)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value;
    }
    sabotage.request?.(headers);
    const body = Buffer.concat(chunks);
    const upstream = await fetch(baseUrl + req.url, { method: req.method, headers, body: body.length ? body : undefined });
    const answer = Buffer.from(await upstream.arrayBuffer());
    sabotage.response?.(req.url ?? '', body.toString(), upstream.status, answer.toString());
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('verifyIsolation', () => {
  it('passes every check against a correct server and leaves both throwaway tenants deactivated', async () => {
    const admin = await env.globalAdmin();
    const before = (await isoTenants()).length;
    const { out, text } = capture();
    const ok = await verifyIsolation({ url: baseUrl + '/', email: admin.email, password: TEST_PASSWORD, out });
    const output = text();
    assert.equal(ok, true, output);
    const table = rows(output);
    assert.ok(table.length >= 15, output);
    assert.deepEqual(
      table.filter((r) => r.result !== 'PASS'),
      [],
      output,
    );
    for (const name of ['impersonation_forbidden', 'tenant_not_found', "B's admin cannot read A's user", "B's admin cannot revoke A's API key", 'a member cannot create users', 'throwaway tenants are deactivated']) {
      assert.ok(
        table.some((r) => r.line.includes(name)),
        `a row for ${name}\n${output}`,
      );
    }
    assert.match(output, /\d+ passed, 0 failed/);

    const tenants = (await isoTenants()).slice(before);
    assert.equal(tenants.length, 2);
    assert.deepEqual(
      tenants.map((t) => t.is_active),
      [false, false],
    );
    // the marked data was written in A and nowhere else
    const { rows: profiles } = await env.ctx.db.owner.query(`select t.subdomain, p.business_name from tenant_profiles p join tenants t on t.id = p.tenant_id where t.subdomain = any($1) order by t.subdomain`, [tenants.map((t) => t.subdomain)]);
    assert.match(profiles[0].business_name, /^iso-marker-a-/);
    assert.match(profiles[1].business_name, /^iso-marker-b-/);
    const { rows: revoked } = await env.ctx.db.owner.query(`select count(*)::int as n from api_keys k join tenants t on t.id = k.tenant_id where t.subdomain = $1 and k.revoked_at is null`, [tenants[0]!.subdomain]);
    assert.equal(revoked[0].n, 1, "B's attempt to revoke A's key left it active");
  });

  it('returns false with a FAIL row, and creates nothing, when the admin password is wrong', async () => {
    const admin = await env.globalAdmin();
    const before = (await isoTenants()).length;
    const { out, text } = capture();
    const ok = await verifyIsolation({ url: baseUrl, email: admin.email, password: 'not the password at all', out });
    assert.equal(ok, false);
    const table = rows(text());
    assert.equal(table.length, 1, text());
    assert.equal(table[0]!.result, 'FAIL');
    assert.match(table[0]!.line, /log in as the global admin .*expected 200, got 401 invalid_credentials/);
    assert.equal((await isoTenants()).length, before);
  });

  it('returns false when the server cannot be reached', async () => {
    const { out, text } = capture();
    const ok = await verifyIsolation({ url: 'http://127.0.0.1:1', email: 'nobody@example.test', password: 'x', out });
    assert.equal(ok, false);
    assert.match(text(), /^FAIL +log in as the global admin +fetch failed/m);
  });

  it('stops at setup with a FAIL row, and still deactivates its tenants, when X-Tenant-Id never reaches the server', async () => {
    const admin = await env.globalAdmin();
    const proxy = await brokenProxy({
      request: (headers) => {
        delete headers['x-tenant-id'];
      },
    });
    const before = (await isoTenants()).length;
    try {
      const { out, text } = capture();
      const ok = await verifyIsolation({ url: proxy.url, email: admin.email, password: TEST_PASSWORD, out });
      assert.equal(ok, false, text());
      // without the header users cannot even be created in a tenant, so the run stops at setup
      const failed = rows(text()).filter((r) => r.result === 'FAIL');
      assert.ok(
        failed.some((r) => /create and log in a tenant_admin.*tenant_required/.test(r.line)),
        text(),
      );
      const tenants = (await isoTenants()).slice(before);
      assert.equal(tenants.length, 2);
      assert.deepEqual(
        tenants.map((t) => t.is_active),
        [false, false],
      );
    } finally {
      await proxy.close();
    }
  });

  it("fails the cross-tenant checks when a server lets B's admin act in A", async () => {
    const admin = await env.globalAdmin();
    // the broken server: B's admin's token is taken as the global admin acting in tenant A
    const seen: { globalToken?: string; bToken?: string; aId?: string } = {};
    const proxy = await brokenProxy({
      response(path, requestBody, status, responseBody) {
        if (status === 200 && path === '/api/v1/auth/login') {
          const { tenant } = JSON.parse(requestBody);
          const { access_token: token } = JSON.parse(responseBody);
          if (tenant === undefined) seen.globalToken = token;
          else if (tenant.startsWith('iso-b-') && !seen.bToken) seen.bToken = token;
        }
        if (status === 201 && path === '/api/v1/admin/tenants' && JSON.parse(responseBody).subdomain.startsWith('iso-a-')) seen.aId = JSON.parse(responseBody).id;
      },
      request(headers) {
        if (seen.bToken && seen.globalToken && seen.aId && headers.authorization === `Bearer ${seen.bToken}`) {
          headers.authorization = `Bearer ${seen.globalToken}`;
          headers['x-tenant-id'] = seen.aId;
        }
      },
    });
    try {
      const { out, text } = capture();
      const ok = await verifyIsolation({ url: proxy.url, email: admin.email, password: TEST_PASSWORD, out });
      assert.equal(ok, false, text());
      const failed = rows(text())
        .filter((r) => r.result === 'FAIL')
        .map((r) => r.line);
      for (const name of ["B's admin cannot read A's user", "B's admin cannot change A's user", "B's admin cannot revoke A's API key", "B's profile, users, API keys, audit log and /me contain nothing of A"]) {
        assert.ok(
          failed.some((line) => line.includes(name)),
          `${name} fails\n${text()}`,
        );
      }
    } finally {
      await proxy.close();
    }
  });
});
