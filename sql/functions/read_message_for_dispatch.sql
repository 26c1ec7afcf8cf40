-- Everything dispatch needs to decide and render, in one read: the message, its channel row (absent:
-- the built-in outbox), whether an SMS recipient opted out, the template rows that can compose it, and
-- the tenant with its profile (`sender`: business_name, support_email and the subdomain the login URL
-- is built from, in TypeScript, because the database does not know Embark's public URL).
create or replace function read_message_for_dispatch(p_tenant_id uuid, p_message_id uuid)
returns jsonb language plpgsql as $$
declare
  v_message messages;
  v_channel channel_configs;
  v_locales text[];
begin
  perform assert_tenant_context(p_tenant_id);
  select * into v_message from messages where tenant_id = p_tenant_id and id = p_message_id;
  if not found then return null; end if;
  select * into v_channel from channel_configs where tenant_id = p_tenant_id and channel = v_message.channel;
  -- the locale, its language, then English (src/templates/compose.ts localeChain)
  v_locales := array(select distinct l from unnest(array[v_message.locale, split_part(v_message.locale, '-', 1), 'en']) l);
  return jsonb_build_object(
    'message', to_jsonb(v_message) - 'secret_variables_encrypted',
    'secret_variables', encode(v_message.secret_variables_encrypted, 'base64'),
    'channel', case when v_channel.tenant_id is null then null
                    else jsonb_build_object('provider', v_channel.provider, 'from_address', v_channel.from_address, 'enabled', v_channel.enabled,
                                            'credentials', encode(v_channel.credentials_encrypted, 'base64')) end,
    'opted_out', v_message.channel = 'sms' and exists (select 1 from sms_opt_outs o where o.tenant_id = p_tenant_id and o.phone_number = v_message.recipient),
    -- the global base (tenant_id null in the answer) and the tenant's own sections over it
    'template_rows', coalesce((
      select jsonb_agg(jsonb_build_object('tenant_id', t.tenant_id, 'variant', t.variant, 'locale', t.locale, 'section_key', t.section_key,
                                          'position', t.position, 'content', t.content))
        from (select null::uuid as tenant_id, g.variant, g.locale, g.section_key, g.position, g.content
                from global_template_sections g
               where g.bundle = v_message.bundle and g.variant = any(array['', v_message.variant]) and g.locale = any(v_locales)
              union all
              select s.tenant_id, s.variant, s.locale, s.section_key, s.position, s.content
                from template_sections s
               where s.tenant_id = p_tenant_id and s.bundle = v_message.bundle
                 and s.variant = any(array['', v_message.variant]) and s.locale = any(v_locales)) t), '[]'::jsonb),
    -- the columns of src/tenants/tenants.store.ts findSender
    'sender', (select jsonb_build_object('name', t.name, 'subdomain', t.subdomain, 'business_name', p.business_name, 'support_email', p.email)
                 from tenants t left join tenant_profiles p on p.tenant_id = t.id
                where t.id = p_tenant_id));
end $$;
