-- One domain event log (issue 10 §4): every event Embark emits is a row here, written in the
-- transaction of the change that caused it, by append_event() only; outbound webhook deliveries are
-- fed from it, and readers (GET /api/v1/tenant/events, the checklists and analytics) read it.
-- docs/events.md describes the columns and the catalogue of event types.

-- The trigger function the table needs now; its body lives in sql/functions/table_is_append_only.sql.
create or replace function table_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;

create table events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- the log's order: a reader pages by id (an identity may commit out of order by a few transactions)
  id bigint generated always as identity,
  type text not null check (type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  -- what the event is about: ('message', its id), ('user', its id), ('tenant', its id)
  subject_type text not null check (subject_type ~ '^[a-z][a-z0-9_]*$'),
  subject_id text not null check (length(subject_id) between 1 and 200),
  -- who caused it: {"kind": "user" | "api_key" | "cli", "user_id"} or {"kind": "system"}
  actor jsonb not null check (jsonb_typeof(actor) = 'object' and actor ->> 'kind' in ('user', 'api_key', 'system', 'cli')),
  -- the event's data, as a webhook's "data" carries it
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  occurred_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
-- a tenant's events newest first is the primary key; by type, by subject, and since a time each have theirs
create index events_type on events (tenant_id, type, id);
create index events_subject on events (tenant_id, subject_type, subject_id, id);
create index events_occurred_at on events (tenant_id, occurred_at);
comment on table events is 'append-only: the application role may insert and read, never update or delete';
create trigger events_append_only before update or delete on events
  for each statement execute function table_is_append_only();
alter table events enable row level security;
alter table events force row level security;
create policy tenant_isolation on events using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));

-- The event a delivery was made for; null for webhook.test and for deliveries made before this log.
alter table webhook_deliveries add column event_id bigint;
alter table webhook_deliveries add constraint webhook_deliveries_event_fkey foreign key (tenant_id, event_id) references events (tenant_id, id);
