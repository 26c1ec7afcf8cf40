-- What one event adds to the counters rules read: 'event:<name>' +1, and for <kind>.created or
-- <kind>.deleted, 'live:<kind>' +1 or -1.
create or replace function onboarding_counter_deltas(p_event text) returns table (counter text, delta integer)
language sql immutable as $$
  select 'event:' || p_event, 1
  union all
  select 'live:' || left(p_event, -8), case when p_event like '%.created' then 1 else -1 end
   where length(p_event) > 8 and (p_event like '%.created' or p_event like '%.deleted')
$$;
