-- Whether a checklist's audience ({roles?, signup_modes?}; absent = everyone) includes the user: one of
-- the user's application roles, and the signup mode they came through.
create or replace function onboarding_audience_includes(p_tenant_id uuid, p_user_id uuid, p_audience jsonb) returns boolean
language plpgsql stable
-- key lookups: one plan fits every call (see onboarding_truth)
set plan_cache_mode = force_generic_plan
as $$
begin
  perform assert_tenant_context(p_tenant_id);
  return (not (p_audience ? 'roles')
          or exists (select 1 from role_assignments ra
                      where ra.tenant_id = p_tenant_id and ra.user_id = p_user_id
                        and ra.role_key in (select jsonb_array_elements_text(p_audience -> 'roles'))))
     and (not (p_audience ? 'signup_modes')
          or exists (select 1 from onboarding_states os
                      where os.tenant_id = p_tenant_id and os.user_id = p_user_id
                        and os.signup_mode in (select jsonb_array_elements_text(p_audience -> 'signup_modes'))));
end $$;
