-- Time-ordered message ids (webhook-id, stable across retries): 12 hex digits of milliseconds, then
-- 20 random hex digits. Sorting by id sorts by creation, in any collation.
create or replace function new_webhook_message_id() returns text language sql volatile as $$
  select 'msg_' || lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0')
              || substr(replace(gen_random_uuid()::text, '-', ''), 1, 20)
$$;
