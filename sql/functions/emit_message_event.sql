-- Appends one message's message.sent / .delivered / .failed event (its shape: message_event) to the
-- event log, which feeds the webhooks. record_message_outcomes appends a batch's in one call instead.
drop function if exists emit_message_event(messages, text, jsonb, integer);
create or replace function emit_message_event(p_message messages, p_status text, p_extra jsonb default '{}')
returns void language plpgsql as $$
begin
  perform append_events(p_message.tenant_id, jsonb_build_array(message_event(p_message, p_status, p_extra)));
end $$;
