-- Trigger: an append-only table (the event log) refuses every update and delete, even its owner's
-- (the application role lacks the privileges too: its comment says append-only, see src/db/migrate.ts).
create or replace function table_is_append_only() returns trigger language plpgsql as $$
begin
  -- erasing a tenant (its grace period over) removes its rows with it: the one delete allowed
  if tg_op = 'DELETE' and current_setting('app.erasing_tenant', true) = 'on' then
    return null;
  end if;
  raise exception '% is append-only', tg_table_name;
end $$;
