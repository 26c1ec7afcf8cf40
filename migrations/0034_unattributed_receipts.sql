-- Receipts of webhooks that belong to no tenant (an unknown number or mailbox, a signature that did
-- not verify) were tenant_id-null rows of webhook_receipts, deduplicated across all tenants, which a
-- table distributed by tenant cannot hold (issue 10 §9, the last gap). They move to a table of their
-- own (coordinator-local: written before any tenant is known, read by global admins), and
-- webhook_receipts becomes an ordinary tenant table: keyed (tenant_id, id), each tenant's receipts
-- deduplicated by (tenant_id, provider, event_id) — one tenant's event ids can no longer collide with
-- another's.
select set_config('app.system', 'on', true);

create table unattributed_receipts (
  id uuid primary key default gen_random_uuid(),
  provider text not null,
  event_id text not null,
  event_type text,
  headers jsonb not null default '{}',
  body text not null,
  body_truncated boolean not null default false,
  outcome text not null,
  error text,
  source_address text,
  received_at timestamptz not null default now()
);
create index unattributed_receipts_address on unattributed_receipts (source_address, received_at);
create index unattributed_receipts_age on unattributed_receipts (received_at);
alter table unattributed_receipts enable row level security;
alter table unattributed_receipts force row level security;
-- system work only (inbound routing, a global admin's metrics): no tenant may read another's strays
create policy system_only on unattributed_receipts using (app_row_visible(null)) with check (app_row_visible(null));

insert into unattributed_receipts (id, provider, event_id, event_type, headers, body, body_truncated, outcome, error, source_address, received_at)
  select id, provider, event_id, event_type, headers, body, body_truncated, outcome, error, source_address, received_at
    from webhook_receipts where tenant_id is null;

alter table inbound_messages drop constraint inbound_messages_receipt_id_fkey;
delete from webhook_receipts where tenant_id is null;
drop index webhook_receipts_event;
drop index webhook_receipts_unattributed;
drop index webhook_receipts_unattributed_age;
alter table webhook_receipts drop column source_address;
alter table webhook_receipts alter column tenant_id set not null;
alter table webhook_receipts drop constraint webhook_receipts_pkey, add primary key (tenant_id, id);
create unique index webhook_receipts_event on webhook_receipts (tenant_id, provider, event_id);
alter table inbound_messages add constraint inbound_messages_receipt_fkey
  foreign key (tenant_id, receipt_id) references webhook_receipts (tenant_id, id) on delete set null (receipt_id);
