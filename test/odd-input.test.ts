/**
 * Odd input, driven by the route table: every /api/v1 route, called as anonymous, a member, a tenant
 * admin and a global admin, gets the values that reached PostgreSQL as 500s before — NUL, unpaired
 * surrogates, 10,000-deep JSON, numbers out of range, 900 KB strings — in each body property, query
 * parameter and path parameter, and must answer a 4xx problem from the catalogue: never a 5xx.
 * A route added later is driven the same way without anyone writing its cases.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, type TestEnv } from './helpers.ts';
import { fill, pathParams, validBody } from './schema-samples.ts';
import { allErrorCodes } from '../src/errors.ts';
import type { RouteEntry } from '../src/http/access.ts';

const env: TestEnv = await createTestEnv();
after(async () => {
  await env.close();
});
const routes = env.app.routeTable;
const CATALOGUE = allErrorCodes();
const tenant = await env.tenant();
const callers: Record<string, { token?: string; tenantId?: string }> = {
  anonymous: {},
  member: { token: (await env.user(tenant.id, 'member')).token },
  'tenant admin': { token: (await env.user(tenant.id, 'tenant_admin')).token },
  'global admin': { token: (await env.globalAdmin()).token, tenantId: tenant.id },
};

const DEEP = '['.repeat(10_000) + ']'.repeat(10_000);
/** JSON texts of the values, for a body property. */
const BODY_VALUES: Record<string, string> = {
  nul: JSON.stringify('a\u0000b'),
  'unpaired surrogate': '"\\ud800x"',
  'lone low surrogate': '"x\\udc00"',
  'deep JSON': DEEP,
  '1e20': '1e20',
  '-1e20': '-1e20',
  '1e308': '1e308',
  '900 KB string': JSON.stringify('x'.repeat(900_000)),
};
/** Raw query-string values (already encoded). */
const QUERY_VALUES: Record<string, string> = {
  nul: 'a%00b',
  'invalid UTF-8': '%ED%A0%80',
  '99999999999999999999': '99999999999999999999',
  '1e309': '1e309',
  '-1e309': '-1e309',
  '8 KB string': 'x'.repeat(8_000),
};
const PATH_VALUES: Record<string, string> = { nul: 'a%00b', 'invalid UTF-8': '%ED%A0%80', '200 characters': 'x'.repeat(200) };

/** Bodies shaped like each vendor's, for the webhook routes (they take the vendor's whole payload). */
function vendorBodies(route: RouteEntry): { contentType: string; fields: Record<string, string> } | undefined {
  if (route.url.includes('/twilio') || route.url.startsWith('/api/v1/voice/onboarding/')) {
    return { contentType: 'application/x-www-form-urlencoded', fields: { To: '+15555550100', From: '+15555550101', Body: 'hi', MessageSid: 'SM' + '0'.repeat(32), CallSid: 'CA' + '0'.repeat(32), CallStatus: 'completed', MessageStatus: 'delivered', SequenceNumber: '1', Digits: '1' } };
  }
  return undefined;
}

const jsonBase: Record<string, Record<string, unknown>> = {
  '/api/v1/webhooks/sms/telnyx': { data: { id: 'evt', event_type: 'message.received', payload: { to: [{ phone_number: '+15555550100' }], from: { phone_number: '+15555550101' }, text: 'hi' } } },
  '/api/v1/webhooks/email/gmail': { message: { data: Buffer.from('{"emailAddress":"a@example.test","historyId":1}').toString('base64'), messageId: '1' }, subscription: 's' },
  '/api/v1/webhooks/identity/:tenant': { type: 'user.created', timestamp: new Date().toISOString(), data: { id: 'u', email: 'a@example.test', raw_user_meta_data: {} } },
};

let requests = 0;
async function call(route: RouteEntry, who: string, options: { url: string; payload?: string; contentType?: string }): Promise<LightMyRequestResponse> {
  requests++;
  const { token, tenantId } = callers[who]!;
  const headers: Record<string, string> = {};
  if (options.payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (tenantId && route.access.kind === 'tenant') headers['x-tenant-id'] = tenantId;
  return env.app.inject({ method: route.method as 'POST', url: options.url, headers, ...(options.payload !== undefined ? { payload: options.payload } : {}) });
}

function assertNo5xx(res: LightMyRequestResponse, what: string): void {
  const where = `${what}: answered ${res.statusCode} ${res.body.slice(0, 300)}`;
  assert.ok(res.statusCode < 500, where);
  if (res.statusCode >= 400) {
    const problem = res.json();
    assert.ok(problem.code in CATALOGUE, `${where}: code ${problem.code} is not in the catalogue`);
  }
}

/** A JSON body with `name` replaced by the raw JSON text `value` (the text may be too deep for JSON.stringify). */
function bodyWith(base: Record<string, unknown>, path: string[], value: string): string {
  const marker = '"__odd_input_marker__"';
  const copy = structuredClone(base);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
  target[path.at(-1)!] = '__odd_input_marker__';
  return JSON.stringify(copy).replace(marker, value);
}

/** Top-level and one-level-down property paths of a JSON object, to put odd values in. */
function slots(base: Record<string, unknown>, schema: Record<string, any> | undefined): string[][] {
  const names = new Set<string>([...Object.keys(schema?.properties ?? {}), ...Object.keys(base)]);
  const paths: string[][] = [];
  for (const name of names) {
    paths.push([name]);
    const inner = base[name];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) for (const key of Object.keys(inner)) paths.push([name, key]);
  }
  return paths.length ? paths : [['odd']];
}

describe('odd input reaches no route as a 5xx', () => {
  for (const route of routes) {
    it(`${route.method} ${route.url}`, async () => {
      const params = pathParams(route.url);
      const url = fill(route);
      const query = (route.schema?.querystring as Record<string, any> | undefined)?.properties ?? {};
      const takesBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      const vendor = vendorBodies(route);
      const base = (jsonBase[route.url] ?? (route.schema?.body ? validBody(route) : {})) as Record<string, unknown>;
      for (const who of Object.keys(callers)) {
        if (takesBody && vendor) {
          for (const field of Object.keys(vendor.fields)) {
            for (const [family, value] of Object.entries({ nul: 'a%00b', '900 KB': 'x'.repeat(900_000), 'invalid UTF-8': '%ED%A0%80' })) {
              const form = Object.entries({ ...vendor.fields, [field]: '' })
                .map(([k, v]) => `${k}=${k === field ? value : encodeURIComponent(v)}`)
                .join('&');
              assertNo5xx(await call(route, who, { url: `${url}?tenant_id=${tenant.id}&message_id=${tenant.id}`, payload: form, contentType: vendor.contentType }), `${who}, ${field} ${family}`);
            }
          }
        } else if (takesBody) {
          for (const path of slots(base, route.schema?.body as Record<string, any> | undefined)) {
            for (const [family, value] of Object.entries(BODY_VALUES)) {
              assertNo5xx(await call(route, who, { url, payload: bodyWith(base, path, value) }), `${who}, body /${path.join('/')} ${family}`);
            }
          }
          assertNo5xx(await call(route, who, { url, payload: DEEP }), `${who}, a 10,000-deep body`);
        }
        for (const name of [...Object.keys(query), ...(route.url.startsWith('/api/v1/voice/onboarding/') || route.url.endsWith('/twilio/status') ? ['tenant_id', 'message_id'] : [])]) {
          for (const [family, value] of Object.entries(QUERY_VALUES)) {
            const res = await call(route, who, { url: `${url}?${name}=${value}`, ...(takesBody ? { payload: JSON.stringify(base) } : {}) });
            assertNo5xx(res, `${who}, ?${name}= ${family}`);
          }
        }
        for (const name of params) {
          for (const [family, value] of Object.entries(PATH_VALUES)) {
            const res = await call(route, who, { url: fill(route, { [name]: 'PLACEHOLDER' }).replace('PLACEHOLDER', value), ...(takesBody ? { payload: JSON.stringify(base) } : {}) });
            assertNo5xx(res, `${who}, :${name} ${family}`);
          }
        }
      }
    });
  }

  it('drove thousands of requests', () => {
    assert.ok(requests > 2000, `${requests} requests`);
    console.log(`# odd input: ${requests} requests over ${routes.length} operations, 0 answered 5xx`);
  });
});

describe('the cases that answered 500 before', () => {
  it('answers 400 invalid_text for NUL and unpaired surrogates, wherever they are', async () => {
    const cases: [string, Promise<LightMyRequestResponse>][] = [
      ['Twilio To=%00', env.app.inject({ method: 'POST', url: '/api/v1/webhooks/sms/twilio', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'To=%00&From=%2B15555550101&Body=hi' })],
      ['login tenant a\\u0000', env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.test', password: 'x', tenant: 'a\u0000' } })],
      ['users?email=%00', env.inject({ method: 'GET', url: '/api/v1/users?email=%00', ...callers['tenant admin'] })],
      ['API key name \\ud800', env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', ...callers['tenant admin'], headers: { 'content-type': 'application/json' }, payload: '{"name": "key \\ud800"}' })],
      ['profile business_name \\ud800', env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', ...callers['tenant admin'], headers: { 'content-type': 'application/json' }, payload: '{"business_name": "\\ud800"}' })],
    ];
    for (const [what, response] of cases) {
      const res = await response;
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.equal(res.json().code, 'invalid_text', `${what}: ${res.body}`);
    }
  });

  it('answers 400 for a body nested 10,000 deep and for numbers out of range', async () => {
    const deep = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks/email/gmail', headers: { 'content-type': 'application/json' }, payload: `{"message": {"messageId": ${DEEP}}}` });
    assert.equal(deep.statusCode, 400, deep.body);
    assert.equal(deep.json().code, 'too_deeply_nested');
    for (const before of ['99999999999999999999', '1e309']) {
      const res = await env.inject({ method: 'GET', url: `/api/v1/audit?before=${before}`, ...callers['tenant admin'] });
      assert.equal(res.statusCode, 400, `before=${before}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed');
    }
  });
});

/** Every string a route's schema takes, with where it is, that has no bound of its own. */
function unboundedStrings(schema: unknown, where: string, out: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return out;
  const s = schema as Record<string, any>;
  const types = [s.type].flat();
  // an anchored pattern with only bounded repetition ({n,m}, ?) bounds the length too
  const boundedPattern = typeof s.pattern === 'string' && /^\^.*\$$/.test(s.pattern) && !/(?<!\\)[*+]|\{\d+,\}/.test(s.pattern);
  if (types.includes('string') && s.maxLength === undefined && s.enum === undefined && s.const === undefined && !boundedPattern && !['uuid', 'date-time', 'date'].includes(s.format)) out.push(where);
  for (const [name, property] of Object.entries<unknown>(s.properties ?? {})) unboundedStrings(property, `${where}/${name}`, out);
  if (s.items) unboundedStrings(s.items, `${where}/items`, out);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') unboundedStrings(s.additionalProperties, `${where}/*`, out);
  for (const key of ['anyOf', 'oneOf', 'allOf']) (s[key] ?? []).forEach((branch: unknown, i: number) => unboundedStrings(branch, `${where}(${key} ${i})`, out));
  return out;
}

describe('route schemas', () => {
  it('bound every string they take (maxLength, an enum, a bounded pattern or a fixed format); numbers are bounded centrally', () => {
    const unbounded = routes.flatMap((route) => ['body', 'querystring', 'params'].flatMap((part) => unboundedStrings(route.schema?.[part], `${route.method} ${route.url} ${part}`)));
    assert.deepEqual(unbounded, []);
  });
});
