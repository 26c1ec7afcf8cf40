-- Outbound webhooks: endpoints a tenant registers for domain events, and the log of every delivery
-- (Standard Webhooks: signed with the endpoint's whsec_ secret, retried with backoff, 410 disables).

-- Time-ordered message ids (webhook-id, stable across retries): 12 hex digits of milliseconds, then
-- 20 random hex digits. Sorting by id sorts by creation, in any collation.
create function new_webhook_message_id() returns text language sql volatile as $$
  select 'msg_' || lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0')
              || substr(replace(gen_random_uuid()::text, '-', ''), 1, 20)
$$;

create table webhook_endpoints (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- UUIDv7, made by the application: the secret is sealed with the id as associated data
  id uuid not null,
  -- https, or http to localhost/127.0.0.1 for local development only (checked by the service)
  url text not null check (length(url) <= 2048 and url ~ '^https?://'),
  description text not null default '' check (length(description) <= 500),
  -- empty: every event type
  event_types text[] not null default '{}' check (cardinality(event_types) <= 50),
  -- AES-256-GCM (src/secrets.ts); null only once the endpoint is deleted
  secret_encrypted bytea,
  -- after a rotation the old secret also signs, until it expires, so receivers can switch over
  previous_secret_encrypted bytea,
  previous_secret_expires_at timestamptz,
  enabled boolean not null default true,
  disabled_reason text check (length(disabled_reason) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- kept (without its secrets) so its delivery log stays readable in the audit trail
  deleted_at timestamptz,
  primary key (tenant_id, id),
  check (deleted_at is not null or secret_encrypted is not null)
);
create trigger webhook_endpoints_updated_at before update on webhook_endpoints for each row execute function touch_updated_at();

create table webhook_deliveries (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null default new_webhook_message_id() check (id ~ '^msg_[0-9a-z]{1,60}$'),
  endpoint_id uuid not null,
  event_type text not null,
  -- the body as sent: {"type", "timestamp", "data"}
  payload jsonb not null,
  status text not null default 'pending'
    check (status in ('pending', 'delivering', 'succeeded', 'failed', 'cancelled')),
  -- attempts of the current round; a manual retry starts a new round (the attempt log keeps counting)
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  last_status_code integer,
  last_error text check (length(last_error) <= 1000),
  last_response_body text check (length(last_response_body) <= 2048),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  delivered_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade
);
create index webhook_deliveries_endpoint on webhook_deliveries (tenant_id, endpoint_id, created_at desc, id desc);
create trigger webhook_deliveries_updated_at before update on webhook_deliveries for each row execute function touch_updated_at();

-- One row per HTTP attempt, so a delivery's history (500, then 200) stays visible after it succeeds.
create table webhook_delivery_attempts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  delivery_id text not null,
  attempt integer not null check (attempt >= 1),
  status_code integer,
  error text check (length(error) <= 1000),
  response_body text check (length(response_body) <= 2048),
  duration_ms integer not null,
  attempted_at timestamptz not null default now(),
  primary key (tenant_id, delivery_id, attempt),
  foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade
);

do $$
declare t text;
begin
  foreach t in array array['webhook_endpoints', 'webhook_deliveries', 'webhook_delivery_attempts'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id))', t);
  end loop;
end $$;
