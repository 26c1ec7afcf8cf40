/**
 * Analytics (issue 12 §5, docs/analytics.md): funnels over the tenant's events, who dropped off, daily,
 * weekly and monthly actives, onboarding completion by organisation and per task. Days are UTC; a
 * range is `from` to `to`, both included. Closed days are read from the daily rollups
 * (analytics_rollup, rolled by the worker's sweep), later ones from the events.
 */
import type { Context } from '../context.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { mapPage, readPage, type Page, type PageQuery } from '../http/pagination.ts';
import * as store from './analytics.store.ts';
import type { FunnelGroup, FunnelQuery, FunnelStepRow, Interval } from './analytics.store.ts';

export type { FunnelGroup, Interval };

export const MAX_STEPS = 10;
export const MAX_RANGE_DAYS = 731;
const DAY_MS = 86_400_000;
const WINDOW_UNITS = { m: 60, h: 3600, d: 86_400 } as const;
const MIN_WINDOW_SECONDS = 60;
const MAX_WINDOW_SECONDS = 90 * 86_400;
const EVENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:/ -]{0,99}$/;

export interface RangeInput {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface FunnelInput extends RangeInput {
  readonly steps?: string | undefined;
  readonly window?: string | undefined;
}

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The range [from, to] (UTC days, both included), `to` defaulting to today and `from` to `defaultDays` before it. */
function rangeOf(input: RangeInput, defaultDays: number): { from: string; to: string } {
  const to = input.to ?? today();
  const from = input.from ?? addDays(to, -(defaultDays - 1));
  if (from > to) throw new AppError('analytics_range_invalid', `from (${from}) is after to (${to})`);
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) throw new AppError('analytics_range_too_long', `${from} to ${to} is ${daysBetween(from, to) + 1} days; at most ${MAX_RANGE_DAYS} are read at once`);
  return { from, to };
}

/** `30m`, `12h`, `7d` → seconds, between a minute and 90 days. */
export function windowSeconds(window: string): number {
  const match = /^([1-9][0-9]{0,6})([mhd])$/.exec(window);
  const seconds = match ? Number(match[1]) * WINDOW_UNITS[match[2] as keyof typeof WINDOW_UNITS] : Number.NaN;
  if (!(seconds >= MIN_WINDOW_SECONDS && seconds <= MAX_WINDOW_SECONDS)) throw new AppError('funnel_window_invalid', `window ${JSON.stringify(window)} is not a duration like 30m, 12h or 7d between 1m and 90d`);
  return seconds;
}

/** `a,b,c` → the step names, 2 to 10 event names. */
export function funnelSteps(steps: string | undefined): string[] {
  if (steps === undefined) throw new AppError('funnel_steps_invalid', 'give the funnel: steps=<event>,<event>,… (2 to 10 event names)');
  const names = steps.split(',').map((s) => s.trim());
  const bad = names.filter((n) => !EVENT_NAME.test(n));
  if (names.length < 2 || names.length > MAX_STEPS || bad.length) {
    throw new AppError('funnel_steps_invalid', bad.length ? `steps ${bad.map((b) => JSON.stringify(b)).join(', ')} are not event names` : `a funnel has 2 to ${MAX_STEPS} steps, not ${names.length}`);
  }
  return names;
}

function funnelQuery(input: FunnelInput): FunnelQuery & { range: { from: string; to: string }; window: string } {
  const steps = funnelSteps(input.steps);
  const window = input.window ?? '7d';
  const seconds = windowSeconds(window);
  const range = rangeOf(input, 30);
  return { steps, from: `${range.from}T00:00:00Z`, to: `${addDays(range.to, 1)}T00:00:00Z`, windowSeconds: seconds, range, window };
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** Each step with its conversion to the next: the rows of one group of store.funnelSteps. */
function stepResults(steps: readonly string[], rows: readonly FunnelStepRow[]) {
  const reached = (k: number) => rows.find((r) => r.step === k)?.subjects ?? 0;
  const results = steps.map((event, i) => {
    const step = i + 1;
    const last = step === steps.length;
    const entered = reached(step);
    const converted = last ? null : reached(step + 1);
    return {
      step,
      event,
      entered,
      converted,
      dropped: converted === null ? null : entered - converted,
      conversion_rate: converted === null ? null : rate(converted, entered),
      median_seconds_to_convert: last ? null : (rows.find((r) => r.step === step + 1)?.median_seconds ?? null),
    };
  });
  const entered = reached(1);
  const converted = reached(steps.length);
  return { entered, converted, conversion_rate: rate(converted, entered), steps: results };
}

export async function funnel(ctx: Context, tenantId: string, input: FunnelInput & { by?: FunnelGroup | undefined }) {
  const query = funnelQuery(input);
  const rows = await withTenant(ctx.db.app, tenantId, (tx) => store.funnelSteps(tx, tenantId, query, input.by));
  const total = stepResults(
    query.steps,
    rows.filter((r) => r.is_total),
  );
  const groups = new Map<string | null, FunnelStepRow[]>();
  for (const row of rows) if (!row.is_total) groups.set(row.group_key, [...(groups.get(row.group_key) ?? []), row]);
  return {
    from: query.range.from,
    to: query.range.to,
    window: query.window,
    by: input.by ?? null,
    ...total,
    groups: input.by ? [...groups].map(([key, group]) => ({ key, label: group[0]!.group_label, ...stepResults(query.steps, group) })) : [],
  };
}

const SUBJECT_KEY = /^[A-Za-z0-9_-]{1,160}$/;
const encodeSubject = (subject: string) => Buffer.from(subject, 'utf8').toString('base64url');
const decodeSubject = (key: string) => Buffer.from(key, 'base64url').toString('utf8');

/** The people who dropped off at `step`: entered it and went no further (1 to steps − 1), by subject. */
export async function funnelDropOffs(ctx: Context, tenantId: string, input: FunnelInput & { step?: number | undefined }, page: PageQuery): Promise<Page<{ user_id: string | null; external_user_id: string | null; email: string | null; organization_id: string | null; reached_at: string[] }>> {
  // a cursor is read with the funnel it came from; alone it names nothing
  if (page.cursor && (input.steps === undefined || input.step === undefined)) throw new AppError('invalid_cursor', 'a cursor of the funnel people list is read with the steps, step and range it came from');
  const query = funnelQuery(input);
  const step = input.step;
  if (step === undefined || step < 1 || step >= query.steps.length) throw new AppError('funnel_step_out_of_range', `step ${step ?? '(none given)'} is not one people can drop off at: 1 to ${query.steps.length - 1}`);
  const spec = { list: 'funnel-people', scope: [tenantId, query.steps, query.range, query.windowSeconds, step], keyPattern: SUBJECT_KEY, key: (row: store.FunnelPersonRow) => encodeSubject(row.subject) };
  const result = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, page, {
      rows: (start, fetch) => store.funnelPeople(tx, tenantId, query, step, start.after !== undefined ? { after: decodeSubject(start.after) } : { offset: start.offset }, fetch),
      count: (cap) => store.countFunnelPeople(tx, tenantId, query, step, cap),
      exists: async (key) => (await store.countFunnelPeople(tx, tenantId, query, step, 1, decodeSubject(key))) > 0,
    }),
  );
  return mapPage(result, (row) => ({
    user_id: row.user_id,
    external_user_id: row.external_user_id,
    email: row.email,
    organization_id: row.organization_id,
    reached_at: row.reached_at.map((at) => new Date(at).toISOString()),
  }));
}

const DEFAULT_BUCKETS: Record<Interval, number> = { day: 30, week: 12 * 7, month: 366 };

/** DAU / WAU / MAU over the range, per bucket, or per bucket and organisation. */
export async function activeUsers(ctx: Context, tenantId: string, input: RangeInput & { interval?: Interval | undefined; by?: 'organization' | undefined }) {
  const interval = input.interval ?? 'day';
  const { from, to } = rangeOf(input, DEFAULT_BUCKETS[interval]);
  const byOrganization = input.by === 'organization';
  const rows = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const through = (await store.rolledThrough(tx, tenantId)) ?? addDays(from, -1);
    return interval === 'day' && !byOrganization ? store.dailyActives(tx, tenantId, from, to, through) : store.bucketActives(tx, tenantId, interval, from, to, through, byOrganization);
  });
  return {
    interval,
    from,
    to,
    by: input.by ?? null,
    items: rows.map((r) => ({ bucket: r.bucket, ...(byOrganization ? { organization_id: r.organization_id, organization_name: r.organization_name } : {}), active_users: r.active_users })),
  };
}

/** Completion per checklist and organisation (spec 001's onboarding_completion_by_org). */
export async function onboardingCompletion(ctx: Context, tenantId: string) {
  const items = await withTenant(ctx.db.app, tenantId, (tx) => store.completionByOrganization(tx, tenantId));
  return { by: 'organization', items };
}

/** Per checklist task, the subjects that had it complete by the end of `date` (spec 001's onboarding_funnel_today). */
export async function onboardingFunnel(ctx: Context, tenantId: string, date: string | undefined) {
  const day = date ?? today();
  const rows = await withTenant(ctx.db.app, tenantId, (tx) => store.onboardingFunnel(tx, tenantId, day));
  return { date: day, items: rows.map((r) => ({ ...r, completion_rate: rate(r.completed, r.subjects) })) };
}

/** The worker's sweep: every tenant's closed days rolled up, each tenant in its own transaction. */
export async function rollUpAnalytics(ctx: Context): Promise<{ tenants: number; days: number }> {
  const tenants = await store.tenantIds(ctx.db.owner);
  let days = 0;
  for (const tenantId of tenants) days += await withTenant(ctx.db.app, tenantId, (tx) => store.rollUp(tx, tenantId));
  return { tenants: tenants.length, days };
}
