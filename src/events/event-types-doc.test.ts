import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_TYPES } from './event-types.ts';

const DOC = path.resolve(import.meta.dirname, '../../docs/events.md');

describe('docs/events.md, Event types', () => {
  it('lists exactly the event types Embark emits, each with its line', () => {
    const section = readFileSync(DOC, 'utf8').split('## Event types')[1]?.split('\n## ')[0] ?? '';
    const rows = [...section.matchAll(/^\| `([a-z0-9_.]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(Object.fromEntries(rows), EVENT_TYPES);
  });
});
