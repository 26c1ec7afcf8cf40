-- Which tenant a self-signup is for, and whether it takes signups: one round trip before any tenant
-- context exists, run as system work for its own duration only.
create or replace function signup_gate(p_subdomain text)
returns table (tenant_id uuid, is_active boolean, self_signup_open boolean)
-- plpgsql, not sql: a SET clause keeps a sql function from being inlined, so it would be planned on
-- every call; plpgsql keeps its plan for the session
language plpgsql stable set app.system = 'on' as $$
begin
  return query
  select t.id, t.is_active, coalesce(s.self_signup_open, false)
    from tenants t left join signup_settings s on s.tenant_id = t.id
   where t.subdomain = p_subdomain;
end $$;
