-- Rolls a tenant's closed days (UTC) up into analytics_daily_actives, _events and _totals, from
-- p_from (default: the last day rolled before, so events that arrived late for it are counted, or the
-- first day events arrived for after it was rolled (stale_from), or the tenant's first event when
-- nothing was rolled) through p_through (default yesterday; never
-- today, which is always read live). Each day rolled is rewritten whole, so a rerun changes nothing.
-- Answers how many days it rolled. onboarding.* domain events are counted as events, not as activity.
create or replace function analytics_rollup(p_tenant_id uuid, p_through date default null, p_from date default null) returns integer
language plpgsql as $$
declare
  v_today date := (now() at time zone 'UTC')::date;
  v_through date := coalesce(p_through, v_today - 1);
  v_from date := p_from;
  v_first timestamptz;
  v_start timestamptz;
  v_end timestamptz;
begin
  perform assert_tenant_context(p_tenant_id);
  if v_through >= v_today then
    raise exception 'analytics_rollup: % is not a closed day (today, UTC, is %)', v_through, v_today using errcode = 'invalid_parameter_value';
  end if;
  -- two sweeps rolling one tenant would each delete and insert the same days
  perform pg_advisory_xact_lock(hashtext('analytics_rollup'), hashtext(p_tenant_id::text));
  if v_from is null then
    select least(r.rolled_through, r.stale_from) into v_from from analytics_rollups r where r.tenant_id = p_tenant_id;
  end if;
  if v_from is null then
    select least((select min(te.occurred_at) from tracked_events te where te.tenant_id = p_tenant_id),
                 (select min(e.occurred_at) from events e where e.tenant_id = p_tenant_id and e.user_id is not null))
      into v_first;
    v_from := coalesce((v_first at time zone 'UTC')::date, v_through + 1);
  end if;
  if v_from <= v_through then
    v_start := v_from::timestamp at time zone 'UTC';
    v_end := (v_through + 1)::timestamp at time zone 'UTC';
    delete from analytics_daily_actives a where a.tenant_id = p_tenant_id and a.day between v_from and v_through;
    delete from analytics_daily_events d where d.tenant_id = p_tenant_id and d.day between v_from and v_through;
    delete from analytics_daily_totals d where d.tenant_id = p_tenant_id and d.day between v_from and v_through;
    insert into analytics_daily_actives (tenant_id, day, user_id, organization_id, events)
    select p_tenant_id, (e.occurred_at at time zone 'UTC')::date, e.user_id, max(e.organization_id::text)::uuid, count(*)
      from analytics_events e
     where e.tenant_id = p_tenant_id and e.occurred_at >= v_start and e.occurred_at < v_end
       and e.user_id is not null and e.event not like 'onboarding.%'
     group by 2, 3;
    insert into analytics_daily_events (tenant_id, day, event, events, people)
    select p_tenant_id, (e.occurred_at at time zone 'UTC')::date, e.event, count(*),
           count(distinct coalesce(e.user_id::text, 'external:' || e.external_user_id))
      from analytics_events e
     where e.tenant_id = p_tenant_id and e.occurred_at >= v_start and e.occurred_at < v_end
     group by 2, 3;
    insert into analytics_daily_totals (tenant_id, day, active_users, events)
    select p_tenant_id, d.day, coalesce((select count(*) from analytics_daily_actives a where a.tenant_id = p_tenant_id and a.day = d.day), 0), sum(d.events)
      from analytics_daily_events d
     where d.tenant_id = p_tenant_id and d.day between v_from and v_through
     group by d.day;
  end if;
  insert into analytics_rollups as r (tenant_id, rolled_through)
  values (p_tenant_id, v_through)
  on conflict (tenant_id) do update
     set rolled_through = greatest(r.rolled_through, excluded.rolled_through),
         -- days before v_from stay stale (a p_from later than the stale day)
         stale_from = case when r.stale_from < v_from then r.stale_from end,
         rolled_at = now();
  return greatest(v_through - v_from + 1, 0);
end $$;
