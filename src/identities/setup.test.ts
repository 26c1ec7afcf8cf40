/**
 * The first global admin from the browser: a one-time, expiring token printed by `embark serve`,
 * refused once any global admin exists, however many try at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../../test/helpers.ts';
import { issueSetupToken } from './setup.service.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

const setup = (token: string, email: string, password = TEST_PASSWORD) => env.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, email, password } });

describe('/api/v1/setup', () => {
  it('creates the first global admin once, with the printed token, and then refuses', async () => {
    assert.deepEqual((await env.app.inject({ method: 'GET', url: '/api/v1/setup' })).json(), { needed: true });
    const earlier = (await issueSetupToken(env.ctx))!;
    // a restart prints a new link, and the old one stops working
    const token = (await issueSetupToken(env.ctx))!;
    assert.equal((await setup(earlier, 'first@example.test')).json().code, 'setup_token_invalid');
    assert.match(token, /^[A-Za-z0-9_-]{32}$/);
    const stored = await env.ctx.db.owner.query('select token_hash from setup_tokens');
    assert.ok(
      stored.rows.every((r) => !r.token_hash.toString('utf8').includes(token)),
      'only a hash is stored',
    );

    const wrong = await setup('A'.repeat(32), 'first@example.test');
    assert.equal(wrong.statusCode, 403);
    assert.equal(wrong.json().code, 'setup_token_invalid');
    const weak = await setup(token, 'first@example.test', 'short');
    assert.equal(weak.statusCode, 400);

    // ten at once with the right token: one admin
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => env.app.inject({ method: 'POST', url: '/api/v1/setup', remoteAddress: `10.7.0.${i + 1}`, payload: { token, email: `first${i}@example.test`, password: TEST_PASSWORD } })));
    const created = answers.filter((res) => res.statusCode === 201);
    assert.equal(created.length, 1, answers.map((res) => res.statusCode).join(' '));
    for (const res of answers.filter((r) => r.statusCode !== 201)) assert.ok(['setup_complete', 'setup_token_invalid'].includes(res.json().code), res.body);
    const admin = created[0]!.json();
    assert.equal(admin.role, 'global_admin');
    assert.equal(admin.must_change_password, false);
    await env.login(admin.email, TEST_PASSWORD);

    assert.deepEqual((await env.app.inject({ method: 'GET', url: '/api/v1/setup' })).json(), { needed: false });
    assert.equal(await issueSetupToken(env.ctx), undefined, 'no new token once an admin exists');
    const late = await setup(token, 'late@example.test');
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'setup_complete');
    assert.equal((await env.ctx.db.owner.query('select count(*)::int as n from setup_tokens')).rows[0].n, 0);
  });
});
