-- Stores an unattributed receipt (unattributed_receipts: no tenant's) unless its address already left p_per_address in the last
-- p_window_seconds (one statement, serialised per address, so a burst cannot slip past the count);
-- then keeps at most p_cap of them, dropping the oldest. Answers whether it was stored.
create or replace function record_unattributed_receipt(p_provider text, p_event_id text, p_event_type text, p_headers jsonb, p_body text,
                                            p_body_truncated boolean, p_outcome text, p_error text, p_address text,
                                            p_per_address integer, p_window_seconds integer, p_cap integer)
returns boolean language plpgsql as $$
declare
  v_recent integer;
  v_dropped integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('unattributed:' || coalesce(p_address, ''), 7265110403));
  select count(*) into v_recent
    from unattributed_receipts
   where source_address is not distinct from p_address and received_at > now() - make_interval(secs => p_window_seconds);
  if v_recent >= p_per_address then
    perform count_event('webhook_receipts_dropped:rate_limited');
    return false;
  end if;
  insert into unattributed_receipts (provider, event_id, event_type, headers, body, body_truncated, outcome, error, source_address)
  values (p_provider, p_event_id, p_event_type, p_headers, p_body, p_body_truncated, p_outcome, p_error, p_address);
  with oldest as (
    select id from unattributed_receipts order by received_at desc offset p_cap
  )
  delete from unattributed_receipts r using oldest where r.id = oldest.id;
  get diagnostics v_dropped = row_count;
  if v_dropped > 0 then
    perform count_event('webhook_receipts_dropped:capped', v_dropped);
  end if;
  return true;
end $$;
