import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { composeBundle, renderBundle } from './templates.service.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

let bundleCounter = 0;
/** A bundle name no other test uses, so tests do not see each other's sections. */
const freshBundle = (stem = 'test') => `${stem}_${process.pid}_${++bundleCounter}`;

async function tenantAdmin() {
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  return { tenant, token: admin.token };
}

async function putSections(token: string, bundle: string, sections: unknown[]) {
  return env.inject({ method: 'PUT', url: `/api/v1/tenant/templates/${bundle}`, token, payload: { sections } });
}

/** Global rows, written as an admin would through the API (global rows are only writable as system work). */
async function putGlobal(bundle: string, sections: unknown[]) {
  const { token } = await env.globalAdmin();
  const res = await env.inject({ method: 'PUT', url: `/api/v1/admin/templates/${bundle}`, token, payload: { sections } });
  assert.equal(res.statusCode, 200, res.body);
}

const keysAndContent = (body: { sections: { section_key: string; content: string }[] }) => body.sections.map((s) => `${s.section_key}:${s.content}`);

describe('seeded global bundles', () => {
  it('lists the global bundles with their variants and the variables they may use', async () => {
    const { token } = await tenantAdmin();
    const res = await env.inject({ method: 'GET', url: '/api/v1/tenant/templates', token });
    assert.equal(res.statusCode, 200, res.body);
    const items: { bundle: string; has_global_sections: boolean; has_tenant_sections: boolean; variants: string[]; variables: string[] }[] = res.json().items;
    for (const bundle of ['welcome_email', 'temporary_password_email', 'onboarding_call_script', 'onboarding_sms', 'onboarding_email']) {
      const item = items.find((i) => i.bundle === bundle);
      assert.ok(item, `${bundle} is listed`);
      assert.equal(item.has_global_sections, true);
      assert.equal(item.has_tenant_sections, false);
    }
    assert.deepEqual(items.find((i) => i.bundle === 'onboarding_call_script')!.variants, ['', 'hirer', 'talent']);
    assert.ok(items.find((i) => i.bundle === 'temporary_password_email')!.variables.includes('temporary_password'));
    assert.ok(!items.find((i) => i.bundle === 'onboarding_sms')!.variables.includes('temporary_password'));
  });

  it('renders every seeded bundle without a leftover placeholder', async () => {
    const tenant = await env.tenant();
    const variables = { first_name: 'Ada', business_name: 'Example Staffing', login_url: 'https://app.example.test/login', temporary_password: 'Tmp-123-xyz' };
    await withTenant(env.ctx.db.app, tenant.id, async (tx) => {
      for (const bundle of ['welcome_email', 'temporary_password_email', 'onboarding_call_script', 'onboarding_sms', 'onboarding_email']) {
        const rendered = await renderBundle(tx, tenant.id, bundle, { variables, publicUrl: env.config.publicUrl });
        assert.doesNotMatch(JSON.stringify(rendered), /\{\{|\}\}/, bundle);
        assert.ok(rendered.text.includes('Ada') || rendered.subject?.includes('Ada'), bundle);
      }
      const password = await renderBundle(tx, tenant.id, 'temporary_password_email', { variables, publicUrl: env.config.publicUrl });
      assert.match(password.text, /Tmp-123-xyz/);
      assert.match(password.text, /change this password the first time you sign in/);
      const sms = await renderBundle(tx, tenant.id, 'onboarding_sms', { variables, publicUrl: env.config.publicUrl });
      assert.match(sms.sms, /Reply STOP to opt out\.$/);
      assert.equal(sms.subject, null);
    });
  });

  it('personalises the call script intent by signup mode and asks when the mode is unknown', async () => {
    const tenant = await env.tenant();
    await withTenant(env.ctx.db.app, tenant.id, async (tx) => {
      const intent = async (variant?: string) => (await renderBundle(tx, tenant.id, 'onboarding_call_script', { variables: { first_name: 'Ada', business_name: 'Example Staffing' }, publicUrl: env.config.publicUrl, ...(variant ? { variant } : {}) })).sections;
      const unknown = await intent();
      assert.deepEqual(
        unknown.map((s) => s.section_key),
        ['greeting', 'intent', 'closing'],
      );
      assert.equal(unknown[0]!.text, 'Hi Ada, this is Example Staffing.');
      assert.match(unknown[1]!.text, /hiring, or are you looking for work\?/);
      assert.match((await intent('talent'))[1]!.text, /your next opportunity/);
      assert.match((await intent('hirer'))[1]!.text, /roles you are hiring for/);
    });
  });
});

describe('GET /api/v1/tenant/templates/:bundle', () => {
  it("answers the tenant's own sections and, beside them, the global ones they overlay; PUT answers the same", async () => {
    const bundle = freshBundle('beside');
    await putGlobal(bundle, [
      { section_key: 'greeting', position: 0, content: 'global greeting' },
      { section_key: 'greeting', position: 0, content: 'global hola', locale: 'es' },
    ]);
    const { token } = await tenantAdmin();
    const put = await putSections(token, bundle, [{ section_key: 'greeting', position: 0, content: 'tenant greeting' }]);
    assert.equal(put.statusCode, 200, put.body);
    const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}`, token });
    assert.equal(res.statusCode, 200, res.body);
    for (const body of [put.json(), res.json()]) {
      assert.deepEqual(keysAndContent(body), ['greeting:tenant greeting']);
      assert.deepEqual(
        body.global_sections.map((s: { locale: string; content: string }) => `${s.locale}:${s.content}`),
        ['en:global greeting', 'es:global hola'],
      );
    }
  });
});

describe('GET /api/v1/tenant/templates/:bundle/composed', () => {
  it('overlays the tenant sections on the global ones by key, orders by position and removes emptied sections', async () => {
    const bundle = freshBundle('overlay');
    await putGlobal(bundle, [
      { section_key: 'greeting', position: 0, content: 'global greeting' },
      { section_key: 'intent', position: 10, content: 'global intent' },
      { section_key: 'closing', position: 20, content: 'global closing' },
      { section_key: 'legal', position: 30, content: 'global legal' },
    ]);
    const { token } = await tenantAdmin();
    const put = await putSections(token, bundle, [
      { section_key: 'closing', position: 20, content: 'tenant closing' },
      { section_key: 'offer', position: 5, content: 'tenant offer' },
      { section_key: 'legal', position: 30, content: '' },
    ]);
    assert.equal(put.statusCode, 200, put.body);
    const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}/composed`, token });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(keysAndContent(res.json()), ['greeting:global greeting', 'offer:tenant offer', 'intent:global intent', 'closing:tenant closing']);
    assert.deepEqual(
      res.json().sections.map((s: { source: string }) => s.source),
      ['global', 'tenant', 'global', 'tenant'],
    );
  });

  it('applies variants in order: global default, global variant, tenant default, tenant variant', async () => {
    const bundle = freshBundle('variant');
    await putGlobal(bundle, [
      { section_key: 'a', position: 0, content: 'global a' },
      { section_key: 'b', position: 1, content: 'global b' },
      { section_key: 'b', position: 1, content: 'global talent b', variant: 'talent' },
      { section_key: 'c', position: 2, content: 'global c' },
      { section_key: 'c', position: 2, content: 'global talent c', variant: 'talent' },
    ]);
    const { token } = await tenantAdmin();
    assert.equal(
      (
        await putSections(token, bundle, [
          { section_key: 'c', position: 2, content: 'tenant c' },
          { section_key: 'a', position: 0, content: 'tenant talent a', variant: 'talent' },
        ])
      ).statusCode,
      200,
    );
    const composed = async (query: string) => keysAndContent((await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}/composed${query}`, token })).json());
    assert.deepEqual(await composed(''), ['a:global a', 'b:global b', 'c:tenant c']);
    assert.deepEqual(await composed('?variant=talent'), ['a:tenant talent a', 'b:global talent b', 'c:tenant c']);
    assert.deepEqual(await composed('?variant=hirer'), ['a:global a', 'b:global b', 'c:tenant c']);
  });

  it('uses sections of the requested locale and falls back per key to en', async () => {
    const bundle = freshBundle('locale');
    await putGlobal(bundle, [
      { section_key: 'greeting', position: 0, content: 'Hello' },
      { section_key: 'greeting', position: 0, content: 'Hola', locale: 'es' },
      { section_key: 'closing', position: 10, content: 'Bye' },
    ]);
    const { token } = await tenantAdmin();
    const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}/composed?locale=es`, token });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(keysAndContent(res.json()), ['greeting:Hola', 'closing:Bye']);
    assert.deepEqual(
      res.json().sections.map((s: { locale: string }) => s.locale),
      ['es', 'en'],
    );
    const regional = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}/composed?locale=es-MX`, token });
    assert.deepEqual(keysAndContent(regional.json()), ['greeting:Hola', 'closing:Bye']);
  });

  it('answers 404 template_not_found for a bundle with no sections', async () => {
    const { token } = await tenantAdmin();
    const res = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${freshBundle('nothing')}/composed`, token });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'template_not_found');
  });
});

describe('tenant isolation', () => {
  it("never shows one tenant's sections in another tenant's bundle, list or composition", async () => {
    const bundle = freshBundle('isolated');
    await putGlobal(bundle, [{ section_key: 'body', position: 0, content: 'global body' }]);
    const a = await tenantAdmin();
    const b = await tenantAdmin();
    assert.equal(
      (
        await putSections(a.token, bundle, [
          { section_key: 'body', position: 0, content: 'SECRET-A body' },
          { section_key: 'extra', position: 1, content: 'SECRET-A extra' },
        ])
      ).statusCode,
      200,
    );
    const onlyA = freshBundle('only_a');
    assert.equal((await putSections(a.token, onlyA, [{ section_key: 'body', position: 0, content: 'SECRET-A only' }])).statusCode, 200);

    const composed = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}/composed`, token: b.token });
    assert.deepEqual(keysAndContent(composed.json()), ['body:global body']);
    const own = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}`, token: b.token });
    assert.deepEqual(own.json().sections, []);
    const list = await env.inject({ method: 'GET', url: '/api/v1/tenant/templates', token: b.token });
    assert.ok(!list.json().items.some((i: { bundle: string }) => i.bundle === onlyA));
    assert.equal(list.json().items.find((i: { bundle: string }) => i.bundle === bundle).has_tenant_sections, false);
    const missing = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${onlyA}/composed`, token: b.token });
    assert.equal(missing.statusCode, 404);
    for (const res of [composed, own, list, missing]) assert.doesNotMatch(res.body, /SECRET-A/);

    // and composeBundle asked for tenant A's id inside tenant B's transaction still sees only global rows
    const leaked = await withTenant(env.ctx.db.app, b.tenant.id, (tx) => composeBundle(tx, a.tenant.id, bundle, {}));
    assert.deepEqual(
      leaked.map((s) => s.content),
      ['global body'],
    );
  });

  it("row-level security lets a tenant read global rows but write neither global rows nor another tenant's", async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const insert = (tenantId: string) => withTenant(env.ctx.db.app, a.id, (tx) => tx.query(`insert into template_sections (tenant_id, bundle, section_key, content) values ($1, 'rls_probe', 'body', 'x')`, [tenantId]));
    await assert.rejects(insert(b.id), /row-level security/);
    await insert(a.id);
    await assert.rejects(
      withTenant(env.ctx.db.app, a.id, (tx) => tx.query(`insert into global_template_sections (bundle, section_key, content) values ('rls_probe', 'body', 'x')`)),
      /row-level security/,
    );
    const updated = await withTenant(env.ctx.db.app, a.id, (tx) => tx.query(`update global_template_sections set content = 'hacked' where bundle = 'welcome_email'`));
    assert.equal(updated.rowCount, 0);
    const deleted = await withTenant(env.ctx.db.app, a.id, (tx) => tx.query(`delete from global_template_sections`));
    assert.equal(deleted.rowCount, 0);
    const globals = await withTenant(env.ctx.db.app, b.id, (tx) => tx.query(`select count(*)::int as n from global_template_sections where bundle = 'welcome_email'`));
    assert.equal(globals.rows[0].n, 3);
    const others = await withTenant(env.ctx.db.app, b.id, (tx) => tx.query(`select count(*)::int as n from template_sections`));
    assert.equal(others.rows[0].n, 0);
  });
});

describe('PUT /api/v1/tenant/templates/:bundle', () => {
  it('replaces the tenant sections and reads them back, defaults included', async () => {
    const { tenant, token } = await tenantAdmin();
    const first = await putSections(token, 'welcome_email', [
      { section_key: 'subject', position: 0, content: 'Hey {{first_name}}' },
      { section_key: 'body', position: 10, content: 'Hola {{ first_name }}', locale: 'es', variant: 'talent' },
    ]);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().bundle, 'welcome_email');
    assert.ok(first.json().variables.includes('temporary_password'));

    const read = await env.inject({ method: 'GET', url: '/api/v1/tenant/templates/welcome_email', token });
    assert.equal(read.statusCode, 200);
    const sections = read.json().sections.map(({ updated_at, ...rest }: { updated_at: string }) => (assert.ok(updated_at), rest));
    assert.deepEqual(sections, [
      { section_key: 'subject', position: 0, content: 'Hey {{first_name}}', locale: 'en', variant: '' },
      { section_key: 'body', position: 10, content: 'Hola {{ first_name }}', locale: 'es', variant: 'talent' },
    ]);

    const second = await putSections(token, 'welcome_email', [{ section_key: 'body', position: 1, content: 'Only this' }]);
    assert.equal(second.statusCode, 200);
    const { rows } = await env.ctx.db.owner.query('select section_key, content from template_sections where tenant_id = $1', [tenant.id]);
    assert.deepEqual(rows, [{ section_key: 'body', content: 'Only this' }]);
    const { rows: audit } = await env.ctx.db.owner.query(`select action, target_id from audit_log where tenant_id = $1 and action = 'templates.updated'`, [tenant.id]);
    assert.equal(audit.length, 2);

    assert.equal((await putSections(token, 'welcome_email', [])).statusCode, 200);
    const { rows: none } = await env.ctx.db.owner.query('select 1 from template_sections where tenant_id = $1', [tenant.id]);
    assert.equal(none.length, 0, 'an empty list reverts the tenant to the global bundle');
  });

  it('answers 422 template_unknown_variable naming the variable and the section, and stores nothing', async () => {
    const { tenant, token } = await tenantAdmin();
    const res = await putSections(token, 'onboarding_sms', [
      { section_key: 'body', position: 0, content: 'Hi {{ first_name }}' },
      { section_key: 'footer', position: 1, content: 'Your password: {{ temporary_password }}', locale: 'es' },
    ]);
    assert.equal(res.statusCode, 422, res.body);
    const body = res.json();
    assert.equal(body.code, 'template_unknown_variable');
    assert.equal(body.variable, 'temporary_password');
    assert.equal(body.section_key, 'footer');
    assert.equal(body.locale, 'es');
    assert.match(body.detail, /section "footer".*temporary_password/);
    const { rows } = await env.ctx.db.owner.query('select 1 from template_sections where tenant_id = $1', [tenant.id]);
    assert.equal(rows.length, 0);
  });

  it('answers 422 template_syntax for malformed braces', async () => {
    const { token } = await tenantAdmin();
    for (const content of ['Hi {{ first_name', 'Hi {{}}', 'Hi {{ a {{ first_name }} }}', 'Hi {{ First Name }}']) {
      const res = await putSections(token, 'onboarding_sms', [{ section_key: 'body', position: 0, content: `line one\n${content}` }]);
      assert.equal(res.statusCode, 422, content);
      assert.equal(res.json().code, 'template_syntax');
      assert.equal(res.json().section_key, 'body');
      assert.equal(res.json().line, 2);
    }
  });

  it('answers 422 template_syntax for a block without its end or a bad default, saying where, and stores nothing', async () => {
    const { tenant, token } = await tenantAdmin();
    const unclosed = await putSections(token, 'onboarding_sms', [{ section_key: 'body', position: 0, content: 'Hi.\n  {{#if support_email}}Write to {{ support_email }}.' }]);
    assert.equal(unclosed.statusCode, 422, unclosed.body);
    assert.deepEqual([unclosed.json().code, unclosed.json().line, unclosed.json().column], ['template_syntax', 2, 3]);
    assert.match(unclosed.json().detail, /section "body" \(locale en\), line 2, column 3: "\{\{#if support_email\}\}" has no closing "\{\{\/if\}\}"/);
    const filter = await putSections(token, 'onboarding_sms', [{ section_key: 'body', position: 0, content: 'Hi {{ first_name | default: there }}' }]);
    assert.deepEqual([filter.statusCode, filter.json().code, filter.json().line, filter.json().column], [422, 'template_syntax', 1, 4]);
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from template_sections where tenant_id = $1', [tenant.id]);
    assert.equal(rows[0].n, 0);
  });

  it('answers 422 template_unknown_variable for an unknown variable in a default or a block', async () => {
    const { token } = await tenantAdmin();
    for (const content of ['{{ nickname | default: "there" }}', '{{#if nickname}}x{{/if}}']) {
      const res = await putSections(token, 'onboarding_sms', [{ section_key: 'body', position: 0, content }]);
      assert.equal(res.statusCode, 422, content);
      assert.equal(res.json().code, 'template_unknown_variable');
      assert.equal(res.json().variable, 'nickname');
    }
  });

  it('answers 400 validation_failed for bad input', async () => {
    const { token } = await tenantAdmin();
    const ok = { section_key: 'body', position: 0, content: 'x' };
    const cases: [string, unknown][] = [
      ['position as a string', { sections: [{ ...ok, position: '1' }] }],
      ['content as a number', { sections: [{ ...ok, content: 5 }] }],
      ['a negative position', { sections: [{ ...ok, position: -1 }] }],
      ['an unknown section field', { sections: [{ ...ok, html: '<b>' }] }],
      ['an unknown body field', { sections: [ok], publish: true }],
      ['no sections member', {}],
      ['sections not an array', { sections: ok }],
      ['a bad section key', { sections: [{ ...ok, section_key: 'Body' }] }],
      ['a bad locale', { sections: [{ ...ok, locale: 'EN' }] }],
      ['a bad variant', { sections: [{ ...ok, variant: 'Talent' }] }],
      ['content over 20000 characters', { sections: [{ ...ok, content: 'x'.repeat(20_001) }] }],
      ['a control character in content', { sections: [{ ...ok, content: 'a\u0001b' }] }],
      ['more than 100 sections', { sections: Array.from({ length: 101 }, (_, i) => ({ ...ok, section_key: `s${i}` })) }],
      ['a repeated section key', { sections: [ok, { ...ok, position: 2 }] }],
    ];
    for (const [what, payload] of cases) {
      const res = await env.inject({ method: 'PUT', url: '/api/v1/tenant/templates/onboarding_sms', token, payload: payload as object });
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed', what);
    }
    assert.equal(
      (
        await putSections(
          token,
          'onboarding_sms',
          Array.from({ length: 100 }, (_, i) => ({ ...ok, section_key: `s${i}` })),
        )
      ).statusCode,
      200,
      '100 sections are fine',
    );
  });

  it('answers 400 validation_failed for bad bundle names on every template route', async () => {
    const { token } = await tenantAdmin();
    const { token: adminToken } = await env.globalAdmin();
    for (const bundle of ['Welcome', '1welcome', 'welcome-email', 'a'.repeat(65), 'we%20lcome']) {
      for (const [method, url, auth, payload] of [
        ['GET', `/api/v1/tenant/templates/${bundle}`, token, undefined],
        ['PUT', `/api/v1/tenant/templates/${bundle}`, token, { sections: [] }],
        ['GET', `/api/v1/tenant/templates/${bundle}/composed`, token, undefined],
        ['POST', `/api/v1/tenant/templates/${bundle}/preview`, token, { variables: {} }],
        ['GET', `/api/v1/admin/templates/${bundle}`, adminToken, undefined],
        ['PUT', `/api/v1/admin/templates/${bundle}`, adminToken, { sections: [] }],
      ] as const) {
        const res = await env.inject({ method, url, token: auth, ...(payload ? { payload } : {}) });
        assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
        assert.equal(res.json().code, 'validation_failed');
      }
    }
  });

  it('is for tenant admins: staff may read, members may not even read', async () => {
    const tenant = await env.tenant();
    const staff = await env.user(tenant.id, 'staff');
    const member = await env.user(tenant.id, 'member');
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/tenant/templates/welcome_email', token: staff.token })).statusCode, 200);
    const staffPut = await putSections(staff.token, 'welcome_email', []);
    assert.equal(staffPut.statusCode, 403);
    assert.equal(staffPut.json().code, 'forbidden');
    for (const url of ['/api/v1/tenant/templates', '/api/v1/tenant/templates/welcome_email', '/api/v1/tenant/templates/welcome_email/composed']) {
      assert.equal((await env.inject({ method: 'GET', url, token: member.token })).statusCode, 403, url);
    }
    assert.equal((await env.inject({ method: 'GET', url: '/api/v1/tenant/templates' })).statusCode, 401);
  });

  it('lets a global admin edit a tenant bundle with X-Tenant-Id', async () => {
    const tenant = await env.tenant();
    const { token } = await env.globalAdmin();
    const res = await env.inject({ method: 'PUT', url: '/api/v1/tenant/templates/onboarding_sms', token, tenantId: tenant.id, payload: { sections: [{ section_key: 'opt_out', position: 10, content: 'Text STOP to unsubscribe.' }] } });
    assert.equal(res.statusCode, 200, res.body);
    const { rows } = await env.ctx.db.owner.query('select content from template_sections where tenant_id = $1', [tenant.id]);
    assert.deepEqual(rows, [{ content: 'Text STOP to unsubscribe.' }]);
  });
});

describe('POST /api/v1/tenant/templates/:bundle/preview', () => {
  it("previews unsaved sections in place of the tenant's saved ones of that locale and variant, checking them, storing nothing", async () => {
    const bundle = freshBundle('draft');
    await putGlobal(bundle, [
      { section_key: 'greeting', position: 0, content: 'Global hello {{ first_name }}' },
      { section_key: 'closing', position: 10, content: 'Global bye' },
    ]);
    const { tenant, token } = await tenantAdmin();
    assert.equal((await putSections(token, bundle, [{ section_key: 'closing', position: 10, content: 'Saved bye' }])).statusCode, 200);
    const preview = (sections: unknown[]) => env.inject({ method: 'POST', url: `/api/v1/tenant/templates/${bundle}/preview`, token, payload: { variables: { first_name: 'Ada' }, sections } });

    const drafted = await preview([{ section_key: 'greeting', position: 0, content: 'Draft hi {{ first_name }}' }]);
    assert.equal(drafted.statusCode, 200, drafted.body);
    assert.equal(drafted.json().output, 'Draft hi Ada\n\nGlobal bye', 'the draft replaces every saved section of its locale and variant');

    const broken = await preview([{ section_key: 'greeting', position: 0, content: 'Hi\n{{ first_name' }]);
    assert.equal(broken.statusCode, 422);
    assert.deepEqual([broken.json().code, broken.json().section_key, broken.json().line], ['template_syntax', 'greeting', 2]);
    const unknown = await preview([{ section_key: 'greeting', position: 0, content: 'Hi {{ frist_name }}' }]);
    assert.deepEqual([unknown.statusCode, unknown.json().code, unknown.json().variable], [422, 'template_unknown_variable', 'frist_name']);

    const { rows } = await env.ctx.db.owner.query('select section_key, content from template_sections where tenant_id = $1 and bundle = $2', [tenant.id, bundle]);
    assert.deepEqual(rows, [{ section_key: 'closing', content: 'Saved bye' }]);
  });

  const hostile = { first_name: '<script>alert("x")</script>', business_name: `Tom & 'Jerry' </Say><Hangup/>` };

  it('renders text with missing variables as empty and no placeholder left', async () => {
    const { token } = await tenantAdmin();
    assert.equal((await putSections(token, 'welcome_email', [{ section_key: 'body', position: 10, content: 'Hi {{ first_name }}, [{{ last_name }}] {{ organization_name | default: "your team" }}' }])).statusCode, 200);
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/welcome_email/preview', token, payload: { variables: { first_name: 'Ada', business_name: 'Example Staffing' } } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.target, 'text');
    assert.equal(body.subject, 'Welcome to Example Staffing, Ada');
    assert.equal(body.output, 'Hi Ada, [] your team');
  });

  it("fills in the tenant's business name, sign-in page and support email where the sample gives none, and shows them", async () => {
    const { tenant, token } = await tenantAdmin();
    const loginUrl = `${env.config.publicUrl}/t/${tenant.subdomain}/login`;
    assert.equal((await putSections(token, 'onboarding_sms', [{ section_key: 'body', position: 0, content: '{{ business_name }} ({{ tenant_name }}) at {{ login_url }}{{#if support_email}}, mail {{ support_email }}{{/if}}.' }])).statusCode, 200);
    const preview = async (variables: Record<string, string>) => {
      const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_sms/preview', token, payload: { variables, target: 'sms' } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    // a new tenant's profile is empty: its name stands in for the business name, and there is no support email
    const bare = await preview({});
    assert.equal(bare.output, `${tenant.name} (${tenant.name}) at ${loginUrl}.\nReply STOP to opt out.`);
    assert.deepEqual(bare.tenant_variables, { business_name: tenant.name, tenant_name: tenant.name, login_url: loginUrl, support_email: null });

    const profile = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token, payload: { business_name: 'Acme Staffing', website_url: null, phone_number: null, email: 'help@acme.test' } });
    assert.equal(profile.statusCode, 200, profile.body);
    const filled = await preview({});
    assert.equal(filled.output, `Acme Staffing (${tenant.name}) at ${loginUrl}, mail help@acme.test.\nReply STOP to opt out.`);
    assert.deepEqual(filled.tenant_variables, { business_name: 'Acme Staffing', tenant_name: tenant.name, login_url: loginUrl, support_email: 'help@acme.test' });

    // what the sample gives wins; an empty sample value does not
    const given = await preview({ business_name: 'Other Co', login_url: 'https://other.test/in', support_email: '', tenant_name: 'T' });
    assert.equal(given.output, 'Other Co (T) at https://other.test/in, mail help@acme.test.\nReply STOP to opt out.');

    const composed = await env.inject({ method: 'GET', url: '/api/v1/tenant/templates/onboarding_sms/composed', token });
    assert.equal(composed.statusCode, 200, composed.body);
    assert.deepEqual(composed.json().tenant_variables, filled.tenant_variables);
  });

  it('escapes values for HTML: script tags, ampersands and quotes are inert', async () => {
    const { token } = await tenantAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_call_script/preview', token, payload: { variables: hostile, target: 'html' } });
    assert.equal(res.statusCode, 200, res.body);
    const html: string = res.json().output;
    assert.ok(html.includes('<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;, this is Tom &amp; &#39;Jerry&#39; &lt;/Say&gt;&lt;Hangup/&gt;.</p>'), html);
    assert.doesNotMatch(html, /<script|<\/Say>|<Hangup/);
  });

  it('escapes values for TwiML: a </Say> in a name cannot end the <Say> or hang up', async () => {
    const { token } = await tenantAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_call_script/preview', token, payload: { variables: hostile, target: 'twiml', variant: 'hirer' } });
    assert.equal(res.statusCode, 200, res.body);
    const twiml: string = res.json().output;
    assert.ok(twiml.includes('<Say>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;, this is Tom &amp; &apos;Jerry&apos; &lt;/Say&gt;&lt;Hangup/&gt;.</Say>'), twiml);
    assert.equal(twiml.match(/<Say>/g)!.length, 3);
    assert.equal(twiml.match(/<\/Say>/g)!.length, 3);
    assert.doesNotMatch(twiml, /<Hangup/);
    assert.match(twiml, /roles you are hiring for/);
  });

  it('renders SMS text without control characters', async () => {
    const { token } = await tenantAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_sms/preview', token, payload: { variables: { first_name: 'Ada\u0007\u001b[31m', business_name: 'Example' }, target: 'sms' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().output, 'Hi Ada[31m, thanks for signing up with Example! We will be in touch soon to help you get started.\nReply STOP to opt out.');
  });

  it('answers 422 template_unknown_variable for a variable the bundle does not know', async () => {
    const { token } = await tenantAdmin();
    const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_sms/preview', token, payload: { variables: { temporary_password: 'x' } } });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'template_unknown_variable');
    assert.equal(res.json().variable, 'temporary_password');
  });

  it('answers 422 when a stored section is malformed or uses an unknown variable, naming the section', async () => {
    const { tenant, token } = await tenantAdmin();
    // rows written behind the API's back, as an older release or a hand edit could leave them
    const write = (content: string) =>
      withSystem(env.ctx.db.app, async (tx) => {
        await tx.query('delete from template_sections where tenant_id = $1', [tenant.id]);
        await tx.query(`insert into template_sections (tenant_id, bundle, section_key, position, content) values ($1, 'onboarding_sms', 'body', 0, $2)`, [tenant.id, content]);
      });
    const preview = () => env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_sms/preview', token, payload: { variables: {} } });
    await write('Hi {{ first_name');
    const syntax = await preview();
    assert.equal(syntax.statusCode, 422);
    assert.equal(syntax.json().code, 'template_syntax');
    assert.equal(syntax.json().section_key, 'body');
    await write('Hi {{ favourite_colour }}');
    const unknown = await preview();
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().code, 'template_unknown_variable');
    assert.equal(unknown.json().variable, 'favourite_colour');
    assert.equal(unknown.json().section_key, 'body');
  });

  it('answers 422 template_variable_invalid for values that are not strings or numbers', async () => {
    const { token } = await tenantAdmin();
    for (const value of [true, null, { a: 1 }, ['x'], 'x'.repeat(10_001)]) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_sms/preview', token, payload: { variables: { first_name: value } } });
      assert.equal(res.statusCode, 422, JSON.stringify(value).slice(0, 40));
      assert.equal(res.json().code, 'template_variable_invalid');
      assert.equal(res.json().variable, 'first_name');
    }
    const number = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_sms/preview', token, payload: { variables: { first_name: 7 } } });
    assert.equal(number.statusCode, 200);
    assert.match(number.json().output, /^Hi 7,/);
  });

  it('answers 400 validation_failed for a bad target, locale, variable name or unknown field', async () => {
    const { token } = await tenantAdmin();
    for (const payload of [{ variables: {}, target: 'pdf' }, { variables: {}, locale: 'english' }, { variables: { 'First-Name': 'x' } }, { variables: {}, send: true }, { variables: 'x' }, {}]) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/templates/onboarding_sms/preview', token, payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().code, 'validation_failed');
    }
  });
});

describe('/api/v1/admin/templates/:bundle', () => {
  it('reads and replaces global sections, which every tenant then composes', async () => {
    const bundle = freshBundle('global');
    const { token } = await env.globalAdmin();
    const put = await env.inject({ method: 'PUT', url: `/api/v1/admin/templates/${bundle}`, token, payload: { sections: [{ section_key: 'body', position: 0, content: 'Hi {{ first_name }}' }] } });
    assert.equal(put.statusCode, 200, put.body);
    const read = await env.inject({ method: 'GET', url: `/api/v1/admin/templates/${bundle}`, token });
    assert.deepEqual(keysAndContent(read.json()), ['body:Hi {{ first_name }}']);
    const { rows } = await env.ctx.db.owner.query('select section_key from global_template_sections where bundle = $1', [bundle]);
    assert.deepEqual(rows, [{ section_key: 'body' }]);
    const { rows: tenantRows } = await env.ctx.db.owner.query('select 1 from template_sections where bundle = $1', [bundle]);
    assert.deepEqual(tenantRows, []);
    // an entry of no tenant (migration 0028)
    const { rows: audit } = await env.ctx.db.owner.query(`select target_id from platform_audit_log where action = 'templates.global_updated' and target_id = $1`, [bundle]);
    assert.deepEqual(audit, [{ target_id: bundle }]);

    for (const tenantToken of [(await tenantAdmin()).token, (await tenantAdmin()).token]) {
      const composed = await env.inject({ method: 'GET', url: `/api/v1/tenant/templates/${bundle}/composed`, token: tenantToken });
      assert.deepEqual(keysAndContent(composed.json()), ['body:Hi {{ first_name }}']);
    }
  });

  it('refuses tenant admins with 403', async () => {
    const { token } = await tenantAdmin();
    const read = await env.inject({ method: 'GET', url: '/api/v1/admin/templates/welcome_email', token });
    assert.equal(read.statusCode, 403);
    assert.equal(read.json().code, 'forbidden');
    const write = await env.inject({ method: 'PUT', url: '/api/v1/admin/templates/welcome_email', token, payload: { sections: [] } });
    assert.equal(write.statusCode, 403);
    assert.equal(write.json().code, 'forbidden');
    const { rows } = await env.ctx.db.owner.query(`select count(*)::int as n from global_template_sections where bundle = 'welcome_email'`);
    assert.equal(rows[0].n, 3);
  });

  it('checks global sections like tenant ones', async () => {
    const { token } = await env.globalAdmin();
    const res = await env.inject({ method: 'PUT', url: `/api/v1/admin/templates/${freshBundle('bad')}`, token, payload: { sections: [{ section_key: 'body', position: 0, content: '{{ nope }}' }] } });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'template_unknown_variable');
  });
});

describe('renderBundle', () => {
  it('throws template_not_found for a bundle that composes to nothing', async () => {
    const tenant = await env.tenant();
    await assert.rejects(
      withTenant(env.ctx.db.app, tenant.id, (tx) => renderBundle(tx, tenant.id, freshBundle('missing'), { variables: {}, publicUrl: env.config.publicUrl })),
      (error: unknown) => error instanceof AppError && error.code === 'template_not_found' && error.status === 404,
    );
  });

  it('renders subject, text, html, sms and per-section text from the composed bundle', async () => {
    const { tenant, token } = await tenantAdmin();
    assert.equal((await putSections(token, 'welcome_email', [{ section_key: 'support', position: 20, content: 'Questions? {{ support_email }}' }])).statusCode, 200);
    const rendered = await withTenant(env.ctx.db.app, tenant.id, (tx) => renderBundle(tx, tenant.id, 'welcome_email', { variables: { first_name: 'Ada', business_name: 'B & Co', login_url: 'https://x.test/l', support_email: 'help@x.test', last_name: null }, publicUrl: env.config.publicUrl }));
    assert.equal(rendered.subject, 'Welcome to B & Co, Ada');
    assert.deepEqual(
      rendered.sections.map((s) => s.section_key),
      ['body', 'support'],
    );
    assert.equal(rendered.text, 'Hi Ada,\n\nWelcome to B & Co. Your account is ready.\n\nSign in at https://x.test/l to get started.\n\nQuestions? help@x.test');
    assert.match(rendered.html, /<p>Welcome to B &amp; Co\. Your account is ready\.<\/p>/);
    assert.match(rendered.html, /<p>Questions\? help@x\.test<\/p>$/);
    assert.equal(rendered.sms, 'Hi Ada,\n\nWelcome to B & Co. Your account is ready.\n\nSign in at https://x.test/l to get started.\nQuestions? help@x.test');
  });
});
