import type { Queryable } from '../db/pool.ts';

/** What a funnel reads: its steps, the range people may enter in ([from, to)), and the window to finish in. */
export interface FunnelQuery {
  readonly steps: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly windowSeconds: number;
}

export type FunnelGroup = 'organization' | 'role' | 'signup_mode';

export interface FunnelStepRow {
  /** Null in the row of everyone; the group's key (organisation id, role, signup mode) otherwise. */
  readonly group_key: string | null;
  readonly group_label: string | null;
  readonly is_total: boolean;
  readonly step: number;
  readonly subjects: number;
  readonly median_seconds: number | null;
}

// the group a person belongs to, from the funnel's row f: the organisation of their first step, or their onboarding state
const GROUP_KEY: Record<FunnelGroup, string> = {
  organization: 'f.organization_id::text',
  role: 'os.role_key',
  signup_mode: 'os.signup_mode',
};

/**
 * Per step (and per group when `by` is given, with the total of everyone beside): how many people
 * reached it and the median seconds from the step before. One pass of analytics_funnel.
 */
export async function funnelSteps(db: Queryable, tenantId: string, query: FunnelQuery, by: FunnelGroup | undefined): Promise<FunnelStepRow[]> {
  const group = by ? GROUP_KEY[by] : 'null::text';
  const { rows } = await db.query(
    `with f as (
       select * from analytics_funnel($1, $2::text[], $3::timestamptz, $4::timestamptz, make_interval(secs => $5))
     ),
     g as (
       select f.reached, f.reached_at, ${group} as grp
         from f
         left join onboarding_states os on os.tenant_id = $1 and os.user_id = f.user_id
     ),
     s as (
       select g.grp, grouping(g.grp) = 1 as is_total, k.step, count(*) filter (where g.reached >= k.step)::integer as subjects,
              percentile_cont(0.5) within group (order by extract(epoch from g.reached_at[k.step] - g.reached_at[k.step - 1]))
                filter (where g.reached >= k.step and k.step > 1) as median_seconds
         from g cross join generate_series(1, cardinality($2::text[])) as k (step)
        group by grouping sets ((k.step), (g.grp, k.step))
     )
     select s.grp as group_key, ${by === 'organization' ? 'o.name' : 's.grp'} as group_label, s.is_total, s.step, s.subjects, s.median_seconds::float8 as median_seconds
       from s
       ${by === 'organization' ? 'left join organizations o on o.tenant_id = $1 and o.id = s.grp::uuid' : ''}
      where s.is_total or $6::boolean
      order by s.is_total desc, s.grp nulls last, s.step`,
    [tenantId, query.steps, query.from, query.to, query.windowSeconds, by !== undefined],
  );
  return rows;
}

export interface FunnelPersonRow {
  readonly subject: string;
  readonly user_id: string | null;
  readonly external_user_id: string | null;
  readonly email: string | null;
  readonly organization_id: string | null;
  readonly reached_at: Date[];
}

/** The people whose furthest step is `reached`, in order of their subject key, after `after` (a subject key). */
export async function funnelPeople(db: Queryable, tenantId: string, query: FunnelQuery, reached: number, start: { after?: string | undefined; offset?: number | undefined }, limit: number): Promise<FunnelPersonRow[]> {
  const { rows } = await db.query(
    `select f.subject, f.user_id, f.external_user_id, u.email, f.organization_id, f.reached_at
       from analytics_funnel($1, $2::text[], $3::timestamptz, $4::timestamptz, make_interval(secs => $5)) f
       left join users u on u.tenant_id = $1 and u.id = f.user_id
      where f.reached = $6 and ($7::text is null or f.subject > $7)
      order by f.subject
      limit $8 offset $9`,
    [tenantId, query.steps, query.from, query.to, query.windowSeconds, reached, start.after ?? null, limit, start.offset ?? 0],
  );
  return rows;
}

/** How many people's furthest step is `reached` (up to `cap`), or whether `subject` is among them. */
export async function countFunnelPeople(db: Queryable, tenantId: string, query: FunnelQuery, reached: number, cap: number, subject?: string): Promise<number> {
  const { rows } = await db.query(
    `select count(*)::integer as n from (
       select 1 from analytics_funnel($1, $2::text[], $3::timestamptz, $4::timestamptz, make_interval(secs => $5)) f
        where f.reached = $6 and ($7::text is null or f.subject = $7)
        limit $8) x`,
    [tenantId, query.steps, query.from, query.to, query.windowSeconds, reached, subject ?? null, cap],
  );
  return rows[0].n;
}

/** The last day (UTC) whose rollups are complete and current, or undefined when nothing is rolled. */
export async function rolledThrough(db: Queryable, tenantId: string): Promise<string | undefined> {
  const { rows } = await db.query(`select to_char(least(r.rolled_through, r.stale_from - 1), 'YYYY-MM-DD') as day from analytics_rollups r where r.tenant_id = $1`, [tenantId]);
  return rows[0]?.day ?? undefined;
}

export type Interval = 'day' | 'week' | 'month';

export interface ActiveRow {
  readonly bucket: string;
  readonly organization_id: string | null;
  readonly organization_name: string | null;
  readonly active_users: number;
}

// live activity: every event about a user except onboarding.* (which follow from other events)
const LIVE_ACTIVITY = `from analytics_events e
      where e.tenant_id = $1 and e.user_id is not null and e.event not like 'onboarding.%'
        and e.occurred_at >= $4::date::timestamp at time zone 'UTC' and e.occurred_at < ($3::date + 1)::timestamp at time zone 'UTC'`;

/**
 * Daily actives of [from, to] (UTC days, to included): rolled days (through `through`) from
 * analytics_daily_totals, one row a day; the days after from the events. Every day of the range has a row.
 */
export async function dailyActives(db: Queryable, tenantId: string, from: string, to: string, through: string): Promise<ActiveRow[]> {
  const { rows } = await db.query(
    `with counted as (
       select d.day, d.active_users from analytics_daily_totals d where d.tenant_id = $1 and d.day between $2::date and least($3::date, $5::date)
       union all
       select (e.occurred_at at time zone 'UTC')::date, count(distinct e.user_id)::integer ${LIVE_ACTIVITY}
        group by 1
     )
     select to_char(b.day, 'YYYY-MM-DD') as bucket, null as organization_id, null as organization_name, coalesce(sum(c.active_users), 0)::integer as active_users
       from generate_series($2::date::timestamp, $3::date::timestamp, interval '1 day') as b (day)
       left join counted c on c.day = b.day::date
      group by b.day order by b.day`,
    [tenantId, from, to, liveFrom(from, through), through],
  );
  return rows;
}

/**
 * Distinct active users per week or month (or per day by organisation) of [from, to]: rolled days from
 * analytics_daily_actives, later ones from the events. Buckets start on Monday / the 1st and count
 * only the days of the range; without `byOrganization` every bucket has a row.
 */
export async function bucketActives(db: Queryable, tenantId: string, interval: Interval, from: string, to: string, through: string, byOrganization: boolean): Promise<ActiveRow[]> {
  const { rows } = await db.query(
    `with actives as (
       select a.day, a.user_id, a.organization_id from analytics_daily_actives a where a.tenant_id = $1 and a.day between $2::date and least($3::date, $5::date)
       union all
       select (e.occurred_at at time zone 'UTC')::date, e.user_id, e.organization_id ${LIVE_ACTIVITY}
     ),
     counted as (
       select date_trunc($6, x.day::timestamp)::date as bucket, case when $7::boolean then x.organization_id end as organization_id, count(distinct x.user_id)::integer as active_users
         from actives x group by 1, 2
     )
     select to_char(b.bucket, 'YYYY-MM-DD') as bucket, c.organization_id, o.name as organization_name, coalesce(c.active_users, 0) as active_users
       from generate_series(date_trunc($6, $2::date::timestamp), $3::date::timestamp, ('1 ' || $6)::interval) as b (bucket)
       ${byOrganization ? 'join' : 'left join'} counted c on c.bucket = b.bucket::date
       left join organizations o on o.tenant_id = $1 and o.id = c.organization_id
      order by b.bucket, c.active_users desc nulls last, c.organization_id nulls last`,
    [tenantId, from, to, liveFrom(from, through), through, interval, byOrganization],
  );
  return rows;
}

/** The first day read live: the day after the rollups end, or `from` when that is later. */
function liveFrom(from: string, through: string): string {
  const next = new Date(Date.parse(`${through}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return next > from ? next : from;
}

export interface CompletionRow {
  readonly checklist_key: string;
  readonly organization_id: string | null;
  readonly organization_name: string | null;
  readonly subjects: number;
  readonly completed: number;
  readonly completion_rate: number;
}

/** Spec 001's onboarding_completion_by_org for the tenant (the view analytics_onboarding_completion_by_org). */
export async function completionByOrganization(db: Queryable, tenantId: string): Promise<CompletionRow[]> {
  const { rows } = await db.query(
    `select v.checklist_key, v.organization_id, v.organization_name, v.subjects, v.completed, v.completion_rate::float8 as completion_rate
       from analytics_onboarding_completion_by_org v
      where v.tenant_id = $1
      order by v.checklist_key, v.organization_name nulls last, v.organization_id`,
    [tenantId],
  );
  return rows;
}

export interface TaskFunnelRow {
  readonly checklist_key: string;
  readonly task_slug: string;
  readonly title: string;
  readonly position: number;
  readonly required: boolean;
  readonly subjects: number;
  readonly completed: number;
}

/** Spec 001's onboarding_funnel_today for a UTC day (analytics_onboarding_funnel). */
export async function onboardingFunnel(db: Queryable, tenantId: string, day: string): Promise<TaskFunnelRow[]> {
  const { rows } = await db.query('select f.* from analytics_onboarding_funnel($1, $2::date) f', [tenantId, day]);
  return rows;
}

/** Rolls the tenant's closed days up (analytics_rollup); answers how many days were rolled. */
export async function rollUp(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await db.query('select analytics_rollup($1) as days', [tenantId]);
  return rows[0].days;
}

/** Every tenant's id, for the rollup sweep. */
export async function tenantIds(db: Queryable): Promise<string[]> {
  // all tenants: the sweep rolls each up in its own transaction
  const { rows } = await db.query('select t.id from tenants t order by t.id -- all tenants: the rollup sweep visits each');
  return rows.map((r) => r.id);
}
