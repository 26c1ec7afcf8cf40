-- Issue 13 §2, steps 3–7, in one statement: what approving a qualified contact writes once its
-- password is hashed (src/crm/crm.service.ts provisionContact, which holds the contact's row lock and
-- has checked it). The user, with the access role, app role and signup mode the tenant maps contacts
-- to (crm_settings; the users trigger initialises its onboarding with them, so its progress is that
-- role's checklists), and its audit entry; the welcome email with the temporary password sealed by the
-- application (the messaging hook's message: same bundle, variables and sealing), in the outbox of
-- this transaction; the contact linked and moved to onboarding with its transition; the two audit
-- entries and the two events (crm.contact.moved, onboarding.account.provisioned) in one insert each.
-- p_actor: {user_id, kind, impersonating, request_id, ip} as recorded in audit_log; p_event_actor as
-- events record it. Answers the new user's id, or null — creating nothing — when the contact is not
-- a qualified contact without an account of this tenant.
create or replace function crm_provision_contact(
  p_tenant_id uuid, p_contact_id uuid, p_email text, p_access_role text, p_app_role text, p_signup_mode text,
  p_password_hash text, p_secret_variables_encrypted bytea, p_keep_revealable boolean, p_actor jsonb, p_event_actor jsonb
) returns uuid language plpgsql as $$
declare
  v_user uuid;
  v_message uuid;
  v_actor_user uuid := (p_actor ->> 'user_id')::uuid;
  v_actor_kind text := p_actor ->> 'kind';
  v_impersonating boolean := coalesce((p_actor ->> 'impersonating')::boolean, false);
  v_request text := p_actor ->> 'request_id';
  v_ip inet := (p_actor ->> 'ip')::inet;
begin
  perform assert_tenant_context(p_tenant_id);
  perform 1 from crm_contacts c where c.tenant_id = p_tenant_id and c.id = p_contact_id and c.status = 'qualified' and c.user_id is null;
  if not found then
    return null;
  end if;

  -- read by initialize_user_onboarding in the users trigger, and cleared as soon as it has run
  perform set_config('app.onboarding_role', coalesce(p_app_role, ''), true), set_config('app.onboarding_mode', coalesce(p_signup_mode, ''), true);
  insert into users (tenant_id, email, role, password_hash, must_change_password)
  values (p_tenant_id, p_email, p_access_role, p_password_hash, true)
  returning id into v_user;
  perform set_config('app.onboarding_role', '', true), set_config('app.onboarding_mode', '', true);

  v_message := enqueue_message(
    p_tenant_id => p_tenant_id, p_channel => 'email', p_recipient => p_email, p_bundle => 'temporary_password_email',
    p_variables => jsonb_build_object('email', p_email), p_user_id => v_user,
    p_secret_variables_encrypted => p_secret_variables_encrypted, p_related_type => 'user', p_related_id => v_user::text);
  -- development switch (EMBARK_OUTBOX_REVEAL_SECRETS): a sealed copy outlives the send
  if p_keep_revealable then
    update messages set revealable_secrets_encrypted = p_secret_variables_encrypted where tenant_id = p_tenant_id and id = v_message;
  end if;

  with moved as (
    update crm_contacts set status = 'onboarding', user_id = v_user where tenant_id = p_tenant_id and id = p_contact_id returning id
  )
  insert into crm_contact_transitions (tenant_id, contact_id, from_status, to_status, actor_kind, actor_id, note)
  select p_tenant_id, moved.id, 'qualified', 'onboarding', v_actor_kind, v_actor_user, 'account provisioned' from moved;

  insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip)
  values (p_tenant_id, v_actor_user, v_actor_kind, v_impersonating, 'user.created', 'user', v_user::text,
          jsonb_build_object('email', p_email, 'role', p_access_role, 'temporary_password', true), v_request, v_ip),
         (p_tenant_id, v_actor_user, v_actor_kind, v_impersonating, 'crm.contact_moved', 'contact', p_contact_id::text,
          '{"from": "qualified", "to": "onboarding"}', v_request, v_ip),
         (p_tenant_id, v_actor_user, v_actor_kind, v_impersonating, 'crm.contact_provisioned', 'contact', p_contact_id::text,
          jsonb_build_object('user_id', v_user), v_request, v_ip);

  perform append_events(p_tenant_id, jsonb_build_array(
    jsonb_build_object('type', 'crm.contact.moved', 'subject_type', 'contact', 'subject_id', p_contact_id::text, 'actor', p_event_actor,
      'payload', jsonb_build_object('contact_id', p_contact_id, 'from', 'qualified', 'to', 'onboarding', 'note', 'account provisioned', 'user_id', v_user)),
    jsonb_build_object('type', 'onboarding.account.provisioned', 'subject_type', 'contact', 'subject_id', p_contact_id::text, 'actor', p_event_actor,
      'payload', jsonb_build_object('contact_id', p_contact_id, 'user_id', v_user, 'email', p_email))));
  return v_user;
end $$;
