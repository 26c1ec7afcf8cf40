-- The one shape of a message.sent / .delivered / .failed webhook event, for the dispatcher and for
-- provider status callbacks alike: the message's identity, its status, and `p_extra` (nulls dropped).
create or replace function emit_message_event(p_message messages, p_status text, p_extra jsonb default '{}', p_webhook_max_attempts integer default 10)
returns void language plpgsql as $$
begin
  perform insert_webhook_deliveries(p_message.tenant_id, 'message.' || p_status, jsonb_build_object(
    'type', 'message.' || p_status,
    'timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'data', jsonb_strip_nulls(jsonb_build_object(
      'message_id', p_message.id, 'channel', p_message.channel, 'bundle', p_message.bundle, 'user_id', p_message.user_id,
      'provider', p_message.provider, 'status', p_status) || coalesce(p_extra, '{}'))),
    null, p_webhook_max_attempts);
end $$;
