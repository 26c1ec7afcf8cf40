-- A funnel over a tenant's events (analytics_events), PostHog's ordered kind: a person (a user, or
-- the app's external id for someone Embark does not know) enters with their first p_steps[1] event in
-- [p_from, p_to), and reaches step k with the first p_steps[k] event at or after the step before it
-- (strictly after when both steps are the same event) and within p_window of entering. Answers one
-- row per person who entered: how far they got (reached, 1-based) and when they reached each step.
-- Each step is one pass over that event's rows in the range, read from the index alone
-- (tracked_events_event_people, events_user_type_occurred), joined to the people of the step before
-- by hash on (user id, external id) — never on text built per row, which made every step a sort.
create or replace function analytics_funnel(p_tenant_id uuid, p_steps text[], p_from timestamptz, p_to timestamptz, p_window interval)
returns table (subject text, user_id uuid, external_user_id text, organization_id uuid, reached integer, reached_at timestamptz[])
language plpgsql stable
-- the first step's people are sorted once; a bigger sort memory keeps that off the disk
set work_mem = '32MB'
as $$
declare
  v_steps integer := coalesce(cardinality(p_steps), 0);
  v_sql text;
  v_levels text := 'select s1.*, 1 as reached from s1';
begin
  perform assert_tenant_context(p_tenant_id);
  if v_steps < 1 or v_steps > 10 then
    raise exception 'analytics_funnel: 1 to 10 steps, not %', v_steps using errcode = 'invalid_parameter_value';
  end if;
  -- a person's key: (user id or the zero uuid, external id or ''), both hashable as they are
  v_sql := 'with s1 as materialized (
      select distinct on (x.uid, x.ext) x.uid, x.ext, x.user_id, x.external_user_id, x.organization_id, x.occurred_at as t1, array[x.occurred_at] as at
        from (select coalesce(e.user_id, ''00000000-0000-0000-0000-000000000000''::uuid) as uid, coalesce(e.external_user_id, '''') as ext,
                     e.user_id, e.external_user_id, e.organization_id, e.occurred_at
                from analytics_events e
               where e.tenant_id = $1 and e.event = $2[1] and e.occurred_at >= $3 and e.occurred_at < $4
                 and (e.user_id is not null or e.external_user_id is not null)) x
       order by x.uid, x.ext, x.occurred_at)';
  for k in 2..v_steps loop
    v_sql := v_sql || format(',
    s%1$s as materialized (
      select p.uid, p.ext, p.user_id, p.external_user_id, p.organization_id, p.t1, p.at || min(e.occurred_at) as at
        from s%2$s p
        join analytics_events e on e.tenant_id = $1 and e.event = $2[%1$s]
             and coalesce(e.user_id, ''00000000-0000-0000-0000-000000000000''::uuid) = p.uid and coalesce(e.external_user_id, '''') = p.ext
             and e.occurred_at >= $3 and e.occurred_at < $4 + $5
             and e.occurred_at %3$s p.at[%2$s] and e.occurred_at <= p.t1 + $5
       group by p.uid, p.ext, p.user_id, p.external_user_id, p.organization_id, p.t1, p.at)',
      k, k - 1, case when p_steps[k] = p_steps[k - 1] then '>' else '>=' end);
    v_levels := v_levels || format(' union all select s%1$s.*, %1$s from s%1$s', k);
  end loop;
  v_sql := v_sql || '
    select coalesce(l.user_id::text, ''external:'' || l.external_user_id), l.user_id, l.external_user_id, l.organization_id, l.reached, l.at
      from (select distinct on (a.uid, a.ext) a.* from (' || v_levels || ') a order by a.uid, a.ext, a.reached desc) l';
  return query execute v_sql using p_tenant_id, p_steps, p_from, p_to, p_window;
end $$;
