import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENT } from '../src/config.ts';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

describe('README.md', () => {
  it('documents every environment variable Embark reads', () => {
    for (const name of Object.keys(ENVIRONMENT)) assert.match(readme, new RegExp(`\\| \`${name}\` \\|`), `${name} is missing from the configuration table`);
  });

  it('documents no variable Embark does not read', () => {
    const documented = [...readme.matchAll(/^\| `((?:EMBARK_|DATABASE_URL|PORT)[A-Z_]*)` \|/gm)].map((m) => m[1]!);
    for (const name of documented) assert.ok(name in ENVIRONMENT, `${name} is in the README but not in src/config.ts`);
  });

  it('lists every variable the server code reads in src/config.ts, so none is undocumented', () => {
    const read = new Set<string>();
    for (const file of sources(path.join(root, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:process\.)?env\.((?:EMBARK|DATABASE)_[A-Z_]+|PORT)\b/g)) read.add(match[1]!);
    }
    for (const name of read) assert.ok(name in ENVIRONMENT, `src reads ${name}, which src/config.ts does not declare`);
  });

  it('shows the two commands', () => {
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm test/);
  });
});
