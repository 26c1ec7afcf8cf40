-- Onboarding checklists whose completion is derived from data (issue 12 §2–§4, docs/checklists.md).
-- A tenant defines checklists (kept in versions); each task has a rule read from the subject's data:
-- counters of its events, its properties, a manual mark. Tracked events come in through
-- POST /api/v1/events or track_event(), are stored by month, and feed the counters a rule reads.
-- Every table leads with tenant_id; RLS as everywhere.

create table checklists (
  tenant_id uuid not null references tenants (id) on delete cascade,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,63}$'),
  -- the version that is current; versions are never changed or removed
  version integer not null check (version > 0),
  -- a deleted checklist applies to nobody; its versions and progress stay for the history
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, key)
);
create trigger checklists_updated_at before update on checklists for each row execute function touch_updated_at();

create table checklist_versions (
  tenant_id uuid not null,
  key text not null,
  version integer not null,
  title text not null check (length(title) between 1 and 200),
  scope text not null check (scope in ('user', 'organization')),
  -- {roles?: [app role keys], signup_modes?: [mode keys]}: who the checklist is for; absent = everyone
  audience jsonb not null check (jsonb_typeof(audience) = 'object'),
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, key, version),
  foreign key (tenant_id, key) references checklists (tenant_id, key) on delete cascade
);

-- A version's tasks. rule: {kind: event, event, count} | {kind: live_count, object, min} |
-- {kind: property, property, equals} | {kind: manual}, validated by the service.
create table checklist_tasks (
  tenant_id uuid not null,
  checklist_key text not null,
  version integer not null,
  slug text not null check (slug ~ '^[a-z][a-z0-9_-]{0,63}$'),
  title text not null check (length(title) between 1 and 200),
  description text check (length(description) <= 2000),
  position integer not null,
  required boolean not null,
  -- where the task is done in the tenant's product (a URL or a path)
  link text check (length(link) <= 2000),
  rule jsonb not null check (jsonb_typeof(rule) = 'object' and rule ->> 'kind' in ('event', 'live_count', 'property', 'manual')),
  primary key (tenant_id, checklist_key, version, slug),
  foreign key (tenant_id, checklist_key, version) references checklist_versions (tenant_id, key, version) on delete cascade
);

-- The counters the tenant's live rules read ('event:<name>', 'live:<kind>'): only these are counted at
-- ingest, so events no rule reads cost nothing more than their row. Rewritten when checklists change.
create table checklist_watches (
  tenant_id uuid not null references tenants (id) on delete cascade,
  counter text not null,
  primary key (tenant_id, counter)
);

-- What a rule reads: per subject ('user' | 'organization', its id), the count of each watched event
-- ('event:<name>') and the live objects of each watched kind ('live:<kind>': <kind>.created minus
-- <kind>.deleted). Counters survive the retention of the events they counted.
create table onboarding_counters (
  tenant_id uuid not null references tenants (id) on delete cascade,
  subject_type text not null check (subject_type in ('user', 'organization')),
  subject_id uuid not null,
  counter text not null,
  value bigint not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, subject_type, subject_id, counter)
);

-- Properties the tenant's app sets on a subject (PUT /api/v1/subjects/:type/:id/properties).
create table subject_properties (
  tenant_id uuid not null references tenants (id) on delete cascade,
  subject_type text not null check (subject_type in ('user', 'organization')),
  subject_id uuid not null,
  properties jsonb not null check (jsonb_typeof(properties) = 'object'),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, subject_type, subject_id)
);

-- A manual task's completion (kind manual), or an admin's override of any task (kind override), with
-- who and when. Removing an override gives the task back to its rule.
create table onboarding_task_marks (
  tenant_id uuid not null references tenants (id) on delete cascade,
  checklist_key text not null,
  subject_type text not null check (subject_type in ('user', 'organization')),
  subject_id uuid not null,
  task_slug text not null,
  kind text not null check (kind in ('manual', 'override')),
  completed boolean not null,
  reason text check (length(reason) <= 500),
  marked_by uuid,
  marked_at timestamptz not null default now(),
  primary key (tenant_id, checklist_key, subject_type, subject_id, task_slug, kind)
);

-- When and by whom each task of a subject last became complete: the row exists while it is complete.
-- Whether it is complete is always computed from the data (onboarding_truth); this is its history.
create table onboarding_task_states (
  tenant_id uuid not null references tenants (id) on delete cascade,
  checklist_key text not null,
  subject_type text not null check (subject_type in ('user', 'organization')),
  subject_id uuid not null,
  task_slug text not null,
  completed_at timestamptz not null default now(),
  completed_by uuid,
  primary key (tenant_id, subject_type, subject_id, checklist_key, task_slug)
);

-- A subject's progress through one checklist: counts, when it completed (null while incomplete), when
-- it was dismissed (hidden, never erased).
create table onboarding_progress (
  tenant_id uuid not null references tenants (id) on delete cascade,
  subject_type text not null check (subject_type in ('user', 'organization')),
  subject_id uuid not null,
  checklist_key text not null,
  version integer not null,
  done integer not null default 0,
  required integer not null default 0,
  completed_at timestamptz,
  dismissed_at timestamptz,
  dismissed_by uuid,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, subject_type, subject_id, checklist_key)
);
create index onboarding_progress_checklist on onboarding_progress (tenant_id, checklist_key, subject_type, started_at, subject_id);

-- Tracked events: what the tenant's product reports (POST /api/v1/events, track_event()), stored by
-- month so retention drops whole partitions. Keys lead with tenant_id; a row is never changed.
create table tracked_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  occurred_at timestamptz not null,
  id bigint generated always as identity,
  event text not null check (event ~ '^[A-Za-z0-9][A-Za-z0-9_.:/ -]{0,99}$'),
  -- the Embark user it is about, when known; otherwise the app's own id for an unknown person
  user_id uuid,
  external_user_id text check (length(external_user_id) between 1 and 200),
  -- the user's organisation when it happened (or the one the event named)
  organization_id uuid,
  properties jsonb not null default '{}' check (jsonb_typeof(properties) = 'object'),
  message_id text check (length(message_id) between 1 and 200),
  session_id text check (length(session_id) <= 200),
  url text check (length(url) <= 2000),
  referrer text check (length(referrer) <= 2000),
  device_type text,
  browser text,
  os text,
  ip inet,
  -- api (an API key or a user's token), sql (track_event) or system (a domain event, auto-tracked)
  source text not null default 'api' check (source in ('api', 'sql', 'system')),
  received_at timestamptz not null default now(),
  primary key (tenant_id, occurred_at, id)
) partition by range (occurred_at);
create index tracked_events_event on tracked_events (tenant_id, event, occurred_at);
create index tracked_events_user on tracked_events (tenant_id, user_id, occurred_at) where user_id is not null;
-- rows outside every month made so far; the maintenance job moves them into their month when it makes it
create table tracked_events_default partition of tracked_events default;

-- Ingest dedupes by message_id: the first event with an id is stored, a replay is counted as a duplicate.
create table tracked_event_ids (
  tenant_id uuid not null references tenants (id) on delete cascade,
  message_id text not null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, message_id)
);

-- Per-tenant analytics settings: how long tracked events are kept, whether addresses are kept whole.
create table analytics_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  retention_days integer not null default 395 check (retention_days between 1 and 3660),
  ip_mode text not null default 'truncate' check (ip_mode in ('full', 'truncate', 'none')),
  updated_at timestamptz not null default now()
);

do $$
declare
  t text;
begin
  foreach t in array array['checklists', 'checklist_versions', 'checklist_tasks', 'checklist_watches', 'onboarding_counters', 'subject_properties',
                           'onboarding_task_marks', 'onboarding_task_states', 'onboarding_progress', 'tracked_events',
                           'tracked_event_ids', 'analytics_settings'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id))', t);
  end loop;
end $$;
alter table tracked_events_default enable row level security;
alter table tracked_events_default force row level security;
create policy tenant_isolation on tracked_events_default using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));

-- Domain events feed the counters too. The trigger's function gets its body from
-- sql/functions/events_feed_onboarding.sql, applied right after the migrations; this first one does nothing.
create or replace function events_feed_onboarding() returns trigger language plpgsql as $$
begin
  return null;
end $$;
create trigger events_feed_onboarding after insert on events referencing new table as new_events
  for each statement execute function events_feed_onboarding();
