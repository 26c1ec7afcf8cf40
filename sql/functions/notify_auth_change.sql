-- Processes cache whether a session may still be used (src/http/session-cache.ts). Any change that can
-- end that — a session revoked or expired, a user disabled, re-roled or forced to change password, a
-- tenant deactivated — tells every process at once, on commit, through this channel, naming the row:
-- `sessions:<id>`, `users:<id>` or `tenants:<id>`, so a cache forgets only the sessions it touches. A
-- global admin's session and account (platform_sessions, platform_admins) are named like a tenant
-- user's: their ids are uuids of their own, and the cache does not need to know where a session lives.
-- The statement-level triggers (deletes) have no row and send the table's name: forget everything.
create or replace function notify_auth_change() returns trigger language plpgsql as $$
declare
  v_kind text := case tg_table_name when 'platform_sessions' then 'sessions' when 'platform_admins' then 'users' else tg_table_name end;
begin
  if tg_level = 'ROW' then
    perform pg_notify('embark_auth', v_kind || ':' || new.id);
  else
    perform pg_notify('embark_auth', v_kind);
  end if;
  return null;
end $$;
