-- How many times graphile-worker runs a job of the task that throws: the SQL side of JOB_MAX_ATTEMPTS in
-- src/jobs/tasks.ts, the one table of Embark's tasks (src/jobs/tasks.test.ts keeps the two equal).
-- A task not in it is refused, so nothing is queued that no worker runs.
create or replace function job_max_attempts(p_task text) returns integer
language plpgsql immutable set search_path = pg_catalog as $$
begin
  return case p_task
    when 'dispatch_message' then 25
    when 'deliver_webhook' then 10
    when 'run_step' then 25
    else null end;
end $$;
