-- Self-signup's write, in one round trip (a signup already spends tens of milliseconds hashing; the
-- rest should cost little). It decides again what the caller may have read from a cache: the tenant is
-- active (EMB04) and takes signups (EMB03), and this address has not had p_refusal_limit signups
-- refused for taken emails or phones in the window (EMB29, retry-after seconds in DETAIL). Then the
-- member, whose onboarding the users trigger (users_initialize_onboarding) initialises inside the same
-- statement, and its audit entry (the columns src/audit/audit.store.ts writes). The caller's
-- transaction acts for the tenant: src/onboarding/onboarding.store.ts sets it in the same statement.
create or replace function signup_member(
  p_tenant_id uuid, p_email text, p_phone text, p_password_hash text, p_metadata jsonb, p_request_id text, p_ip inet,
  p_refusal_limit integer, p_window_seconds integer
) returns table (id uuid, tenant_id uuid, email text, phone text, role text, created_at timestamptz)
language plpgsql as $$
#variable_conflict use_column
declare
  v_active boolean;
  v_open boolean;
  v_refusals integer;
  v_retry_after integer;
  v_user users;
begin
  perform assert_tenant_context(p_tenant_id);
  select t.is_active, coalesce(s.self_signup_open, false) into v_active, v_open
    from tenants t left join signup_settings s on s.tenant_id = t.id
   where t.id = p_tenant_id;
  if not coalesce(v_active, false) then
    raise exception 'tenant % is unknown or inactive', p_tenant_id using errcode = 'EMB04';
  end if;
  if not v_open then
    raise exception 'tenant % does not take signups', p_tenant_id using errcode = 'EMB03';
  end if;
  select count(*)::int, coalesce(extract(epoch from min(f.refused_at) + make_interval(secs => p_window_seconds) - now())::int, 0)
    into v_refusals, v_retry_after
    from signup_refusals f
   where f.tenant_id = p_tenant_id and f.address = p_ip and f.refused_at > now() - make_interval(secs => p_window_seconds);
  if v_refusals >= p_refusal_limit then
    raise exception 'too many refused signups from %', p_ip using errcode = 'EMB29', detail = greatest(v_retry_after, 1)::text;
  end if;

  insert into users (tenant_id, email, phone, role, password_hash, metadata)
  values (p_tenant_id, p_email, p_phone, 'member', p_password_hash, coalesce(p_metadata, '{}'))
  returning * into v_user;
  insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip)
  values (p_tenant_id, v_user.id, 'user', false, 'user.signed_up', 'user', v_user.id::text,
          jsonb_build_object('email', p_email, 'phone', p_phone, 'signup_mode', p_metadata -> 'signup_mode'), p_request_id, p_ip);
  return query select v_user.id, v_user.tenant_id, v_user.email, v_user.phone, v_user.role, v_user.created_at;
end $$;
