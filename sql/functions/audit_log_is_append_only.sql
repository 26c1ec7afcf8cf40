-- Trigger: the audit log is append-only, even for its owner (the application role lacks the privileges too).
create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
