import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allErrorCodes, ERROR_CODES, mergeCatalogues } from '../src/errors.ts';
import { createTestEnv, type TestEnv } from './helpers.ts';

const DOC = path.resolve(import.meta.dirname, '../docs/errors.md');

/** The rows of the codes table: `| \`code\` | status | meaning |`. */
function documentedCodes(markdown: string): Map<string, { status: number; meaning: string }> {
  const rows = new Map<string, { status: number; meaning: string }>();
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([a-z0-9_]+)`\s*\|\s*(\d{3})\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (!match) continue;
    assert.ok(!rows.has(match[1]!), `docs/errors.md lists ${match[1]} twice`);
    rows.set(match[1]!, { status: Number(match[2]), meaning: match[3]! });
  }
  return rows;
}

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

describe('the error catalogue', () => {
  it('refuses a code declared by two modules, whatever their statuses', () => {
    assert.throws(() => mergeCatalogues({ one: { same_code: { status: 400, doc: 'one' } }, two: { same_code: { status: 400, doc: 'two' } } }), /same_code is declared by both one and two/);
    assert.deepEqual(Object.keys(mergeCatalogues({ one: { a_code: { status: 400, doc: 'a' } }, two: { b_code: { status: 404, doc: 'b' } } })), ['a_code', 'b_code']);
  });

  it('is complete without building the app: no module adds codes as a side effect of being imported', () => {
    for (const code of ['job_not_found', 'template_syntax', 'tenant_unresolved', 'webhook_endpoint_not_found', 'signup_closed', 'setup_complete']) {
      assert.ok(code in ERROR_CODES, `${code} is in the catalogue`);
    }
    assert.equal(ERROR_CODES.signature_invalid.status, 403);
  });
});

describe('docs/errors.md', () => {
  it('lists every code of the catalogue with its HTTP status and a one-line meaning', () => {
    assert.ok(env.app.hasRoute({ method: 'GET', url: '/api/v1/me' }), 'the app was built with its modules');
    const documented = documentedCodes(readFileSync(DOC, 'utf8'));
    const problems: string[] = [];
    for (const [code, { status }] of Object.entries(allErrorCodes())) {
      const row = documented.get(code);
      if (!row) problems.push(`${code} (${status}) is missing: add a row "| \`${code}\` | ${status} | … |"`);
      else if (row.status !== status) problems.push(`${code} is documented as ${row.status} but answers ${status}`);
      else if (row.meaning.length < 10) problems.push(`${code} needs a one-line meaning`);
    }
    assert.deepEqual(problems, []);
  });

  it('lists no code the catalogue does not have, so a typo cannot document a code nobody sends', () => {
    const catalogue = allErrorCodes();
    const stale = [...documentedCodes(readFileSync(DOC, 'utf8')).keys()].filter((code) => !(code in catalogue));
    assert.deepEqual(stale, []);
  });

  it('describes the problem+json members clients read', () => {
    const markdown = readFileSync(DOC, 'utf8');
    for (const member of ['type', 'title', 'status', 'code', 'detail', 'request_id', 'errors']) {
      assert.match(markdown, new RegExp(`\\| \`${member}\` \\|`), `the members table explains ${member}`);
    }
  });
});
