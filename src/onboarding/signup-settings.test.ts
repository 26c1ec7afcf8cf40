import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { decryptSecret } from '../secrets.ts';
import { TALENT_HIRER_SETTINGS } from './test-fixtures.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

const URL = '/api/v1/tenant/signup-settings';

describe('GET /api/v1/tenant/signup-settings', () => {
  it('answers the defaults for a tenant that never saved any', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const res = await env.inject({ method: 'GET', url: URL, token: admin.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      self_signup_open: false,
      modes: [],
      roles: [{ key: 'member', label: 'Member', self_assignable: false }],
      default_role: 'member',
      contact_policy: { channels: ['voice', 'sms', 'email'] },
      identity_webhook: { url_path: `/api/v1/webhooks/identity/${tenant.subdomain}`, secret_set: false, secret_created_at: null },
      updated_at: null,
    });
  });

  it('is for tenant admins only', async () => {
    const tenant = await env.tenant();
    for (const role of ['member', 'staff'] as const) {
      const { token } = await env.user(tenant.id, role);
      const res = await env.inject({ method: 'GET', url: URL, token });
      assert.equal(res.statusCode, 403);
    }
  });
});

describe('PUT /api/v1/tenant/signup-settings', () => {
  let token: string;
  before(async () => {
    const tenant = await env.tenant();
    token = (await env.user(tenant.id, 'tenant_admin')).token;
  });

  it("stores the settings and answers them, with a mode's template variant defaulting to its key", async () => {
    const body = {
      ...TALENT_HIRER_SETTINGS,
      modes: [
        { key: 'talent', label: 'Talent', role: 'talent' },
        { key: 'hirer', label: 'Hirer', role: 'hirer', template_variant: '' },
      ],
    };
    const res = await env.inject({ method: 'PUT', url: URL, token, payload: body });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().modes, [
      { key: 'talent', label: 'Talent', role: 'talent', template_variant: 'talent' },
      { key: 'hirer', label: 'Hirer', role: 'hirer', template_variant: '' },
    ]);
    const read = await env.inject({ method: 'GET', url: URL, token });
    assert.equal(read.json().self_signup_open, true);
    assert.deepEqual(read.json().roles, TALENT_HIRER_SETTINGS.roles);
    assert.ok(read.json().updated_at);
  });

  it('refuses settings that do not hold together with 400, naming the value', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ default_role: 'ghost' }, /\/default_role/],
      [{ modes: [{ key: 'talent', label: 'T', role: 'ghost' }] }, /\/modes\/0\/role/],
      [
        {
          modes: [
            { key: 'talent', label: 'T', role: 'talent' },
            { key: 'talent', label: 'T2', role: 'talent' },
          ],
        },
        /\/modes\/1\/key/,
      ],
      [
        {
          roles: [
            { key: 'member', label: 'M' },
            { key: 'member', label: 'M2' },
          ],
        },
        /\/roles\/1\/key/,
      ],
      [
        {
          roles: [
            { key: 'member', label: 'M' },
            { key: 'tenant_admin', label: 'Admin', self_assignable: true },
          ],
          modes: [],
        },
        /access role/,
      ],
      [{ modes: [{ key: 'Talent', label: 'T', role: 'talent' }] }, /\/modes\/0\/key/],
      [{ modes: [{ key: 'talent', label: 'T', role: 'talent', template_variant: 'Bad Variant' }] }, /template_variant/],
      [{ modes: [{ key: 'talent', label: 'Line\nbreak', role: 'talent' }] }, /label/],
      [{ contact_policy: { channels: ['voice', 'voice'] } }, /channels/],
      [{ contact_policy: { channels: ['fax'] } }, /channels/],
      [{ roles: [] }, /roles/],
    ];
    for (const [change, mentions] of cases) {
      const res = await env.inject({ method: 'PUT', url: URL, token, payload: { ...TALENT_HIRER_SETTINGS, ...change } });
      assert.equal(res.statusCode, 400, `${JSON.stringify(change)}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed');
      assert.match(res.body, mentions, JSON.stringify(change));
    }
  });

  it('accepts an empty channel list: no first contact at all', async () => {
    const res = await env.inject({ method: 'PUT', url: URL, token, payload: { ...TALENT_HIRER_SETTINGS, contact_policy: { channels: [] } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().contact_policy, { channels: [] });
  });
});

describe('POST /api/v1/tenant/signup-settings/identity-webhook-secret', () => {
  it('shows a new whsec_ secret once and stores it only sealed to the tenant', async () => {
    const tenant = await env.tenant();
    const admin = await env.user(tenant.id, 'tenant_admin');
    const res = await env.inject({ method: 'POST', url: `${URL}/identity-webhook-secret`, token: admin.token });
    assert.equal(res.statusCode, 201, res.body);
    const { secret, url_path } = res.json();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(url_path, `/api/v1/webhooks/identity/${tenant.subdomain}`);

    const { rows } = await env.ctx.db.owner.query('select identity_webhook_secret_encrypted as sealed from signup_settings where tenant_id = $1', [tenant.id]);
    assert.ok(!rows[0].sealed.toString('latin1').includes(secret.slice(6)), 'not stored in plain text');
    assert.equal(decryptSecret(env.ctx.keys.credentialEncryption, rows[0].sealed, `identity-webhook:${tenant.id}`), secret);
    assert.throws(() => decryptSecret(env.ctx.keys.credentialEncryption, rows[0].sealed, 'identity-webhook:00000000-0000-4000-8000-000000000000'));

    const read = await env.inject({ method: 'GET', url: URL, token: admin.token });
    assert.equal(read.json().identity_webhook.secret_set, true);
    assert.ok(!read.body.includes(secret), 'the secret is never shown again');
    assert.equal(read.json().self_signup_open, false, 'generating a secret leaves the other settings at their defaults');

    const again = await env.inject({ method: 'POST', url: `${URL}/identity-webhook-secret`, token: admin.token });
    assert.notEqual(again.json().secret, secret);
  });

  it('answers 403 to a member', async () => {
    const tenant = await env.tenant();
    const { token } = await env.user(tenant.id, 'member');
    const res = await env.inject({ method: 'POST', url: `${URL}/identity-webhook-secret`, token });
    assert.equal(res.statusCode, 403);
    const { rows } = await env.ctx.db.owner.query('select count(*)::int as n from signup_settings where tenant_id = $1', [tenant.id]);
    assert.equal(rows[0].n, 0);
  });
});
