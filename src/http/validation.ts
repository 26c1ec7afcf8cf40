import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function build(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // unknown properties are errors, never silently dropped
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  ajv.addKeyword({ keyword: 'example' });
  return ajv;
}

// bodies are typed JSON: "5" is not 5. Query strings and path params are text, so those coerce.
const bodyAjv = build({ coerceTypes: false });
const textAjv = build({ coerceTypes: 'array' });

/**
 * Numbers a route takes are bounded even where its schema forgets: within what JavaScript and
 * PostgreSQL's bigint hold exactly, so 1e20 or 1e309 (Infinity, after a query string's coercion) is a
 * 400, never a database error.
 */
function withNumberBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNumberBounds);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and friends map names to schemas; `enum`, `const`, `default` and `example` are values
    out[key] = ['enum', 'const', 'default', 'example', 'examples', 'required'].includes(key) ? value : withNumberBounds(value);
  }
  const types = [out.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = Number.MAX_SAFE_INTEGER;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -Number.MAX_SAFE_INTEGER;
  }
  return out;
}

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(withNumberBounds(schema) as object) as ReturnType<FastifySchemaCompiler<any>>;
};

/** A body validator for data that arrives inside a body in another shape (a CSV row), by the same rules as the routes' own. */
export function compileBodyValidator(schema: object) {
  return bodyAjv.compile(withNumberBounds(schema) as object);
}
