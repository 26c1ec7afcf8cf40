-- Every other change of a dispatched message, with its event and (for sent, delivered and failed) the
-- message.* webhook deliveries: p_status is sent, delivered, failed, needs_attention or queued (a retry
-- at p_next_attempt_at, whose job it queues). With p_claim_token, only while that claim holds the
-- message (and the claim ends here; status callbacks change the status, never the claim); without,
-- the caller holds the message's row lock itself.
-- A status callback that already said delivered or failed is not overwritten by the dispatcher's later
-- `sent`: a fast vendor can call back before the dispatcher records its answer.
create or replace function record_message_outcome(p_tenant_id uuid, p_message_id uuid, p_status text, p_event text, p_detail jsonb,
                                       p_provider_message_id text default null, p_error text default null,
                                       p_next_attempt_at timestamptz default null, p_webhook_max_attempts integer default 10,
                                       p_subject text default null, p_content text default null, p_claim_token uuid default null)
returns void language plpgsql as $$
declare
  v_message messages;
begin
  perform assert_tenant_context(p_tenant_id);
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
   where tenant_id = p_tenant_id and id = p_message_id
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
