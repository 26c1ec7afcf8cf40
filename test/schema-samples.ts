/**
 * Valid sample values generated from a route's JSON schema, for the route-table driven tests
 * (isolation, bad input): a route added later gets bodies and parameters without anyone writing them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { FastifySchema } from 'fastify';
import { validatorCompiler } from '../src/http/validation.ts';
import type { RouteEntry } from '../src/http/access.ts';

let sampleCounter = 0;
/** While set, generated strings carry this marker where their pattern allows, so seeded rows can be recognised. */
let sampleMarker = '';

/** Marks the strings generated until it is set back to '' (seeded rows can then be recognised). */
export function setSampleMarker(marker: string): void {
  sampleMarker = marker;
}

export function validates(schema: object, value: unknown): boolean {
  const validate = validatorCompiler({ schema: schema as FastifySchema, httpPart: 'body', method: 'POST', url: '/' }) as (v: unknown) => boolean;
  return validate(structuredClone(value)) === true;
}

function sampleString(schema: Record<string, any>): string {
  const n = ++sampleCounter;
  const byFormat: Record<string, string> = {
    email: `sample${n}@example.test`,
    uuid: randomUUID(),
    uri: `https://example.test/${n}`,
    'date-time': new Date().toISOString(),
    date: '2026-01-02',
    hostname: `host${n}.example.test`,
  };
  const candidates = [byFormat[schema.format as string], ...(sampleMarker ? [`${sampleMarker}-${n}`, `${sampleMarker.replace(/-/g, '_')}_${n}`] : []), `sample${n}`, `s${n}`, `+1555555${String(n).padStart(4, '0')}`, `https://example.test/${n}`, String(n)]
    .filter((c): c is string => c !== undefined)
    .map((c) => (schema.minLength && c.length < schema.minLength ? c.padEnd(schema.minLength, 'x') : c));
  return candidates.find((c) => validates(schema, c)) ?? candidates[0]!;
}

/** A minimal value that satisfies `schema` (required properties only, plus enough for minProperties). */
export function sample(schema: Record<string, any> | undefined): unknown {
  if (!schema) return {};
  for (const key of ['example', 'const', 'default']) if (key in schema) return schema[key];
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  // alternatives of a value; on an object with properties they are constraints, handled below
  if (Array.isArray(branches) && !schema.type && !schema.properties) {
    const values = branches.map((branch: Record<string, any>) => sample(branch));
    return values.find((value: unknown, i: number) => value !== null && validates(branches[i], value)) ?? values[0];
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((part: Record<string, any>) => sample(part)));
  const type = Array.isArray(schema.type) ? (schema.type.find((t: string) => t !== 'null') ?? 'null') : (schema.type ?? (schema.properties ? 'object' : 'string'));
  switch (type) {
    case 'object': {
      const properties: Record<string, any> = schema.properties ?? {};
      const keys = new Set<string>([...(schema.required ?? []), ...(branches?.[0]?.required ?? [])]);
      for (const key of Object.keys(properties)) if (keys.size < (schema.minProperties ?? 0)) keys.add(key);
      return Object.fromEntries([...keys].map((key) => [key, sample(properties[key])]));
    }
    // one item where allowed: an empty list is valid but often does nothing (or removes everything)
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, schema.items && schema.maxItems !== 0 ? 1 : 0) }, () => sample(schema.items));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return sampleString(schema);
  }
}

/** A valid body for the route, or undefined when it takes none; fails when the schema defeats `sample`. */
export function validBody(route: RouteEntry): unknown {
  const schema = route.schema?.body as Record<string, any> | undefined;
  if (!schema) return undefined;
  const body = sample(schema);
  assert.ok(validates(schema, body), `cannot make a valid body for ${route.method} ${route.url} from its schema (got ${JSON.stringify(body)}): add an \`example\` to the schema`);
  return body;
}

export function requiredQuery(route: RouteEntry): string {
  const schema = route.schema?.querystring as Record<string, any> | undefined;
  // a query that needs one of several parameters (anyOf required) gets the first of them
  const required: string[] | undefined = schema?.required?.length ? schema.required : schema?.anyOf?.[0]?.required;
  if (!required?.length) return '';
  const values = sample({ type: 'object', properties: schema!.properties, required, minProperties: 0 }) as Record<string, unknown>;
  return '?' + new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)])).toString();
}

export const pathParams = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
/** The route's URL with `values` for its parameters, and a valid sample from its params schema for the rest. */
export function fill(route: RouteEntry, values: Record<string, string> = {}): string {
  const schemas = (route.schema?.params as Record<string, any> | undefined)?.properties ?? {};
  return route.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? (schemas[name] ? String(sample(schemas[name])) : randomUUID())));
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real PNG of one colour (it renders in a browser), `width` × `height` pixels. */
export function solidPng(width: number, height: number, [r, g, b]: readonly [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A small valid file of each media type a file-body route (config.upload) takes. */
const UPLOAD_SAMPLES: Record<string, () => Buffer> = {
  'image/png': () => solidPng(2, 2, [36, 83, 212]),
  'image/jpeg': () => Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64'),
  'image/webp': () => Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64'),
};

/** A valid file body for a route that takes one (config.upload), with its Content-Type; undefined for a JSON route. */
export function uploadSample(route: RouteEntry): { contentType: string; payload: Buffer } | undefined {
  const type = route.upload?.[0];
  if (type === undefined) return undefined;
  const make = UPLOAD_SAMPLES[type];
  assert.ok(make, `no sample file for ${type} (${route.method} ${route.url}): add one to UPLOAD_SAMPLES in test/schema-samples.ts`);
  return { contentType: type, payload: make() };
}
