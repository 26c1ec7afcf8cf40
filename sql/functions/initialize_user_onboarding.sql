-- Initialises one user's onboarding, once. Runs with the caller's row-level security: the signup
-- trigger runs it as system work, the admin endpoint inside the tenant's context (so another tenant's
-- user id finds nothing). Returns true when this call did the work, false when it was already done or
-- the user does not exist here (or is a global admin). users.role, the access role, is never touched.
-- A signup that names an organisation (metadata organization_name) gets a new organisation it owns.
-- CRM provisioning (crm_provision_contact) sets the transaction-local app.onboarding_role and
-- app.onboarding_mode around its users insert: the app role and signup mode the tenant maps approved
-- contacts to (crm_settings), which stand in for the metadata's hint and the default role.
create or replace function initialize_user_onboarding(p_user_id uuid) returns boolean
language plpgsql as $$
declare
  v record;
  v_status text;
  v_message_id uuid;
  v_organization_id uuid;
  v_mapped_role text := nullif(current_setting('app.onboarding_role', true), '');
  v_mapped_mode text := nullif(current_setting('app.onboarding_mode', true), '');
begin
  -- everything onboarding decides, read in one statement: this runs inside every users insert
  select u.id, u.tenant_id, u.email, u.phone,
         onboarding_hint(u.metadata, 'first_name', 100) as first_name,
         onboarding_hint(u.metadata, 'last_name', 100) as last_name,
         onboarding_hint(u.metadata, 'organization_name', 200) as organization_name,
         mode.key as mode_key,
         coalesce(mode.template_variant, '') as variant,
         -- the mode is a hint: only a mode the tenant defined counts, and it brings its role only when
         -- the tenant lets people choose that role themselves
         coalesce(v_mapped_role, case when mode.self_assignable then mode.role else coalesce(s.default_role, 'member') end) as role_key,
         case when v_mapped_role is not null then 'crm' when mode.self_assignable then 'signup' else 'default' end as role_source,
         channel.name as channel,
         cardinality(coalesce(s.contact_channels, '{voice,sms,email}')) = 0 as contact_disabled,
         t.name as tenant_name,
         coalesce(p.business_name, t.name) as business_name
    into v
    from users u
    join tenants t on t.id = u.tenant_id
    left join tenant_profiles p on p.tenant_id = u.tenant_id
    left join signup_settings s on s.tenant_id = u.tenant_id
    left join lateral (
      select m ->> 'key' as key, m ->> 'template_variant' as template_variant, m ->> 'role' as role,
             exists (select 1 from jsonb_array_elements(s.roles) as r
                      where r ->> 'key' = m ->> 'role' and r -> 'self_assignable' = 'true'::jsonb) as self_assignable
        from jsonb_array_elements(coalesce(s.modes, '[]')) as m
       where m ->> 'key' = coalesce(v_mapped_mode, onboarding_hint(u.metadata, 'signup_mode', 32))
       limit 1
    ) as mode on true
    -- the first contact: the first channel of the tenant's order that can reach this person. A channel
    -- is available unless the tenant configured it and disabled it (no row = the built-in outbox).
    left join lateral (
      select c.name
        from unnest(coalesce(s.contact_channels, '{voice,sms,email}')) with ordinality as c (name, ord)
       where not exists (select 1 from channel_configs cc where cc.tenant_id = u.tenant_id and cc.channel = c.name and not cc.enabled)
         and case c.name
               when 'email' then u.email is not null
               when 'voice' then u.phone is not null
               else u.phone is not null
                    and not exists (select 1 from sms_opt_outs o where o.tenant_id = u.tenant_id and o.phone_number = u.phone)
             end
       order by c.ord
       limit 1
    ) as channel on true
   where u.id = p_user_id;
  if not found then
    return false;
  end if;

  v_status := case when v.channel is not null then 'queued' when v.contact_disabled then 'disabled_by_policy' else 'no_channel' end;
  insert into onboarding_states (tenant_id, user_id, signup_mode, role_key, contact_status, contact_channel)
  values (v.tenant_id, v.id, v.mode_key, v.role_key, v_status, v.channel)
  on conflict do nothing;
  if not found then
    return false;
  end if;

  with profile as (
    insert into user_profiles (tenant_id, user_id, first_name, last_name, organization_name)
    values (v.tenant_id, v.id, v.first_name, v.last_name, v.organization_name) on conflict do nothing
  ), preferences as (
    insert into user_preferences (tenant_id, user_id, default_mode, last_mode)
    values (v.tenant_id, v.id, v.mode_key, v.mode_key) on conflict do nothing
  )
  insert into role_assignments (tenant_id, user_id, role_key, source)
  values (v.tenant_id, v.id, v.role_key, v.role_source) on conflict do nothing;

  -- an organisation the signup names is a new one of the user's own, never someone else's of that name
  if v.organization_name is not null then
    insert into organizations (tenant_id, name, created_by) values (v.tenant_id, v.organization_name, v.id) returning id into v_organization_id;
    insert into organization_members (tenant_id, user_id, organization_id, role) values (v.tenant_id, v.id, v_organization_id, 'owner');
    perform append_event(v.tenant_id, 'organization.created', 'organization', v_organization_id::text, '{"kind": "system"}',
      jsonb_build_object('organization_id', v_organization_id, 'name', v.organization_name, 'external_id', null));
    perform append_event(v.tenant_id, 'organization.member_added', 'organization', v_organization_id::text, '{"kind": "system"}',
      jsonb_build_object('organization_id', v_organization_id, 'user_id', v.id, 'role', 'owner', 'previous_organization_id', null));
  end if;

  if v.channel is not null then
    v_message_id := enqueue_message(
      p_tenant_id => v.tenant_id,
      p_channel => v.channel,
      p_recipient => case when v.channel = 'email' then v.email else v.phone end,
      p_bundle => case v.channel when 'voice' then 'onboarding_call_script' when 'sms' then 'onboarding_sms' else 'onboarding_email' end,
      p_variables => jsonb_build_object(
        'first_name', v.first_name,
        'last_name', v.last_name,
        'full_name', nullif(concat_ws(' ', v.first_name, v.last_name), ''),
        'organization_name', v.organization_name,
        'signup_mode', v.mode_key,
        'business_name', v.business_name,
        'tenant_name', v.tenant_name),
      p_variant => v.variant,
      p_user_id => v.id,
      p_artifacts => jsonb_build_object('signup_mode', v.mode_key, 'role', v.role_key),
      p_related_type => 'onboarding',
      p_related_id => v.id::text);
    update onboarding_states set contact_message_id = v_message_id where tenant_id = v.tenant_id and user_id = v.id;
  end if;
  return true;
end $$;
