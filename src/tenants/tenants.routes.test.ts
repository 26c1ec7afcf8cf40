import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

describe('POST /api/v1/admin/tenants', () => {
  it('creates a tenant and answers 201 with its fields', async () => {
    const { token } = await env.globalAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/admin/tenants', token, payload: { name: 'Example Customer', subdomain: 'exampleco', is_active: true } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['created_at', 'deletion', 'id', 'is_active', 'name', 'subdomain', 'updated_at']);
    assert.equal(body.subdomain, 'exampleco');
    assert.equal(body.deletion, null);
    const { rows } = await env.ctx.db.owner.query('select name from tenants where id = $1', [body.id]);
    assert.equal(rows[0].name, 'Example Customer');
  });

  it('answers 409 subdomain_taken for a subdomain in use', async () => {
    const { token } = await env.globalAdmin();
    await env.inject({ method: 'POST', url: '/api/v1/admin/tenants', token, payload: { name: 'One', subdomain: 'dupe' } });
    const res = await env.inject({ method: 'POST', url: '/api/v1/admin/tenants', token, payload: { name: 'Two', subdomain: 'dupe' } });
    assert.equal(res.statusCode, 409);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, 'subdomain_taken');
  });

  it('refuses reserved and malformed subdomains with 400', async () => {
    const { token } = await env.globalAdmin();
    for (const [subdomain, code] of [
      ['www', 'subdomain_reserved'],
      ['api', 'subdomain_reserved'],
      ['Upper', 'validation_failed'],
      ['-dash', 'validation_failed'],
      ['a'.repeat(64), 'validation_failed'],
      ['', 'validation_failed'],
    ]) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/admin/tenants', token, payload: { name: 'X', subdomain } });
      assert.equal(res.statusCode, 400, `${subdomain}: ${res.body}`);
      assert.equal(res.json().code, code);
    }
  });

  it('is for global admins only', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'tenant_admin');
    const res = await env.inject({ method: 'POST', url: '/api/v1/admin/tenants', token, payload: { name: 'X', subdomain: 'sneaky' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'forbidden');
    const anonymous = await env.inject({ method: 'POST', url: '/api/v1/admin/tenants', payload: { name: 'X', subdomain: 'sneaky' } });
    assert.equal(anonymous.statusCode, 401);
  });
});

describe('GET /api/v1/admin/tenants', () => {
  it('pages and filters by name and subdomain', async () => {
    const { token } = await env.globalAdmin();
    for (const s of ['filt-a', 'filt-b', 'filt-c']) await env.inject({ method: 'POST', url: '/api/v1/admin/tenants', token, payload: { name: `Filter ${s}`, subdomain: s } });
    const page = await env.inject({ method: 'GET', url: '/api/v1/admin/tenants?subdomain=filt-&limit=2', token });
    assert.equal(page.statusCode, 200);
    assert.equal(page.json().total, 3);
    assert.equal(page.json().items.length, 2);
    const byName = await env.inject({ method: 'GET', url: '/api/v1/admin/tenants?name=filter%20filt-b', token });
    assert.deepEqual(
      byName.json().items.map((t: { subdomain: string }) => t.subdomain),
      ['filt-b'],
    );
  });
});

describe('PATCH /api/v1/admin/tenants/:id', () => {
  it("deactivating a tenant stops its users' logins and tokens already issued", async () => {
    const { token: adminToken } = await env.globalAdmin();
    const tenant = await env.tenant();
    const member = await env.user(tenant.id, 'member');
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token: member.token })).statusCode, 200);

    const res = await env.inject({ method: 'PATCH', url: `/api/v1/admin/tenants/${tenant.id}`, token: adminToken, payload: { is_active: false } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().is_active, false);

    const withOldToken = await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token: member.token });
    assert.equal(withOldToken.statusCode, 403);
    assert.equal(withOldToken.json().code, 'tenant_inactive');
    const login = await env.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: member.email, password: TEST_PASSWORD, tenant: tenant.subdomain } });
    assert.equal(login.statusCode, 403);
    assert.equal(login.json().code, 'tenant_inactive');
  });

  it('answers 404 tenant_not_found for an unknown id and 400 invalid_id for a malformed one', async () => {
    const { token } = await env.globalAdmin();
    const missing = await env.inject({ method: 'PATCH', url: '/api/v1/admin/tenants/00000000-0000-4000-8000-000000000000', token, payload: { name: 'x' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'tenant_not_found');
    const malformed = await env.inject({ method: 'GET', url: '/api/v1/admin/tenants/not-a-uuid', token });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'invalid_id');
  });
});

describe('PUT /api/v1/tenant/profile', () => {
  it('stores a valid profile and validates phone, URL and email', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'tenant_admin');
    const profile = { business_name: 'Example Customer', website_url: 'https://exampleco.test', phone_number: '+15555550123', email: 'support@exampleco.test' };
    const ok = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token, payload: profile });
    assert.equal(ok.statusCode, 200, ok.body);
    const read = await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token });
    assert.equal(read.json().business_name, 'Example Customer');
    for (const bad of [{ phone_number: '555-0123' }, { website_url: 'ftp://x.test' }, { email: 'not-an-email' }, { business_name: 'line\nbreak' }]) {
      const res = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token, payload: { ...profile, ...bad } });
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
      assert.equal(res.json().code, 'validation_failed');
    }
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token })).json().phone_number, '+15555550123');
  });
});

describe('GET /api/v1/tenants/by-subdomain/:subdomain/public', () => {
  const url = (subdomain: string) => `/api/v1/tenants/by-subdomain/${subdomain}/public`;

  it("answers an active tenant's name and subdomain, and nothing else, to anyone", async () => {
    const tenant = await env.tenant('Acme Staffing');
    const admin = await env.user(tenant.id, 'tenant_admin');
    await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token: admin.token, payload: { business_name: 'Acme', website_url: null, phone_number: '+15555550100', email: 'help@acme.test' } });
    const res = await env.inject({ method: 'GET', url: url(tenant.subdomain) });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { name: 'Acme Staffing', subdomain: tenant.subdomain });
  });

  it('answers 404 tenant_not_found for an unknown or an inactive tenant, alike', async () => {
    const tenant = await env.tenant('Gone Inc');
    const { token } = await env.globalAdmin();
    assert.equal((await env.inject({ method: 'PATCH', url: `/api/v1/admin/tenants/${tenant.id}`, token, payload: { is_active: false } })).statusCode, 200);
    for (const subdomain of [tenant.subdomain, 'nosuchtenant']) {
      const res = await env.inject({ method: 'GET', url: url(subdomain) });
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().code, 'tenant_not_found');
      assert.equal(res.body.includes('Gone Inc'), false);
    }
  });

  it('answers 400 validation_failed for a subdomain that cannot exist', async () => {
    for (const subdomain of ['Acme', '-acme', 'a'.repeat(64), 'a_b']) {
      const res = await env.inject({ method: 'GET', url: url(subdomain) });
      assert.equal(res.statusCode, 400, subdomain);
      assert.equal(res.json().code, 'validation_failed');
    }
  });
});
