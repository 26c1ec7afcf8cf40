/**
 * Bad input, driven by the route table: every /api/v1 route with a JSON body, path parameters or a
 * query string gets malformed input from an authorized caller, and must answer a 4xx problem+json
 * with a code from the catalogue (docs/errors.md) — never a 500, never a success — and change nothing.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, type TestEnv } from './helpers.ts';
import { withSystem } from '../src/db/tx.ts';
import { quoteIdent } from '../src/db/pool.ts';
import { fill, pathParams, uploadSample, validBody, validates } from './schema-samples.ts';
import { allErrorCodes } from '../src/errors.ts';
import type { RouteEntry } from '../src/http/access.ts';

const BODY_LIMIT = 2048;

const label = (route: RouteEntry) => `${route.method} ${route.url}`;

// ---- the app and an authorized caller for every route ---------------------------------------------

const env: TestEnv = await createTestEnv({ EMBARK_BODY_LIMIT: String(BODY_LIMIT) });
after(async () => {
  await env.close();
});
const routes = env.app.routeTable;
const { token: adminToken } = await env.globalAdmin();
const tenant = await env.tenant();
const CATALOGUE = allErrorCodes();
// the embeddable widget's routes take only an embed token, for one user of the tenant
const embedUser = await env.user(tenant.id, 'member');
const embedToken = (await env.inject({ method: 'POST', url: '/api/v1/embed-tokens', token: adminToken, tenantId: tenant.id, payload: { user_id: embedUser.id } })).json().token as string;

/** Who may call the route: anyone for public ones, else the global admin, acting in a tenant where needed. */
function caller(route: RouteEntry): { token?: string; tenantId?: string } {
  switch (route.access.kind) {
    case 'public':
      return {};
    case 'tenant':
      return { token: adminToken, tenantId: tenant.id };
    case 'embed':
      return { token: embedToken };
    default:
      return { token: adminToken };
  }
}

type Send = { url?: string; payload?: string | Buffer | object; contentType?: string | null; headers?: Record<string, string> };

async function send(route: RouteEntry, options: Send): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  const payload = typeof options.payload === 'string' || Buffer.isBuffer(options.payload) || options.payload === undefined ? options.payload : JSON.stringify(options.payload);
  if (payload === undefined && options.contentType === undefined) delete headers['content-type'];
  return env.inject({ method: route.method as 'POST', url: options.url ?? fill(route), ...caller(route), headers, ...(payload === undefined ? {} : { payload }) });
}

/** A refusal as the API promises it: a 4xx problem document whose code is in the catalogue with that status. */
function assertProblem(res: LightMyRequestResponse, what: string, expected: { status?: number; code?: string } = {}): void {
  const where = `${what}: answered ${res.statusCode} ${res.body.slice(0, 400)}`;
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, where);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', where);
  const problem = res.json();
  assert.ok(problem.code in CATALOGUE, `${where}: code ${problem.code} is not in the catalogue`);
  assert.equal(CATALOGUE[problem.code]!.status, res.statusCode, `${where}: ${problem.code} answers with the catalogue's status`);
  assert.equal(problem.status, res.statusCode, where);
  assert.equal(typeof problem.detail, 'string', where);
  assert.equal(problem.request_id, res.headers['x-request-id'], where);
  if (expected.status !== undefined) assert.equal(res.statusCode, expected.status, where);
  if (expected.code !== undefined) assert.equal(problem.code, expected.code, where);
}

/** Values of the wrong type for a property, the ones its schema refuses (a JSON body is never coerced). */
function wrongValues(schema: Record<string, any>): unknown[] {
  return ['str', 'true', '5', 12345, 1.5, true, null, [], {}, [1]].filter((value) => !validates(schema, value)).slice(0, 3);
}

/** Rows of every table (the audit entries a global admin's requests in a tenant make aside). */
async function fingerprint(): Promise<Record<string, string>> {
  return withSystem(env.ctx.db.owner, async (tx) => {
    const { rows: tables } = await tx.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const where = name === 'audit_log' ? `where action <> 'impersonated_request'` : '';
      const { rows } = await tx.query(`select count(*)::text || ':' || coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by to_jsonb(x)::text)), '') as f from ${quoteIdent(name)} x ${where}`);
      out[name] = rows[0].f;
    }
    return out;
  });
}
const fingerprintBefore = await fingerprint();

// ---- the tests ------------------------------------------------------------------------------------

const withBody = routes.filter((r) => r.schema?.body);

describe('JSON bodies', () => {
  for (const route of routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.schema?.body)) {
    it(`${label(route)}, which declares no body, answers malformed JSON with a 4xx, never a 500`, async () => {
      assertProblem(await send(route, { payload: '{"not": json' }), 'malformed JSON');
    });
  }

  for (const route of withBody) {
    const schema = route.schema!.body as Record<string, any>;
    const properties: Record<string, any> = schema.properties ?? {};

    describe(label(route), () => {
      it('refuses a wrong type for each property with 400 validation_failed naming the property', async () => {
        const valid = validBody(route) as Record<string, unknown>;
        let tried = 0;
        for (const [name, propertySchema] of Object.entries(properties)) {
          for (const wrong of wrongValues(propertySchema)) {
            tried++;
            const res = await send(route, { payload: { ...valid, [name]: wrong } });
            assertProblem(res, `${name}: ${JSON.stringify(wrong)}`, { status: 400, code: 'validation_failed' });
            assert.ok(
              res.json().errors.some((e: { path: string }) => e.path.startsWith(`/${name}`)),
              `the errors name /${name}: ${res.body}`,
            );
          }
        }
        assert.ok(tried > 0 || Object.keys(properties).length === 0, 'some wrong values were tried');
      });

      it('refuses an array, a string, a number and null as the whole body with 400, where its schema does', async () => {
        const refused = ['[]', '"str"', '42', 'null'].filter((payload) => !validates(schema, JSON.parse(payload)));
        assert.ok(refused.length >= 3, 'a body schema accepts at most one of these');
        for (const payload of refused) assertProblem(await send(route, { payload }), payload, { status: 400, code: 'validation_failed' });
      });

      // an absent body reaches validation as null: a schema may allow it on purpose (an optional body)
      if (!validates(schema, null)) {
        it('refuses a request without a body with 400', async () => {
          assertProblem(await send(route, { contentType: null }), 'no body', { status: 400 });
        });
      }

      it('refuses a body missing each required property with 400', async () => {
        const valid = validBody(route) as Record<string, unknown>;
        for (const name of (schema.required ?? []) as string[]) {
          const { [name]: _dropped, ...rest } = valid;
          const res = await send(route, { payload: rest });
          assertProblem(res, `without ${name}`, { status: 400, code: 'validation_failed' });
          assert.match(res.body, new RegExp(name), `the problem names ${name}`);
        }
      });

      it('refuses an unknown extra property with 400 instead of ignoring it', async () => {
        const res = await send(route, { payload: { ...(validBody(route) as object), surprise_field: 'x' } });
        assertProblem(res, 'extra property', { status: 400, code: 'validation_failed' });
        assert.match(res.json().detail, /surprise_field/);
      });

      it('refuses text that is not JSON, and an empty JSON body, with 400 invalid_json', async () => {
        for (const payload of ['{"email": ', '{bad json}', "{'single': 'quotes'}", '']) {
          assertProblem(await send(route, { payload }), JSON.stringify(payload), { status: 400, code: 'invalid_json' });
        }
      });

      it(`refuses a body over EMBARK_BODY_LIMIT (${BODY_LIMIT} bytes) with 413 body_too_large`, async () => {
        const payload = JSON.stringify({ ...(validBody(route) as object), padding: 'x'.repeat(BODY_LIMIT * 2) });
        assertProblem(await send(route, { payload }), 'large body', { status: 413, code: 'body_too_large' });
      });

      it('refuses a body that is not JSON by its Content-Type with 415, or 400 for text', async () => {
        const json = JSON.stringify(validBody(route));
        assertProblem(await send(route, { payload: json, contentType: 'application/xml' }), 'application/xml', { status: 415, code: 'unsupported_media_type' });
        assertProblem(await send(route, { payload: '<a/>', contentType: 'application/x-www-form-urlencoded' }), 'form', {});
        assertProblem(await send(route, { payload: json, contentType: 'text/plain' }), 'text/plain', { status: 400 });
      });
    });
  }
});

describe('file bodies', () => {
  for (const route of routes.filter((r) => r.upload)) {
    it(`${label(route)}, which takes a file, refuses another type, SVG, JSON, wrong or no bytes and too many with a 4xx code of its own`, async () => {
      const sample = uploadSample(route)!;
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
      assertProblem(await send(route, { payload: svg, contentType: 'image/svg+xml' }), 'an SVG', { status: 415, code: 'logo_type_unsupported' });
      assertProblem(await send(route, { payload: svg, contentType: sample.contentType }), `an SVG sent as ${sample.contentType}`, { status: 400, code: 'logo_invalid' });
      assertProblem(await send(route, { payload: { image: 'x' } }), 'JSON', { status: 415, code: 'logo_type_unsupported' });
      assertProblem(await send(route, { payload: 'GIF89a\x01\x00', contentType: 'image/gif' }), 'a GIF', { status: 415, code: 'logo_type_unsupported' });
      assertProblem(await send(route, { payload: 'not an image at all', contentType: sample.contentType }), 'text as an image', { status: 400, code: 'logo_invalid' });
      assertProblem(await send(route, { payload: Buffer.alloc(0), contentType: sample.contentType }), 'an empty body', { status: 400, code: 'logo_invalid' });
      assertProblem(await send(route, { contentType: null }), 'no body and no Content-Type');
      const huge = Buffer.concat([sample.payload, Buffer.alloc(300 * 1024)]);
      assertProblem(await send(route, { payload: huge, contentType: sample.contentType }), 'a 300 KiB file', { status: 413, code: 'logo_too_large' });
    });
  }
});

describe('path parameters', () => {
  for (const route of routes.filter((r) => pathParams(r.url).length > 0)) {
    it(`${label(route)} answers 400 invalid_id for a parameter that is not a UUID`, async () => {
      const params = route.schema?.params as Record<string, any> | undefined;
      for (const name of pathParams(route.url)) {
        const schema = params?.properties?.[name];
        assert.ok(schema, `:${name} of ${label(route)} has no schema.params entry, so anything reaches the handler`);
        const body = route.schema?.body ? (validBody(route) as object) : undefined;
        for (const bad of ['not-a-uuid', '1', "'%20or%201=1", '00000000-0000-0000-0000-00000000000g']) {
          const res = await send(route, { url: `${fill(route, { [name]: 'PLACEHOLDER' }).replace('PLACEHOLDER', bad)}`, ...(body ? { payload: body } : { contentType: null }) });
          if (schema.format === 'uuid') assertProblem(res, `:${name}=${bad}`, { status: 400, code: 'invalid_id' });
          else assertProblem(res, `:${name}=${bad}`);
        }
      }
    });
  }
});

describe('query strings', () => {
  for (const route of routes.filter((r) => r.schema?.querystring)) {
    it(`${label(route)} answers 400 validation_failed for wrong types, out-of-range values and unknown parameters (invalid_cursor for a cursor)`, async () => {
      const properties: Record<string, Record<string, any>> = (route.schema!.querystring as Record<string, any>).properties ?? {};
      const cases: [string, string][] = [['unknown_parameter', '1']];
      for (const [name, schema] of Object.entries(properties)) {
        if (schema.type === 'integer' || schema.type === 'number') {
          cases.push([name, 'abc'], [name, '']);
          if (schema.type === 'integer') cases.push([name, '1.5']);
          if (schema.minimum !== undefined) cases.push([name, String(schema.minimum - 1)]);
          if (schema.maximum !== undefined) cases.push([name, String(schema.maximum + 1)]);
        }
        if (schema.type === 'boolean') cases.push([name, 'maybe']);
        if (Array.isArray(schema.enum)) cases.push([name, 'not-in-the-enum']);
        if (schema.format === 'uuid') cases.push([name, 'not-a-uuid']);
        if (schema.maxLength !== undefined) cases.push([name, 'a'.repeat(schema.maxLength + 1)]);
        // a list's cursor: not base64url, and base64url that is no cursor
        if (name === 'cursor') cases.push([name, 'not a cursor!'], [name, 'bm90LWEtY3Vyc29y']);
      }
      assert.ok(cases.length > 1 || Object.keys(properties).length === 0);
      for (const [name, value] of cases) {
        const res = await send(route, { url: `${fill(route)}?${new URLSearchParams({ [name]: value })}`, contentType: null });
        // whatever is wrong with a cursor, it is one code: clients cannot read cursors, only give them back
        assertProblem(res, `?${name}=${value.slice(0, 20)}`, { status: 400, code: name === 'cursor' ? 'invalid_cursor' : 'validation_failed' });
      }
    });
  }
});

describe('headers', () => {
  for (const route of routes.filter((r) => r.access.kind === 'tenant').slice(0, 3)) {
    it(`${label(route)} answers 400 invalid_id for an X-Tenant-Id that is not a UUID`, async () => {
      const res = await env.inject({ method: route.method as 'GET', url: fill(route), token: adminToken, headers: { 'x-tenant-id': 'acme' }, ...(route.schema?.body ? { payload: validBody(route) as object } : {}) });
      assertProblem(res, 'X-Tenant-Id: acme', { status: 400, code: 'invalid_id' });
    });
  }

  it('answers 401 unauthenticated for an Authorization header that is not a bearer token', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token']) {
      const res = await env.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
      assertProblem(res, authorization, { status: 401, code: 'unauthenticated' });
    }
  });
});

describe('after all the bad input', () => {
  it('the database holds exactly the rows it held before', async () => {
    assert.ok(withBody.length > 0);
    assert.deepEqual(await fingerprint(), fingerprintBefore);
  });
});
