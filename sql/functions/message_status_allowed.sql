-- The message state machine: which status a message may move to from which. apply_message_status
-- (every change but the dispatcher's claim) and the claim (queued → sending) keep to it; a change it
-- does not allow — a late `sent` after delivered, a callback for a message an admin re-queued — is
-- recorded as an event and changes nothing else.
--   queued          → sending (claimed), failed (disabled channel, opted-out recipient), cancelled
--   sending         → sent, delivered, failed, needs_attention, queued (a retry later)
--   sent            → delivered, failed (the vendor's status callbacks)
--   failed          → queued (an admin's retry)
--   needs_attention → queued (an admin's retry), failed
--   delivered, cancelled: final
create or replace function message_status_allowed(p_from text, p_to text)
returns boolean language sql immutable parallel safe as $$
  select case p_from
    when 'queued' then p_to in ('sending', 'failed', 'cancelled')
    when 'sending' then p_to in ('sent', 'delivered', 'failed', 'needs_attention', 'queued')
    when 'sent' then p_to in ('delivered', 'failed')
    when 'failed' then p_to = 'queued'
    when 'needs_attention' then p_to in ('queued', 'failed')
    else false
  end
$$;
