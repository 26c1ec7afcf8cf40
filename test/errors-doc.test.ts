import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allErrorCodes } from '../src/errors.ts';
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
// building the app imports every module, and modules register their codes as they load
before(async () => { env = await createTestEnv(); });
after(async () => { await env.close(); });

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
