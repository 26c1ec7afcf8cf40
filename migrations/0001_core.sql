-- Tenants, identities, sessions, API keys and the audit log, with row-level security.
--
-- Every tenant-owned table: starts with tenant_id, has a key leading with it, and a policy (enabled
-- and forced, so even the table owner is subject to it) that shows a row only when its tenant_id is
-- the transaction's app.tenant_id, or when the transaction declared itself system work
-- (app.system = 'on': login lookup, inbound routing, global-admin listings).

create function app_row_visible(row_tenant uuid) returns boolean
language sql stable parallel safe as $$
  select coalesce(current_setting('app.system', true), '') = 'on'
      or row_tenant = nullif(current_setting('app.tenant_id', true), '')::uuid
$$;

create function touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  subdomain text not null check (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index tenants_subdomain_key on tenants (subdomain);
create trigger tenants_updated_at before update on tenants for each row execute function touch_updated_at();
-- a tenant sees its own row; system work sees all
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants using (app_row_visible(id)) with check (app_row_visible(id));

create table tenant_profiles (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  business_name text,
  website_url text,
  phone_number text,
  email text,
  updated_at timestamptz not null default now()
);
create trigger tenant_profiles_updated_at before update on tenant_profiles for each row execute function touch_updated_at();

-- tenant_id is null only for global admins
create table users (
  tenant_id uuid references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid() primary key,
  email text not null check (length(email) between 3 and 320),
  role text not null check (role in ('global_admin', 'tenant_admin', 'staff', 'member')),
  password_hash text,
  must_change_password boolean not null default false,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((tenant_id is null) = (role = 'global_admin'))
);
create unique index users_tenant_email_key on users (tenant_id, lower(email)) nulls not distinct;
create unique index users_tenant_id_key on users (tenant_id, id);
create trigger users_updated_at before update on users for each row execute function touch_updated_at();

-- one login; refresh tokens rotate within it
create table sessions (
  tenant_id uuid references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid() primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  user_agent text,
  ip inet
);
create index sessions_tenant_user on sessions (tenant_id, user_id);

-- only the sha-256 of a refresh token is stored; a used token presented again revokes its session
create table refresh_tokens (
  tenant_id uuid references tenants (id) on delete cascade,
  token_hash bytea primary key,
  session_id uuid not null references sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index refresh_tokens_tenant_session on refresh_tokens (tenant_id, session_id);

create table api_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  prefix text not null,
  key_hash bytea not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id)
);
create unique index api_keys_prefix_key on api_keys (prefix);

-- failed login attempts per bucket (account or address), pruned as they age out of the window
create table login_failures (
  bucket text not null,
  failed_at timestamptz not null default now()
);
create index login_failures_bucket on login_failures (bucket, failed_at);

create table audit_log (
  tenant_id uuid references tenants (id) on delete cascade,
  id bigint generated always as identity,
  actor_user_id uuid,
  actor_kind text not null check (actor_kind in ('user', 'api_key', 'system', 'cli')),
  impersonating boolean not null default false,
  action text not null,
  target_type text,
  target_id text,
  details jsonb not null default '{}',
  request_id text,
  ip inet,
  created_at timestamptz not null default now(),
  primary key (id)
);
create index audit_log_tenant_id on audit_log (tenant_id, id desc);
comment on table audit_log is 'append-only: the application role may insert and read, never update or delete';

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each statement execute function audit_log_is_append_only();

do $$
declare t text;
begin
  foreach t in array array['tenant_profiles', 'users', 'sessions', 'refresh_tokens', 'api_keys', 'audit_log'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id))', t);
  end loop;
end $$;

-- login_failures holds no tenant data (hashed bucket keys); only system work touches it
alter table login_failures enable row level security;
alter table login_failures force row level security;
create policy system_only on login_failures using (app_row_visible(null)) with check (app_row_visible(null));

-- Called once per authenticated request: the state that decides whether a token still works.
-- Runs as system work for its own duration only (the SET clause is undone when it returns). plpgsql,
-- not sql: a sql function with a SET clause is planned on every call; plpgsql keeps the plan.
create function auth_session(p_session_id uuid)
returns table (user_id uuid, tenant_id uuid, role text, must_change_password boolean,
               user_disabled boolean, session_revoked boolean, session_expired boolean, tenant_active boolean)
language plpgsql stable set app.system = 'on' as $$
begin
  return query
  select u.id, u.tenant_id, u.role, u.must_change_password,
         u.disabled_at is not null, s.revoked_at is not null, s.expires_at <= now(),
         coalesce(t.is_active, true)
    from sessions s
    join users u on u.id = s.user_id
    left join tenants t on t.id = u.tenant_id
   where s.id = p_session_id;
end $$;
