-- Every function that takes a tenant id starts with this: it acts for that tenant only inside a
-- transaction that acts for it — whose app.tenant_id is that tenant (withTenant, or a statement that
-- sets its own transaction's tenant, as the dispatcher's do) — or in system work (app.system = 'on')
-- that set no tenant, such as the users trigger for a row another system inserted, where the function
-- filters by the tenant it was given. Anything else is refused with SQLSTATE EMBTC.
-- No function sets app.tenant_id itself: set_config(…, true) lasts for the rest of the caller's
-- transaction, so one call with another tenant's id showed every later query of it that tenant's rows.
create or replace function assert_tenant_context(p_tenant_id uuid) returns void
language plpgsql stable as $$
declare
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
begin
  if v_tenant = p_tenant_id or (v_tenant is null and current_setting('app.system', true) = 'on') then
    return;
  end if;
  raise exception '%', case when v_tenant is null
                            then format('this transaction acts for no tenant, not for tenant %s: it set no app.tenant_id and is not system work', p_tenant_id)
                            else format('this transaction acts for tenant %s, not for tenant %s', v_tenant, p_tenant_id) end
    using errcode = 'EMBTC',
          hint = 'Call it in a transaction of that tenant (withTenant), or set app.tenant_id for the statement''s own transaction; see docs/database.md.';
end $$;
