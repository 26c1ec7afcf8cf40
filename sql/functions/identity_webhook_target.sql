-- Which tenant an identity webhook is addressed to, and its sealed secret: one round trip before any
-- tenant context exists, run as system work for its own duration only (as auth_session is).
create or replace function identity_webhook_target(p_subdomain text)
returns table (tenant_id uuid, is_active boolean, secret_encrypted bytea)
language plpgsql stable set app.system = 'on' as $$
begin
  return query
  select t.id, t.is_active, s.identity_webhook_secret_encrypted
    from tenants t left join signup_settings s on s.tenant_id = t.id
   where t.subdomain = p_subdomain;
end $$;
