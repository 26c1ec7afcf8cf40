import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads plain and quoted fields, CRLF and LF, and skips blank lines', () => {
    assert.deepEqual(parseCsv('a,b\r\n1,"x, y"\n\n2,"say ""hi"""\n'), [
      ['a', 'b'],
      ['1', 'x, y'],
      ['2', 'say "hi"'],
    ]);
  });
  it('keeps line breaks inside quotes and empty fields', () => {
    assert.deepEqual(parseCsv('\ufeffa,b,c\n"l1\nl2",,\n'), [
      ['a', 'b', 'c'],
      ['l1\nl2', '', ''],
    ]);
  });
  it('refuses an unclosed quote and a stray one, naming the line', () => {
    assert.throws(
      () => parseCsv('a\n"open'),
      (e: unknown) => e instanceof CsvError && /line 2/.test(e.message),
    );
    assert.throws(() => parseCsv('a\nab"c"'), CsvError);
    assert.throws(() => parseCsv('a\n"ab"c'), CsvError);
  });
});
