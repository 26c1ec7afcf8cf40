-- Login limits that hold under concurrency. The failure count used to be read before the password was
-- checked and written after it, so 200 parallel guesses for one account all saw "9 failures" and all
-- got checked. Now an attempt is reserved — counted — before its password is checked, in one statement
-- that serialises on the buckets it counts, and released when the password was right.
alter table login_failures add column id bigint generated always as identity;

-- Reserves one attempt on an account's bucket and its address's, if neither is full: a full account is
-- refused; a full address is refused unless the attempt comes from a device this account signed in
-- from before (p_known_device: a device token, OWASP's device cookies), so that many failures behind
-- one address do not lock its known users out. Answers whether it may go on, and if not in how many
-- seconds the oldest counted failure leaves the window; the reservation's rows, to release on success.
create function reserve_login_attempt(p_account text, p_address text, p_account_limit integer, p_address_limit integer,
                                      p_window_seconds integer, p_known_device boolean)
returns table (allowed boolean, retry_after integer, reservation bigint[])
language plpgsql as $$
declare
  v_account integer;
  v_address integer;
  v_full text;
  v_ids bigint[];
begin
  -- one reservation at a time per bucket, in a fixed order: no count is stale by the time it is acted on
  perform pg_advisory_xact_lock(hashtextextended(b, 7265110402)) from unnest(array[p_account, p_address]) as b order by b;
  select count(*) filter (where f.bucket = p_account), count(*) filter (where f.bucket = p_address)
    into v_account, v_address
    from login_failures f
   where f.bucket in (p_account, p_address) and f.failed_at > now() - make_interval(secs => p_window_seconds);
  if v_account >= p_account_limit then
    v_full := p_account;
  elsif v_address >= p_address_limit and not p_known_device then
    v_full := p_address;
  end if;
  if v_full is not null then
    return query
      select false, greatest(1, ceil(extract(epoch from min(f.failed_at) + make_interval(secs => p_window_seconds) - now()))::integer), null::bigint[]
        from login_failures f
       where f.bucket = v_full and f.failed_at > now() - make_interval(secs => p_window_seconds);
    return;
  end if;
  with reserved as (
    insert into login_failures (bucket) values (p_account), (p_address) returning id
  )
  select array_agg(id) into v_ids from reserved;
  return query select true, 0, v_ids;
end $$;
