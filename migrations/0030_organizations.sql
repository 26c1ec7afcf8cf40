-- Organisations inside a tenant (issue 12 §1): a tenant's customers are often companies with several
-- users, whose onboarding progresses together. A user belongs to at most one organisation of their
-- tenant; a signup that names an organisation gets a new one of its own, owned by that user (what a
-- person types never joins them to someone else's organisation).
create table organizations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- the tenant app's own id for it, to look it up by
  external_id text check (length(external_id) between 1 and 200),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- kept, without members, so the audit trail and onboarding history that name it stay readable
  deleted_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id) on delete set null (created_by)
);
create unique index organizations_external_id on organizations (tenant_id, external_id) where deleted_at is null;
create index organizations_created on organizations (tenant_id, created_at, id) where deleted_at is null;
create trigger organizations_updated_at before update on organizations for each row execute function touch_updated_at();

create table organization_members (
  tenant_id uuid not null,
  user_id uuid not null,
  organization_id uuid not null,
  role text not null default 'member' check (role in ('owner', 'admin', 'member')),
  joined_at timestamptz not null default now(),
  primary key (tenant_id, user_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, organization_id) references organizations (tenant_id, id) on delete cascade
);
create index organization_members_organization on organization_members (tenant_id, organization_id, joined_at, user_id);

alter table organizations enable row level security;
alter table organizations force row level security;
create policy tenant_isolation on organizations using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
alter table organization_members enable row level security;
alter table organization_members force row level security;
create policy tenant_isolation on organization_members using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
