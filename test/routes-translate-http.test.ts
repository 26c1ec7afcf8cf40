/**
 * Routes only translate HTTP (issue 10 §6): they hold no SQL, open no transaction, and reach data only
 * through a module's service — never another module's store. Types may come from anywhere.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const src = path.resolve(import.meta.dirname, '../src');
const routeFiles = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.routes.ts'))
  .sort();

describe('route files', () => {
  it('exist, so the checks below look at something', () => assert.ok(routeFiles.length >= 10, routeFiles.join(', ')));

  for (const file of routeFiles) {
    it(`${file} holds no SQL, opens no transaction and imports no store but for types`, () => {
      const code = readFileSync(path.join(src, file), 'utf8');
      assert.doesNotMatch(code, /\.query\s*[(<]/, 'runs a query');
      assert.doesNotMatch(code, /\b(withTenant|withSystem)\s*\(/, 'opens a transaction');
      assert.doesNotMatch(code, /\b(select|insert into|update|delete from)\s+[a-z_]+\s+(from|set|where|values)\b/i, 'spells out SQL');
      for (const [, line] of code.matchAll(/^(import (?!type\b).*\.store\.ts';)$/gm)) assert.fail(`imports a store: ${line}`);
    });
  }
});
