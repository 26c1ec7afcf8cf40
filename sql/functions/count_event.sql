-- Adds p_by to the shared counter p_name (embark_counters: no tenant's data, system work only).
create or replace function count_event(p_name text, p_by bigint default 1) returns void language sql as $$
  insert into embark_counters (name, value) values (p_name, p_by)
  on conflict (name) do update set value = embark_counters.value + excluded.value, updated_at = now()
$$;
