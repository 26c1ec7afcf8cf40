/**
 * `embark verify-isolation`: the tenant-isolation checklist (spec 003, section 7), run over HTTP
 * against a running server exactly as a client would see it. It creates two throwaway tenants,
 * writes marked data in one, tries to reach it from the other, prints a PASS/FAIL table and
 * deactivates both tenants at the end, whatever happened in between.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';

export interface VerifyIsolationOptions {
  /** Base URL of the server, e.g. https://embark.example.com */
  readonly url: string;
  /** A global admin's email and password. */
  readonly email: string;
  readonly password: string;
  readonly out: Writable;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

interface Reply {
  readonly status: number;
  readonly code: string | undefined;
  readonly text: string;
  readonly body: any;
}

interface RequestOptions {
  readonly token?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly body?: unknown;
}

/** A failed expectation; its message is the table's detail column. */
class CheckFailed extends Error {}

/** A setup step failed, so the checks after it cannot run. */
class Aborted extends Error {}

function api(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return async function call(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.tenantId) headers['x-tenant-id'] = options.tenantId;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(base + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, code: typeof body?.code === 'string' ? body.code : undefined, text, body };
  };
}

function describeReply(reply: Reply): string {
  return reply.code ? `${reply.status} ${reply.code}` : String(reply.status);
}

function expectStatus(reply: Reply, status: number, what: string, code?: string): void {
  if (reply.status !== status || (code !== undefined && reply.code !== code)) {
    const detail = typeof reply.body?.detail === 'string' ? `: ${reply.body.detail}` : '';
    throw new CheckFailed(`${what}: expected ${status}${code ? ' ' + code : ''}, got ${describeReply(reply)}${detail}`);
  }
}

/** Which of `secrets` appear anywhere in the text of `reply`. */
function leaked(reply: Reply, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => reply.text.includes(value))
    .map(([name]) => name);
}

function printTable(out: Writable, checks: readonly CheckResult[]): void {
  const nameWidth = Math.max(5, ...checks.map((c) => c.name.length));
  out.write(`${'RESULT'.padEnd(6)}  ${'CHECK'.padEnd(nameWidth)}  DETAIL\n`);
  out.write(`${'-'.repeat(6)}  ${'-'.repeat(nameWidth)}  ${'-'.repeat(6)}\n`);
  for (const check of checks) out.write(`${(check.ok ? 'PASS' : 'FAIL').padEnd(6)}  ${check.name.padEnd(nameWidth)}  ${check.detail}\n`);
  const failed = checks.filter((c) => !c.ok).length;
  out.write(`\n${checks.length - failed} passed, ${failed} failed\n`);
}

interface Account {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  token: string;
}

interface Tenant {
  readonly id: string;
  readonly subdomain: string;
  readonly marker: string;
  admin?: Account;
  member?: Account;
}

/** Runs the isolation checklist against a running server; resolves false if any check failed. */
export async function verifyIsolation(options: VerifyIsolationOptions): Promise<boolean> {
  const call = api(options.url);
  const run = randomBytes(4).toString('hex');
  const checks: CheckResult[] = [];
  const tenants: Tenant[] = [];
  let adminToken: string | undefined;

  const errorText = (error: unknown) => {
    if (error instanceof CheckFailed || error instanceof Aborted) return error.message;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
  };
  /** A check: recorded PASS or FAIL, and the run goes on either way. */
  async function check(name: string, fn: () => Promise<string>): Promise<void> {
    try {
      checks.push({ name, ok: true, detail: await fn() });
    } catch (error) {
      checks.push({ name, ok: false, detail: errorText(error) });
    }
  }
  /** A setup step: the checks after it depend on it, so a failure ends the run. */
  async function step(name: string, fn: () => Promise<string>): Promise<void> {
    try {
      checks.push({ name, ok: true, detail: await fn() });
    } catch (error) {
      checks.push({ name, ok: false, detail: errorText(error) });
      throw new Aborted(name);
    }
  }

  async function login(email: string, password: string, tenant?: string): Promise<string> {
    const reply = await call('POST', '/api/v1/auth/login', { body: { email, password, ...(tenant ? { tenant } : {}) } });
    expectStatus(reply, 200, `log in as ${email}`);
    if (reply.body.must_change_password) throw new CheckFailed(`${email} has a temporary password; change it first (POST /api/v1/auth/password)`);
    return reply.body.access_token;
  }

  async function createAccount(tenant: Tenant, role: 'tenant_admin' | 'member'): Promise<Account> {
    const email = `${role.replace('_', '-')}@${tenant.subdomain}.example.test`;
    const password = randomBytes(18).toString('base64url');
    const reply = await call('POST', '/api/v1/users', { token: adminToken, tenantId: tenant.id, body: { email, role, password } });
    expectStatus(reply, 201, `create ${role} in ${tenant.subdomain}`);
    return { id: reply.body.id, email, password, token: await login(email, password, tenant.subdomain) };
  }

  try {
    await step('log in as the global admin', async () => {
      adminToken = await login(options.email, options.password);
      const me = await call('GET', '/api/v1/me', { token: adminToken });
      expectStatus(me, 200, 'GET /api/v1/me');
      if (me.body.user?.role !== 'global_admin') throw new CheckFailed(`${options.email} is ${me.body.user?.role}, not a global admin`);
      return `${options.email} at ${options.url}`;
    });

    await step('create throwaway tenants A and B', async () => {
      for (const letter of ['a', 'b']) {
        const subdomain = `iso-${letter}-${run}`;
        const reply = await call('POST', '/api/v1/admin/tenants', { token: adminToken, body: { name: `Isolation check ${letter.toUpperCase()} ${run}`, subdomain } });
        expectStatus(reply, 201, `create tenant ${subdomain}`);
        tenants.push({ id: reply.body.id, subdomain, marker: `iso-marker-${letter}-${run}-${randomBytes(6).toString('hex')}` });
      }
      return tenants.map((t) => `${t.subdomain} (${t.id})`).join(', ');
    });
    const [a, b] = tenants as [Tenant, Tenant];

    await step('create and log in a tenant_admin and a member in each', async () => {
      for (const tenant of tenants) {
        tenant.admin = await createAccount(tenant, 'tenant_admin');
        tenant.member = await createAccount(tenant, 'member');
      }
      return '4 users';
    });
    const adminA = a.admin!,
      memberA = a.member!,
      adminB = b.admin!,
      memberB = b.member!;

    let keyA: { id: string; prefix: string; key: string } = { id: '', prefix: '', key: '' };
    await step('write marked data in A (profile, API key) and B (profile)', async () => {
      for (const tenant of tenants) {
        const reply = await call('PUT', '/api/v1/tenant/profile', {
          token: tenant.admin!.token,
          body: { business_name: tenant.marker, website_url: null, phone_number: null, email: null },
        });
        expectStatus(reply, 200, `PUT /api/v1/tenant/profile in ${tenant.subdomain}`);
      }
      const key = await call('POST', '/api/v1/tenant/api-keys', { token: adminA.token, body: { name: a.marker, scopes: ['users:read'] } });
      expectStatus(key, 201, 'POST /api/v1/tenant/api-keys in A');
      keyA = { id: key.body.id, prefix: key.body.prefix, key: key.body.key };
      return `marker ${a.marker}, API key ${keyA.id}`;
    });

    // everything of A that must never appear in an answer given to B
    const secretsOfA: Record<string, string> = {
      "A's tenant id": a.id,
      "A's admin id": adminA.id,
      "A's member id": memberA.id,
      "A's admin email": adminA.email,
      "A's API key id": keyA.id,
      "A's API key prefix": keyA.prefix,
      "A's marker": a.marker,
    };

    for (const tenant of tenants) {
      await check(`tenant admin of ${tenant === a ? 'A' : 'B'}: /api/v1/me shows their own tenant`, async () => {
        const me = await call('GET', '/api/v1/me', { token: tenant.admin!.token });
        expectStatus(me, 200, 'GET /api/v1/me');
        if (me.body.tenant?.id !== tenant.id) throw new CheckFailed(`tenant is ${JSON.stringify(me.body.tenant?.id)}, expected ${tenant.id}`);
        if (me.body.impersonating !== false) throw new CheckFailed('impersonating is not false');
        return `tenant ${me.body.tenant.subdomain}`;
      });
    }

    await check("global admin with X-Tenant-Id A vs B sees each tenant's own profile", async () => {
      for (const tenant of tenants) {
        const reply = await call('GET', '/api/v1/tenant/profile', { token: adminToken, tenantId: tenant.id });
        expectStatus(reply, 200, `GET /api/v1/tenant/profile as ${tenant.subdomain}`);
        if (reply.body.business_name !== tenant.marker) throw new CheckFailed(`${tenant.subdomain} shows business_name ${JSON.stringify(reply.body.business_name)}, expected its own marker`);
      }
      return 'each profile carries its own marker';
    });

    await check("global admin with X-Tenant-Id A vs B sees each tenant's own users", async () => {
      for (const [tenant, other] of [
        [a, b],
        [b, a],
      ] as const) {
        const reply = await call('GET', '/api/v1/users?limit=200', { token: adminToken, tenantId: tenant.id });
        expectStatus(reply, 200, `GET /api/v1/users as ${tenant.subdomain}`);
        const ids = new Set<string>((reply.body.items ?? []).map((u: { id: string }) => u.id));
        if (!ids.has(tenant.admin!.id) || !ids.has(tenant.member!.id)) throw new CheckFailed(`${tenant.subdomain}'s list misses its own users`);
        if (ids.has(other.admin!.id) || ids.has(other.member!.id)) throw new CheckFailed(`${tenant.subdomain}'s list contains ${other.subdomain}'s users`);
        if ((reply.body.items as { tenant_id: string }[]).some((u) => u.tenant_id !== tenant.id)) throw new CheckFailed(`${tenant.subdomain}'s list has a user of another tenant`);
      }
      return '2 users each, none of the other tenant';
    });

    await check('a tenant user sending X-Tenant-Id is refused (403 impersonation_forbidden)', async () => {
      for (const [who, account] of [
        ["B's admin", adminB],
        ["B's member", memberB],
      ] as const) {
        const reply = await call('GET', '/api/v1/tenant/profile', { token: account.token, tenantId: a.id });
        expectStatus(reply, 403, `${who} with X-Tenant-Id A`, 'impersonation_forbidden');
        const found = leaked(reply, secretsOfA).filter((name) => name !== "A's tenant id");
        if (found.length) throw new CheckFailed(`the refusal contains ${found.join(', ')}`);
      }
      return '403 for admin and member';
    });

    await check('X-Tenant-Id of an unknown tenant is refused (404 tenant_not_found)', async () => {
      const reply = await call('GET', '/api/v1/tenant/profile', { token: adminToken, tenantId: randomUUID() });
      expectStatus(reply, 404, 'global admin with an unknown X-Tenant-Id', 'tenant_not_found');
      return describeReply(reply);
    });

    await check("B's admin cannot read A's user (GET /api/v1/users/:id → 404)", async () => {
      for (const user of [adminA, memberA]) {
        const reply = await call('GET', `/api/v1/users/${user.id}`, { token: adminB.token });
        expectStatus(reply, 404, `GET /api/v1/users/${user.id}`);
        const found = leaked(reply, secretsOfA).filter((name) => !name.endsWith(' id'));
        if (found.length) throw new CheckFailed(`the 404 contains ${found.join(', ')}`);
      }
      return "404 for both of A's users";
    });

    await check("B's admin cannot change A's user (PATCH /api/v1/users/:id → 404, unchanged)", async () => {
      const reply = await call('PATCH', `/api/v1/users/${memberA.id}`, { token: adminB.token, body: { disabled: true, role: 'tenant_admin' } });
      expectStatus(reply, 404, `PATCH /api/v1/users/${memberA.id}`);
      const after = await call('GET', `/api/v1/users/${memberA.id}`, { token: adminA.token });
      expectStatus(after, 200, "A's admin reading the member");
      if (after.body.disabled !== false || after.body.role !== 'member') throw new CheckFailed(`A's member changed: disabled=${after.body.disabled} role=${after.body.role}`);
      return describeReply(reply);
    });

    await check("A's API key reads A's users only (GET /api/v1/users/:id of B's member → 404)", async () => {
      const own = await call('GET', '/api/v1/users?limit=200', { token: keyA.key });
      expectStatus(own, 200, "A's API key: GET /api/v1/users");
      const ids = (own.body.items as { id: string }[]).map((u) => u.id);
      if (!ids.includes(memberA.id) || ids.includes(memberB.id)) throw new CheckFailed(`A's key listed ${ids.length} users, A's member ${ids.includes(memberA.id) ? 'among them' : 'missing'}, B's member ${ids.includes(memberB.id) ? 'among them' : 'not'}`);
      const other = await call('GET', `/api/v1/users/${memberB.id}`, { token: keyA.key });
      expectStatus(other, 404, `A's API key: GET /api/v1/users/${memberB.id}`);
      return describeReply(other);
    });

    await check("B's admin cannot revoke A's API key (DELETE /api/v1/tenant/api-keys/:id → 404)", async () => {
      const reply = await call('DELETE', `/api/v1/tenant/api-keys/${keyA.id}`, { token: adminB.token });
      expectStatus(reply, 404, `DELETE /api/v1/tenant/api-keys/${keyA.id}`);
      const list = await call('GET', '/api/v1/tenant/api-keys', { token: adminA.token });
      expectStatus(list, 200, "A's admin listing API keys");
      const key = (list.body.items as { id: string; revoked_at: string | null }[]).find((k) => k.id === keyA.id);
      if (!key || key.revoked_at !== null) throw new CheckFailed("A's API key was revoked or is gone");
      return describeReply(reply);
    });

    await check("B's profile, users, API keys, audit log and /me contain nothing of A", async () => {
      const paths = ['/api/v1/tenant/profile', '/api/v1/users?limit=200', '/api/v1/tenant/api-keys', '/api/v1/audit?limit=500', '/api/v1/me', `/api/v1/audit?tenant_id=${a.id}`];
      for (const path of paths) {
        for (const [who, token, tenantId] of [
          ["B's admin", adminB.token, undefined],
          ['global admin as B', adminToken, b.id],
        ] as const) {
          const reply = await call('GET', path, { token, tenantId });
          expectStatus(reply, 200, `${who}: GET ${path}`);
          const found = leaked(reply, path.includes('tenant_id=') ? Object.fromEntries(Object.entries(secretsOfA).filter(([n]) => n !== "A's tenant id")) : secretsOfA);
          if (found.length) throw new CheckFailed(`${who}: GET ${path} contains ${found.join(', ')}`);
        }
      }
      return `${paths.length} reads, as B's admin and as global admin in B`;
    });

    await check("B's admin cannot log in to tenant A", async () => {
      const reply = await call('POST', '/api/v1/auth/login', { body: { email: adminB.email, password: adminB.password, tenant: a.subdomain } });
      expectStatus(reply, 401, "B's admin logging in with A's subdomain", 'invalid_credentials');
      return describeReply(reply);
    });

    await check('a member cannot create users (403 forbidden)', async () => {
      const email = `iso-intruder-${run}@example.test`;
      const reply = await call('POST', '/api/v1/users', { token: memberA.token, body: { email, role: 'tenant_admin', password: randomBytes(18).toString('base64url') } });
      expectStatus(reply, 403, "A's member creating a tenant_admin", 'forbidden');
      const list = await call('GET', `/api/v1/users?email=${encodeURIComponent(email)}`, { token: adminA.token });
      expectStatus(list, 200, "A's admin searching for the user");
      if (list.body.total !== 0) throw new CheckFailed('the user was created anyway');
      return describeReply(reply);
    });
  } catch (error) {
    if (!(error instanceof Aborted)) checks.push({ name: 'the checklist ran to the end', ok: false, detail: errorText(error) });
  } finally {
    if (tenants.length) {
      await check('throwaway tenants are deactivated', async () => {
        for (const tenant of tenants) {
          const reply = await call('PATCH', `/api/v1/admin/tenants/${tenant.id}`, { token: adminToken, body: { is_active: false } });
          expectStatus(reply, 200, `deactivate ${tenant.subdomain}`);
          if (reply.body.is_active !== false) throw new CheckFailed(`${tenant.subdomain} is still active`);
        }
        return tenants.map((t) => t.subdomain).join(', ');
      });
      const accounts = tenants.flatMap((t) => [t.admin, t.member]).filter((x): x is Account => x !== undefined);
      if (accounts.length) {
        await check("the deactivated tenants' tokens no longer work (403 tenant_inactive)", async () => {
          for (const account of accounts) {
            const reply = await call('GET', '/api/v1/me', { token: account.token });
            expectStatus(reply, 403, `${account.email} after deactivation`, 'tenant_inactive');
          }
          return `${accounts.length} tokens refused`;
        });
      }
    }
  }

  printTable(options.out, checks);
  return checks.length > 0 && checks.every((c) => c.ok);
}
