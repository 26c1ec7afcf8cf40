-- The one-event form for an application that shares Embark's database, like spec 001's helper:
-- select track_event(tenant, 'service.created', user_id, '{"plan": "pro"}'). True when it was stored,
-- false when its message_id was stored before. Runs in a transaction acting for the tenant.
create or replace function track_event(p_tenant_id uuid, p_event text, p_user_id uuid, p_properties jsonb default '{}',
                                       p_organization_id uuid default null, p_message_id text default null, p_occurred_at timestamptz default null)
returns boolean language plpgsql as $$
declare
  v_result record;
begin
  perform assert_tenant_context(p_tenant_id);
  if p_user_id is not null and not exists (select 1 from users u where u.tenant_id = p_tenant_id and u.id = p_user_id) then
    raise exception 'track_event: no user % in tenant %', p_user_id, p_tenant_id using errcode = 'foreign_key_violation';
  end if;
  select * into v_result from track_events(p_tenant_id, jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
    'event', p_event, 'user_id', p_user_id, 'organization_id', p_organization_id, 'properties', coalesce(p_properties, '{}'),
    'message_id', p_message_id, 'timestamp', p_occurred_at))), 'sql');
  return v_result.stored = 1;
end $$;
