-- graphile-worker's tables have row-level security and no policies: only their owner may touch them.
-- The application role (and triggers running as whoever inserted) queue jobs through this function,
-- which runs as that owner. It is the only way into the queue outside graphile-worker itself.
-- A job's attempts are its task's (job_max_attempts, the SQL side of src/jobs/tasks.ts): no caller
-- chooses them.
drop function if exists queue_job(text, json, text, timestamptz, integer);
create or replace function queue_job(p_task text, p_payload json, p_job_key text default null, p_run_at timestamptz default null)
returns void language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_max_attempts integer := job_max_attempts(p_task);
begin
  if v_max_attempts is null then
    raise exception 'queue_job: % is not one of Embark''s tasks (src/jobs/tasks.ts)', p_task using errcode = '22023';
  end if;
  perform graphile_worker.add_job(p_task, p_payload, run_at => p_run_at, job_key => p_job_key, max_attempts => v_max_attempts);
end $$;
