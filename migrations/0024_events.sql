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

-- The users trigger now appends events (which feed the webhooks), so its function is named for that.
-- Its first body is here because the trigger needs it now; sql/functions/users_append_events.sql wins
-- from then on. The trigger keeps its name, and with it its place after on_user_created_onboarding.
create or replace function users_append_events() returns trigger
language plpgsql set app.system = 'on' as $$
declare
  v_state onboarding_states;
begin
  if new.tenant_id is null then return null; end if;
  perform append_event(new.tenant_id, 'user.created', 'user', new.id::text, '{"kind": "system"}',
    jsonb_build_object('user_id', new.id, 'email', new.email, 'phone', new.phone, 'role', new.role));
  select * into v_state from onboarding_states where tenant_id = new.tenant_id and user_id = new.id;
  if found then
    perform append_event(new.tenant_id, 'onboarding.initialized', 'user', new.id::text, '{"kind": "system"}',
      jsonb_build_object('user_id', new.id, 'signup_mode', v_state.signup_mode, 'role', v_state.role_key,
                         'contact', jsonb_build_object('status', v_state.contact_status, 'channel', v_state.contact_channel, 'message_id', v_state.contact_message_id)));
  end if;
  return null;
end $$;
drop trigger users_webhook_events on users;
create trigger users_webhook_events after insert on users for each row execute function users_append_events();
drop function if exists users_emit_webhook_events();
