-- The CRM pipeline's contacts (issue 13 §1): the people a tenant's staff qualify and approve into
-- accounts. A contact moves LEAD → QUALIFIED → ONBOARDING → ACTIVE (or LOST); ONBOARDING and ACTIVE
-- come only from provisioning and onboarding completion. Every move is kept in crm_contact_transitions.
create table crm_contacts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  first_name text check (length(first_name) <= 100),
  last_name text check (length(last_name) <= 100),
  email text check (length(email) between 3 and 320),
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  company text check (length(company) <= 200),
  source text check (length(source) <= 100),
  owner_id uuid,
  notes text check (length(notes) <= 10000),
  custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object' and octet_length(custom::text) <= 16384),
  status text not null default 'lead' check (status in ('lead', 'qualified', 'onboarding', 'active', 'lost')),
  -- the account provisioning created for the contact
  user_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, owner_id) references users (tenant_id, id) on delete set null (owner_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete set null (user_id),
  check (email is not null or phone is not null or first_name is not null or last_name is not null or company is not null)
);
-- one contact per address in a tenant, so an import or a second entry cannot make two of the same person
create unique index crm_contacts_email on crm_contacts (tenant_id, lower(email)) where email is not null;
create index crm_contacts_created on crm_contacts (tenant_id, created_at, id);
create index crm_contacts_status on crm_contacts (tenant_id, status, created_at, id);
create index crm_contacts_owner on crm_contacts (tenant_id, owner_id, created_at, id) where owner_id is not null;
create trigger crm_contacts_updated_at before update on crm_contacts for each row execute function touch_updated_at();

create table crm_contact_transitions (
  tenant_id uuid not null,
  id bigint generated always as identity,
  contact_id uuid not null,
  from_status text,
  to_status text not null,
  -- who: a user (staff, or a global admin acting as the tenant), an API key, or the system
  actor_kind text not null,
  actor_id uuid,
  note text check (length(note) <= 2000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, contact_id) references crm_contacts (tenant_id, id) on delete cascade
);
create index crm_contact_transitions_contact on crm_contact_transitions (tenant_id, contact_id, id);

alter table crm_contacts enable row level security;
alter table crm_contacts force row level security;
create policy tenant_isolation on crm_contacts using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
alter table crm_contact_transitions enable row level security;
alter table crm_contact_transitions force row level security;
create policy tenant_isolation on crm_contact_transitions using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
