-- One copy of "create the deliveries of an event for the subscribed endpoints and queue their jobs",
-- used by append_events (every domain event, with its id) and by src/webhooks/outbound.store.ts (the
-- webhook.test delivery to one endpoint, which is no event of the log).
-- plpgsql, not sql: a non-inlined SQL function is parsed and planned again on every call, and this
-- one runs for every sent message (its event) even when the tenant has no endpoint; plpgsql keeps its
-- plans for the session, and the quick "any endpoint at all?" check skips the insert for the common
-- tenant that has none.
drop function if exists insert_webhook_deliveries(uuid, text, jsonb, uuid, integer);
drop function if exists insert_webhook_deliveries(uuid, text, jsonb, uuid, integer, bigint);
create or replace function insert_webhook_deliveries(p_tenant_id uuid, p_event_type text, p_payload jsonb, p_endpoint_id uuid, p_event_id bigint default null)
returns table (id text, endpoint_id uuid) language plpgsql as $$
begin
  perform assert_tenant_context(p_tenant_id);
  if not exists (select 1 from webhook_endpoints e where e.tenant_id = p_tenant_id and e.enabled and e.deleted_at is null) then
    return;
  end if;
  return query
  with created as (
    insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload, event_id)
    select e.tenant_id, e.id, p_event_type, p_payload, p_event_id
      from webhook_endpoints e
     where e.tenant_id = p_tenant_id and e.enabled and e.deleted_at is null
       and case when p_endpoint_id is null then cardinality(e.event_types) = 0 or p_event_type = any(e.event_types) else e.id = p_endpoint_id end
    returning webhook_deliveries.tenant_id, webhook_deliveries.id, webhook_deliveries.endpoint_id
  )
  select c.id, c.endpoint_id
    from created c, lateral (select queue_job('deliver_webhook', json_build_object('tenant_id', c.tenant_id, 'delivery_id', c.id), 'webhook:' || c.id)) q;
end $$;
