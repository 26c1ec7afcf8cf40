-- Locks the subjects in one global order (so two writers never wait on each other in a circle); after
-- it, every statement of the caller's transaction sees what an earlier holder committed.
create or replace function onboarding_lock_subjects(p_tenant_id uuid, p_subject_type text, p_subject_ids uuid[]) returns void
language plpgsql as $$
declare
  v_key integer;
begin
  perform assert_tenant_context(p_tenant_id);
  for v_key in select distinct hashtext(p_tenant_id::text || p_subject_type || s.id::text) as k from unnest(p_subject_ids) as s (id) where s.id is not null order by k loop
    perform pg_advisory_xact_lock(4542788, v_key);
  end loop;
end $$;
