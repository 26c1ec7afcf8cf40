-- Signup onboarding: every new identity (self-signup, admin-created, identity-provider webhook, or a row
-- another system inserts with SQL) gets a profile stub, preferences, an application role and one queued
-- first contact, exactly once, in the transaction that created it.

-- Users may now arrive with a phone instead of an email (phone signup, identity providers), and keep
-- the raw signup metadata they arrived with. The metadata is a hint for onboarding, never authority.
alter table users alter column email drop not null;
alter table users add column phone text check (phone ~ '^\+[1-9][0-9]{6,14}$');
alter table users add column metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object');
alter table users add constraint users_email_or_phone check (email is not null or phone is not null);
create unique index users_tenant_phone_key on users (tenant_id, phone) where phone is not null;
-- The email key was NULLS NOT DISTINCT (so two global admins, tenant_id null, cannot share an email);
-- that would also make two phone-only users of one tenant collide on (tenant, null). Same name, same
-- columns, now partial: identities maps a violation of this name to email_taken.
drop index users_tenant_email_key;
create unique index users_tenant_email_key on users (tenant_id, lower(email)) nulls not distinct where email is not null;

-- A tenant's signup configuration. One row per tenant; no row means the defaults written here (signup
-- closed, no modes, one non-self-assignable role `member`, contact by voice, then SMS, then email).
-- modes and roles are small lists replaced as a whole by PUT, validated by the service, so jsonb.
create table signup_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  self_signup_open boolean not null default false,
  -- [{key, label, role, template_variant}]
  modes jsonb not null default '[]' check (jsonb_typeof(modes) = 'array'),
  -- [{key, label, self_assignable}]: application roles (talent, hirer…), not access roles
  roles jsonb not null default '[{"key": "member", "label": "Member", "self_assignable": false}]' check (jsonb_typeof(roles) = 'array'),
  default_role text not null default 'member',
  contact_channels text[] not null default '{voice,sms,email}' check (contact_channels <@ '{voice,sms,email}'::text[]),
  -- AES-256-GCM under the credential key, bound to 'identity-webhook:<tenant_id>'; shown once when generated
  identity_webhook_secret_encrypted bytea,
  identity_webhook_secret_created_at timestamptz,
  updated_at timestamptz not null default now()
);
create trigger signup_settings_updated_at before update on signup_settings for each row execute function touch_updated_at();

create table user_profiles (
  tenant_id uuid not null,
  user_id uuid not null,
  first_name text check (length(first_name) <= 100),
  last_name text check (length(last_name) <= 100),
  organization_name text check (length(organization_name) <= 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);
create trigger user_profiles_updated_at before update on user_profiles for each row execute function touch_updated_at();

create table user_preferences (
  tenant_id uuid not null,
  user_id uuid not null,
  default_mode text,
  last_mode text,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);
create trigger user_preferences_updated_at before update on user_preferences for each row execute function touch_updated_at();

create table role_assignments (
  tenant_id uuid not null,
  user_id uuid not null,
  role_key text not null,
  -- signup: a self-assignable role the signup mode asked for; default: the tenant's default role
  source text not null check (source in ('signup', 'default', 'admin')),
  assigned_at timestamptz not null default now(),
  primary key (tenant_id, user_id, role_key),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);

-- The once-only guard: initialize_user_onboarding inserts this row first, and only the call whose insert
-- succeeded creates the rest. A second call, a retried webhook or a concurrent one finds it and stops.
create table onboarding_states (
  tenant_id uuid not null,
  user_id uuid not null,
  signup_mode text,
  role_key text,
  contact_status text not null default 'pending' check (contact_status in ('pending', 'queued', 'no_channel', 'disabled_by_policy')),
  contact_channel text check (contact_channel in ('email', 'sms', 'voice')),
  contact_message_id uuid,
  initialized_at timestamptz not null default now(),
  primary key (tenant_id, user_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, contact_message_id) references messages (tenant_id, id) on delete set null (contact_message_id)
);

-- Which identity-provider subject became which user, so later events about it can find the user.
create table identity_links (
  tenant_id uuid not null,
  provider text not null,
  subject text not null check (length(subject) between 1 and 255),
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, provider, subject),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);

-- Self-signups refused because the email or phone is taken, per tenant and address: bounds how fast
-- one address can probe which accounts exist (see signup.service.ts).
create table signup_refusals (
  tenant_id uuid not null references tenants (id) on delete cascade,
  address inet not null,
  refused_at timestamptz not null default now()
);
create index signup_refusals_tenant_address on signup_refusals (tenant_id, address, refused_at);

do $$
declare t text;
begin
  foreach t in array array['signup_settings', 'user_profiles', 'user_preferences', 'role_assignments', 'onboarding_states', 'identity_links', 'signup_refusals'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id))', t);
  end loop;
end $$;

-- Which tenant a self-signup is for, and whether it takes signups: one round trip before any tenant
-- context exists, run as system work for its own duration only.
create function signup_gate(p_subdomain text)
returns table (tenant_id uuid, is_active boolean, self_signup_open boolean)
-- plpgsql, not sql: a SET clause keeps a sql function from being inlined, so it would be planned on
-- every call; plpgsql keeps its plan for the session
language plpgsql stable set app.system = 'on' as $$
begin
  return query
  select t.id, t.is_active, coalesce(s.self_signup_open, false)
    from tenants t left join signup_settings s on s.tenant_id = t.id
   where t.subdomain = p_subdomain;
end $$;

-- Which tenant an identity webhook is addressed to, and its sealed secret: one round trip before any
-- tenant context exists, run as system work for its own duration only (as auth_session is).
create function identity_webhook_target(p_subdomain text)
returns table (tenant_id uuid, is_active boolean, secret_encrypted bytea)
language plpgsql stable set app.system = 'on' as $$
begin
  return query
  select t.id, t.is_active, s.identity_webhook_secret_encrypted
    from tenants t left join signup_settings s on s.tenant_id = t.id
   where t.subdomain = p_subdomain;
end $$;

-- A metadata value as a name hint: a string, control characters dropped, trimmed, at most p_max
-- characters, null when empty. The HTTP paths refuse such input with 400; rows inserted with SQL by
-- another system are taken as they are, made safe here instead of failing that system's insert.
create function onboarding_hint(p_metadata jsonb, p_key text, p_max integer) returns text
language sql immutable parallel safe as $$
  -- one expression, so the planner inlines it into the query that calls it
  select case when jsonb_typeof(p_metadata -> p_key) = 'string'
              then nullif(left(btrim(regexp_replace(p_metadata ->> p_key, '[[:cntrl:]]', '', 'g')), p_max), '') end
$$;

-- Initialises one user's onboarding, once. Runs with the caller's row-level security: the signup
-- trigger runs it as system work, the admin endpoint inside the tenant's context (so another tenant's
-- user id finds nothing). Returns true when this call did the work, false when it was already done or
-- the user does not exist here (or is a global admin). users.role, the access role, is never touched.
create function initialize_user_onboarding(p_user_id uuid) returns boolean
language plpgsql as $$
declare
  v record;
  v_status text;
  v_message_id uuid;
begin
  -- everything onboarding decides, read in one statement: this runs inside every users insert
  select u.id, u.tenant_id, u.email, u.phone,
         onboarding_hint(u.metadata, 'first_name', 100) as first_name,
         onboarding_hint(u.metadata, 'last_name', 100) as last_name,
         onboarding_hint(u.metadata, 'organization_name', 200) as organization_name,
         mode.key as mode_key,
         coalesce(mode.template_variant, '') as variant,
         -- the mode is a hint: only a mode the tenant defined counts, and it brings its role only when
         -- the tenant lets people choose that role themselves
         case when mode.self_assignable then mode.role else coalesce(s.default_role, 'member') end as role_key,
         case when mode.self_assignable then 'signup' else 'default' end as role_source,
         channel.name as channel,
         cardinality(coalesce(s.contact_channels, '{voice,sms,email}')) = 0 as contact_disabled,
         t.name as tenant_name,
         coalesce(p.business_name, t.name) as business_name
    into v
    from users u
    join tenants t on t.id = u.tenant_id
    left join tenant_profiles p on p.tenant_id = u.tenant_id
    left join signup_settings s on s.tenant_id = u.tenant_id
    left join lateral (
      select m ->> 'key' as key, m ->> 'template_variant' as template_variant, m ->> 'role' as role,
             exists (select 1 from jsonb_array_elements(s.roles) as r
                      where r ->> 'key' = m ->> 'role' and r -> 'self_assignable' = 'true'::jsonb) as self_assignable
        from jsonb_array_elements(coalesce(s.modes, '[]')) as m
       where m ->> 'key' = onboarding_hint(u.metadata, 'signup_mode', 32)
       limit 1
    ) as mode on true
    -- the first contact: the first channel of the tenant's order that can reach this person. A channel
    -- is available unless the tenant configured it and disabled it (no row = the built-in outbox).
    left join lateral (
      select c.name
        from unnest(coalesce(s.contact_channels, '{voice,sms,email}')) with ordinality as c (name, ord)
       where not exists (select 1 from channel_configs cc where cc.tenant_id = u.tenant_id and cc.channel = c.name and not cc.enabled)
         and case c.name
               when 'email' then u.email is not null
               when 'voice' then u.phone is not null
               else u.phone is not null
                    and not exists (select 1 from sms_opt_outs o where o.tenant_id = u.tenant_id and o.phone_number = u.phone)
             end
       order by c.ord
       limit 1
    ) as channel on true
   where u.id = p_user_id;
  if not found then
    return false;
  end if;

  v_status := case when v.channel is not null then 'queued' when v.contact_disabled then 'disabled_by_policy' else 'no_channel' end;
  insert into onboarding_states (tenant_id, user_id, signup_mode, role_key, contact_status, contact_channel)
  values (v.tenant_id, v.id, v.mode_key, v.role_key, v_status, v.channel)
  on conflict do nothing;
  if not found then
    return false;
  end if;

  with profile as (
    insert into user_profiles (tenant_id, user_id, first_name, last_name, organization_name)
    values (v.tenant_id, v.id, v.first_name, v.last_name, v.organization_name) on conflict do nothing
  ), preferences as (
    insert into user_preferences (tenant_id, user_id, default_mode, last_mode)
    values (v.tenant_id, v.id, v.mode_key, v.mode_key) on conflict do nothing
  )
  insert into role_assignments (tenant_id, user_id, role_key, source)
  values (v.tenant_id, v.id, v.role_key, v.role_source) on conflict do nothing;

  if v.channel is not null then
    v_message_id := enqueue_message(
      p_tenant_id => v.tenant_id,
      p_channel => v.channel,
      p_recipient => case when v.channel = 'email' then v.email else v.phone end,
      p_bundle => case v.channel when 'voice' then 'onboarding_call_script' when 'sms' then 'onboarding_sms' else 'onboarding_email' end,
      p_variables => jsonb_build_object(
        'first_name', v.first_name,
        'last_name', v.last_name,
        'full_name', nullif(concat_ws(' ', v.first_name, v.last_name), ''),
        'organization_name', v.organization_name,
        'signup_mode', v.mode_key,
        'business_name', v.business_name,
        'tenant_name', v.tenant_name),
      p_variant => v.variant,
      p_user_id => v.id,
      p_artifacts => jsonb_build_object('signup_mode', v.mode_key, 'role', v.role_key),
      p_related_type => 'onboarding',
      p_related_id => v.id::text);
    update onboarding_states set contact_message_id = v_message_id where tenant_id = v.tenant_id and user_id = v.id;
  end if;
  return true;
end $$;

-- Every user row initialises itself, whoever inserted it: Embark's own paths and another system writing
-- users with SQL alike. That system may not set app.tenant_id, so the trigger runs as system work (the
-- SET clause is undone when it returns); global admins (no tenant) have nothing to initialise.
create function users_initialize_onboarding() returns trigger
language plpgsql set app.system = 'on' as $$
begin
  if new.tenant_id is not null then
    perform initialize_user_onboarding(new.id);
  end if;
  return null;
end $$;
create trigger on_user_created_onboarding after insert on users
  for each row execute function users_initialize_onboarding();

-- Self-signup's write, in one round trip (a signup already spends tens of milliseconds hashing; the
-- rest should cost little). It decides again what the caller may have read from a cache: the tenant is
-- active (EMB04) and takes signups (EMB03), and this address has not had p_refusal_limit signups
-- refused for taken emails or phones in the window (EMB29, retry-after seconds in DETAIL). Then the
-- member, whose onboarding the trigger above initialises inside the same statement, and its audit
-- entry (the columns src/audit/audit.store.ts writes). Called outside a transaction, it is one: the
-- tenant context it sets ends with it.
create function signup_member(
  p_tenant_id uuid, p_email text, p_phone text, p_password_hash text, p_metadata jsonb, p_request_id text, p_ip inet,
  p_refusal_limit integer, p_window_seconds integer
) returns table (id uuid, tenant_id uuid, email text, phone text, role text, created_at timestamptz)
language plpgsql as $$
#variable_conflict use_column
declare
  v_active boolean;
  v_open boolean;
  v_refusals integer;
  v_retry_after integer;
  v_user users;
begin
  perform set_config('app.tenant_id', p_tenant_id::text, true);
  select t.is_active, coalesce(s.self_signup_open, false) into v_active, v_open
    from tenants t left join signup_settings s on s.tenant_id = t.id
   where t.id = p_tenant_id;
  if not coalesce(v_active, false) then
    raise exception 'tenant % is unknown or inactive', p_tenant_id using errcode = 'EMB04';
  end if;
  if not v_open then
    raise exception 'tenant % does not take signups', p_tenant_id using errcode = 'EMB03';
  end if;
  select count(*)::int, coalesce(extract(epoch from min(f.refused_at) + make_interval(secs => p_window_seconds) - now())::int, 0)
    into v_refusals, v_retry_after
    from signup_refusals f
   where f.tenant_id = p_tenant_id and f.address = p_ip and f.refused_at > now() - make_interval(secs => p_window_seconds);
  if v_refusals >= p_refusal_limit then
    raise exception 'too many refused signups from %', p_ip using errcode = 'EMB29', detail = greatest(v_retry_after, 1)::text;
  end if;

  insert into users (tenant_id, email, phone, role, password_hash, metadata)
  values (p_tenant_id, p_email, p_phone, 'member', p_password_hash, coalesce(p_metadata, '{}'))
  returning * into v_user;
  insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip)
  values (p_tenant_id, v_user.id, 'user', false, 'user.signed_up', 'user', v_user.id::text,
          jsonb_build_object('email', p_email, 'phone', p_phone, 'signup_mode', p_metadata -> 'signup_mode'), p_request_id, p_ip);
  return query select v_user.id, v_user.tenant_id, v_user.email, v_user.phone, v_user.role, v_user.created_at;
end $$;

-- An identity provider's user.created, after its receipt is stored in the same transaction: unless the
-- subject is already linked, insert the member (an existing email or phone, or a concurrent insert of
-- one, is not an error), link the subject and audit it; otherwise mark the receipt identity_exists.
-- One round trip for what would be four. Returns the outcome and the user.
create function identity_webhook_user(
  p_tenant_id uuid, p_receipt_id uuid, p_provider text, p_subject text, p_email text, p_phone text, p_metadata jsonb,
  p_webhook_id text, p_request_id text
) returns table (outcome text, user_id uuid)
language plpgsql as $$
#variable_conflict use_column
declare
  v_linked uuid;
  v_user uuid;
begin
  select l.user_id into v_linked from identity_links l where l.tenant_id = p_tenant_id and l.provider = p_provider and l.subject = p_subject;
  if v_linked is null then
    -- no password: these people sign in at their identity provider, never with an Embark password
    insert into users (tenant_id, email, phone, role, metadata) values (p_tenant_id, p_email, p_phone, 'member', coalesce(p_metadata, '{}'))
    on conflict do nothing
    returning id into v_user;
  end if;
  if v_user is null then
    update webhook_receipts set outcome = 'identity_exists' where id = p_receipt_id;
    return query select 'identity_exists'::text, coalesce(v_linked,
      (select u.id from users u where u.tenant_id = p_tenant_id and (lower(u.email) = lower(p_email) or u.phone = p_phone) order by u.created_at limit 1));
    return;
  end if;
  insert into identity_links (tenant_id, provider, subject, user_id) values (p_tenant_id, p_provider, p_subject, v_user) on conflict do nothing;
  insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id)
  values (p_tenant_id, null, 'system', false, 'user.created', 'user', v_user::text,
          jsonb_build_object('source', 'identity_webhook', 'email', p_email, 'phone', p_phone, 'role', 'member', 'webhook_id', p_webhook_id), p_request_id);
  return query select 'created'::text, v_user;
end $$;
