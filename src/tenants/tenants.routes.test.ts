import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { solidPng } from '../../test/schema-samples.ts';
import { accentTextColor, contrastRatio, sniffImageType } from './branding.ts';

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

  it("answers an active tenant's name, subdomain and face, and nothing else (no phone, no email), to anyone", async () => {
    const tenant = await env.tenant('Acme Staffing');
    const admin = await env.user(tenant.id, 'tenant_admin');
    await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token: admin.token, payload: { business_name: 'Acme', website_url: null, phone_number: '+15555550100', email: 'help@acme.test' } });
    const res = await env.inject({ method: 'GET', url: url(tenant.subdomain) });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { name: 'Acme Staffing', subdomain: tenant.subdomain, business_name: 'Acme', accent_color: null, accent_text_color: null, logo_url: null });
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

describe('branding: the accent colour and the logo', () => {
  const PNG = solidPng(4, 4, [200, 30, 30]);
  const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
  const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
  const blank = { business_name: null, website_url: null, phone_number: null, email: null };
  const upload = (token: string, payload: Buffer | string, contentType: string) => env.inject({ method: 'PUT', url: '/api/v1/tenant/profile/logo', token, payload, headers: { 'content-type': contentType } });

  it('says "last saved" only once someone saved the profile', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'tenant_admin');
    const fresh = await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token });
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal(fresh.json().updated_at, null);
    const saved = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token, payload: blank });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.ok(Date.parse(saved.json().updated_at) > Date.now() - 60_000);
  });

  it('stores the accent colour lower-cased with a readable text colour, keeps it when a PUT leaves it out, and refuses a malformed one', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'tenant_admin');
    const put = (accent?: unknown) => env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token, payload: accent === undefined ? blank : { ...blank, accent_color: accent } });
    const dark = await put('#1A3D7C');
    assert.equal(dark.statusCode, 200, dark.body);
    assert.equal(dark.json().accent_color, '#1a3d7c');
    assert.equal(dark.json().accent_text_color, '#ffffff');
    assert.equal((await put()).json().accent_color, '#1a3d7c', 'left out: unchanged');
    const light = await put('#ffe680');
    assert.equal(light.json().accent_text_color, '#000000');
    for (const bad of ['red', '#fff', '#12345g', '1a3d7c', '#1a3d7c80', ' ']) {
      const res = await put(bad);
      assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
      assert.equal(res.json().code, 'accent_color_invalid');
    }
    assert.equal((await put(null)).json().accent_color, null);
    const pub = await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${tenant.subdomain}/public` });
    assert.equal(pub.json().accent_color, null);
  });

  it('picks black or white text, whichever reads better, with at least 4.5:1 on any colour', () => {
    for (let i = 0; i < 4096; i++) {
      const hex = '#' + [i >> 8, (i >> 4) & 15, i & 15].map((n) => (n * 17).toString(16).padStart(2, '0')).join('');
      assert.ok(contrastRatio(hex, accentTextColor(hex)) >= 4.5, hex);
    }
    assert.equal(accentTextColor('#2453d4'), '#ffffff');
    assert.equal(accentTextColor('#ffff00'), '#000000');
  });

  it('knows PNG, JPEG and WebP by their first bytes, and SVG and GIF for what they are', () => {
    assert.equal(sniffImageType(PNG), 'image/png');
    assert.equal(sniffImageType(JPEG), 'image/jpeg');
    assert.equal(sniffImageType(WEBP), 'image/webp');
    assert.equal(sniffImageType(Buffer.from('GIF89a....')), 'image/gif');
    assert.equal(sniffImageType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/svg+xml');
    assert.equal(sniffImageType(Buffer.from('hello')), undefined);
  });

  it('takes a PNG, JPEG or WebP from a tenant admin and serves it to anyone with its type, nosniff, an ETag and a version in its URL', async () => {
    const tenant = await env.tenant('Logo Co');
    const admin = await env.user(tenant.id, 'tenant_admin');
    for (const [bytes, type] of [
      [JPEG, 'image/jpeg'],
      [WEBP, 'image/webp'],
      [PNG, 'image/png'],
    ] as const) {
      const res = await upload(admin.token, bytes, type);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().logo.content_type, type);
      assert.equal(res.json().logo.size, bytes.length);
    }
    const profile = (await env.inject({ method: 'GET', url: '/api/v1/tenant/profile', token: admin.token })).json();
    const pub = (await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${tenant.subdomain}/public` })).json();
    assert.equal(pub.logo_url, profile.logo.url);
    assert.match(pub.logo_url, new RegExp(`^/api/v1/tenants/by-subdomain/${tenant.subdomain}/logo\\?v=[0-9a-f]{16}$`));

    const served = await env.inject({ method: 'GET', url: pub.logo_url });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/png');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.equal(served.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(served.headers['content-security-policy']), /default-src 'none'; sandbox/);
    assert.deepEqual(served.rawPayload, PNG);
    const etag = String(served.headers.etag);
    assert.match(etag, /^"[0-9a-f]{64}"$/);
    const again = await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${tenant.subdomain}/logo`, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
    const unversioned = await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${tenant.subdomain}/logo` });
    assert.equal(unversioned.headers['cache-control'], 'public, max-age=300');

    // a new logo is a new URL, so no cache shows the old one
    const replaced = await upload(admin.token, solidPng(4, 4, [0, 0, 0]), 'image/png');
    assert.notEqual(replaced.json().logo.url, pub.logo_url);
    const old = await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${tenant.subdomain}/logo`, headers: { 'if-none-match': etag } });
    assert.equal(old.statusCode, 200);

    const audit = await env.ctx.db.owner.query(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'tenant.logo_updated'`, [tenant.id]);
    assert.equal(audit.rows[0].n, 4);
  });

  it('refuses SVG, a type its bytes belie, an empty body and more than 256 KiB, with their codes, and keeps the logo it had', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'tenant_admin');
    assert.equal((await upload(token, PNG, 'image/png')).statusCode, 200);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    for (const [payload, type, status, code] of [
      [svg, 'image/svg+xml', 415, 'logo_type_unsupported'],
      [svg, 'image/png', 400, 'logo_invalid'],
      [JPEG, 'image/png', 400, 'logo_invalid'],
      [PNG, 'image/webp', 400, 'logo_invalid'],
      [Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/gif', 415, 'logo_type_unsupported'],
      [PNG, 'application/octet-stream', 415, 'logo_type_unsupported'],
      [Buffer.alloc(0), 'image/png', 400, 'logo_invalid'],
      [Buffer.concat([PNG, Buffer.alloc(256 * 1024)]), 'image/png', 413, 'logo_too_large'],
    ] as const) {
      const res = await upload(token, payload, type);
      assert.equal(res.statusCode, status, `${type} ${payload.length}: ${res.body}`);
      assert.equal(res.json().code, code, `${type}: ${res.body}`);
    }
    // exactly 256 KiB is accepted
    const largest = Buffer.concat([PNG, Buffer.alloc(256 * 1024 - PNG.length)]);
    assert.equal((await upload(token, largest, 'image/png')).statusCode, 200);
    const { rows } = await env.ctx.db.owner.query('select content_type, octet_length(data) as size from tenant_logos where tenant_id = $1', [tenant.id]);
    assert.deepEqual(rows, [{ content_type: 'image/png', size: 256 * 1024 }]);
  });

  it('is for tenant admins: a member may not upload or remove, anyone may read; removing twice is no error', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const member = await env.user(tenant.id, 'member');
    const refused = await upload(member.token, PNG, 'image/png');
    assert.equal(refused.statusCode, 403);
    assert.equal((await env.inject({ method: 'DELETE', url: '/api/v1/tenant/profile/logo', token: member.token })).statusCode, 403);
    assert.equal((await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile/logo', payload: PNG, headers: { 'content-type': 'image/png' } })).statusCode, 401);
    assert.equal((await upload(admin.token, PNG, 'image/png')).statusCode, 200);
    for (let i = 0; i < 2; i++) {
      const removed = await env.inject({ method: 'DELETE', url: '/api/v1/tenant/profile/logo', token: admin.token });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.equal(removed.json().logo, null);
    }
    const gone = await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${tenant.subdomain}/logo` });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().code, 'logo_not_found');
  });

  it("keeps each tenant's logo its own, and serves none for an unknown or inactive tenant", async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const adminA = await env.user(a.id, 'tenant_admin');
    const adminB = await env.user(b.id, 'tenant_admin');
    const red = solidPng(2, 2, [255, 0, 0]);
    const blue = solidPng(2, 2, [0, 0, 255]);
    await upload(adminA.token, red, 'image/png');
    await upload(adminB.token, blue, 'image/png');
    assert.equal((await env.inject({ method: 'DELETE', url: '/api/v1/tenant/profile/logo', token: adminB.token })).statusCode, 200);
    const ofA = await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${a.subdomain}/logo` });
    assert.deepEqual(ofA.rawPayload, red, "B's removal left A's logo");
    assert.equal((await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${b.subdomain}/logo` })).statusCode, 404);

    const { token } = await env.globalAdmin();
    await env.inject({ method: 'PATCH', url: `/api/v1/admin/tenants/${a.id}`, token, payload: { is_active: false } });
    for (const subdomain of [a.subdomain, 'no-such-tenant-here']) {
      const res = await env.inject({ method: 'GET', url: `/api/v1/tenants/by-subdomain/${subdomain}/logo` });
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().code, 'tenant_not_found');
    }
  });
});
