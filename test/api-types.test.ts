/**
 * The web UI's API types are generated from the server's OpenAPI document (scripts/api-types.ts): a
 * route whose schema changed without `npm run api-types` fails here, so the UI never type-checks
 * against answers the server no longer gives.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypesSource, openApiDocument } from '../scripts/api-types.ts';

describe('web/src/api-types.ts', () => {
  it("is what the server's OpenAPI document generates (run npm run api-types when it is not)", async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const generated = await apiTypesSource(await openApiDocument());
    assert.ok(committed === generated, 'web/src/api-types.ts is stale: run `npm run api-types` and commit the result');
    assert.match(committed, /"\/api\/v1\/integrations\/providers"/);
  });

  it('notices a stale file', async () => {
    const document = (await openApiDocument()) as { paths: Record<string, unknown> };
    delete document.paths['/api/v1/integrations/providers'];
    assert.notEqual(await apiTypesSource(document), readFileSync(API_TYPES_FILE, 'utf8'));
  });
});
