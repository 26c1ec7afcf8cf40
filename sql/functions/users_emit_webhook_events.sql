-- user.created and onboarding.initialized for every way a user arrives (signup, an admin, the identity
-- webhook, another system's INSERT): fired after on_user_created_onboarding (triggers run in name
-- order), as system work because the inserting session may carry no tenant.
create or replace function users_emit_webhook_events() returns trigger
language plpgsql set app.system = 'on' as $$
declare
  v_state onboarding_states;
  v_now text := to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
begin
  if new.tenant_id is null then return null; end if;
  perform insert_webhook_deliveries(new.tenant_id, 'user.created', jsonb_build_object('type', 'user.created', 'timestamp', v_now,
    'data', jsonb_build_object('user_id', new.id, 'email', new.email, 'phone', new.phone, 'role', new.role)), null, 10);
  select * into v_state from onboarding_states where tenant_id = new.tenant_id and user_id = new.id;
  if found then
    perform insert_webhook_deliveries(new.tenant_id, 'onboarding.initialized', jsonb_build_object('type', 'onboarding.initialized', 'timestamp', v_now,
      'data', jsonb_build_object('user_id', new.id, 'signup_mode', v_state.signup_mode, 'role', v_state.role_key,
                                 'contact', jsonb_build_object('status', v_state.contact_status, 'channel', v_state.contact_channel, 'message_id', v_state.contact_message_id))),
      null, 10);
  end if;
  return null;
end $$;
