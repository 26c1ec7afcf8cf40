-- Counts events into the counters the tenant's rules read and evaluates the subjects whose counters
-- changed a task: each event (by name) of a user, with the organisation it counts for. Events no rule
-- reads cost one lookup. The caller holds the tenant's lock shared (onboarding_lock_tenant), taken before it
-- read or wrote the events, so a checklist change counting existing events cannot miss these.
create or replace function onboarding_count_events(p_tenant_id uuid, p_events text[], p_user_ids uuid[], p_organization_ids uuid[])
returns void language plpgsql as $$
declare
  v_bumps record;
  v_organization record;
  v_watched text[];
  v_watched_events text[];
begin
  perform assert_tenant_context(p_tenant_id);
  -- the counters rules read, and the event names that move them (a name moves 'event:<name>', and
  -- 'live:<kind>' for <kind>.created / <kind>.deleted)
  select array_agg(w.counter) into v_watched from checklist_watches w where w.tenant_id = p_tenant_id;
  select array_agg(distinct e.event) into v_watched_events
    from (select distinct n.event from unnest(p_events) as n (event)) as e cross join lateral onboarding_counter_deltas(e.event) as d
   where d.counter = any(v_watched);
  if v_watched_events is null then
    return;
  end if;
  -- the subjects and counters these events move, when a rule reads them
  select array_agg(distinct f.user_id) filter (where f.user_id is not null) as users,
         array_agg(distinct f.organization_id) filter (where f.organization_id is not null) as organizations
    into v_bumps
    from unnest(p_events, p_user_ids, p_organization_ids) as f (event, user_id, organization_id)
   where f.event = any(v_watched_events);
  if v_bumps.users is null and v_bumps.organizations is null then
    return;
  end if;
  perform onboarding_lock_subjects(p_tenant_id, 'organization', v_bumps.organizations);
  perform onboarding_lock_subjects(p_tenant_id, 'user', v_bumps.users);

  -- count them, and keep for evaluation only the subjects a task can have changed for: a counter that
  -- crossed a rule's threshold (count, min) either way, or a subject with no progress recorded yet.
  -- A counter that moved without crossing one changes no task's truth (onboarding_truth).
  with deltas as (
    select s.subject_type, s.subject_id, d.counter, sum(d.delta)::bigint as delta
      from unnest(p_events, p_user_ids, p_organization_ids) as f (event, user_id, organization_id)
      cross join lateral onboarding_counter_deltas(f.event) as d
      cross join lateral (values ('user', f.user_id), ('organization', f.organization_id)) as s (subject_type, subject_id)
     where s.subject_id is not null and f.event = any(v_watched_events) and d.counter = any(v_watched)
     group by s.subject_type, s.subject_id, d.counter
  ),
  counted as (
    insert into onboarding_counters as c (tenant_id, subject_type, subject_id, counter, value)
    select p_tenant_id, d.subject_type, d.subject_id, d.counter, d.delta from deltas d
    on conflict (tenant_id, subject_type, subject_id, counter) do update set value = c.value + excluded.value, updated_at = now()
    returning c.subject_type, c.subject_id, c.counter, c.value
  ),
  thresholds as (
    select distinct case t.rule ->> 'kind' when 'event' then 'event:' || (t.rule ->> 'event') else 'live:' || (t.rule ->> 'object') end as counter,
           (case t.rule ->> 'kind' when 'event' then t.rule ->> 'count' else t.rule ->> 'min' end)::bigint as threshold
      from checklists ch
      join checklist_tasks t on t.tenant_id = ch.tenant_id and t.checklist_key = ch.key and t.version = ch.version
     where ch.tenant_id = p_tenant_id and ch.deleted_at is null and t.rule ->> 'kind' in ('event', 'live_count')
  ),
  moved as (
    select distinct c.subject_type, c.subject_id
      from counted c join deltas d on d.subject_type = c.subject_type and d.subject_id = c.subject_id and d.counter = c.counter
     where exists (select 1 from thresholds th where th.counter = c.counter and (c.value >= th.threshold) <> (c.value - d.delta >= th.threshold))
        or not exists (select 1 from onboarding_progress pr where pr.tenant_id = p_tenant_id and pr.subject_type = c.subject_type and pr.subject_id = c.subject_id)
  )
  select array_agg(m.subject_id) filter (where m.subject_type = 'user') as users,
         array_agg(m.subject_id) filter (where m.subject_type = 'organization') as organizations
    into v_bumps from moved m;

  if v_bumps.users is not null then
    perform onboarding_evaluate(p_tenant_id, 'user', v_bumps.users);
  end if;
  if v_bumps.organizations is null then
    return;
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
