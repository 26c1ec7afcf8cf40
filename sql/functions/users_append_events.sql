-- user.created and onboarding.initialized for every way a user arrives (signup, an admin, the identity
-- webhook, another system's INSERT), appended to the event log (which feeds the webhooks): fired after
-- on_user_created_onboarding (triggers run in name order), as system work because the inserting
-- session may carry no tenant. The trigger cannot tell who inserted the row, so the actor is the system.
create or replace function users_append_events() returns trigger
language plpgsql set app.system = 'on' as $$
declare
  v_state onboarding_states;
  v_events jsonb;
begin
  if new.tenant_id is null then return null; end if;
  v_events := jsonb_build_array(jsonb_build_object('type', 'user.created', 'subject_type', 'user', 'subject_id', new.id::text, 'actor', '{"kind": "system"}'::jsonb,
    'payload', jsonb_build_object('user_id', new.id, 'email', new.email, 'phone', new.phone, 'role', new.role)));
  select * into v_state from onboarding_states where tenant_id = new.tenant_id and user_id = new.id;
  if found then
    v_events := v_events || jsonb_build_array(jsonb_build_object('type', 'onboarding.initialized', 'subject_type', 'user', 'subject_id', new.id::text, 'actor', '{"kind": "system"}'::jsonb,
      'payload', jsonb_build_object('user_id', new.id, 'signup_mode', v_state.signup_mode, 'role', v_state.role_key,
                                    'contact', jsonb_build_object('status', v_state.contact_status, 'channel', v_state.contact_channel, 'message_id', v_state.contact_message_id))));
  end if;
  -- both in one insert: one firing of the events triggers (the checklists' feed) instead of two
  perform append_events(new.tenant_id, v_events);
  return null;
end $$;
