-- Batch dispatch (claim_messages_for_dispatch): a waiting message becomes this worker's only by taking
-- its job out of the queue. A job no worker holds is deleted here, and its message claimed in the same
-- transaction; a job another worker already holds keeps its message, which that worker dispatches.
-- Runs as the queue's owner (graphile-worker's tables have no policies), so the caller passes only ids
-- it could see and has locked, and only jobs of the tenant the transaction acts for (app.tenant_id)
-- are taken.
create or replace function take_message_jobs(p_message_ids uuid[]) returns setof uuid
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  return query
  delete from graphile_worker._private_jobs j
   using (select f.id
            from graphile_worker._private_jobs f
            join graphile_worker._private_tasks t on t.id = f.task_id and t.identifier = 'dispatch_message'
           where f.key = any(array(select 'message:' || m from unnest(p_message_ids) m))
             and f.payload ->> 'tenant_id' = current_setting('app.tenant_id', true)
             and f.is_available and f.run_at <= now() and f.job_queue_id is null
             for update of f skip locked) free
   where j.id = free.id
  returning substr(j.key, length('message:') + 1)::uuid;
end $$;
