-- The month partition of tracked_events that holds p_month (any day of it), made when missing: rows of
-- that month already in the default partition move into it. Row-level security as on the parent.
create or replace function make_tracked_events_partition(p_month date) returns text
language plpgsql set app.system = 'on' as $$
declare
  v_from date := date_trunc('month', p_month)::date;
  v_to date := (date_trunc('month', p_month) + interval '1 month')::date;
  v_name text := format('tracked_events_y%sm%s', to_char(v_from, 'YYYY'), to_char(v_from, 'MM'));
begin
  if to_regclass(v_name) is not null then
    return v_name;
  end if;
  execute format('create temporary table tracked_events_moving on commit drop as select * from tracked_events_default where occurred_at >= %L and occurred_at < %L', v_from, v_to);
  execute format('delete from tracked_events_default where occurred_at >= %L and occurred_at < %L', v_from, v_to);
  execute format('create table %I partition of tracked_events for values from (%L) to (%L)', v_name, v_from, v_to);
  execute format('alter table %I enable row level security', v_name);
  execute format('alter table %I force row level security', v_name);
  execute format('create policy tenant_isolation on %I using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id))', v_name);
  insert into tracked_events overriding system value select * from tracked_events_moving;
  drop table tracked_events_moving;
  return v_name;
end $$;

