-- Template bundles: a bundle (welcome_email, onboarding_call_script, …) is a set of sections. Global
-- sections (tenant_id null) are the base every tenant starts from; a tenant's sections overlay them by
-- section_key (src/templates/compose.ts has the rules, docs/templates.md explains them).

create table template_sections (
  tenant_id uuid references tenants (id) on delete cascade,
  bundle text not null check (bundle ~ '^[a-z][a-z0-9_]{0,63}$'),
  -- '' is the default; a named variant (a signup mode such as talent or hirer) overlays it
  variant text not null default '' check (variant ~ '^([a-z][a-z0-9_]{0,63})?$'),
  locale text not null default 'en' check (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  section_key text not null check (section_key ~ '^[a-z][a-z0-9_]{0,63}$'),
  position integer not null default 0 check (position between 0 and 9999),
  -- empty content is meaningful: it removes the section of the same key from a layer below
  content text not null check (length(content) <= 20000),
  updated_at timestamptz not null default now()
);
create unique index template_sections_key on template_sections (tenant_id, bundle, variant, locale, section_key) nulls not distinct;
create trigger template_sections_updated_at before update on template_sections for each row execute function touch_updated_at();

-- Seeded before row-level security is switched on: these are global rows, which only system work may write.
-- Generic wording on purpose; tenants put their own voice in by overriding sections.
insert into template_sections (tenant_id, bundle, variant, locale, section_key, position, content) values
  (null, 'welcome_email', '', 'en', 'subject', 0, 'Welcome to {{ business_name }}, {{ first_name }}'),
  (null, 'welcome_email', '', 'en', 'body', 10,
   E'Hi {{ first_name }},\n\nWelcome to {{ business_name }}. Your account is ready.\n\nSign in at {{ login_url }} to get started.'),
  (null, 'temporary_password_email', '', 'en', 'subject', 0, 'Your {{ business_name }} account is ready'),
  (null, 'temporary_password_email', '', 'en', 'body', 10,
   E'Hi {{ first_name }},\n\nAn account has been created for you. Your temporary password is:\n\n{{ temporary_password }}\n\nSign in at {{ login_url }}. You must change this password the first time you sign in.\n\nIf you did not expect this email, let your administrator know.'),
  (null, 'onboarding_email', '', 'en', 'subject', 0, 'Welcome, {{ first_name }}: your next steps with {{ business_name }}'),
  (null, 'onboarding_email', '', 'en', 'body', 10,
   E'Hi {{ first_name }},\n\nThanks for signing up with {{ business_name }}. We will be in touch shortly to learn what you are looking for and help you get set up.\n\nYou can sign in any time at {{ login_url }}.'),
  (null, 'onboarding_sms', '', 'en', 'body', 0,
   'Hi {{ first_name }}, thanks for signing up with {{ business_name }}! We will be in touch soon to help you get started.'),
  (null, 'onboarding_sms', '', 'en', 'opt_out', 10, 'Reply STOP to opt out.'),
  (null, 'onboarding_call_script', '', 'en', 'greeting', 0, 'Hi {{ first_name }}, this is {{ business_name }}.'),
  (null, 'onboarding_call_script', '', 'en', 'intent', 10,
   'Thanks for signing up. To point you in the right direction: are you hiring, or are you looking for work?'),
  (null, 'onboarding_call_script', 'talent', 'en', 'intent', 10,
   'Thanks for signing up. We are calling to learn about your experience and help you find your next opportunity.'),
  (null, 'onboarding_call_script', 'hirer', 'en', 'intent', 10,
   'Thanks for signing up. We are calling to learn about the roles you are hiring for and help you find the right people.'),
  (null, 'onboarding_call_script', '', 'en', 'closing', 20,
   'We will follow up with the details by email. Thank you, and have a great day.');

-- Unlike the other tenant-owned tables, global rows must be readable in every tenant's context (they are
-- the base of every composition), so reading and writing have separate policies. Writing stays strict:
-- app_row_visible(null) is true only for system work, so a tenant can never create or change a global row.
alter table template_sections enable row level security;
alter table template_sections force row level security;
create policy template_sections_read on template_sections for select
  using (tenant_id is null or app_row_visible(tenant_id));
create policy template_sections_insert on template_sections for insert
  with check (app_row_visible(tenant_id));
create policy template_sections_update on template_sections for update
  using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
create policy template_sections_delete on template_sections for delete
  using (app_row_visible(tenant_id));
