import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(() => env.close());

async function tenantWithKey() {
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  const key = (await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: 'backend', scopes: ['events:write'] } })).json().key as string;
  return { tenant, admin, key };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const stored = async (tenantId: string) => (await env.ctx.db.owner.query(`select event, host(ip) as ip, tableoid::regclass::text as partition from tracked_events where tenant_id = $1 order by occurred_at`, [tenantId])).rows;

describe('tracked events: settings, retention and months', () => {
  it('keep an address cut to its network by default, whole or not at all when the tenant says', async () => {
    const a = await tenantWithKey();
    const b = await tenantWithKey();
    assert.deepEqual((await env.inject({ method: 'GET', url: '/api/v1/tenant/analytics-settings', token: a.admin.token })).json(), { retention_days: 395, ip_mode: 'truncate', updated_at: null });
    const put = await env.inject({ method: 'PUT', url: '/api/v1/tenant/analytics-settings', token: b.admin.token, payload: { ip_mode: 'full' } });
    assert.deepEqual([put.statusCode, put.json().ip_mode, put.json().retention_days], [200, 'full', 395]);
    for (const { key } of [a, b]) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/events',
        token: key,
        payload: { event: 'page.viewed', external_user_id: 'visitor-1', ip: '203.0.113.77', user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1' },
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    assert.equal((await stored(a.tenant.id))[0].ip, '203.0.113.0');
    assert.equal((await stored(b.tenant.id))[0].ip, '203.0.113.77');
    const { rows } = await env.ctx.db.owner.query(`select device_type, browser, os from tracked_events where tenant_id = $1`, [a.tenant.id]);
    assert.deepEqual(rows[0], { device_type: 'mobile', browser: 'Safari', os: 'iOS' });
    const bad = await env.inject({ method: 'PUT', url: '/api/v1/tenant/analytics-settings', token: a.admin.token, payload: { retention_days: 0 } });
    assert.equal(bad.statusCode, 400);
  });

  it("delete each tenant's events past its own retention, and nobody else's", async () => {
    const short = await tenantWithKey();
    const long = await tenantWithKey();
    await env.inject({ method: 'PUT', url: '/api/v1/tenant/analytics-settings', token: short.admin.token, payload: { retention_days: 30 } });
    for (const { key } of [short, long]) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/events',
        token: key,
        payload: {
          batch: [
            { event: 'old.thing', external_user_id: 'p', timestamp: daysAgo(60) },
            { event: 'new.thing', external_user_id: 'p' },
          ],
        },
      });
      assert.equal(res.json().stored, 2, res.body);
    }
    await env.ctx.db.owner.query('select maintain_tracked_events()');
    assert.deepEqual(
      (await stored(short.tenant.id)).map((r) => r.event),
      ['new.thing'],
    );
    assert.deepEqual(
      (await stored(long.tenant.id)).map((r) => r.event),
      ['old.thing', 'new.thing'],
    );
  });

  it('wait in the default partition for a month not made yet, move into it when it is, and drop whole months past retention', async () => {
    const t = await tenantWithKey();
    await env.inject({ method: 'POST', url: '/api/v1/events', token: t.key, payload: { event: 'long.ago', external_user_id: 'p', timestamp: daysAgo(200) } });
    assert.equal((await stored(t.tenant.id))[0].partition, 'tracked_events_default');
    const { rows: month } = await env.ctx.db.owner.query(`select to_char(now() - interval '200 days', '"tracked_events_y"YYYY"m"MM') as name`);
    await env.ctx.db.owner.query(`select maintain_tracked_events(now() - interval '200 days')`);
    assert.equal((await stored(t.tenant.id))[0].partition, month[0].name);
    // two years on, every month of today is past the longest retention: dropped whole
    const { rows } = await env.ctx.db.owner.query(`select maintain_tracked_events(now() + interval '800 days') as done`);
    assert.ok(rows[0].done.dropped.includes(month[0].name), JSON.stringify(rows[0].done));
    assert.deepEqual(await stored(t.tenant.id), []);
  });
});
