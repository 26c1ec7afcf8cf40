-- Migrations are history and never edited once landed, so a comment in one can go stale: 0002 says
-- channel credentials are sealed by src/messaging/credentials.ts, which no longer exists. The truth is
-- kept on the schema itself, where \d+ shows it.
comment on column tenant_integrations.credentials_encrypted is
  'The provider credentials as JSON, sealed with AES-256-GCM by src/secrets.ts under credentialContext (src/integrations/integrations.service.ts); null for a provider that needs none.';
comment on table global_template_sections is
  'The global base of every template bundle, which tenant sections (template_sections) overlay by section_key; written only by system work (docs/templates.md).';
