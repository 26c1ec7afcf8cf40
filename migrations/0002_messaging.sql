-- Channels, the outbox, inbound webhook receipts and SMS opt-outs.
-- graphile-worker's own schema is installed by the migration runner before this file runs.

-- Per tenant and channel: which provider sends, from which address/number, with which credentials
-- (AES-256-GCM, see src/messaging/credentials.ts). No row means the built-in outbox provider.
create table channel_configs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  channel text not null check (channel in ('email', 'sms', 'voice')),
  provider text not null,
  from_address text not null default '',
  credentials_encrypted bytea,
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, channel)
);
-- inbound SMS and calls are routed by the number they were sent to: one enabled owner per number
create unique index channel_configs_inbound_number on channel_configs (channel, from_address)
  where enabled and channel in ('sms', 'voice') and from_address <> '';
create trigger channel_configs_updated_at before update on channel_configs for each row execute function touch_updated_at();

-- The outbox. A message is written in the transaction of the change that causes it and rendered and
-- sent by the worker. Secret variables (a temporary password) are kept only encrypted and only until sent.
create table messages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  channel text not null check (channel in ('email', 'sms', 'voice')),
  recipient text not null,
  bundle text not null,
  variant text not null default '',
  locale text not null default 'en',
  variables jsonb not null default '{}',
  secret_variables_encrypted bytea,
  artifacts jsonb not null default '{}',
  user_id uuid references users (id) on delete set null,
  related_type text,
  related_id text,
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'needs_attention', 'cancelled')),
  provider text,
  provider_message_id text,
  -- rendered when dispatched; secret values appear masked here
  subject text,
  content text,
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz,
  last_sequence integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  primary key (tenant_id, id)
);
create unique index messages_id_key on messages (id);
create index messages_tenant_status on messages (tenant_id, status, created_at desc);
create index messages_tenant_user on messages (tenant_id, user_id);
create index messages_provider_id on messages (provider, provider_message_id) where provider_message_id is not null;
create trigger messages_updated_at before update on messages for each row execute function touch_updated_at();

create table message_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id bigint generated always as identity,
  message_id uuid not null,
  status text not null,
  detail jsonb not null default '{}',
  provider_event_id text,
  sequence integer,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade
);
create index message_events_message on message_events (tenant_id, message_id, id);
-- a provider event (Twilio SequenceNumber, Telnyx event id) is applied once
create unique index message_events_provider_event on message_events (tenant_id, message_id, provider_event_id) where provider_event_id is not null;

-- Every inbound webhook, raw (bounded), before it is acted on. tenant_id is null when no tenant could
-- be resolved: the receipt is kept so an operator can see what arrived. (provider, event_id) is unique,
-- so a replay is recognised and answered without a second effect.
create table webhook_receipts (
  tenant_id uuid references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid() primary key,
  provider text not null,
  event_id text not null,
  event_type text,
  headers jsonb not null default '{}',
  body text not null,
  body_truncated boolean not null default false,
  outcome text not null default 'received',
  error text,
  received_at timestamptz not null default now()
);
create unique index webhook_receipts_event on webhook_receipts (provider, event_id);
create index webhook_receipts_tenant on webhook_receipts (tenant_id, received_at desc);

create table inbound_messages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  channel text not null,
  provider text not null,
  from_address text not null,
  to_address text not null,
  body text not null default '',
  receipt_id uuid references webhook_receipts (id) on delete set null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, id)
);

-- STOP opts a number out of a tenant's SMS; START opts it back in
create table sms_opt_outs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  phone_number text not null,
  opted_out_at timestamptz not null default now(),
  primary key (tenant_id, phone_number)
);

do $$
declare t text;
begin
  foreach t in array array['channel_configs', 'messages', 'message_events', 'webhook_receipts', 'inbound_messages', 'sms_opt_outs'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id))', t);
  end loop;
end $$;

-- graphile-worker's tables have row-level security and no policies: only their owner may touch them.
-- The application role (and triggers running as whoever inserted) queue jobs through this function,
-- which runs as that owner. It is the only way into the queue outside graphile-worker itself.
create function queue_job(p_task text, p_payload json, p_job_key text default null,
                          p_run_at timestamptz default null, p_max_attempts integer default 25)
returns void language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  perform graphile_worker.add_job(p_task, p_payload, run_at => p_run_at, job_key => p_job_key, max_attempts => p_max_attempts);
end $$;

-- Queues a message and its dispatch job in the caller's transaction. Callable from SQL (the signup
-- trigger) and from the application alike, so both paths write the outbox the same way.
create function enqueue_message(
  p_tenant_id uuid, p_channel text, p_recipient text, p_bundle text,
  p_variables jsonb default '{}', p_variant text default '', p_locale text default 'en',
  p_user_id uuid default null, p_artifacts jsonb default '{}', p_secret_variables_encrypted bytea default null,
  p_related_type text default null, p_related_id text default null
) returns uuid language plpgsql as $$
declare v_id uuid;
begin
  insert into messages (tenant_id, channel, recipient, bundle, variables, variant, locale, user_id, artifacts,
                        secret_variables_encrypted, related_type, related_id)
  values (p_tenant_id, p_channel, p_recipient, p_bundle, coalesce(p_variables, '{}'), coalesce(p_variant, ''),
          coalesce(p_locale, 'en'), p_user_id, coalesce(p_artifacts, '{}'), p_secret_variables_encrypted, p_related_type, p_related_id)
  returning id into v_id;
  insert into message_events (tenant_id, message_id, status) values (p_tenant_id, v_id, 'queued');
  perform queue_job('dispatch_message', json_build_object('tenant_id', p_tenant_id, 'message_id', v_id), 'message:' || v_id);
  return v_id;
end $$;
