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
create or replace function claim_message_for_dispatch(p_tenant_id uuid, p_message_id uuid, p_claim_token uuid, p_stale_seconds integer)
returns jsonb language plpgsql as $$
declare
  v_read jsonb;
  v_status text;
  v_token uuid;
  v_claimed_at timestamptz;
  v_reason text;
begin
  perform assert_tenant_context(p_tenant_id);
  -- the row lock holds until this statement's transaction commits: one claimer at a time
  select status, claim_token, claimed_at into v_status, v_token, v_claimed_at from messages where tenant_id = p_tenant_id and id = p_message_id for update;
  if not found or v_status not in ('queued', 'sending') then return null; end if;
  if v_status = 'sending' and v_token is not distinct from p_claim_token then
    return message_as_claimed(read_message_for_dispatch(p_tenant_id, p_message_id)) || '{"claimed": true}';
  end if;
  -- a claim from before claims had a time is as old as the message's last change
  if v_status = 'sending' and coalesce(v_claimed_at, (select updated_at from messages where tenant_id = p_tenant_id and id = p_message_id)) > now() - make_interval(secs => p_stale_seconds) then
    return null;
  end if;
  v_read := read_message_for_dispatch(p_tenant_id, p_message_id);
  if (v_read -> 'channel') is not null and (v_read -> 'channel' ->> 'enabled')::boolean is false then
    v_reason := 'the ' || (v_read -> 'message' ->> 'channel') || ' channel is disabled for this tenant';
  elsif (v_read ->> 'opted_out')::boolean then
    v_reason := 'the recipient replied STOP and is opted out of SMS';
  end if;
  if v_reason is not null then
    perform apply_message_status(p_tenant_id, p_message_id, 'failed', 'failed', jsonb_build_object('reason', v_reason), null, v_reason);
    return null;
  end if;
  if v_status = 'queued' then
    update messages set status = 'sending', attempts = attempts + 1, provider = coalesce(v_read -> 'channel' ->> 'provider', 'outbox'), next_attempt_at = null,
                        claim_token = p_claim_token, claimed_at = now()
     where tenant_id = p_tenant_id and id = p_message_id;
    insert into message_events (tenant_id, message_id, status, detail)
    values (p_tenant_id, p_message_id, 'sending', jsonb_build_object('attempt', (v_read -> 'message' ->> 'attempts')::int + 1,
                                                                    'provider', coalesce(v_read -> 'channel' ->> 'provider', 'outbox')));
  end if;
  return v_read || jsonb_build_object('claimed', v_status = 'queued');
end $$;
