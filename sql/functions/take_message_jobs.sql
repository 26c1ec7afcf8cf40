-- Batch dispatch (claim_messages_for_dispatch): a waiting message becomes this worker's only by taking
-- its job out of the queue. A job no worker holds is deleted here, and its message claimed in the same
-- transaction; a job another worker already holds keeps its message, which that worker dispatches.
-- Runs as the queue's owner (graphile-worker's tables have no policies), so the caller passes only ids
-- it could see and has locked, and only jobs of the tenant the transaction acts for (app.tenant_id)
-- are taken.
-- One delete a message, each finding its job by the unique job key: a single statement for the list
-- was planned as a scan of every available job (graphile-worker's tables are seldom analyzed, so the
-- planner takes them for nearly empty), which cost more the longer the queue.
create or replace function take_message_jobs(p_message_ids uuid[]) returns setof uuid
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_task integer := (select t.id from graphile_worker._private_tasks t where t.identifier = 'dispatch_message');
  v_message_id uuid;
begin
  foreach v_message_id in array p_message_ids loop
    delete from graphile_worker._private_jobs j
     where j.id = (select f.id from graphile_worker._private_jobs f
                    where f.key = 'message:' || v_message_id and f.task_id = v_task
                      and f.payload ->> 'tenant_id' = current_setting('app.tenant_id', true)
                      and f.is_available and f.run_at <= now() and f.job_queue_id is null
                      for update skip locked);
    if found then
      return next v_message_id;
    end if;
  end loop;
end $$;
