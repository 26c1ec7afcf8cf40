-- The one shape of a message.sent / .delivered / .failed event, for the dispatcher and for provider
-- status callbacks alike, as append_events takes it: the message's identity, its status, and `p_extra`
-- (nulls dropped), with the system as its actor. Like every function given a tenant's row, it acts
-- only for the transaction's tenant.
create or replace function message_event(p_message messages, p_status text, p_extra jsonb default '{}')
returns jsonb language plpgsql stable as $$
begin
  perform assert_tenant_context(p_message.tenant_id);
  return jsonb_build_object('type', 'message.' || p_status, 'subject_type', 'message', 'subject_id', p_message.id::text,
    'actor', '{"kind": "system"}'::jsonb,
    'payload', jsonb_strip_nulls(jsonb_build_object(
      'message_id', p_message.id, 'channel', p_message.channel, 'bundle', p_message.bundle, 'user_id', p_message.user_id,
      'provider', p_message.provider, 'status', p_status) || coalesce(p_extra, '{}')));
end $$;
