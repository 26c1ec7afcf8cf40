-- Global admins, their sessions, refresh tokens and tenant-less audit entries leave the tenant tables
-- (issue 10 §9). As tenant_id-null rows of users, sessions, refresh_tokens and audit_log they kept those
-- tables from having tenant_id in their keys, so none could be distributed by tenant. Each now has a
-- platform_ table of its own (coordinator-local on Citus; docs/scaling.md). The rows move with their ids,
-- so access and refresh tokens in flight keep working.
select set_config('app.system', 'on', true);

create table platform_admins (
  id uuid not null default gen_random_uuid() primary key,
  email text not null check (length(email) between 3 and 320),
  email_lower text generated always as (lower(email)) stored,
  password_hash text,
  must_change_password boolean not null default false,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index platform_admins_email_key on platform_admins (email_lower);
create trigger platform_admins_updated_at before update on platform_admins for each row execute function touch_updated_at();

create table platform_sessions (
  id uuid not null default gen_random_uuid() primary key,
  admin_id uuid not null references platform_admins (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  user_agent text,
  ip inet
);
create index platform_sessions_admin on platform_sessions (admin_id);

create table platform_refresh_tokens (
  token_hash bytea primary key,
  session_id uuid not null references platform_sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index platform_refresh_tokens_session on platform_refresh_tokens (session_id);

-- ids come from audit_log's sequence: the global admin's listing of the whole log merges both by id
create table platform_audit_log (
  id bigint not null default nextval('audit_log_id_seq') primary key,
  actor_user_id uuid,
  actor_kind text not null check (actor_kind in ('user', 'api_key', 'system', 'cli')),
  impersonating boolean not null default false,
  action text not null,
  target_type text,
  target_id text,
  details jsonb not null default '{}',
  request_id text,
  ip inet,
  created_at timestamptz not null default now()
);
comment on table platform_audit_log is 'append-only: the application role may insert and read, never update or delete';
create trigger platform_audit_log_append_only before update or delete on platform_audit_log
  for each statement execute function audit_log_is_append_only();

-- only system work touches them: a global admin is no tenant's
do $$
declare t text;
begin
  foreach t in array array['platform_admins', 'platform_sessions', 'platform_refresh_tokens', 'platform_audit_log'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy system_only on %I using (app_row_visible(null)) with check (app_row_visible(null))', t);
  end loop;
end $$;

-- what ends a session tells the session caches, as for sessions and users (notify_auth_change)
create trigger platform_sessions_auth_change after update on platform_sessions for each row
  when (old.revoked_at is distinct from new.revoked_at or old.expires_at is distinct from new.expires_at)
  execute function notify_auth_change();
create trigger platform_sessions_auth_delete after delete on platform_sessions for each statement execute function notify_auth_change();
create trigger platform_admins_auth_change after update on platform_admins for each row
  when (old.disabled_at is distinct from new.disabled_at or old.must_change_password is distinct from new.must_change_password)
  execute function notify_auth_change();
create trigger platform_admins_auth_delete after delete on platform_admins for each statement execute function notify_auth_change();

-- the move
insert into platform_admins (id, email, password_hash, must_change_password, disabled_at, last_login_at, created_at, updated_at)
  select id, email, password_hash, must_change_password, disabled_at, last_login_at, created_at, updated_at from users where tenant_id is null;
insert into platform_sessions (id, admin_id, created_at, expires_at, revoked_at, revoked_reason, user_agent, ip)
  select id, user_id, created_at, expires_at, revoked_at, revoked_reason, user_agent, ip from sessions where tenant_id is null;
insert into platform_refresh_tokens (token_hash, session_id, created_at, used_at)
  select token_hash, session_id, created_at, used_at from refresh_tokens where tenant_id is null;
insert into platform_audit_log (id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip, created_at)
  select id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id, ip, created_at from audit_log where tenant_id is null;

-- an API key a global admin made (acting in the tenant) names them in created_by_admin; created_by is
-- a user of the key's tenant
alter table api_keys add column created_by_admin uuid references platform_admins (id) on delete set null;
update api_keys set created_by_admin = created_by, created_by = null where created_by in (select id from platform_admins);
alter table api_keys drop constraint api_keys_created_by_fkey,
  add constraint api_keys_created_by_fkey foreign key (tenant_id, created_by) references users (tenant_id, id) on delete set null (created_by);

alter table audit_log disable trigger audit_log_append_only;
delete from audit_log where tenant_id is null;
alter table audit_log enable trigger audit_log_append_only;
delete from refresh_tokens where tenant_id is null;
delete from sessions where tenant_id is null;
delete from users where tenant_id is null;

-- users: tenant users only, keyed (tenant_id, id) — the unique index every tenant table's foreign key already uses
alter table sessions drop constraint sessions_user_id_fkey;
alter table users drop constraint users_check,
  drop constraint users_role_check,
  add constraint users_role_check check (role in ('tenant_admin', 'staff', 'member')),
  alter column tenant_id set not null,
  drop constraint users_pkey,
  add constraint users_pkey primary key using index users_tenant_id_key;

alter table refresh_tokens drop constraint refresh_tokens_session_id_fkey;
alter table sessions alter column tenant_id set not null,
  drop constraint sessions_pkey,
  add constraint sessions_pkey primary key (tenant_id, id),
  add constraint sessions_user_fkey foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade;

-- a refresh token issued before they named their tenant (migration 0027) is still found by its hash
-- alone, through refresh_tokens_hash, until EMBARK_REFRESH_TOKEN_TTL after that deploy
alter table refresh_tokens alter column tenant_id set not null,
  drop constraint refresh_tokens_pkey,
  add constraint refresh_tokens_pkey primary key (tenant_id, token_hash),
  add constraint refresh_tokens_session_fkey foreign key (tenant_id, session_id) references sessions (tenant_id, id) on delete cascade;
create index refresh_tokens_hash on refresh_tokens (token_hash);

-- the whole log, as a global admin lists it, is read newest first by id across tenants
alter table audit_log alter column tenant_id set not null,
  drop constraint audit_log_pkey,
  add constraint audit_log_pkey primary key (tenant_id, id);
create index audit_log_id on audit_log (id desc);
