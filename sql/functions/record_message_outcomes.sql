-- The outcomes of a claim, in one statement: apply_message_status for each element of p_outcomes,
-- {message_id, status, event, detail, provider_message_id, error, next_attempt_at, subject, content},
-- each applied only while p_claim_token still holds its message; then the message.sent / .delivered /
-- .failed events of those that changed, all with one append_events — one multi-row insert into the
-- event log for the batch, where a call per message cost an insert, a webhook-endpoint check and two
-- plpgsql calls each (bench/README.md).
-- Its durability is its caller's choice, not its own: the dispatcher runs it as a statement of its
-- own that turns synchronous_commit off for that statement's transaction (src/messaging/dispatch.ts),
-- so its commit does not wait for the WAL flush. Should PostgreSQL itself crash within that fraction
-- of a second, the message is `sending` again under an old claim, which recovery resends only where
-- the vendor deduplicates and otherwise marks needs_attention — never lost, never sent twice. The
-- claim keeps the synchronous commit that guarantee rests on. (A SET clause on the function would
-- not do: it ends when the function returns, and what counts is the setting at commit.)
drop function if exists record_message_outcomes(uuid, jsonb, uuid, integer);
create or replace function record_message_outcomes(p_tenant_id uuid, p_outcomes jsonb, p_claim_token uuid)
returns void language plpgsql as $$
declare
  o record;
  v_message messages;
  v_events jsonb := '[]';
begin
  perform assert_tenant_context(p_tenant_id);
  for o in
    select * from jsonb_to_recordset(p_outcomes) as x(message_id uuid, status text, event text, detail jsonb, provider_message_id text,
                                                       error text, next_attempt_at timestamptz, subject text, content text)
  loop
    if apply_message_status(p_tenant_id, o.message_id, o.status, coalesce(o.event, o.status), coalesce(o.detail, '{}'),
                            o.provider_message_id, o.error, o.next_attempt_at, o.subject, o.content, p_claim_token,
                            p_append_event => false) = 'changed' then
      select * into v_message from messages m where m.tenant_id = p_tenant_id and m.id = o.message_id;
      if v_message.status in ('sent', 'delivered', 'failed') then
        v_events := v_events || message_event(v_message, v_message.status,
                                              jsonb_build_object('provider_message_id', o.provider_message_id, 'error', o.error));
      end if;
    end if;
  end loop;
  if jsonb_array_length(v_events) > 0 then
    perform append_events(p_tenant_id, v_events);
  end if;
end $$;
