-- Keys and foreign keys of tenant tables name tenant_id, so the schema stays distributable by tenant
-- (Citus: a distributed table can only enforce a key, or check a foreign key, within one tenant's
-- shard). test/schema-catalog.test.ts checks every table; docs/scaling.md lists what is left.

-- every query names the tenant now (test/tenant-filter.test.ts), so the primary key (tenant_id, id)
-- serves each lookup by id; the id-only unique index is a second copy that only a distributed
-- planner would refuse
drop index messages_id_key;

-- a message's user is a user of the message's tenant; the key now says so. (An API key's creator
-- stays keyed by id alone: a global admin acting in the tenant creates keys too, and is no row of it.)
alter table messages drop constraint messages_user_id_fkey,
  add constraint messages_user_fkey foreign key (tenant_id, user_id) references users (tenant_id, id) on delete set null (user_id);

-- a refusal had no key at all; rows are only ever inserted and pruned by (tenant_id, address, time)
alter table signup_refusals add column id bigint generated always as identity,
  add constraint signup_refusals_pkey primary key (tenant_id, id);
