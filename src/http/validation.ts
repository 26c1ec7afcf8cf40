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

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<any>>;
};
