-- claim_message_for_dispatch for p_message_id, then up to p_batch - 1 more of the tenant's queued,
-- due messages with the same channel, bundle, variant and locale (so the channel and template rows
-- read for the first serve them all), oldest first, under the same token: answered under 'batch', each
-- with its message as it was before the claim (like the first's) and its encrypted secret variables.
-- Asked again with the same token, the members this claim already took are answered again. A
-- recipient who replied STOP is settled as failed, as the first would be.
create or replace function claim_messages_for_dispatch(p_tenant_id uuid, p_message_id uuid, p_batch integer, p_claim_token uuid, p_stale_seconds integer)
returns jsonb language plpgsql as $$
declare
  v_read jsonb;
  v_first jsonb;
  v_provider text;
  v_held jsonb;
  v_held_count integer;
  v_candidates uuid[];
  v_taken uuid[];
  v_opted_out uuid;
  v_batch jsonb;
  c_stop constant text := 'the recipient replied STOP and is opted out of SMS';
begin
  perform assert_tenant_context(p_tenant_id);
  v_read := claim_message_for_dispatch(p_tenant_id, p_message_id, p_claim_token, p_stale_seconds);
  if v_read is null or not (v_read ->> 'claimed')::boolean or coalesce(p_batch, 1) <= 1 then
    return v_read;
  end if;
  v_first := v_read -> 'message';
  v_provider := coalesce(v_read -> 'channel' ->> 'provider', 'outbox');
  select coalesce(jsonb_agg(jsonb_build_object(
           'message', (to_jsonb(m) - 'secret_variables_encrypted') || jsonb_build_object('attempts', m.attempts - 1, 'status', 'queued'),
           'secret_variables', encode(m.secret_variables_encrypted, 'base64')) order by m.created_at), '[]'), count(*)
    into v_held, v_held_count
    from messages m
   where m.tenant_id = p_tenant_id and m.claim_token = p_claim_token and m.status = 'sending' and m.id <> p_message_id;
  v_candidates := array(
    select m.id from messages m
     where m.tenant_id = p_tenant_id and m.status = 'queued' and m.id <> p_message_id
       and m.channel = v_first ->> 'channel' and m.bundle = v_first ->> 'bundle'
       and m.variant = v_first ->> 'variant' and m.locale = v_first ->> 'locale'
       and (m.next_attempt_at is null or m.next_attempt_at <= now())
     order by m.created_at
     limit greatest(0, p_batch - 1 - v_held_count)
     for update skip locked);
  if cardinality(v_candidates) = 0 then
    return v_read || jsonb_build_object('batch', v_held);
  end if;
  -- v_taken: ids of the tenant's messages, chosen and locked above. The statements below join them as
  -- a list (unnest) to the primary key (tenant_id, id), one index lookup each: `id = any(v_taken)`
  -- beside the tenant filter let the planner scan the tenant's messages, and without it every
  -- tenant's (there is no index on id alone), a cost that grew with the table.
  v_taken := array(select take_message_jobs(v_candidates));
  if v_first ->> 'channel' = 'sms' then
    for v_opted_out in
      select m.id from unnest(v_taken) t (id) join messages m on m.tenant_id = p_tenant_id and m.id = t.id
       where exists (select 1 from sms_opt_outs o where o.tenant_id = p_tenant_id and o.phone_number = m.recipient)
    loop
      perform apply_message_status(p_tenant_id, v_opted_out, 'failed', 'failed', jsonb_build_object('reason', c_stop), null, c_stop);
      v_taken := array_remove(v_taken, v_opted_out);
    end loop;
  end if;
  with claimed as (
    update messages m set status = 'sending', attempts = m.attempts + 1, provider = v_provider, next_attempt_at = null,
                          claim_token = p_claim_token, claimed_at = now()
      from unnest(v_taken) t (id) join messages was on was.tenant_id = p_tenant_id and was.id = t.id
     where m.tenant_id = p_tenant_id and m.id = t.id
    returning was.*
  ), events as (
    insert into message_events (tenant_id, message_id, status, detail)
    select c.tenant_id, c.id, 'sending', jsonb_build_object('attempt', c.attempts + 1, 'provider', v_provider) from claimed c
  )
  select v_held || coalesce(jsonb_agg(jsonb_build_object(
           'message', to_jsonb(c) - 'secret_variables_encrypted',
           'secret_variables', encode(c.secret_variables_encrypted, 'base64')) order by c.created_at), '[]')
    into v_batch
    from claimed c;
  return v_read || jsonb_build_object('batch', v_batch);
end $$;
