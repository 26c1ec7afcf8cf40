-- API keys and password links now carry their tenant in their text (emb_<tenant>_<prefix>_<secret>,
-- pwl_<tenant>_<secret>; src/identities/tokens.ts), so they are found by (tenant_id, prefix) and
-- (tenant_id, token_hash): keys a table distributed by tenant can enforce (issue 10 §9).
--
-- Those issued before keep working: they are the rows marked issued_without_tenant, still found by their
-- prefix or hash alone through a non-unique partial index, until they are revoked or expire
-- (docs/scaling.md says when that fallback can go). The column defaults to true so that a row inserted by
-- an older build during a rolling deploy, whose key has no tenant in it, is marked too; this build says
-- false on every insert.
alter table api_keys add column issued_without_tenant boolean not null default true;
drop index api_keys_prefix_key;
create unique index api_keys_tenant_prefix_key on api_keys (tenant_id, prefix);
create index api_keys_prefix_without_tenant on api_keys (prefix) where issued_without_tenant;

alter table password_tokens add column issued_without_tenant boolean not null default true;
drop index password_tokens_hash;
create unique index password_tokens_tenant_hash_key on password_tokens (tenant_id, token_hash);
create index password_tokens_hash_without_tenant on password_tokens (token_hash) where issued_without_tenant;

-- Refresh tokens name their tenant too (rt_<tenant>_<secret>, rt_global_<secret> for a global admin) and
-- are looked up by (tenant_id, token_hash); their key stays (token_hash) while global admins' tokens are
-- tenant_id-null rows of this table.
