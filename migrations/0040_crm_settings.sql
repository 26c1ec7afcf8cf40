-- Issue 13 §2.3: the role a tenant maps its approved CRM contacts to. Provisioning a contact creates a
-- user with this access role, and initialises its onboarding with this application role and signup
-- mode, which decide the onboarding checklists that apply to it (checklist audiences: roles,
-- signup_modes). No row: access role member, and the app role and mode any new user gets.
create table crm_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- the access role (users.role) of a provisioned contact; never tenant_admin: staff approve contacts
  access_role text not null default 'member' check (access_role in ('member', 'staff')),
  -- a key of signup_settings.roles; null: the signup mode's role when self-assignable, else the default role
  app_role text check (app_role ~ '^[a-z][a-z0-9_]{0,31}$'),
  -- a key of signup_settings.modes; null: none
  signup_mode text check (signup_mode ~ '^[a-z][a-z0-9_]{0,31}$'),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
create trigger crm_settings_updated_at before update on crm_settings for each row execute function touch_updated_at();
alter table crm_settings enable row level security;
alter table crm_settings force row level security;
create policy tenant_isolation on crm_settings using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));

-- crm: the application role the tenant maps provisioned contacts to (crm_settings.app_role)
alter table role_assignments drop constraint role_assignments_source_check;
alter table role_assignments add constraint role_assignments_source_check check (source in ('signup', 'default', 'admin', 'crm'));
