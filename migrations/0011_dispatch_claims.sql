-- A claim on a message is a token. The dispatcher that moves a message to `sending` writes its token
-- and the time; only the holder of that token records the outcome, and nobody else touches a message
-- whose claim is younger than the sending timeout. Before this, any dispatcher that found a message
-- `sending` took it for a crash: an inline send (a channel test, dispatch-due) racing the worker made
-- the loser mark a message needs_attention that its winner was about to record as sent.
--
-- The token also makes the claim and the outcome safe to repeat: a dispatcher whose connection was cut
-- before it heard the answer asks again with the same token and gets the same claim; an outcome whose
-- commit was not acknowledged is sent again and applied at most once.
alter table messages add column claim_token uuid, add column claimed_at timestamptz;

drop function claim_messages_for_dispatch(uuid, uuid, integer);
drop function claim_message_for_dispatch(uuid, uuid);
drop function mark_message_sending(uuid, uuid, text, integer, text, text, text);
drop function record_message_outcomes(uuid, jsonb);
drop function record_message_outcome(uuid, uuid, text, text, jsonb, text, text, timestamptz, integer, text, text);

-- Every other change of a dispatched message, with its event and (for sent, delivered and failed) the
-- message.* webhook deliveries: p_status is sent, delivered, failed, needs_attention or queued (a retry
-- at p_next_attempt_at, whose job it queues). With p_claim_token, only while that claim holds the
-- message (and the claim ends here; status callbacks change the status, never the claim); without,
-- the caller holds the message's row lock itself.
-- A status callback that already said delivered or failed is not overwritten by the dispatcher's later
-- `sent`: a fast vendor can call back before the dispatcher records its answer.
create function record_message_outcome(p_tenant_id uuid, p_message_id uuid, p_status text, p_event text, p_detail jsonb,
                                       p_provider_message_id text default null, p_error text default null,
                                       p_next_attempt_at timestamptz default null, p_webhook_max_attempts integer default 10,
                                       p_subject text default null, p_content text default null, p_claim_token uuid default null)
returns void language plpgsql as $$
declare
  v_message messages;
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  update messages set
      status = case when p_status = 'sent' and status in ('delivered', 'failed') then status else p_status end,
      provider_message_id = coalesce(p_provider_message_id, provider_message_id),
      -- the rendering as stored (secrets masked), when the caller rendered it
      subject = coalesce(p_subject, subject),
      content = coalesce(p_content, content),
      last_error = case when p_status in ('sent', 'delivered') then null else p_error end,
      next_attempt_at = p_next_attempt_at,
      sent_at = case when p_status in ('sent', 'delivered') then coalesce(sent_at, now()) else sent_at end,
      delivered_at = case when p_status = 'delivered' then now() else delivered_at end,
      -- a secret (a temporary password) is needed no longer once it went out
      secret_variables_encrypted = case when p_status in ('sent', 'delivered') then null else secret_variables_encrypted end,
      claim_token = null,
      claimed_at = null
   where id = p_message_id
     and (p_claim_token is null or claim_token = p_claim_token)
  returning * into v_message;
  if not found then return; end if;
  insert into message_events (tenant_id, message_id, status, detail) values (p_tenant_id, p_message_id, p_event, coalesce(p_detail, '{}'));
  if p_status = 'queued' then
    perform queue_job('dispatch_message', json_build_object('tenant_id', p_tenant_id, 'message_id', p_message_id), 'message:' || p_message_id, p_next_attempt_at);
  elsif p_status in ('sent', 'delivered', 'failed') and v_message.status = p_status then
    perform emit_message_event(v_message, p_status, jsonb_build_object('provider_message_id', p_provider_message_id, 'error', p_error), p_webhook_max_attempts);
  end if;
end $$;

-- The outcomes of a claim, in one statement: record_message_outcome for each element of p_outcomes,
-- {message_id, status, event, detail, provider_message_id, error, next_attempt_at, subject, content},
-- each applied only while p_claim_token still holds its message.
-- Its commit does not wait for the WAL flush (this statement runs on its own, so the setting ends with
-- it): should PostgreSQL itself crash within that fraction of a second, the message is `sending` again
-- under an old claim, which recovery resends only where the vendor deduplicates and otherwise marks
-- needs_attention — never lost, never sent twice. The claim keeps the synchronous commit that
-- guarantee rests on.
create function record_message_outcomes(p_tenant_id uuid, p_outcomes jsonb, p_claim_token uuid, p_max_attempts integer)
returns void language plpgsql as $$
declare
  o record;
begin
  perform set_config('synchronous_commit', 'off', true);
  for o in
    select * from jsonb_to_recordset(p_outcomes) as x(message_id uuid, status text, event text, detail jsonb, provider_message_id text,
                                                       error text, next_attempt_at timestamptz, subject text, content text)
  loop
    perform record_message_outcome(p_tenant_id, o.message_id, o.status, coalesce(o.event, o.status), coalesce(o.detail, '{}'),
                                   o.provider_message_id, o.error, o.next_attempt_at, p_max_attempts, o.subject, o.content, p_claim_token);
  end loop;
end $$;

-- The message as dispatch reads it (read_message_for_dispatch) as it was before this claim took it:
-- queued, with the attempts made before this one. Used when a claim is asked for again.
create function message_as_claimed(p_read jsonb) returns jsonb language sql immutable as $$
  select jsonb_set(jsonb_set(p_read, '{message,attempts}', to_jsonb((p_read -> 'message' ->> 'attempts')::int - 1)),
                   '{message,status}', '"queued"')
$$;

-- The common path in one statement: read everything (as read_message_for_dispatch) and, when the
-- message is queued and its channel can take it, claim it for p_claim_token — `sending`, the attempt
-- counted, the event recorded — committed before the vendor is called ('claimed' true).
-- A message already `sending`:
--   * under this same token: this dispatcher's own claim, asked for again because the answer was lost
--     ('claimed' true, as the first time);
--   * under a claim younger than p_stale_seconds: another dispatcher is sending it — null, nothing to do;
--   * under an older claim: its dispatcher presumably died mid-call ('claimed' false): whether it may
--     be sent again depends on the vendor, which the caller knows.
-- A disabled channel or an opted-out recipient settles the message as failed right here.
create function claim_message_for_dispatch(p_tenant_id uuid, p_message_id uuid, p_claim_token uuid, p_stale_seconds integer)
returns jsonb language plpgsql as $$
declare
  v_read jsonb;
  v_status text;
  v_token uuid;
  v_claimed_at timestamptz;
  v_reason text;
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  -- the row lock holds until this statement's transaction commits: one claimer at a time
  select status, claim_token, claimed_at into v_status, v_token, v_claimed_at from messages where id = p_message_id for update;
  if not found or v_status not in ('queued', 'sending') then return null; end if;
  if v_status = 'sending' and v_token is not distinct from p_claim_token then
    return message_as_claimed(read_message_for_dispatch(p_tenant_id, p_message_id)) || '{"claimed": true}';
  end if;
  -- a claim from before claims had a time is as old as the message's last change
  if v_status = 'sending' and coalesce(v_claimed_at, (select updated_at from messages where id = p_message_id)) > now() - make_interval(secs => p_stale_seconds) then
    return null;
  end if;
  v_read := read_message_for_dispatch(p_tenant_id, p_message_id);
  if (v_read -> 'channel') is not null and (v_read -> 'channel' ->> 'enabled')::boolean is false then
    v_reason := 'the ' || (v_read -> 'message' ->> 'channel') || ' channel is disabled for this tenant';
  elsif (v_read ->> 'opted_out')::boolean then
    v_reason := 'the recipient replied STOP and is opted out of SMS';
  end if;
  if v_reason is not null then
    perform record_message_outcome(p_tenant_id, p_message_id, 'failed', 'failed', jsonb_build_object('reason', v_reason), null, v_reason);
    return null;
  end if;
  if v_status = 'queued' then
    update messages set status = 'sending', attempts = attempts + 1, provider = coalesce(v_read -> 'channel' ->> 'provider', 'outbox'), next_attempt_at = null,
                        claim_token = p_claim_token, claimed_at = now()
     where id = p_message_id;
    insert into message_events (tenant_id, message_id, status, detail)
    values (p_tenant_id, p_message_id, 'sending', jsonb_build_object('attempt', (v_read -> 'message' ->> 'attempts')::int + 1,
                                                                    'provider', coalesce(v_read -> 'channel' ->> 'provider', 'outbox')));
  end if;
  return v_read || jsonb_build_object('claimed', v_status = 'queued');
end $$;

-- Taking over a stale claim (claim_message_for_dispatch answered 'claimed' false) to send again where
-- the vendor deduplicates: the attempt counted, the (masked) rendering stored and the event recorded,
-- under p_claim_token — only if the stale claim p_stale_token still holds the message.
create function mark_message_sending(p_tenant_id uuid, p_message_id uuid, p_stale_token uuid, p_claim_token uuid,
                                     p_provider text, p_subject text, p_content text)
returns boolean language plpgsql as $$
declare
  v_attempts integer;
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  -- already taken over by this very call, whose answer was lost
  if exists (select 1 from messages where id = p_message_id and status = 'sending' and claim_token = p_claim_token) then
    return true;
  end if;
  update messages set attempts = attempts + 1, provider = p_provider, subject = p_subject, content = p_content, next_attempt_at = null,
                      claim_token = p_claim_token, claimed_at = now()
   where id = p_message_id and status = 'sending' and claim_token is not distinct from p_stale_token
  returning attempts into v_attempts;
  if not found then return false; end if;
  insert into message_events (tenant_id, message_id, status, detail)
  values (p_tenant_id, p_message_id, 'sending', jsonb_build_object('attempt', v_attempts, 'provider', p_provider));
  return true;
end $$;

-- claim_message_for_dispatch for p_message_id, then up to p_batch - 1 more of the tenant's queued,
-- due messages with the same channel, bundle, variant and locale (so the channel and template rows
-- read for the first serve them all), oldest first, under the same token: answered under 'batch', each
-- with its message as it was before the claim (like the first's) and its encrypted secret variables.
-- Asked again with the same token, the members this claim already took are answered again. A
-- recipient who replied STOP is settled as failed, as the first would be.
create function claim_messages_for_dispatch(p_tenant_id uuid, p_message_id uuid, p_batch integer, p_claim_token uuid, p_stale_seconds integer)
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
  v_taken := array(select take_message_jobs(v_candidates));
  if v_first ->> 'channel' = 'sms' then
    for v_opted_out in
      select m.id from messages m
       where m.id = any(v_taken) and exists (select 1 from sms_opt_outs o where o.tenant_id = m.tenant_id and o.phone_number = m.recipient)
    loop
      perform record_message_outcome(p_tenant_id, v_opted_out, 'failed', 'failed', jsonb_build_object('reason', c_stop), null, c_stop);
      v_taken := array_remove(v_taken, v_opted_out);
    end loop;
  end if;
  with claimed as (
    update messages m set status = 'sending', attempts = m.attempts + 1, provider = v_provider, next_attempt_at = null,
                          claim_token = p_claim_token, claimed_at = now()
      from messages was
     where was.id = m.id and m.id = any(v_taken)
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

-- the sweep for messages whose dispatcher died looks for old claims
create index messages_claimed on messages (claimed_at) where status = 'sending';
