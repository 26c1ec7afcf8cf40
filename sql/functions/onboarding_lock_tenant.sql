-- The locks that keep onboarding evaluation exact under concurrency (docs/checklists.md). Every writer
-- of a tenant's onboarding data (ingest, domain events, marks, properties) holds the tenant's lock
-- shared, then its subjects' locks in one order; a checklist change holds the tenant's lock exclusive,
-- so its count over existing events sees every event that the live counting did not.
create or replace function onboarding_lock_tenant(p_tenant_id uuid, p_exclusive boolean default false) returns void
language plpgsql as $$
begin
  perform assert_tenant_context(p_tenant_id);
  if p_exclusive then
    perform pg_advisory_xact_lock(4542787, hashtext(p_tenant_id::text));
  else
    perform pg_advisory_xact_lock_shared(4542787, hashtext(p_tenant_id::text));
  end if;
end $$;
