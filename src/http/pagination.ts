/**
 * Keyset pagination, the one way every list pages (users, onboarding users, messages, webhook
 * deliveries, tenants, the audit log, the event log). A page is read from an index that leads with tenant_id and
 * matches the list's order, starting after the last row of the previous page, so the thousandth page
 * costs what the first does and no other tenant's rows are walked.
 *
 * A cursor is opaque to clients: base64url of `<list>.<scope tag>.<key>.<total>[+]`, where the key is
 * the last row's id (the store looks its sort key up inside the query, so no timestamp is ever rounded
 * through JavaScript), the scope tag a hash of the tenant and filters the page was read with, and the
 * total the capped count of the first page, carried along so later pages need not count again. A
 * cursor given to another list, with other filters, in another tenant, or whose row is gone, answers
 * 400 invalid_cursor — never rows of someone else.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';

/** Rows a list counts at most: `total` is exact up to here, and `total_capped` says there are more. */
export const COUNT_CAP = 10_000;
/** The longest cursor accepted; those Embark gives are around 100 characters. */
export const CURSOR_MAX_LENGTH = 200;

export interface PageQuery {
  readonly limit: number;
  /** `next_cursor` of the previous page; absent (or empty) for the first page. */
  readonly cursor?: string | undefined;
  /** Deprecated alias: rows to skip from the start. Every skipped row is read, so deep offsets are slow. */
  readonly offset?: number | undefined;
}

export interface Page<T> {
  items: T[];
  limit: number;
  /** Null on the last page. */
  next_cursor: string | null;
  /** Rows the list holds with these filters, counted up to COUNT_CAP when the first page was read. */
  total: number;
  /** True when there are more than COUNT_CAP rows: `total` is then COUNT_CAP. */
  total_capped: boolean;
}

/** Where a page starts: after the row with this key, or this many rows from the start (0: the first page). */
export type PageStart = { readonly after: string; readonly offset?: undefined } | { readonly after?: undefined; readonly offset: number };

/** A list's reads, each run in the caller's transaction. */
export interface PageReads<Row> {
  /** Up to `fetch` rows in the list's order, from `start`. */
  rows(start: PageStart, fetch: number): Promise<Row[]>;
  /** The rows matching the filters, counted up to `cap` and no further. */
  count(cap: number): Promise<number>;
  /** Whether the row a key names is (still) in the list's tenant. */
  exists(key: string): Promise<boolean>;
}

export interface ListSpec<Row> {
  /** Short name of the list, written into its cursors, so another list refuses them. */
  readonly list: string;
  /** Everything the rows depend on (tenant, parent id, filters): a cursor read under other values is refused. */
  readonly scope: readonly unknown[];
  /** What a key of this list looks like (a uuid, a delivery id, a number). */
  readonly keyPattern: RegExp;
  /** The row's key: its id. */
  key(row: Row): string;
}

interface Cursor {
  readonly key: string;
  readonly total: number;
  readonly capped: boolean;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function scopeTag(spec: Pick<ListSpec<unknown>, 'list' | 'scope'>): string {
  // undefined and null are the same absent filter
  const scope = JSON.stringify([spec.list, ...spec.scope.map((value) => value ?? null)]);
  return createHash('sha256').update(scope).digest('base64url').slice(0, 11);
}

function invalidCursor(list: string): AppError {
  return new AppError('invalid_cursor', `the cursor is not one this list (${list}) gave with these filters, or its row is gone; read the first page again without a cursor`);
}

export function encodeCursor(spec: ListSpec<unknown>, key: string, total: number, capped: boolean): string {
  return Buffer.from(`${spec.list}.${scopeTag(spec)}.${key}.${total}${capped ? '+' : ''}`, 'utf8').toString('base64url');
}

export function decodeCursor(spec: ListSpec<unknown>, cursor: string): Cursor {
  if (cursor.length > CURSOR_MAX_LENGTH || !BASE64URL.test(cursor)) throw invalidCursor(spec.list);
  const decoded = Buffer.from(cursor, 'base64url');
  // Node decodes leniently: only a cursor that encodes back to itself is one we wrote
  if (decoded.toString('base64url') !== cursor) throw invalidCursor(spec.list);
  const parts = decoded.toString('utf8').split('.');
  if (parts.length !== 4) throw invalidCursor(spec.list);
  const [list, tag, key, count] = parts as [string, string, string, string];
  const total = /^\d{1,5}\+?$/.test(count) ? Number.parseInt(count, 10) : Number.NaN;
  if (list !== spec.list || tag !== scopeTag(spec) || !spec.keyPattern.test(key) || !(total <= COUNT_CAP)) throw invalidCursor(spec.list);
  return { key, total, capped: count.endsWith('+') };
}

/**
 * Reads one page: `limit` rows from where the cursor (or the deprecated offset) says, one more to know
 * whether a next page exists, and — on a page read without a cursor — the capped count. `after` starts
 * after a key the client named itself (the audit log's deprecated `before`): like a first page, it
 * counts, and a key that names no row is not an error.
 */
export async function readPage<Row>(spec: ListSpec<Row>, query: PageQuery, reads: PageReads<Row>, options: { after?: string | undefined } = {}): Promise<Page<Row>> {
  const cursor = query.cursor ? decodeCursor(spec as ListSpec<unknown>, query.cursor) : undefined;
  if ((cursor || options.after !== undefined) && query.offset) {
    throw new AppError('validation_failed', 'give either cursor or offset (deprecated), not both');
  }
  const after = cursor?.key ?? options.after;
  const start: PageStart = after !== undefined ? { after } : { offset: query.offset ?? 0 };
  const rows = await reads.rows(start, query.limit + 1);
  // an empty page after a cursor: the end of the list, or a cursor whose row this tenant does not have
  if (cursor && rows.length === 0 && !(await reads.exists(cursor.key))) throw invalidCursor(spec.list);
  let total: number;
  let capped: boolean;
  if (cursor) {
    ({ total, capped } = cursor);
  } else {
    const counted = await reads.count(COUNT_CAP + 1);
    total = Math.min(counted, COUNT_CAP);
    capped = counted > COUNT_CAP;
  }
  const items = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return {
    items,
    limit: query.limit,
    next_cursor: more ? encodeCursor(spec as ListSpec<unknown>, spec.key(items.at(-1)!), total, capped) : null,
    total,
    total_capped: capped,
  };
}

/** The page with its items presented for the response. */
export function mapPage<Row, Item>(page: Page<Row>, present: (row: Row) => Item): Page<Item> {
  return { ...page, items: page.items.map(present) };
}

export const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
