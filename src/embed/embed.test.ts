import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { signEmbedToken } from './embed-tokens.ts';

let env: TestEnv;
let tenantId: string;
let admin: { id: string; token: string };
let member: { id: string; token: string };
let mintKey: string;
let eventsKey: string;

const CHECKLIST = {
  title: 'Get started',
  scope: 'user',
  tasks: [
    { slug: 'create-service', title: 'Create a service', link: '/services/new', rule: { kind: 'live_count', object: 'service', min: 1 } },
    { slug: 'say-hello', title: 'Say hello', rule: { kind: 'manual' } },
  ],
};

before(async () => {
  env = await createTestEnv();
  tenantId = (await env.tenant()).id;
  admin = await env.user(tenantId, 'tenant_admin');
  member = await env.user(tenantId, 'member');
  const mint = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: 'widget backend', scopes: ['embed:mint'] } });
  assert.equal(mint.statusCode, 201, mint.body);
  mintKey = mint.json().key;
  const events = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: 'events', scopes: ['events:write'] } });
  eventsKey = events.json().key;
  const put = await env.inject({ method: 'PUT', url: '/api/v1/tenant/checklists/start', token: admin.token, payload: CHECKLIST });
  assert.equal(put.statusCode, 200, put.body);
});
after(() => env.close());

async function mint(userId: string, key = mintKey): Promise<string> {
  const res = await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: key, payload: { user_id: userId } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().token;
}

describe('POST /api/v1/embed-tokens', () => {
  it('mints a token for one user of the tenant that lasts ten minutes by default', async () => {
    const res = await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: mintKey, payload: { user_id: member.id } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user_id, member.id);
    const lasts = Date.parse(res.json().expires_at) - Date.now();
    assert.ok(lasts > 590_000 && lasts <= 600_000, `expires in ${lasts} ms`);
  });

  it('answers 403 scope_missing to a key without embed:mint, and 404 for a user of no tenant of the key', async () => {
    const other = await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: eventsKey, payload: { user_id: member.id } });
    assert.equal(other.statusCode, 403, other.body);
    assert.equal(other.json().code, 'scope_missing');
    const otherTenant = await env.tenant();
    const stranger = await env.user(otherTenant.id, 'member');
    const res = await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: mintKey, payload: { user_id: stranger.id } });
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(res.json().code, 'user_not_found');
  });

  it('answers 409 embed_user_disabled for a disabled user, and a token minted before stops working', async () => {
    const user = await env.user(tenantId, 'member');
    const token = await mint(user.id);
    const disabled = await env.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, token: admin.token, payload: { disabled: true } });
    assert.equal(disabled.statusCode, 200, disabled.body);
    const res = await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: mintKey, payload: { user_id: user.id } });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'embed_user_disabled');
    const read = await env.inject({ method: 'GET', url: '/api/v1/embed/onboarding', token });
    assert.equal(read.statusCode, 401, read.body);
  });
});

describe('GET /api/v1/embed/onboarding', () => {
  it("shows the token's user their checklist, and follows the data", async () => {
    const token = await mint(member.id);
    const first = await env.inject({ method: 'GET', url: '/api/v1/embed/onboarding', token });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['access-control-allow-origin'], '*');
    const [checklist] = first.json().items;
    assert.equal(checklist.key, 'start');
    assert.deepEqual(
      checklist.tasks.map((t: { slug: string; manual: boolean; completed: boolean; link: string | null }) => [t.slug, t.manual, t.completed, t.link]),
      [
        ['create-service', false, false, '/services/new'],
        ['say-hello', true, false, null],
      ],
    );
    assert.equal(checklist.tasks[0].completed_by, undefined, 'no user ids of others travel to the page');
    const tracked = await env.inject({ method: 'POST', url: '/api/v1/events', token: eventsKey, payload: { event: 'service.created', user_id: member.id } });
    assert.ok(tracked.statusCode < 300, tracked.body);
    const after = await env.inject({ method: 'GET', url: '/api/v1/embed/onboarding', token });
    assert.equal(after.json().items[0].tasks[0].completed, true);
    assert.deepEqual(after.json().items[0].progress, { done: 1, required: 2 });
  });

  it('answers 401 to an access token, an API key, a token signed with another key, an expired token and one for another audience', async () => {
    const forged = await signEmbedToken(new Uint8Array(32), { tenantId, userId: member.id });
    const expired = await new SignJWT({ tid: tenantId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(member.id)
      .setIssuer('embark')
      .setAudience('embark-embed')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
      .sign(env.ctx.keys.embedTokens);
    const otherAudience = await new SignJWT({ tid: tenantId }).setProtectedHeader({ alg: 'HS256' }).setSubject(member.id).setIssuer('embark').setAudience('embark-api').setExpirationTime('5m').sign(env.ctx.keys.embedTokens);
    for (const [what, token] of [
      ['access token', member.token],
      ['API key', mintKey],
      ['forged', forged.token],
      ['expired', expired],
      ['other audience', otherAudience],
    ] as const) {
      const res = await env.inject({ method: 'GET', url: '/api/v1/embed/onboarding', token });
      assert.equal(res.statusCode, 401, `${what}: ${res.body}`);
      assert.equal(res.json().code, 'unauthenticated');
      assert.equal(res.headers['access-control-allow-origin'], '*', 'the widget can read the refusal');
    }
    const res = await env.inject({ method: 'GET', url: '/api/v1/embed/onboarding', token: expired });
    assert.match(res.json().detail, /expired/);
  });

  it('is no access token anywhere else: an embed token reaches no other route', async () => {
    const token = await mint(member.id);
    for (const url of ['/api/v1/onboarding', '/api/v1/me', '/api/v1/users']) {
      const res = await env.inject({ method: 'GET', url, token });
      assert.equal(res.statusCode, 401, `${url}: ${res.body}`);
    }
  });
});

describe('POST and DELETE /api/v1/embed/onboarding/complete/:slug, POST /api/v1/embed/onboarding/dismiss', () => {
  it('completes and un-completes a manual task as the user, and refuses a derived one with task_derived', async () => {
    const user = await env.user(tenantId, 'member');
    const token = await mint(user.id);
    const done = await env.inject({ method: 'POST', url: '/api/v1/embed/onboarding/complete/say-hello', token });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().items[0].tasks[1].completed, true);
    const { rows } = await env.ctx.db.owner.query(`select payload ->> 'completed_by' as by from events where tenant_id = $1 and subject_id = $2 and type = 'onboarding.task.completed'`, [tenantId, user.id]);
    assert.deepEqual(
      rows.map((r) => r.by),
      [user.id],
    );
    const undone = await env.inject({ method: 'DELETE', url: '/api/v1/embed/onboarding/complete/say-hello', token });
    assert.equal(undone.json().items[0].tasks[1].completed, false);
    const derived = await env.inject({ method: 'POST', url: '/api/v1/embed/onboarding/complete/create-service', token });
    assert.equal(derived.statusCode, 409, derived.body);
    assert.equal(derived.json().code, 'task_derived');
  });

  it('dismisses the checklist for the user only', async () => {
    const user = await env.user(tenantId, 'member');
    const token = await mint(user.id);
    const res = await env.inject({ method: 'POST', url: '/api/v1/embed/onboarding/dismiss?checklist=start', token });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().items[0].dismissed_at);
    const others = await env.inject({ method: 'GET', url: '/api/v1/embed/onboarding', token: await mint(member.id) });
    assert.equal(others.json().items[0].dismissed_at, null);
  });
});

describe('the widget in a browser', () => {
  it('gets an answer to its CORS preflight from any origin, without credentials', async () => {
    const res = await env.inject({ method: 'OPTIONS', url: '/api/v1/embed/onboarding/complete/say-hello', headers: { origin: 'https://app.tenant.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['access-control-allow-headers']), /authorization/);
    assert.match(String(res.headers['access-control-allow-methods']), /POST/);
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
  });

  it('loads /embed/checklist.js from another origin: a script that defines <embark-checklist>', async () => {
    const res = await env.inject({ method: 'GET', url: '/embed/checklist.js' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/javascript/);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.match(res.body, /customElements\.define\('embark-checklist'/);
  });

  it('answers CORS only on the widget routes, not on the API that mints its tokens', async () => {
    const res = await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: mintKey, payload: { user_id: member.id } });
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });
});
