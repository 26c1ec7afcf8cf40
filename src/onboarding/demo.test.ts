import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';
import { renderBundle } from '../templates/templates.service.ts';
import { seedDemo, type Demo } from './demo.ts';
import { ONCE, onboardingRows } from './test-fixtures.ts';

let env: TestEnv;
let demo: Demo;
before(async () => {
  env = await createTestEnv();
  demo = await seedDemo(env.ctx);
});
after(async () => {
  await env.close();
});

/** The opening of the call a message will make, rendered as the worker renders it. */
async function callScript(messageId: string): Promise<string> {
  return withTenant(env.ctx.db.app, demo.tenant.id, async (tx) => {
    const { rows } = await tx.query('select bundle, variant, variables from messages where id = $1', [messageId]);
    const rendered = await renderBundle(tx, demo.tenant.id, rows[0].bundle, { variant: rows[0].variant, variables: rows[0].variables, publicUrl: env.config.publicUrl });
    return rendered.text;
  });
}

describe('seedDemo', () => {
  it('creates the demo tenant with signup open and users from every path, each initialised once', async () => {
    assert.equal(demo.tenant.subdomain, 'demo');
    assert.deepEqual([...new Set(demo.users.map((u) => u.path))].sort(), ['admin', 'identity_webhook', 'signup', 'sql_insert']);
    for (const user of demo.users) assert.deepEqual(await onboardingRows(env, user.id), ONCE, `${user.path} ${user.email ?? user.phone}`);
    const settings = await env.inject({ method: 'GET', url: '/api/v1/tenant/signup-settings', token: await env.login(demo.admin.email, demo.admin.password, 'demo') });
    // the admin's first login must change the password, so nothing else works until then
    assert.equal(settings.statusCode, 403);
    assert.equal(settings.json().code, 'password_change_required');
  });

  it('gives the tenant admin a generated one-time password', async () => {
    assert.ok(demo.admin.password.length >= 16);
    const login = await env.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: demo.admin.email, password: demo.admin.password, tenant: 'demo' } });
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.json().must_change_password, true);
    assert.equal(login.json().user.role, 'tenant_admin');
  });

  it("personalises each first call by signup mode through the tenant's call script", async () => {
    const byMode = (mode: string | null) => demo.users.find((u) => u.signup_mode === mode && u.contact.channel === 'voice');
    const talent = byMode('talent');
    const hirer = byMode('hirer');
    assert.ok(talent?.contact.message_id && hirer?.contact.message_id);
    assert.match(await callScript(talent.contact.message_id), /help you find executive opportunities/);
    assert.match(await callScript(hirer.contact.message_id), /help you find executive talent/);
    const unknown = demo.users.find((u) => u.path === 'signup' && u.signup_mode === null)!;
    const script = await callScript(unknown.contact.message_id!);
    assert.match(script, /are you hiring, or are you looking for work\?/);
    assert.match(script, /Summit Executive Search/);
  });

  it('takes demo-2 when demo is taken', async () => {
    const second = await seedDemo(env.ctx);
    assert.equal(second.tenant.subdomain, 'demo-2');
    assert.notEqual(second.admin.password, demo.admin.password);
  });
});
