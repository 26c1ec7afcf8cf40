-- Taking over a stale claim (claim_message_for_dispatch answered 'claimed' false) to send again where
-- the vendor deduplicates: the attempt counted, the (masked) rendering stored and the event recorded,
-- under p_claim_token — only if the stale claim p_stale_token still holds the message.
create or replace function mark_message_sending(p_tenant_id uuid, p_message_id uuid, p_stale_token uuid, p_claim_token uuid,
                                     p_provider text, p_subject text, p_content text)
returns boolean language plpgsql as $$
declare
  v_attempts integer;
begin
  perform assert_tenant_context(p_tenant_id);
  -- already taken over by this very call, whose answer was lost
  if exists (select 1 from messages where tenant_id = p_tenant_id and id = p_message_id and status = 'sending' and claim_token = p_claim_token) then
    return true;
  end if;
  update messages set attempts = attempts + 1, provider = p_provider, subject = p_subject, content = p_content, next_attempt_at = null,
                      claim_token = p_claim_token, claimed_at = now()
   where tenant_id = p_tenant_id and id = p_message_id and status = 'sending' and claim_token is not distinct from p_stale_token
  returning attempts into v_attempts;
  if not found then return false; end if;
  insert into message_events (tenant_id, message_id, status, detail)
  values (p_tenant_id, p_message_id, 'sending', jsonb_build_object('attempt', v_attempts, 'provider', p_provider));
  return true;
end $$;
