-- The locks that keep onboarding evaluation exact under concurrency (docs/checklists.md). Every writer
-- of a tenant's onboarding data (ingest, domain events, marks, properties) holds the tenant's lock
-- shared, then its subjects' locks in one order; a checklist change holds the tenant's lock exclusive,
-- so its count over existing events sees every event that the live counting did not.
create or replace function onboarding_lock_tenant(p_tenant_id uuid, p_exclusive boolean default false) returns void
language plpgsql as $$
begin
  if p_exclusive then
    perform pg_advisory_xact_lock(4542787, hashtext(p_tenant_id::text));
  else
    perform pg_advisory_xact_lock_shared(4542787, hashtext(p_tenant_id::text));
  end if;
end $$;

-- Locks the subjects in one global order (so two writers never wait on each other in a circle); after
-- it, every statement of the caller's transaction sees what an earlier holder committed.
create or replace function onboarding_lock_subjects(p_tenant_id uuid, p_subject_type text, p_subject_ids uuid[]) returns void
language plpgsql as $$
declare
  v_key integer;
begin
  for v_key in select distinct hashtext(p_tenant_id::text || p_subject_type || s.id::text) as k from unnest(p_subject_ids) as s (id) where s.id is not null order by k loop
    perform pg_advisory_xact_lock(4542788, v_key);
  end loop;
end $$;
