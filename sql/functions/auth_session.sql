-- Called once per authenticated request: the state that decides whether a token still works. The
-- access token names the session's tenant (null: a global admin's, in platform_sessions), so the session
-- is found within it. It does not act for that tenant — it decides whether the request may — so it is
-- system work by construction, and its argument is no p_tenant_id checked by assert_tenant_context.
-- Runs as system work for its own duration only (the SET clause is undone when it
-- returns). plpgsql, not sql: a sql function with a SET clause is planned on every call; plpgsql keeps
-- the plan.
create or replace function auth_session(p_session_tenant_id uuid, p_session_id uuid)
returns table (user_id uuid, tenant_id uuid, role text, must_change_password boolean,
               user_disabled boolean, session_revoked boolean, session_expired boolean, tenant_active boolean)
language plpgsql stable set app.system = 'on' as $$
begin
  if p_session_tenant_id is null then
    return query
    select a.id, null::uuid, 'global_admin'::text, a.must_change_password,
           a.disabled_at is not null, s.revoked_at is not null, s.expires_at <= now(), true
      from platform_sessions s
      join platform_admins a on a.id = s.admin_id
     where s.id = p_session_id;
  else
    return query
    select u.id, u.tenant_id, u.role, u.must_change_password,
           u.disabled_at is not null, s.revoked_at is not null, s.expires_at <= now(), t.is_active
      from sessions s
      join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
      join tenants t on t.id = s.tenant_id
     where s.tenant_id = p_session_tenant_id and s.id = p_session_id;
  end if;
end $$;

-- The signature of the build before migration 0028, for its processes still running during a deploy:
-- the session by id alone, a tenant's or a global admin's. Goes in the release after.
create or replace function auth_session(p_session_id uuid)
returns table (user_id uuid, tenant_id uuid, role text, must_change_password boolean,
               user_disabled boolean, session_revoked boolean, session_expired boolean, tenant_active boolean)
language plpgsql stable set app.system = 'on' as $$
begin
  return query select * from auth_session((select s.tenant_id from sessions s where s.id = p_session_id), p_session_id);
end $$;
