-- The seeded global texts read right when a value is absent: a newcomer's first messages said
-- "Welcome, : your next steps with Acme" and "Hi ,". They now use a default ({{ first_name | default:
-- "there" }}) or a block ({{#if first_name}}…{{/if}}), and the emails say where to write only when the
-- tenant has a support email (a `support` section that renders to nothing, and so is left out,
-- without one). login_url, business_name and support_email come from the tenant at render time
-- (src/templates/tenant-variables.ts). docs/templates.md lists these texts.
--
-- A global admin may have rewritten a global bundle (PUT /api/v1/admin/templates/:bundle): a text is
-- replaced only while it is still the one 0003 seeded, and a bundle gets its `support` section only
-- when its body is the new one, so an admin's own wording is never overwritten or added to.
-- Global rows are system writes (row-level security is forced even for the table owner).
select set_config('app.system', 'on', true);

update template_sections set content = 'Welcome to {{ business_name }}{{#if first_name}}, {{ first_name }}{{/if}}'
 where tenant_id is null and bundle = 'welcome_email' and variant = '' and locale = 'en' and section_key = 'subject'
   and content = 'Welcome to {{ business_name }}, {{ first_name }}';
update template_sections set content = E'Hi {{ first_name | default: "there" }},\n\nWelcome to {{ business_name }}. Your account is ready.\n\nSign in at {{ login_url }} to get started.'
 where tenant_id is null and bundle = 'welcome_email' and variant = '' and locale = 'en' and section_key = 'body'
   and content = E'Hi {{ first_name }},\n\nWelcome to {{ business_name }}. Your account is ready.\n\nSign in at {{ login_url }} to get started.';

update template_sections set content = E'Hi {{ first_name | default: "there" }},\n\nAn account has been created for you. Your temporary password is:\n\n{{ temporary_password }}\n\nSign in at {{ login_url }}. You must change this password the first time you sign in.\n\nIf you did not expect this email, {{#if support_email}}write to {{ support_email }}{{else}}let your administrator know{{/if}}.'
 where tenant_id is null and bundle = 'temporary_password_email' and variant = '' and locale = 'en' and section_key = 'body'
   and content = E'Hi {{ first_name }},\n\nAn account has been created for you. Your temporary password is:\n\n{{ temporary_password }}\n\nSign in at {{ login_url }}. You must change this password the first time you sign in.\n\nIf you did not expect this email, let your administrator know.';

update template_sections set content = 'Welcome to {{ business_name }}{{#if first_name}}, {{ first_name }}{{/if}}: your next steps'
 where tenant_id is null and bundle = 'onboarding_email' and variant = '' and locale = 'en' and section_key = 'subject'
   and content = 'Welcome, {{ first_name }}: your next steps with {{ business_name }}';
update template_sections set content = E'Hi {{ first_name | default: "there" }},\n\nThanks for signing up with {{ business_name }}. We will be in touch shortly to learn what you are looking for and help you get set up.\n\nYou can sign in any time at {{ login_url }}.'
 where tenant_id is null and bundle = 'onboarding_email' and variant = '' and locale = 'en' and section_key = 'body'
   and content = E'Hi {{ first_name }},\n\nThanks for signing up with {{ business_name }}. We will be in touch shortly to learn what you are looking for and help you get set up.\n\nYou can sign in any time at {{ login_url }}.';

update template_sections set content = 'Hi {{ first_name | default: "there" }}, thanks for signing up with {{ business_name }}! We will be in touch soon to help you get started.'
 where tenant_id is null and bundle = 'onboarding_sms' and variant = '' and locale = 'en' and section_key = 'body'
   and content = 'Hi {{ first_name }}, thanks for signing up with {{ business_name }}! We will be in touch soon to help you get started.';

update template_sections set content = 'Hi {{ first_name | default: "there" }}, this is {{ business_name }}.'
 where tenant_id is null and bundle = 'onboarding_call_script' and variant = '' and locale = 'en' and section_key = 'greeting'
   and content = 'Hi {{ first_name }}, this is {{ business_name }}.';

insert into template_sections (tenant_id, bundle, variant, locale, section_key, position, content)
select null, body.bundle, '', 'en', 'support', 20, '{{#if support_email}}Questions? Write to {{ support_email }}.{{/if}}'
  from template_sections body
 where body.tenant_id is null and body.variant = '' and body.locale = 'en' and body.section_key = 'body'
   and body.bundle in ('welcome_email', 'onboarding_email') and body.content like 'Hi {{ first_name | default: "there" }},%'
on conflict do nothing;
