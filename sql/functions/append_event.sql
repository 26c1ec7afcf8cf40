-- One event appended to the log: append_events (the one writer, sql/functions/append_events.sql) with
-- a list of one. Answers the event's id.
create or replace function append_event(p_tenant_id uuid, p_type text, p_subject_type text, p_subject_id text, p_actor jsonb,
                                        p_payload jsonb)
returns bigint language plpgsql as $$
declare
  v_id bigint;
begin
  select a.id into v_id
    from append_events(p_tenant_id, jsonb_build_array(jsonb_build_object(
      'type', p_type, 'subject_type', p_subject_type, 'subject_id', p_subject_id, 'actor', p_actor, 'payload', p_payload))) as a (id);
  return v_id;
end $$;
