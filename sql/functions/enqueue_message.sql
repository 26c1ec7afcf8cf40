-- Queues a message and its dispatch job in the caller's transaction. Callable from SQL (the signup
-- trigger) and from the application alike, so both paths write the outbox the same way.
create or replace function enqueue_message(
  p_tenant_id uuid, p_channel text, p_recipient text, p_bundle text,
  p_variables jsonb default '{}', p_variant text default '', p_locale text default 'en',
  p_user_id uuid default null, p_artifacts jsonb default '{}', p_secret_variables_encrypted bytea default null,
  p_related_type text default null, p_related_id text default null
) returns uuid language plpgsql as $$
declare v_id uuid;
begin
  perform assert_tenant_context(p_tenant_id);
  insert into messages (tenant_id, channel, recipient, bundle, variables, variant, locale, user_id, artifacts,
                        secret_variables_encrypted, related_type, related_id)
  values (p_tenant_id, p_channel, p_recipient, p_bundle, coalesce(p_variables, '{}'), coalesce(p_variant, ''),
          coalesce(p_locale, 'en'), p_user_id, coalesce(p_artifacts, '{}'), p_secret_variables_encrypted, p_related_type, p_related_id)
  returning id into v_id;
  insert into message_events (tenant_id, message_id, status) values (p_tenant_id, v_id, 'queued');
  perform queue_job('dispatch_message', json_build_object('tenant_id', p_tenant_id, 'message_id', v_id), 'message:' || v_id);
  return v_id;
end $$;
