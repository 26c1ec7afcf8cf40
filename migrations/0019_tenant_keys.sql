-- Keys and foreign keys of tenant tables name tenant_id, so the schema stays distributable by tenant
-- (Citus: a distributed table can only enforce a key, or check a foreign key, within one tenant's
-- shard). test/schema-catalog.test.ts checks every table; docs/scaling.md lists what is left.

-- every query names the tenant now (test/tenant-filter.test.ts), so the primary key (tenant_id, id)
-- serves each lookup by id; the id-only unique index is a second copy that only a distributed
-- planner would refuse
drop index messages_id_key;

-- a message's user and an API key's creator are users of the same tenant; the key now says so
alter table messages drop constraint messages_user_id_fkey,
  add constraint messages_user_fkey foreign key (tenant_id, user_id) references users (tenant_id, id) on delete set null (user_id);
alter table api_keys drop constraint api_keys_created_by_fkey,
  add constraint api_keys_created_by_fkey foreign key (tenant_id, created_by) references users (tenant_id, id) on delete set null (created_by);

-- a refusal had no key at all; rows are only ever inserted and pruned by (tenant_id, address, time)
alter table signup_refusals add column id bigint generated always as identity,
  add constraint signup_refusals_pkey primary key (tenant_id, id);
