-- Processes cache which API keys authenticate (src/http/access.ts), as they cache sessions: a key
-- revoked, re-scoped or moved tells every process at once, on commit, naming it (`api_keys:<id>`); a
-- delete (a tenant erased) names the table, and the caches forget every key. A tenant deactivated
-- already notifies (`tenants:<id>`), and the cache forgets that tenant's keys.
create trigger api_keys_auth_change after update on api_keys for each row
  when (old.revoked_at is distinct from new.revoked_at or old.scopes is distinct from new.scopes
        or old.tenant_id is distinct from new.tenant_id or old.key_hash is distinct from new.key_hash)
  execute function notify_auth_change();
create trigger api_keys_auth_delete after delete on api_keys for each statement execute function notify_auth_change();
