-- Counts events into the counters the tenant's rules read and evaluates the subjects whose counters
-- changed: each event (by name) of a user, with the organisation it counts for. Events no rule reads
-- cost one lookup. The caller holds the tenant's lock shared (onboarding_lock_tenant), taken before it
-- read or wrote the events, so a checklist change counting existing events cannot miss these.
create or replace function onboarding_count_events(p_tenant_id uuid, p_events text[], p_user_ids uuid[], p_organization_ids uuid[])
returns void language plpgsql as $$
declare
  v_bumps record;
  v_users uuid[];
  v_organizations uuid[];
  v_organization record;
begin
  perform assert_tenant_context(p_tenant_id);
  -- the subjects and counters these events move, when a rule reads them
  with deltas as (
    select f.user_id, f.organization_id, d.counter, d.delta, f.n
      from unnest(p_events, p_user_ids, p_organization_ids) with ordinality as f (event, user_id, organization_id, n)
      cross join lateral onboarding_counter_deltas(f.event) as d
     where exists (select 1 from checklist_watches w where w.tenant_id = p_tenant_id and w.counter = d.counter)
  )
  select array_agg(distinct user_id) filter (where user_id is not null) as users,
         array_agg(distinct organization_id) filter (where organization_id is not null) as organizations
    into v_bumps from deltas;
  if v_bumps.users is null and v_bumps.organizations is null then
    return;
  end if;
  perform onboarding_lock_subjects(p_tenant_id, 'organization', v_bumps.organizations);
  perform onboarding_lock_subjects(p_tenant_id, 'user', v_bumps.users);

  insert into onboarding_counters as c (tenant_id, subject_type, subject_id, counter, value)
  select p_tenant_id, s.subject_type, s.subject_id, d.counter, sum(d.delta)
    from unnest(p_events, p_user_ids, p_organization_ids) as f (event, user_id, organization_id)
    cross join lateral onboarding_counter_deltas(f.event) as d
    cross join lateral (values ('user', f.user_id), ('organization', f.organization_id)) as s (subject_type, subject_id)
   where s.subject_id is not null
     and exists (select 1 from checklist_watches w where w.tenant_id = p_tenant_id and w.counter = d.counter)
   group by s.subject_type, s.subject_id, d.counter
  on conflict (tenant_id, subject_type, subject_id, counter) do update set value = c.value + excluded.value, updated_at = now();

  if v_bumps.users is not null then
    perform onboarding_evaluate(p_tenant_id, 'user', v_bumps.users);
  end if;
  -- an organisation's task is completed by the member whose event it was: the last one in this batch
  for v_organization in
    select distinct on (f.organization_id) f.organization_id, f.user_id
      from unnest(p_user_ids, p_organization_ids) with ordinality as f (user_id, organization_id, n)
     where f.organization_id = any(v_bumps.organizations)
     order by f.organization_id, f.n desc
  loop
    perform onboarding_evaluate(p_tenant_id, 'organization', array[v_organization.organization_id], v_organization.user_id);
  end loop;
end $$;
