-- The message as dispatch reads it (read_message_for_dispatch) as it was before this claim took it:
-- queued, with the attempts made before this one. Used when a claim is asked for again.
create or replace function message_as_claimed(p_read jsonb) returns jsonb language sql immutable as $$
  select jsonb_set(jsonb_set(p_read, '{message,attempts}', to_jsonb((p_read -> 'message' ->> 'attempts')::int - 1)),
                   '{message,status}', '"queued"')
$$;
