-- Dispatching a message in three statements instead of thirteen: round trips, not work, were what a
-- send cost (bench/messaging.ts). Each function sets its tenant itself, for the one statement it runs
-- in, so it needs no surrounding transaction; row-level security applies inside as everywhere.

-- One copy of "create the deliveries of an event for the subscribed endpoints and queue their jobs",
-- used by src/webhooks/outbound.store.ts and by record_message_outcome below.
create function insert_webhook_deliveries(p_tenant_id uuid, p_event_type text, p_payload jsonb, p_endpoint_id uuid, p_max_attempts integer)
returns table (id text, endpoint_id uuid) language sql as $$
  with created as (
    insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload)
    select e.tenant_id, e.id, p_event_type, p_payload
      from webhook_endpoints e
     where e.tenant_id = p_tenant_id and e.enabled and e.deleted_at is null
       and case when p_endpoint_id is null then cardinality(e.event_types) = 0 or p_event_type = any(e.event_types) else e.id = p_endpoint_id end
    returning tenant_id, id, endpoint_id
  )
  select c.id, c.endpoint_id
    from created c, lateral (select queue_job('deliver_webhook', json_build_object('tenant_id', c.tenant_id, 'delivery_id', c.id), 'webhook:' || c.id, null, p_max_attempts)) q
$$;

-- Everything dispatch needs to decide and render, in one read: the message, its channel row (absent:
-- the built-in outbox), whether an SMS recipient opted out, and the template rows that can compose it.
create function read_message_for_dispatch(p_tenant_id uuid, p_message_id uuid)
returns jsonb language plpgsql as $$
declare
  v_message messages;
  v_channel channel_configs;
  v_locales text[];
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  select * into v_message from messages where id = p_message_id;
  if not found then return null; end if;
  select * into v_channel from channel_configs where channel = v_message.channel;
  -- the locale, its language, then English (src/templates/compose.ts localeChain)
  v_locales := array(select distinct l from unnest(array[v_message.locale, split_part(v_message.locale, '-', 1), 'en']) l);
  return jsonb_build_object(
    'message', to_jsonb(v_message) - 'secret_variables_encrypted',
    'secret_variables', encode(v_message.secret_variables_encrypted, 'base64'),
    'channel', case when v_channel.tenant_id is null then null
                    else jsonb_build_object('provider', v_channel.provider, 'from_address', v_channel.from_address, 'enabled', v_channel.enabled,
                                            'credentials', encode(v_channel.credentials_encrypted, 'base64')) end,
    'opted_out', v_message.channel = 'sms' and exists (select 1 from sms_opt_outs o where o.phone_number = v_message.recipient),
    'template_rows', coalesce((
      select jsonb_agg(jsonb_build_object('tenant_id', t.tenant_id, 'variant', t.variant, 'locale', t.locale, 'section_key', t.section_key,
                                          'position', t.position, 'content', t.content))
        from template_sections t
       where t.bundle = v_message.bundle and (t.tenant_id is null or t.tenant_id = p_tenant_id)
         and t.variant = any(array['', v_message.variant]) and t.locale = any(v_locales)), '[]'::jsonb));
end $$;

-- The claim: `sending`, the attempt counted, the (masked) rendering stored and the event recorded, only
-- if nobody moved the message since it was read (optimistic: another worker's claim makes this a no-op).
create function mark_message_sending(p_tenant_id uuid, p_message_id uuid, p_expected_status text, p_expected_attempts integer,
                                     p_provider text, p_subject text, p_content text)
returns boolean language plpgsql as $$
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  update messages set status = 'sending', attempts = attempts + 1, provider = p_provider, subject = p_subject, content = p_content, next_attempt_at = null
   where id = p_message_id and status = p_expected_status and attempts = p_expected_attempts;
  if not found then return false; end if;
  insert into message_events (tenant_id, message_id, status, detail)
  values (p_tenant_id, p_message_id, 'sending', jsonb_build_object('attempt', p_expected_attempts + 1, 'provider', p_provider));
  return true;
end $$;

-- The one shape of a message.sent / .delivered / .failed webhook event, for the dispatcher and for
-- provider status callbacks alike: the message's identity, its status, and `p_extra` (nulls dropped).
create function emit_message_event(p_message messages, p_status text, p_extra jsonb default '{}', p_webhook_max_attempts integer default 10)
returns void language plpgsql as $$
begin
  perform insert_webhook_deliveries(p_message.tenant_id, 'message.' || p_status, jsonb_build_object(
    'type', 'message.' || p_status,
    'timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'data', jsonb_strip_nulls(jsonb_build_object(
      'message_id', p_message.id, 'channel', p_message.channel, 'bundle', p_message.bundle, 'user_id', p_message.user_id,
      'provider', p_message.provider, 'status', p_status) || coalesce(p_extra, '{}'))),
    null, p_webhook_max_attempts);
end $$;

-- Every other change of a dispatched message, with its event and (for sent, delivered and failed) the
-- message.* webhook deliveries: p_status is sent, delivered, failed, needs_attention or queued (a retry
-- at p_next_attempt_at, whose job it queues).
-- Its commit does not wait for the WAL flush: should PostgreSQL itself crash within that fraction of
-- a second, the message is `sending` again, which recovery resends only where the vendor deduplicates
-- and otherwise marks needs_attention — never lost, never sent twice. The claim (mark_message_sending)
-- keeps the synchronous commit that guarantee rests on.
create function record_message_outcome(p_tenant_id uuid, p_message_id uuid, p_status text, p_event text, p_detail jsonb,
                                       p_provider_message_id text default null, p_error text default null,
                                       p_next_attempt_at timestamptz default null, p_webhook_max_attempts integer default 10,
                                       p_subject text default null, p_content text default null)
returns void language plpgsql as $$
declare
  v_message messages;
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  perform set_config('synchronous_commit', 'off', true);
  update messages set
      status = p_status,
      provider_message_id = coalesce(p_provider_message_id, provider_message_id),
      -- the rendering as stored (secrets masked), when the caller rendered it
      subject = coalesce(p_subject, subject),
      content = coalesce(p_content, content),
      last_error = case when p_status in ('sent', 'delivered') then null else p_error end,
      next_attempt_at = p_next_attempt_at,
      sent_at = case when p_status in ('sent', 'delivered') then coalesce(sent_at, now()) else sent_at end,
      delivered_at = case when p_status = 'delivered' then now() else delivered_at end,
      -- a secret (a temporary password) is needed no longer once it went out
      secret_variables_encrypted = case when p_status in ('sent', 'delivered') then null else secret_variables_encrypted end
   where id = p_message_id
  returning * into v_message;
  if not found then return; end if;
  insert into message_events (tenant_id, message_id, status, detail) values (p_tenant_id, p_message_id, p_event, coalesce(p_detail, '{}'));
  if p_status = 'queued' then
    perform queue_job('dispatch_message', json_build_object('tenant_id', p_tenant_id, 'message_id', p_message_id), 'message:' || p_message_id, p_next_attempt_at);
  elsif p_status in ('sent', 'delivered', 'failed') then
    perform emit_message_event(v_message, p_status, jsonb_build_object('provider_message_id', p_provider_message_id, 'error', p_error), p_webhook_max_attempts);
  end if;
end $$;

-- user.created and onboarding.initialized for every way a user arrives (signup, an admin, the identity
-- webhook, another system's INSERT): fired after on_user_created_onboarding (triggers run in name
-- order), as system work because the inserting session may carry no tenant.
create function users_emit_webhook_events() returns trigger
language plpgsql set app.system = 'on' as $$
declare
  v_state onboarding_states;
  v_now text := to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
begin
  if new.tenant_id is null then return null; end if;
  perform insert_webhook_deliveries(new.tenant_id, 'user.created', jsonb_build_object('type', 'user.created', 'timestamp', v_now,
    'data', jsonb_build_object('user_id', new.id, 'email', new.email, 'phone', new.phone, 'role', new.role)), null, 10);
  select * into v_state from onboarding_states where tenant_id = new.tenant_id and user_id = new.id;
  if found then
    perform insert_webhook_deliveries(new.tenant_id, 'onboarding.initialized', jsonb_build_object('type', 'onboarding.initialized', 'timestamp', v_now,
      'data', jsonb_build_object('user_id', new.id, 'signup_mode', v_state.signup_mode, 'role', v_state.role_key,
                                 'contact', jsonb_build_object('status', v_state.contact_status, 'channel', v_state.contact_channel, 'message_id', v_state.contact_message_id))),
      null, 10);
  end if;
  return null;
end $$;
create trigger users_webhook_events after insert on users for each row execute function users_emit_webhook_events();

-- The common path in one statement: read everything (as read_message_for_dispatch) and, when the
-- message is queued and its channel can take it, claim it — `sending`, the attempt counted, the event
-- recorded — committed before the vendor is called. A message left `sending` by a crash is returned
-- unclaimed ('claimed' false): whether it may be sent again depends on the vendor, which the caller
-- knows. A disabled channel or an opted-out recipient settles the message as failed right here.
create function claim_message_for_dispatch(p_tenant_id uuid, p_message_id uuid)
returns jsonb language plpgsql as $$
declare
  v_read jsonb;
  v_status text;
  v_reason text;
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  -- the row lock holds until this statement's transaction commits: one claimer at a time
  select status into v_status from messages where id = p_message_id for update;
  if not found or v_status not in ('queued', 'sending') then return null; end if;
  v_read := read_message_for_dispatch(p_tenant_id, p_message_id);
  if (v_read -> 'channel') is not null and (v_read -> 'channel' ->> 'enabled')::boolean is false then
    v_reason := 'the ' || (v_read -> 'message' ->> 'channel') || ' channel is disabled for this tenant';
  elsif (v_read ->> 'opted_out')::boolean then
    v_reason := 'the recipient replied STOP and is opted out of SMS';
  end if;
  if v_reason is not null then
    perform record_message_outcome(p_tenant_id, p_message_id, 'failed', 'failed', jsonb_build_object('reason', v_reason), null, v_reason);
    return null;
  end if;
  if v_status = 'queued' then
    update messages set status = 'sending', attempts = attempts + 1, provider = coalesce(v_read -> 'channel' ->> 'provider', 'outbox'), next_attempt_at = null
     where id = p_message_id;
    insert into message_events (tenant_id, message_id, status, detail)
    values (p_tenant_id, p_message_id, 'sending', jsonb_build_object('attempt', (v_read -> 'message' ->> 'attempts')::int + 1,
                                                                    'provider', coalesce(v_read -> 'channel' ->> 'provider', 'outbox')));
  end if;
  return v_read || jsonb_build_object('claimed', v_status = 'queued');
end $$;
