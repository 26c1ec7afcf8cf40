-- Called once per authenticated request: the state that decides whether a token still works.
-- Runs as system work for its own duration only (the SET clause is undone when it returns). plpgsql,
-- not sql: a sql function with a SET clause is planned on every call; plpgsql keeps the plan.
create or replace function auth_session(p_session_id uuid)
returns table (user_id uuid, tenant_id uuid, role text, must_change_password boolean,
               user_disabled boolean, session_revoked boolean, session_expired boolean, tenant_active boolean)
language plpgsql stable set app.system = 'on' as $$
begin
  return query
  select u.id, u.tenant_id, u.role, u.must_change_password,
         u.disabled_at is not null, s.revoked_at is not null, s.expires_at <= now(),
         coalesce(t.is_active, true)
    from sessions s
    join users u on u.id = s.user_id
    left join tenants t on t.id = u.tenant_id
   where s.id = p_session_id;
end $$;
