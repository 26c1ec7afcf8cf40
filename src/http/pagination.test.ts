import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import { COUNT_CAP, decodeCursor, encodeCursor, readPage, UUID_KEY, type ListSpec, type PageStart } from './pagination.ts';

const ID = '0198f0e2-7c1a-7b3e-9d4f-2a6b8c0d1e2f';
const spec = (scope: unknown[] = ['tenant-a', 'failed'], list = 'messages'): ListSpec<{ id: string }> => ({ list, scope, keyPattern: UUID_KEY, key: (row) => row.id });
const invalid = (error: unknown) => error instanceof AppError && error.code === 'invalid_cursor' && error.status === 400;

describe('encodeCursor and decodeCursor', () => {
  it('give back the key and the total the cursor was made with, in at most 200 url-safe characters', () => {
    const cursor = encodeCursor(spec(), ID, COUNT_CAP, true);
    assert.match(cursor, /^[A-Za-z0-9_-]{1,200}$/);
    assert.deepEqual(decodeCursor(spec(), cursor), { key: ID, total: COUNT_CAP, capped: true });
    assert.deepEqual(decodeCursor(spec(), encodeCursor(spec(), ID, 7, false)), { key: ID, total: 7, capped: false });
  });

  it('treat an absent filter alike whether it is undefined or null', () => {
    assert.deepEqual(decodeCursor(spec(['tenant-a', null]), encodeCursor(spec(['tenant-a', undefined]), ID, 1, false)).key, ID);
  });

  it('refuse a cursor of another list, tenant or filter', () => {
    const cursor = encodeCursor(spec(), ID, 3, false);
    assert.throws(() => decodeCursor(spec(['tenant-a', 'failed'], 'users'), cursor), invalid);
    assert.throws(() => decodeCursor(spec(['tenant-b', 'failed']), cursor), invalid);
    assert.throws(() => decodeCursor(spec(['tenant-a', 'sent']), cursor), invalid);
    assert.throws(() => decodeCursor(spec(['tenant-a', undefined]), cursor), invalid);
  });

  it('refuse what no list wrote: garbage, a cursor cut or padded, a key of the wrong shape, a total beyond the cap', () => {
    const cursor = encodeCursor(spec(), ID, 3, false);
    const forge = (text: string) => Buffer.from(text).toString('base64url');
    const tag = Buffer.from(cursor, 'base64url').toString().split('.')[1]!;
    for (const bad of [
      '',
      'x',
      '!!!!',
      `${cursor}=`,
      cursor.slice(0, -12),
      `${cursor}AA`,
      'a'.repeat(201),
      forge(`messages.${tag}.${ID}`),
      forge(`messages.${tag}.not-a-uuid.3`),
      forge(`messages.${tag}.${ID}.${COUNT_CAP + 1}`),
      forge(`messages.${tag}.${ID}.-1`),
      forge(`messages.${tag}.${ID}.3.4`),
      forge(`messages.${tag}.${ID.toUpperCase()}.3`),
    ]) {
      assert.throws(() => decodeCursor(spec(), bad), invalid, JSON.stringify(bad));
    }
  });
});

describe('readPage', () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ id: `0198f0e2-7c1a-7b3e-9d4f-2a6b8c0d1e2${i}` }));
  /** The reads of a list of `rows`, recording what was asked. */
  function reads(calls: string[]) {
    return {
      rows: async (start: PageStart, fetch: number) => {
        calls.push(start.after === undefined ? `rows offset ${start.offset} ${fetch}` : `rows after ${start.after.slice(-1)} ${fetch}`);
        const from = start.after === undefined ? start.offset : rows.findIndex((row) => row.id === start.after) + 1;
        return from === 0 && start.after !== undefined ? [] : rows.slice(from, from + fetch);
      },
      count: async (cap: number) => {
        calls.push(`count ${cap}`);
        return Math.min(rows.length, cap);
      },
      exists: async (key: string) => {
        calls.push('exists');
        return rows.some((row) => row.id === key);
      },
    };
  }

  it('counts on the first page only, reads one row more than it shows, and ends with next_cursor null', async () => {
    const calls: string[] = [];
    const first = await readPage(spec(), { limit: 3 }, reads(calls));
    assert.deepEqual([first.items.length, first.total, first.total_capped], [3, 7, false]);
    const second = await readPage(spec(), { limit: 3, cursor: first.next_cursor! }, reads(calls));
    const third = await readPage(spec(), { limit: 3, cursor: second.next_cursor! }, reads(calls));
    assert.deepEqual([...first.items, ...second.items, ...third.items], rows);
    assert.equal(third.next_cursor, null);
    assert.deepEqual([second.total, third.total], [7, 7]);
    assert.deepEqual(calls, [`rows offset 0 4`, `count ${COUNT_CAP + 1}`, 'rows after 2 4', 'rows after 5 4']);
  });

  it('says total_capped when there are more rows than the cap', async () => {
    const page = await readPage(spec(), { limit: 3 }, { ...reads([]), count: async (cap) => cap });
    assert.deepEqual([page.total, page.total_capped], [COUNT_CAP, true]);
    const next = await readPage(spec(), { limit: 3, cursor: page.next_cursor! }, reads([]));
    assert.deepEqual([next.total, next.total_capped], [COUNT_CAP, true]);
  });

  it('answers invalid_cursor for an empty page after a row that is not there, and an empty last page after one that is', async () => {
    const gone = encodeCursor(spec(), '0198f0e2-7c1a-7b3e-9d4f-2a6b8c0d1eff', 7, false);
    await assert.rejects(readPage(spec(), { limit: 3, cursor: gone }, reads([])), invalid);
    const last = encodeCursor(spec(), rows[6]!.id, 7, false);
    assert.deepEqual((await readPage(spec(), { limit: 3, cursor: last }, reads([]))).items, []);
  });

  it('refuses a cursor and an offset together', async () => {
    const cursor = encodeCursor(spec(), rows[0]!.id, 7, false);
    await assert.rejects(readPage(spec(), { limit: 3, cursor, offset: 3 }, reads([])), (error: unknown) => error instanceof AppError && error.code === 'validation_failed');
  });
});
