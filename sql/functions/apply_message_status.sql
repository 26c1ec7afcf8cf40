-- The one writer of a message's status after its claim: the dispatcher's outcomes
-- (record_message_outcomes), the vendors' status callbacks (src/messaging/status.ts) and an admin's
-- retry all come here. It records the event p_event, moves the message to p_status when the state
-- machine allows it (message_status_allowed), and follows a change with what it implies: the
-- message.sent / .delivered / .failed webhook event, or the dispatch job of a retry.
-- Answers 'changed' (the status moved), 'recorded' (the event only) or null (nothing: no such
-- message, the claim no longer holds it, or the callback is a duplicate).
--   p_claim_token: the dispatcher's claim; the change applies only while that claim holds the
--     message, and ends it. Callbacks change the status, never the claim.
--   p_provider_event_id: the vendor's id for a callback; one seen before for this message changes
--     nothing (a duplicate delivery of the callback).
--   p_sequence: the vendor's ordering of callbacks (Twilio's SequenceNumber); an older one arriving
--     after a newer one is recorded and changes nothing.
--   p_append_event: false when the caller appends the message.* event of a change itself, as
--     record_message_outcomes does for a whole batch with one append_events (message_event's shape).
-- The status a change cannot move to is kept: a fast vendor can call back `delivered` before the
-- dispatcher records its `sent`, which then stores the rendering and ends the claim, status unchanged.
drop function if exists apply_message_status(uuid, uuid, text, text, jsonb, text, text, timestamptz, integer, text, text, uuid, text, integer, jsonb, boolean);
drop function if exists apply_message_status(uuid, uuid, text, text, jsonb, text, text, timestamptz, text, text, uuid, text, integer, jsonb, boolean);
create or replace function apply_message_status(p_tenant_id uuid, p_message_id uuid, p_status text, p_event text, p_detail jsonb,
                                     p_provider_message_id text default null, p_error text default null,
                                     p_next_attempt_at timestamptz default null,
                                     p_subject text default null, p_content text default null, p_claim_token uuid default null,
                                     p_provider_event_id text default null, p_sequence integer default null,
                                     p_webhook_extra jsonb default null, p_reset_attempts boolean default false,
                                     p_append_event boolean default true)
returns text language plpgsql as $$
declare
  v_before record;
  v_next text;
  v_message messages;
begin
  perform assert_tenant_context(p_tenant_id);
  select status, claim_token, last_sequence into v_before from messages where tenant_id = p_tenant_id and id = p_message_id for update;
  if not found or (p_claim_token is not null and v_before.claim_token is distinct from p_claim_token) then return null; end if;
  insert into message_events (tenant_id, message_id, status, detail, provider_event_id, sequence)
  values (p_tenant_id, p_message_id, p_event, coalesce(p_detail, '{}'), p_provider_event_id, p_sequence)
  on conflict do nothing;
  if not found then return null; end if;
  v_next := case when p_status is not null and message_status_allowed(v_before.status, p_status)
                      and not (p_sequence is not null and v_before.last_sequence is not null and p_sequence <= v_before.last_sequence)
                 then p_status else v_before.status end;
  if v_next = v_before.status and p_claim_token is null then
    if p_sequence is not null and (v_before.last_sequence is null or p_sequence > v_before.last_sequence) then
      update messages set last_sequence = p_sequence where tenant_id = p_tenant_id and id = p_message_id;
    end if;
    return 'recorded';
  end if;
  update messages set
      status = v_next,
      provider_message_id = coalesce(p_provider_message_id, provider_message_id),
      -- the rendering as stored (secrets masked), when the caller rendered it
      subject = coalesce(p_subject, subject),
      content = coalesce(p_content, content),
      last_error = case when v_next in ('sent', 'delivered') then null else coalesce(p_error, last_error) end,
      next_attempt_at = p_next_attempt_at,
      attempts = case when p_reset_attempts then 0 else attempts end,
      sent_at = case when p_status in ('sent', 'delivered') then coalesce(sent_at, now()) else sent_at end,
      delivered_at = case when v_next = 'delivered' and v_before.status <> 'delivered' then now() else delivered_at end,
      -- a secret (a temporary password) is needed no longer once it went out
      secret_variables_encrypted = case when p_status in ('sent', 'delivered') then null else secret_variables_encrypted end,
      last_sequence = greatest(last_sequence, p_sequence),
      claim_token = case when p_claim_token is null then claim_token end,
      claimed_at = case when p_claim_token is null then claimed_at end
   where tenant_id = p_tenant_id and id = p_message_id
  returning * into v_message;
  if v_next = v_before.status then return 'recorded'; end if;
  if v_next = 'queued' then
    perform queue_job('dispatch_message', json_build_object('tenant_id', p_tenant_id, 'message_id', p_message_id), 'message:' || p_message_id, p_next_attempt_at);
  elsif v_next in ('sent', 'delivered', 'failed') and p_append_event then
    perform emit_message_event(v_message, v_next, coalesce(p_webhook_extra, jsonb_build_object('provider_message_id', p_provider_message_id, 'error', p_error)));
  end if;
  return 'changed';
end $$;
