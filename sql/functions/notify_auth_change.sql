-- Processes cache whether a session may still be used (src/http/session-cache.ts). Any change that can
-- end that — a session revoked or expired, a user disabled, re-roled or forced to change password, a
-- tenant deactivated — tells every process at once, on commit, through this channel, naming the row:
-- `sessions:<id>`, `users:<id>` or `tenants:<id>`, so a cache forgets only the sessions it touches.
-- The statement-level triggers (deletes) have no row and send the table's name: forget everything.
create or replace function notify_auth_change() returns trigger language plpgsql as $$
begin
  if tg_level = 'ROW' then
    perform pg_notify('embark_auth', tg_table_name || ':' || new.id);
  else
    perform pg_notify('embark_auth', tg_table_name);
  end if;
  return null;
end $$;
