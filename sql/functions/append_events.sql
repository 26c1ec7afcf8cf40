-- The one writer of the event log (docs/events.md), for any number of events at once: records them
-- in the caller's transaction, in the order given, with one multi-row insert (one firing of a
-- statement-level trigger on events for the lot), and queues their webhook deliveries — one per
-- enabled endpoint that subscribes to an event's type, each pointing at its event, the body
-- {"type", "timestamp" (the event's occurred_at), "data" (its payload)}. p_events is a JSON array of
-- {type, subject_type, subject_id, actor, payload}. Answers the events' ids, in order.
-- The message dispatcher appends a batch's message.sent events with one call, so a batch of outcomes
-- costs one insert into events and one "any endpoint at all?" check, not one of each per message; the
-- common tenant without endpoints stops there. The deliveries' jobs take deliver_webhook's attempts
-- (queue_job, job_max_attempts).
create or replace function append_events(p_tenant_id uuid, p_events jsonb)
returns setof bigint language plpgsql as $$
declare
  v_appended record;
begin
  perform assert_tenant_context(p_tenant_id);
  if not exists (select 1 from webhook_endpoints e where e.tenant_id = p_tenant_id and e.enabled and e.deleted_at is null) then
    return query
    insert into events (tenant_id, type, subject_type, subject_id, actor, payload)
    select p_tenant_id, x.type, x.subject_type, x.subject_id, x.actor, x.payload
      from rows from (jsonb_to_recordset(p_events) as (type text, subject_type text, subject_id text, actor jsonb, payload jsonb))
           with ordinality as x (type, subject_type, subject_id, actor, payload, n)
     order by x.n
    returning id;
    return;
  end if;
  -- the insert runs to its end before the first row is looped over, so each delivery's event exists
  for v_appended in
    insert into events (tenant_id, type, subject_type, subject_id, actor, payload)
    select p_tenant_id, x.type, x.subject_type, x.subject_id, x.actor, x.payload
      from rows from (jsonb_to_recordset(p_events) as (type text, subject_type text, subject_id text, actor jsonb, payload jsonb))
           with ordinality as x (type, subject_type, subject_id, actor, payload, n)
     order by x.n
    returning id, type, payload, occurred_at
  loop
    perform insert_webhook_deliveries(p_tenant_id, v_appended.type, jsonb_build_object(
      'type', v_appended.type,
      'timestamp', to_char(v_appended.occurred_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', v_appended.payload), null, v_appended.id);
    return next v_appended.id;
  end loop;
end $$;
