-- Domain events are tracked automatically (issue 12 §4): every statement that appends to the event log
-- counts the new events a rule reads, for the user each is about (events.user_id) and that user's
-- organisation, exactly as ingested events are. A new user (user.created) gets their progress through
-- the checklists that apply to them at once. A tenant whose rules read none of these pays one lookup.
-- onboarding.* events themselves are never counted (rules may not read them: no loop).
create or replace function events_feed_onboarding() returns trigger
language plpgsql as $$
declare
  v_tenant record;
  v_new_users uuid[];
begin
  for v_tenant in select distinct n.tenant_id from new_events n where n.user_id is not null and n.type not like 'onboarding.%' loop
    perform onboarding_lock_tenant(v_tenant.tenant_id);
    continue when not exists (select 1 from checklists c where c.tenant_id = v_tenant.tenant_id and c.deleted_at is null);
    if exists (select 1 from checklist_watches w where w.tenant_id = v_tenant.tenant_id) then
      perform onboarding_count_events(v_tenant.tenant_id, array_agg(n.type order by n.id), array_agg(n.user_id order by n.id), array_agg(m.organization_id order by n.id))
         from new_events n
         left join organization_members m on m.tenant_id = n.tenant_id and m.user_id = n.user_id
        where n.tenant_id = v_tenant.tenant_id and n.user_id is not null and n.type not like 'onboarding.%';
    end if;
    select array_agg(n.user_id) into v_new_users from new_events n where n.tenant_id = v_tenant.tenant_id and n.type = 'user.created' and n.user_id is not null;
    if v_new_users is not null then
      perform onboarding_lock_subjects(v_tenant.tenant_id, 'user', v_new_users);
      perform onboarding_evaluate(v_tenant.tenant_id, 'user', v_new_users);
    end if;
  end loop;
  return null;
end $$;
