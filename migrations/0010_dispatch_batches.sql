-- Batch dispatch. Under load most of a message's cost was per statement, not per message: its job's
-- own two statements, the claim's and the outcome's. A dispatch job that finds more of the tenant's
-- messages waiting, due, for the same channel and templates, claims them with its own and sends them
-- together; each keeps its own row, event history, attempts and retries.
--
-- A waiting message becomes this worker's only by taking its job out of the queue: a job no worker
-- holds is deleted here, and its message claimed in the same transaction; a job another worker already
-- holds keeps its message, which that worker dispatches. Runs as the queue's owner (graphile-worker's
-- tables have no policies), so the caller passes only ids it could see and has locked, and only jobs
-- of the tenant the transaction acts for (app.tenant_id) are taken.
create function take_message_jobs(p_message_ids uuid[]) returns setof uuid
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  return query
  delete from graphile_worker._private_jobs j
   using (select f.id
            from graphile_worker._private_jobs f
            join graphile_worker._private_tasks t on t.id = f.task_id and t.identifier = 'dispatch_message'
           where f.key = any(array(select 'message:' || m from unnest(p_message_ids) m))
             and f.payload ->> 'tenant_id' = current_setting('app.tenant_id', true)
             and f.is_available and f.run_at <= now() and f.job_queue_id is null
             for update of f skip locked) free
   where j.id = free.id
  returning substr(j.key, length('message:') + 1)::uuid;
end $$;

-- claim_message_for_dispatch for p_message_id, then up to p_batch - 1 more of the tenant's queued,
-- due messages with the same channel, bundle, variant and locale (so the channel and template rows
-- read for the first serve them all), oldest first: answered under 'batch', each with its message
-- as it was before the claim (like the first's) and its encrypted secret variables. A recipient who
-- replied STOP is settled as failed, as the first would be.
create function claim_messages_for_dispatch(p_tenant_id uuid, p_message_id uuid, p_batch integer)
returns jsonb language plpgsql as $$
declare
  v_read jsonb;
  v_first jsonb;
  v_provider text;
  v_candidates uuid[];
  v_taken uuid[];
  v_opted_out uuid;
  v_batch jsonb;
  c_stop constant text := 'the recipient replied STOP and is opted out of SMS';
begin
  v_read := claim_message_for_dispatch(p_tenant_id, p_message_id);
  if v_read is null or not (v_read ->> 'claimed')::boolean or coalesce(p_batch, 1) <= 1 then
    return v_read;
  end if;
  v_first := v_read -> 'message';
  v_provider := coalesce(v_read -> 'channel' ->> 'provider', 'outbox');
  v_candidates := array(
    select m.id from messages m
     where m.tenant_id = p_tenant_id and m.status = 'queued' and m.id <> p_message_id
       and m.channel = v_first ->> 'channel' and m.bundle = v_first ->> 'bundle'
       and m.variant = v_first ->> 'variant' and m.locale = v_first ->> 'locale'
       and (m.next_attempt_at is null or m.next_attempt_at <= now())
     order by m.created_at
     limit p_batch - 1
     for update skip locked);
  if cardinality(v_candidates) = 0 then
    return v_read || '{"batch": []}';
  end if;
  v_taken := array(select take_message_jobs(v_candidates));
  if v_first ->> 'channel' = 'sms' then
    for v_opted_out in
      select m.id from messages m
       where m.id = any(v_taken) and exists (select 1 from sms_opt_outs o where o.tenant_id = m.tenant_id and o.phone_number = m.recipient)
    loop
      perform record_message_outcome(p_tenant_id, v_opted_out, 'failed', 'failed', jsonb_build_object('reason', c_stop), null, c_stop);
      v_taken := array_remove(v_taken, v_opted_out);
    end loop;
    -- record_message_outcome turned synchronous commit off for this transaction; the claim needs it on
    perform set_config('synchronous_commit', 'on', true);
  end if;
  with claimed as (
    update messages m set status = 'sending', attempts = m.attempts + 1, provider = v_provider, next_attempt_at = null
      from messages was
     where was.id = m.id and m.id = any(v_taken)
    returning was.*
  ), events as (
    insert into message_events (tenant_id, message_id, status, detail)
    select c.tenant_id, c.id, 'sending', jsonb_build_object('attempt', c.attempts + 1, 'provider', v_provider) from claimed c
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'message', to_jsonb(c) - 'secret_variables_encrypted',
           'secret_variables', encode(c.secret_variables_encrypted, 'base64')) order by c.created_at), '[]')
    into v_batch
    from claimed c;
  return v_read || jsonb_build_object('batch', v_batch);
end $$;

-- The outcomes of a batch, in one statement: record_message_outcome for each element of p_outcomes,
-- {message_id, status, event, detail, provider_message_id, error, next_attempt_at, subject, content}.
create function record_message_outcomes(p_tenant_id uuid, p_outcomes jsonb)
returns void language plpgsql as $$
declare
  o record;
begin
  for o in
    select * from jsonb_to_recordset(p_outcomes) as x(message_id uuid, status text, event text, detail jsonb, provider_message_id text,
                                                       error text, next_attempt_at timestamptz, subject text, content text)
  loop
    perform record_message_outcome(p_tenant_id, o.message_id, o.status, coalesce(o.event, o.status), coalesce(o.detail, '{}'),
                                   o.provider_message_id, o.error, o.next_attempt_at, 10, o.subject, o.content);
  end loop;
end $$;
