-- Reserves one attempt in each of p_buckets, unless one of them already holds its limit (p_limits,
-- position by position; null: counted, not limited) within the last p_window_seconds. Answers whether
-- it may go on and, if not, in how many seconds the oldest attempt of the full bucket leaves the
-- window; and the reservation's rows, to release (delete) when the attempt went well.
create or replace function reserve_attempts(p_buckets text[], p_limits integer[], p_window_seconds integer)
returns table (allowed boolean, retry_after integer, reservation bigint[])
language plpgsql as $$
declare
  v_full text;
  v_ids bigint[];
begin
  -- one reservation at a time per bucket, in a fixed order: no count is stale by the time it is acted on
  perform pg_advisory_xact_lock(hashtextextended(b, 7265110402)) from unnest(p_buckets) as b order by b;
  select b.bucket into v_full
    from unnest(p_buckets, p_limits) as b (bucket, max_attempts)
   where b.max_attempts is not null
     and (select count(*) from login_failures f
           where f.bucket = b.bucket and f.failed_at > now() - make_interval(secs => p_window_seconds)) >= b.max_attempts
   limit 1;
  if v_full is not null then
    return query
      select false, greatest(1, ceil(extract(epoch from min(f.failed_at) + make_interval(secs => p_window_seconds) - now()))::integer), null::bigint[]
        from login_failures f
       where f.bucket = v_full and f.failed_at > now() - make_interval(secs => p_window_seconds);
    return;
  end if;
  with reserved as (
    insert into login_failures (bucket) select unnest(p_buckets) returning id
  )
  select array_agg(id) into v_ids from reserved;
  return query select true, 0, v_ids;
end $$;
