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

-- A metadata value as a name hint: a string, control characters dropped, trimmed, at most p_max
-- characters, null when empty. The HTTP paths refuse such input with 400; rows inserted with SQL by
-- another system are taken as they are, made safe here instead of failing that system's insert.
create function onboarding_hint(p_metadata jsonb, p_key text, p_max integer) returns text
language sql immutable parallel safe as $$
  select nullif(left(btrim(regexp_replace(p_metadata ->> p_key, '[[:cntrl:]]', '', 'g')), p_max), '')
   where jsonb_typeof(p_metadata -> p_key) = 'string'
$$;

-- graphile-worker keeps row-level security on its own tables with no policy, so only their owner may add
-- jobs, and enqueue_message runs as its caller: the application role cannot queue through it directly.
-- This runs enqueue_message as the owner, for the onboarding contact only, and first refuses a tenant
-- the caller's own row-level security context could not write to.
create function onboarding_enqueue_contact(
  p_tenant_id uuid, p_user_id uuid, p_channel text, p_recipient text, p_bundle text, p_variant text,
  p_variables jsonb, p_artifacts jsonb
) returns uuid language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if not app_row_visible(p_tenant_id) then
    raise exception 'tenant % is outside this transaction''s row-level security context', p_tenant_id using errcode = '42501';
  end if;
  return enqueue_message(
    p_tenant_id => p_tenant_id, p_channel => p_channel, p_recipient => p_recipient, p_bundle => p_bundle,
    p_variables => p_variables, p_variant => p_variant, p_user_id => p_user_id, p_artifacts => p_artifacts,
    p_related_type => 'onboarding', p_related_id => p_user_id::text);
end $$;
revoke execute on function onboarding_enqueue_contact(uuid, uuid, text, text, text, text, jsonb, jsonb) from public;

-- Initialises one user's onboarding, once. Runs with the caller's row-level security: the signup
-- trigger runs it as system work, the admin endpoint inside the tenant's context (so another tenant's
-- user id finds nothing). Returns true when this call did the work, false when it was already done or
-- the user does not exist here (or is a global admin). users.role, the access role, is never touched.
create function initialize_user_onboarding(p_user_id uuid) returns boolean
language plpgsql as $$
declare
  v_user record;
  v_settings record;
  v_hint text;
  v_mode jsonb;
  v_mode_key text;
  v_variant text := '';
  v_role text;
  v_role_source text := 'default';
  v_first text;
  v_last text;
  v_org text;
  v_tenant_name text;
  v_business_name text;
  v_candidate text;
  v_channel text;
  v_recipient text;
  v_message_id uuid;
  v_status text;
begin
  select id, tenant_id, email, phone, metadata into v_user from users where id = p_user_id;
  if not found or v_user.tenant_id is null then
    return false;
  end if;

  insert into onboarding_states (tenant_id, user_id) values (v_user.tenant_id, v_user.id) on conflict do nothing;
  if not found then
    return false;
  end if;

  select coalesce(s.modes, '[]') as modes,
         coalesce(s.roles, '[{"key": "member", "label": "Member", "self_assignable": false}]') as roles,
         coalesce(s.default_role, 'member') as default_role,
         coalesce(s.contact_channels, '{voice,sms,email}') as contact_channels
    into v_settings
    from (select 1) as one left join signup_settings s on s.tenant_id = v_user.tenant_id;

  -- the mode is a hint: only a mode the tenant defined counts, and it brings its role only when the
  -- tenant lets people choose that role themselves
  v_hint := onboarding_hint(v_user.metadata, 'signup_mode', 32);
  select m into v_mode from jsonb_array_elements(v_settings.modes) as m where m ->> 'key' = v_hint limit 1;
  if v_mode is not null then
    v_mode_key := v_hint;
    v_variant := coalesce(v_mode ->> 'template_variant', '');
    if exists (select 1 from jsonb_array_elements(v_settings.roles) as r
                where r ->> 'key' = v_mode ->> 'role' and (r -> 'self_assignable') = 'true'::jsonb) then
      v_role := v_mode ->> 'role';
      v_role_source := 'signup';
    end if;
  end if;
  v_role := coalesce(v_role, v_settings.default_role);

  v_first := onboarding_hint(v_user.metadata, 'first_name', 100);
  v_last := onboarding_hint(v_user.metadata, 'last_name', 100);
  v_org := onboarding_hint(v_user.metadata, 'organization_name', 200);

  insert into user_profiles (tenant_id, user_id, first_name, last_name, organization_name)
  values (v_user.tenant_id, v_user.id, v_first, v_last, v_org) on conflict do nothing;
  insert into user_preferences (tenant_id, user_id, default_mode, last_mode)
  values (v_user.tenant_id, v_user.id, v_mode_key, v_mode_key) on conflict do nothing;
  insert into role_assignments (tenant_id, user_id, role_key, source)
  values (v_user.tenant_id, v_user.id, v_role, v_role_source) on conflict do nothing;

  -- the first contact: the first channel of the tenant's order that can reach this person. A channel
  -- is available unless the tenant configured it and disabled it (no row = the built-in outbox).
  foreach v_candidate in array v_settings.contact_channels loop
    continue when exists (select 1 from channel_configs c
                           where c.tenant_id = v_user.tenant_id and c.channel = v_candidate and not c.enabled);
    if v_candidate in ('voice', 'sms') then
      continue when v_user.phone is null;
      continue when v_candidate = 'sms' and exists (select 1 from sms_opt_outs o
                                                     where o.tenant_id = v_user.tenant_id and o.phone_number = v_user.phone);
      v_recipient := v_user.phone;
    else
      continue when v_user.email is null;
      v_recipient := v_user.email;
    end if;
    v_channel := v_candidate;
    exit;
  end loop;

  if v_channel is null then
    v_status := case when cardinality(v_settings.contact_channels) = 0 then 'disabled_by_policy' else 'no_channel' end;
  else
    select t.name, coalesce(p.business_name, t.name) into v_tenant_name, v_business_name
      from tenants t left join tenant_profiles p on p.tenant_id = t.id
     where t.id = v_user.tenant_id;
    v_message_id := onboarding_enqueue_contact(
      p_tenant_id => v_user.tenant_id,
      p_user_id => v_user.id,
      p_channel => v_channel,
      p_recipient => v_recipient,
      p_bundle => case v_channel when 'voice' then 'onboarding_call_script' when 'sms' then 'onboarding_sms' else 'onboarding_email' end,
      p_variant => v_variant,
      p_variables => jsonb_build_object(
        'first_name', v_first,
        'last_name', v_last,
        'full_name', nullif(concat_ws(' ', v_first, v_last), ''),
        'organization_name', v_org,
        'signup_mode', v_mode_key,
        'business_name', v_business_name,
        'tenant_name', v_tenant_name),
      p_artifacts => jsonb_build_object('signup_mode', v_mode_key, 'role', v_role));
    v_status := 'queued';
  end if;

  update onboarding_states
     set signup_mode = v_mode_key, role_key = v_role, contact_status = v_status,
         contact_channel = v_channel, contact_message_id = v_message_id
   where tenant_id = v_user.tenant_id and user_id = v_user.id;
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
