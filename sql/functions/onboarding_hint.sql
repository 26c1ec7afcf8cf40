-- A metadata value as a name hint: a string, control characters dropped, trimmed, at most p_max
-- characters, null when empty. The HTTP paths refuse such input with 400; rows inserted with SQL by
-- another system are taken as they are, made safe here instead of failing that system's insert.
create or replace function onboarding_hint(p_metadata jsonb, p_key text, p_max integer) returns text
language sql immutable parallel safe as $$
  -- one expression, so the planner inlines it into the query that calls it
  select case when jsonb_typeof(p_metadata -> p_key) = 'string'
              then nullif(left(btrim(regexp_replace(p_metadata ->> p_key, '[[:cntrl:]]', '', 'g')), p_max), '') end
$$;
