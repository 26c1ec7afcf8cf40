-- Stores tracked events for the tenant in one statement, skipping any whose message_id was stored
-- before (a replay) or comes twice in the batch, and counts the stored ones into the counters the
-- tenant's rules read (onboarding_count_events). p_events: a JSON array of
-- {event, user_id?, external_user_id?, organization_id?, properties?, timestamp?, message_id?,
--  session_id?, url?, referrer?, device_type?, browser?, os?, ip?}, validated by the caller (the API,
-- or track_event). An event without organization_id counts for its user's organisation. The address
-- is kept, cut to its network or dropped, as the tenant's analytics settings say. Every user_id and
-- organization_id must be the tenant's: otherwise nothing is stored and it raises SQLSTATE EMBSU, with
-- the first 100 such events as DETAIL ([{index, field}], 0-based). Answers how many were stored and how
-- many were duplicates.
create or replace function track_events(p_tenant_id uuid, p_events jsonb, p_source text default 'api', out stored integer, out duplicates integer)
language plpgsql as $$
declare
  v_total integer := jsonb_array_length(p_events);
  v_names text[];
  v_users uuid[];
  v_organizations uuid[];
  v_ip_mode text;
  v_unknown jsonb;
begin
  perform assert_tenant_context(p_tenant_id);
  select jsonb_agg(jsonb_build_object('index', u.index, 'field', u.field) order by u.index) into v_unknown
    from (select (x.n - 1)::int as index, case when x.user_id is not null and us.id is null then 'user_id' else 'organization_id' end as field
            from rows from (jsonb_to_recordset(p_events) as (user_id uuid, organization_id uuid)) with ordinality as x (user_id, organization_id, n)
            left join users us on us.tenant_id = p_tenant_id and us.id = x.user_id
            left join organizations o on o.tenant_id = p_tenant_id and o.id = x.organization_id and o.deleted_at is null
           where (x.user_id is not null and us.id is null) or (x.organization_id is not null and o.id is null)
           order by x.n limit 100) as u;
  if v_unknown is not null then
    raise exception '% event(s) name a user or organisation that is not in this tenant', jsonb_array_length(v_unknown)
      using errcode = 'EMBSU', detail = v_unknown::text;
  end if;
  perform onboarding_lock_tenant(p_tenant_id);
  select s.ip_mode into v_ip_mode from analytics_settings s where s.tenant_id = p_tenant_id;
  with input as (
    select x.* from rows from (jsonb_to_recordset(p_events) as (
             event text, user_id uuid, external_user_id text, organization_id uuid, properties jsonb, "timestamp" timestamptz,
             message_id text, session_id text, url text, referrer text, device_type text, browser text, os text, ip inet))
           with ordinality as x (event, user_id, external_user_id, organization_id, properties, "timestamp", message_id, session_id, url, referrer, device_type, browser, os, ip, n)
  ),
  firsts as (
    -- a message_id twice in one batch: its first event
    select distinct on (coalesce(i.message_id, i.n::text)) i.* from input i order by coalesce(i.message_id, i.n::text), i.n
  ),
  claimed as (
    insert into tracked_event_ids (tenant_id, message_id)
    select p_tenant_id, f.message_id from firsts f where f.message_id is not null
    on conflict do nothing
    returning message_id
  ),
  stored_rows as (
    insert into tracked_events (tenant_id, occurred_at, event, user_id, external_user_id, organization_id, properties, message_id,
                                session_id, url, referrer, device_type, browser, os, ip, source)
    select p_tenant_id, coalesce(f."timestamp", now()), f.event, f.user_id, f.external_user_id,
           coalesce(f.organization_id, m.organization_id), coalesce(f.properties, '{}'), f.message_id,
           f.session_id, f.url, f.referrer, f.device_type, f.browser, f.os,
           case coalesce(v_ip_mode, 'truncate')
             when 'full' then f.ip
             when 'truncate' then network(set_masklen(f.ip, case family(f.ip) when 4 then 24 else 48 end))
           end,
           p_source
      from firsts f
      left join organization_members m on m.tenant_id = p_tenant_id and m.user_id = f.user_id
     where f.message_id is null or f.message_id in (select c.message_id from claimed c)
     order by f.n
    returning event, user_id, organization_id
  )
  select array_agg(s.event), array_agg(s.user_id), array_agg(s.organization_id) into v_names, v_users, v_organizations from stored_rows s;
  stored := coalesce(cardinality(v_names), 0);
  duplicates := v_total - stored;
  if stored > 0 and exists (select 1 from checklist_watches w where w.tenant_id = p_tenant_id) then
    perform onboarding_count_events(p_tenant_id, v_names, v_users, v_organizations);
  end if;
end $$;

