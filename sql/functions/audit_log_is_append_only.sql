-- Trigger: the audit log is append-only, even for its owner (the application role lacks the privileges too).
create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  -- erasing a tenant (its grace period over) removes its rows with it: the one delete allowed
  if tg_op = 'DELETE' and current_setting('app.erasing_tenant', true) = 'on' then
    return null;
  end if;
  raise exception 'audit_log is append-only';
end $$;
