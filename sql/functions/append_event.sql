-- The one writer of the event log (docs/events.md): records the event in the caller's transaction and
-- queues its webhook deliveries, one per enabled endpoint that subscribes to its type, each pointing
-- at the event. The webhook body is {"type", "timestamp" (the event's occurred_at), "data" (its
-- payload)}. Answers the event's id. The message dispatcher calls it for every sent message, so the
-- common tenant without endpoints pays one insert and insert_webhook_deliveries' quick check. The
-- deliveries' jobs take deliver_webhook's attempts (queue_job, job_max_attempts).
create or replace function append_event(p_tenant_id uuid, p_type text, p_subject_type text, p_subject_id text, p_actor jsonb,
                                        p_payload jsonb)
returns bigint language plpgsql as $$
declare
  v_id bigint;
  v_occurred_at timestamptz;
begin
  perform assert_tenant_context(p_tenant_id);
  insert into events (tenant_id, type, subject_type, subject_id, actor, payload)
  values (p_tenant_id, p_type, p_subject_type, p_subject_id, p_actor, p_payload)
  returning id, occurred_at into v_id, v_occurred_at;
  perform insert_webhook_deliveries(p_tenant_id, p_type, jsonb_build_object(
    'type', p_type,
    'timestamp', to_char(v_occurred_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'data', p_payload), null, v_id);
  return v_id;
end $$;
