-- Processes cache whether a session may still be used (src/http/session-cache.ts). Any change that can
-- end that — a session revoked or expired, a user disabled, re-roled or forced to change password, a
-- tenant deactivated — tells every process at once, on commit, through this channel.
create or replace function notify_auth_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('embark_auth', tg_table_name);
  return null;
end $$;
