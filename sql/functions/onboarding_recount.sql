-- Counts the given counters afresh from the events stored so far (tracked and domain events alike), for
-- every subject: what a checklist change runs for the counters its rules newly read, so existing
-- customers see their past steps done. The caller holds the tenant's lock exclusive. Events already
-- removed by retention are not counted. Answers how many counter rows it wrote.
create or replace function onboarding_recount(p_tenant_id uuid, p_counters text[]) returns integer
language plpgsql as $$
declare
  v_written integer;
begin
  perform assert_tenant_context(p_tenant_id);
  delete from onboarding_counters c where c.tenant_id = p_tenant_id and c.counter = any(p_counters);
  with names as (
    -- the event names that move these counters
    select distinct on (name) name from (
      select substr(counter, 7) as name from unnest(p_counters) as counter where counter like 'event:%'
      union all
      select substr(counter, 6) || suffix from unnest(p_counters) as counter, unnest(array['.created', '.deleted']) as suffix where counter like 'live:%'
    ) n
  ),
  happened as (
    select te.event, te.user_id, te.organization_id from tracked_events te
     where te.tenant_id = p_tenant_id and te.event in (select name from names)
    union all
    select e.type, e.user_id, m.organization_id from events e
      left join organization_members m on m.tenant_id = e.tenant_id and m.user_id = e.user_id
     where e.tenant_id = p_tenant_id and e.type in (select name from names) and e.user_id is not null
  ),
  written as (
    insert into onboarding_counters (tenant_id, subject_type, subject_id, counter, value)
    select p_tenant_id, s.subject_type, s.subject_id, d.counter, sum(d.delta)
      from happened h
      cross join lateral onboarding_counter_deltas(h.event) as d
      cross join lateral (values ('user', h.user_id), ('organization', h.organization_id)) as s (subject_type, subject_id)
     where s.subject_id is not null and d.counter = any(p_counters)
     group by s.subject_type, s.subject_id, d.counter
    returning 1
  )
  select count(*) into v_written from written;
  return v_written;
end $$;
