-- Analytics (issue 12 §5, docs/analytics.md): funnels, daily/weekly/monthly actives, onboarding
-- completion by organisation and per task. Both tracked events (tracked_events) and domain events
-- about a user (events.user_id) are "events" here, read through the view analytics_events.
-- Daily rollups keep the active-user and event-count reads fast as events grow: a sweep fills them
-- for closed days (analytics_rollup), and every day after a tenant's rolled_through is read live.
-- Every table leads with tenant_id; RLS as everywhere; the views run as their caller (security_invoker).

-- Who was active on a day (UTC): one row per user with at least one event that day.
create table analytics_daily_actives (
  tenant_id uuid not null references tenants (id) on delete cascade,
  day date not null,
  user_id uuid not null,
  -- the organisation the day's events counted for (the user's, when they named none)
  organization_id uuid,
  events integer not null check (events > 0),
  primary key (tenant_id, day, user_id)
);
create index analytics_daily_actives_organization on analytics_daily_actives (tenant_id, organization_id, day) where organization_id is not null;

-- How many of each event a day (UTC) had, and from how many people (users or external ids).
create table analytics_daily_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  day date not null,
  event text not null,
  events bigint not null check (events > 0),
  people integer not null,
  primary key (tenant_id, day, event)
);

-- A day's (UTC) totals: how many users were active and how many events there were. DAU over months
-- reads one row a day here, not one a user and day.
create table analytics_daily_totals (
  tenant_id uuid not null references tenants (id) on delete cascade,
  day date not null,
  active_users integer not null,
  events bigint not null,
  primary key (tenant_id, day)
);

-- How far a tenant's rollups reach: every day up to rolled_through is in the two tables above; the
-- days after it are read from the events themselves. No row: nothing rolled, all read live.
create table analytics_rollups (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  rolled_through date not null,
  -- the earliest rolled day that events arrived for after it was rolled (a backfill, a late client):
  -- from it on the rollups are read live until the next rollup rewrites them
  stale_from date,
  rolled_at timestamptz not null default now()
);

do $$
declare
  t text;
begin
  foreach t in array array['analytics_daily_actives', 'analytics_daily_events', 'analytics_daily_totals', 'analytics_rollups'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id))', t);
  end loop;
end $$;

-- Events stored for a day already rolled mark the tenant's rollups stale from that day. The body is
-- in sql/functions/analytics_mark_stale.sql, applied right after the migrations; this first one does nothing.
create or replace function analytics_mark_stale() returns trigger language plpgsql as $$
begin
  return null;
end $$;
create trigger analytics_mark_stale after insert on tracked_events referencing new table as new_events
  for each statement execute function analytics_mark_stale();

-- A funnel step over domain events reads a type's events in a time range; events_type is ordered by id.
create index events_user_type_occurred on events (tenant_id, type, occurred_at) where user_id is not null;

-- Every event analytics counts: the tracked ones, and the domain events about a user, named by their
-- type (issue 12 §4: domain events are tracked automatically). A domain event counts for the
-- organisation its payload names, else the user's.
create view analytics_events with (security_invoker = true) as
select te.tenant_id, te.occurred_at, te.event, te.user_id, te.external_user_id, te.organization_id, te.source
  from tracked_events te
union all
select e.tenant_id, e.occurred_at, e.type, e.user_id, null::text, coalesce(
         case when e.payload ->> 'organization_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (e.payload ->> 'organization_id')::uuid end,
         m.organization_id), 'system'
  from events e
  left join organization_members m on m.tenant_id = e.tenant_id and m.user_id = e.user_id
 where e.user_id is not null;
comment on view analytics_events is 'tracked events and domain events about a user, as analytics counts them (docs/analytics.md)';

-- Spec 001's daily_active_users: per tenant and UTC day, the users with an event that day. Rolled days
-- come from analytics_daily_totals, later ones are counted live. onboarding.* domain events are not
-- activity: they follow from other events or from an admin changing a checklist.
create view analytics_daily_active_users with (security_invoker = true) as
select a.tenant_id, a.day, a.active_users
  from analytics_daily_totals a
  join analytics_rollups r on r.tenant_id = a.tenant_id and a.day <= least(r.rolled_through, r.stale_from - 1)
union all
select e.tenant_id, (e.occurred_at at time zone 'UTC')::date, count(distinct e.user_id)::integer
  from analytics_events e
  left join analytics_rollups r on r.tenant_id = e.tenant_id
 where e.user_id is not null and e.event not like 'onboarding.%'
   and (r.rolled_through is null or e.occurred_at >= (least(r.rolled_through, r.stale_from - 1) + 1)::timestamp at time zone 'UTC')
 group by e.tenant_id, (e.occurred_at at time zone 'UTC')::date;
comment on view analytics_daily_active_users is 'spec 001 daily_active_users: users with an event per UTC day (docs/analytics.md)';

-- Spec 001's onboarding_completion_by_org: per live checklist and organisation, how many of its
-- subjects (the organisation itself for an organisation checklist, its members for a user checklist)
-- have completed it. Users in no organisation form the row whose organization_id is null.
create view analytics_onboarding_completion_by_org with (security_invoker = true) as
select p.tenant_id, p.checklist_key, o.id as organization_id, o.name as organization_name,
       count(*)::integer as subjects, count(p.completed_at)::integer as completed,
       round(count(p.completed_at)::numeric / count(*), 4) as completion_rate
  from onboarding_progress p
  join checklists c on c.tenant_id = p.tenant_id and c.key = p.checklist_key and c.deleted_at is null
  left join organization_members m on p.subject_type = 'user' and m.tenant_id = p.tenant_id and m.user_id = p.subject_id
  left join organizations o on o.tenant_id = p.tenant_id and o.id = case when p.subject_type = 'organization' then p.subject_id else m.organization_id end
 group by p.tenant_id, p.checklist_key, o.id, o.name;
comment on view analytics_onboarding_completion_by_org is 'spec 001 onboarding_completion_by_org: completion per checklist and organisation (docs/analytics.md)';

-- Spec 001's onboarding_funnel_today: per task of each live checklist's current version, how many
-- subjects have it complete now, and how many completed it today (UTC).
create view analytics_onboarding_funnel_today with (security_invoker = true) as
select t.tenant_id, t.checklist_key, t.slug as task_slug, t.title, t.position, t.required,
       (select count(*) from onboarding_progress p where p.tenant_id = t.tenant_id and p.checklist_key = t.checklist_key)::integer as subjects,
       count(s.task_slug)::integer as completed,
       count(s.task_slug) filter (where s.completed_at >= (now() at time zone 'UTC')::date::timestamp at time zone 'UTC')::integer as completed_today
  from checklists c
  join checklist_tasks t on t.tenant_id = c.tenant_id and t.checklist_key = c.key and t.version = c.version
  left join onboarding_task_states s on s.tenant_id = t.tenant_id and s.checklist_key = t.checklist_key and s.task_slug = t.slug
 where c.deleted_at is null
 group by t.tenant_id, t.checklist_key, t.slug, t.title, t.position, t.required;
comment on view analytics_onboarding_funnel_today is 'spec 001 onboarding_funnel_today: subjects with each task complete, now and today (docs/analytics.md)';
