-- After tracked events are stored: when some are for a day the tenant's rollups already hold (a
-- backfill, a client sending late), the rollups are stale from that day (analytics_rollups.stale_from):
-- reads count those days live until the next analytics_rollup rewrites them. Events for today cost
-- one aggregate over the statement's rows and no write.
create or replace function analytics_mark_stale() returns trigger
language plpgsql as $$
begin
  update analytics_rollups r
     set stale_from = least(r.stale_from, n.first_day)
    from (select ne.tenant_id, (min(ne.occurred_at) at time zone 'UTC')::date as first_day from new_events ne group by ne.tenant_id) n
   where r.tenant_id = n.tenant_id and n.first_day <= r.rolled_through and (r.stale_from is null or n.first_day < r.stale_from);
  return null;
end $$;
