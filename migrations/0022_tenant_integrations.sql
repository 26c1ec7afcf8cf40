-- One integrations store (issue 10 §7): a tenant's credentials for every vendor Embark talks to, keyed
-- by (tenant, kind, provider) and sealed (src/secrets.ts). channel_configs becomes it in place, so an
-- existing install keeps its channels, senders and sealed credentials: a row there is the active
-- integration of its kind. Mailbox (issue 14) and e-sign credentials have a home here too.
alter table channel_configs rename to tenant_integrations;
alter table tenant_integrations rename column channel to kind;
alter table tenant_integrations rename constraint channel_configs_tenant_id_fkey to tenant_integrations_tenant_id_fkey;
alter table tenant_integrations drop constraint channel_configs_channel_check;
alter table tenant_integrations add constraint tenant_integrations_kind_check check (kind in ('email', 'sms', 'voice', 'mailbox', 'esign'));
alter trigger channel_configs_updated_at on tenant_integrations rename to tenant_integrations_updated_at;

-- several providers of a kind may be stored (switching back keeps the other's credentials); at most one
-- is active, and that one sends (email, sms, voice) or provisions (mailbox, esign)
alter table tenant_integrations add column active boolean not null default true;
alter table tenant_integrations drop constraint channel_configs_pkey;
alter table tenant_integrations add primary key (tenant_id, kind, provider);
create unique index tenant_integrations_one_active on tenant_integrations (tenant_id, kind) where active;

-- Inbound SMS and calls are routed by the number they were sent to, to exactly one tenant. The unique
-- index that held that had no tenant_id, which a table distributed by tenant cannot have; a small global
-- table (a Citus reference table) holds it instead, written in the transaction that saves the integration.
drop index channel_configs_inbound_number;
create table inbound_addresses (
  channel text not null check (channel in ('sms', 'voice')),
  address text not null,
  tenant_id uuid not null references tenants (id) on delete cascade,
  primary key (channel, address)
);
create index inbound_addresses_tenant on inbound_addresses (tenant_id);
insert into inbound_addresses (channel, address, tenant_id)
  select kind, from_address, tenant_id from tenant_integrations
   where enabled and active and kind in ('sms', 'voice') and from_address <> '';
alter table inbound_addresses enable row level security;
alter table inbound_addresses force row level security;
create policy tenant_isolation on inbound_addresses using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));

-- The channels as messaging reads them: each tenant's active email, sms and voice integration, under
-- the name and columns the dispatch and onboarding SQL use. security_invoker keeps the store's
-- row-level security for whoever reads through it.
create view channel_configs with (security_invoker = true) as
  select tenant_id, kind as channel, provider, from_address, credentials_encrypted, enabled, updated_at
    from tenant_integrations
   where active and kind in ('email', 'sms', 'voice');
