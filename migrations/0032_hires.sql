-- Hire provisioning (issue 14 §1–§2): a tenant's hires, the documents each must sign, and the
-- settings that say which documents and which corporate domain. The provisioning run itself is a
-- multi-step run of the durable-work engine (job_runs).
create table hire_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  -- [{key, label}]: the document kinds every hire must have completed before provisioning starts
  document_kinds jsonb not null default '[]' check (jsonb_typeof(document_kinds) = 'array' and jsonb_array_length(document_kinds) <= 20),
  -- the corporate addresses' domain, e.g. example.com
  email_domain text check (email_domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$'),
  -- where the welcome email's sign-in link points (the tenant's CRM or app)
  sign_in_url text check (length(sign_in_url) <= 2048 and sign_in_url ~ '^https?://'),
  updated_at timestamptz not null default now()
);
create trigger hire_settings_updated_at before update on hire_settings for each row execute function touch_updated_at();

create table hires (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  first_name text not null check (length(first_name) between 1 and 100),
  last_name text not null check (length(last_name) between 1 and 100),
  personal_email text not null check (length(personal_email) between 3 and 320),
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  role text check (length(role) <= 100),
  contact_id uuid,
  status text not null default 'awaiting_documents' check (status in ('awaiting_documents', 'provisioning', 'provisioned', 'failed', 'cancelled')),
  -- the mailbox provisioning created
  corporate_email text check (length(corporate_email) <= 320),
  -- the provisioning run, once every required document is completed (one per hire at a time)
  run_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, contact_id) references crm_contacts (tenant_id, id) on delete set null (contact_id),
  foreign key (tenant_id, run_id) references job_runs (tenant_id, id) on delete set null (run_id)
);
create index hires_created on hires (tenant_id, created_at, id);
create index hires_status on hires (tenant_id, status, created_at, id);
create trigger hires_updated_at before update on hires for each row execute function touch_updated_at();

create table hire_documents (
  tenant_id uuid not null,
  hire_id uuid not null,
  kind text not null check (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  provider text not null check (provider in ('docusign', 'dropbox_sign')),
  -- the provider's envelope (DocuSign) or signature request (Dropbox Sign)
  envelope_id text not null check (length(envelope_id) between 1 and 200),
  status text not null default 'sent' check (status in ('sent', 'delivered', 'completed', 'declined', 'voided')),
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, hire_id, kind),
  unique (tenant_id, provider, envelope_id),
  foreign key (tenant_id, hire_id) references hires (tenant_id, id) on delete cascade
);
create trigger hire_documents_updated_at before update on hire_documents for each row execute function touch_updated_at();

-- The corporate addresses provisioning chose, one hire each: two concurrent runs can never pick the
-- same address, and a run retried picks the one it reserved.
create table hire_addresses (
  tenant_id uuid not null,
  address text not null check (length(address) <= 320 and address = lower(address)),
  hire_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, address),
  foreign key (tenant_id, hire_id) references hires (tenant_id, id) on delete cascade
);
create index hire_addresses_hire on hire_addresses (tenant_id, hire_id);

-- The welcome email a provisioned hire gets in their personal inbox (issue 14 §4 step 4).
insert into global_template_sections (bundle, variant, locale, section_key, position, content) values
  ('hire_welcome_email', '', 'en', 'subject', 0, 'Your {{ business_name }} account is ready'),
  ('hire_welcome_email', '', 'en', 'body', 10,
   E'Hi {{ first_name | default: "there" }},\n\nYour {{ business_name }} account is ready.\n\nEmail: {{ corporate_email }}\nTemporary password: {{ temporary_password }}\n\nSign in at {{ sign_in_url }} and choose a new password.'),
  ('hire_welcome_email', '', 'en', 'support', 20, '{{#if support_email}}Questions? Write to {{ support_email }}.{{/if}}'),
  -- to the tenant's admins when a hire's provisioning run fails: nothing fails silently
  ('provisioning_failed_email', '', 'en', 'subject', 0, 'Provisioning failed for {{ hire_name }}'),
  ('provisioning_failed_email', '', 'en', 'body', 10,
   E'The corporate account of {{ hire_name }} could not be made:\n\n{{ error }}\n\nFix the cause, then retry the run from the Hires page at {{ login_url }}.');

alter table hire_addresses enable row level security;
alter table hire_addresses force row level security;
create policy tenant_isolation on hire_addresses using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
alter table hire_settings enable row level security;
alter table hire_settings force row level security;
create policy tenant_isolation on hire_settings using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
alter table hires enable row level security;
alter table hires force row level security;
create policy tenant_isolation on hires using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
alter table hire_documents enable row level security;
alter table hire_documents force row level security;
create policy tenant_isolation on hire_documents using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
