-- Processes cache whether a session may still be used (src/http/session-cache.ts). Any change that can
-- end that — a session revoked or expired, a user disabled, re-roled or forced to change password, a
-- tenant deactivated — tells every process at once, on commit, through this channel.
create function notify_auth_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('embark_auth', tg_table_name);
  return null;
end $$;

create trigger sessions_auth_change after update on sessions for each row
  when (old.revoked_at is distinct from new.revoked_at or old.expires_at is distinct from new.expires_at)
  execute function notify_auth_change();
create trigger sessions_auth_delete after delete on sessions for each statement execute function notify_auth_change();

create trigger users_auth_change after update on users for each row
  when (old.disabled_at is distinct from new.disabled_at or old.role is distinct from new.role
        or old.must_change_password is distinct from new.must_change_password or old.tenant_id is distinct from new.tenant_id)
  execute function notify_auth_change();
create trigger users_auth_delete after delete on users for each statement execute function notify_auth_change();

create trigger tenants_auth_change after update on tenants for each row
  when (old.is_active is distinct from new.is_active)
  execute function notify_auth_change();
create trigger tenants_auth_delete after delete on tenants for each statement execute function notify_auth_change();
