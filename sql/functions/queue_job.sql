-- graphile-worker's tables have row-level security and no policies: only their owner may touch them.
-- The application role (and triggers running as whoever inserted) queue jobs through this function,
-- which runs as that owner. It is the only way into the queue outside graphile-worker itself.
create or replace function queue_job(p_task text, p_payload json, p_job_key text default null,
                          p_run_at timestamptz default null, p_max_attempts integer default 25)
returns void language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  perform graphile_worker.add_job(p_task, p_payload, run_at => p_run_at, job_key => p_job_key, max_attempts => p_max_attempts);
end $$;
