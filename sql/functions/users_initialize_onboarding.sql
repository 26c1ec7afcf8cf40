-- Every user row initialises itself, whoever inserted it: Embark's own paths and another system writing
-- users with SQL alike. That system may not set app.tenant_id, so the trigger runs as system work (the
-- SET clause is undone when it returns); global admins (no tenant) have nothing to initialise.
create or replace function users_initialize_onboarding() returns trigger
language plpgsql set app.system = 'on' as $$
begin
  if new.tenant_id is not null then
    perform initialize_user_onboarding(new.id);
  end if;
  return null;
end $$;
