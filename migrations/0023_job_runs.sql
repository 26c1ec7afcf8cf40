-- Multi-step runs (issue 10 §2): durable work made of named steps, for hire provisioning and the like.
-- A run's steps are written with it; a worker (the run_step task, src/jobs/runs.ts) executes the first
-- unfinished one, records its result, and queues the next, so a step whose result is recorded is never
-- executed again after a crash. Each step keeps its own attempts, last error and timestamps.
create table job_runs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null,
  kind text not null check (kind ~ '^[a-z][a-z0-9_.]{0,99}$'),
  subject_type text check (length(subject_type) between 1 and 100),
  subject_id text check (length(subject_id) between 1 and 200),
  input jsonb not null default '{}',
  state text not null default 'pending' check (state in ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
  -- the position of the step being (or last) worked on; null once none is left
  current_step integer,
  -- every attempt of every step of the run, retries after a retryRun included
  attempts integer not null default 0,
  last_error text,
  -- no foreign key: a global admin acting in the tenant is no row of the tenant's users
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, id)
);
-- the admin list: newest first, by state and kind
create index job_runs_recent on job_runs (tenant_id, created_at desc, id desc);
create trigger job_runs_updated_at before update on job_runs for each row execute function touch_updated_at();

create table job_run_steps (
  tenant_id uuid not null,
  run_id uuid not null,
  position integer not null check (position >= 0),
  name text not null check (length(name) between 1 and 100),
  state text not null default 'pending' check (state in ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
  attempts integer not null default 0,
  max_attempts integer not null check (max_attempts between 1 and 100),
  result jsonb,
  last_error text,
  started_at timestamptz,
  finished_at timestamptz,
  primary key (tenant_id, run_id, position),
  unique (tenant_id, run_id, name),
  foreign key (tenant_id, run_id) references job_runs (tenant_id, id) on delete cascade
);

alter table job_runs enable row level security;
alter table job_runs force row level security;
create policy tenant_isolation on job_runs using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
alter table job_run_steps enable row level security;
alter table job_run_steps force row level security;
create policy tenant_isolation on job_run_steps using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
