-- The tracked events' upkeep, run by the worker's sweep (and after migrating): makes the months from
-- last month to three ahead, deletes each tenant's events older than its retention
-- (analytics_settings.retention_days, default 395), drops whole months older than every tenant's
-- retention, and forgets message ids older than that. Answers what it did.
create or replace function maintain_tracked_events(p_now timestamptz default now()) returns jsonb
language plpgsql set app.system = 'on' as $$
declare
  v_month date;
  v_longest integer;
  v_partition record;
  v_dropped text[] := '{}';
  v_deleted bigint;
  v_count bigint;
  v_setting record;
begin
  for v_month in select generate_series(date_trunc('month', p_now) - interval '1 month', date_trunc('month', p_now) + interval '3 months', interval '1 month')::date loop
    perform make_tracked_events_partition(v_month);
  end loop;
  select greatest(coalesce(max(retention_days), 395), 395) into v_longest from analytics_settings;
  -- each tenant with a retention of its own, then everyone else's 395 days
  v_deleted := 0;
  for v_setting in select s.tenant_id, s.retention_days from analytics_settings s loop
    delete from tracked_events te where te.tenant_id = v_setting.tenant_id and te.occurred_at < p_now - make_interval(days => v_setting.retention_days);
    get diagnostics v_count = row_count;
    v_deleted := v_deleted + v_count;
  end loop;
  delete from tracked_events te
   where te.occurred_at < p_now - interval '395 days' and not exists (select 1 from analytics_settings s where s.tenant_id = te.tenant_id);
  get diagnostics v_count = row_count;
  v_deleted := v_deleted + v_count;
  for v_partition in
    select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'tracked_events'::regclass and c.relname ~ '^tracked_events_y[0-9]{4}m[0-9]{2}$'
  loop
    if (to_date(substr(v_partition.relname, 17, 4) || substr(v_partition.relname, 22, 2), 'YYYYMM') + interval '1 month') < p_now - make_interval(days => v_longest) then
      execute format('drop table %I', v_partition.relname);
      v_dropped := v_dropped || v_partition.relname::text;
    end if;
  end loop;
  delete from tracked_event_ids where received_at < p_now - make_interval(days => v_longest);
  return jsonb_build_object('deleted', v_deleted, 'dropped', to_jsonb(v_dropped));
end $$;
