-- The message `POST /api/v1/tenant/channels/:channel/test` sends. Global rows are system writes
-- (row-level security is forced even for the table owner).
select set_config('app.system', 'on', true);

insert into template_sections (tenant_id, bundle, variant, locale, section_key, position, content) values
  (null, 'channel_test', '', 'en', 'subject', 0, 'Test message from {{ tenant_name }}'),
  (null, 'channel_test', '', 'en', 'body', 10,
   'This is a test message from {{ tenant_name }}, sent through Embark to check that this channel works. No action is needed.');
