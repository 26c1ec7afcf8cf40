-- The one shape of a message.sent / .delivered / .failed event, for the dispatcher and for provider
-- status callbacks alike: the message's identity, its status, and `p_extra` (nulls dropped), appended
-- to the event log (which feeds the webhooks) with the system as its actor.
drop function if exists emit_message_event(messages, text, jsonb, integer);
create or replace function emit_message_event(p_message messages, p_status text, p_extra jsonb default '{}')
returns void language plpgsql as $$
begin
  perform append_event(p_message.tenant_id, 'message.' || p_status, 'message', p_message.id::text, '{"kind": "system"}',
    jsonb_strip_nulls(jsonb_build_object(
      'message_id', p_message.id, 'channel', p_message.channel, 'bundle', p_message.bundle, 'user_id', p_message.user_id,
      'provider', p_message.provider, 'status', p_status) || coalesce(p_extra, '{}')));
end $$;
