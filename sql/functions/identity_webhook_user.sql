-- An identity provider's user.created, after its receipt is stored in the same transaction: unless the
-- subject is already linked, insert the member (an existing email or phone, or a concurrent insert of
-- one, is not an error), link the subject and audit it; otherwise mark the receipt identity_exists.
-- One round trip for what would be four. Returns the outcome and the user.
create or replace function identity_webhook_user(
  p_tenant_id uuid, p_receipt_id uuid, p_provider text, p_subject text, p_email text, p_phone text, p_metadata jsonb,
  p_webhook_id text, p_request_id text
) returns table (outcome text, user_id uuid)
language plpgsql as $$
#variable_conflict use_column
declare
  v_linked uuid;
  v_user uuid;
begin
  perform assert_tenant_context(p_tenant_id);
  select l.user_id into v_linked from identity_links l where l.tenant_id = p_tenant_id and l.provider = p_provider and l.subject = p_subject;
  if v_linked is null then
    -- no password: these people sign in at their identity provider, never with an Embark password
    insert into users (tenant_id, email, phone, role, metadata) values (p_tenant_id, p_email, p_phone, 'member', coalesce(p_metadata, '{}'))
    on conflict do nothing
    returning id into v_user;
  end if;
  if v_user is null then
    update webhook_receipts set outcome = 'identity_exists' where tenant_id = p_tenant_id and id = p_receipt_id;
    return query select 'identity_exists'::text, coalesce(v_linked,
      (select u.id from users u where u.tenant_id = p_tenant_id and (lower(u.email) = lower(p_email) or u.phone = p_phone) order by u.created_at limit 1));
    return;
  end if;
  insert into identity_links (tenant_id, provider, subject, user_id) values (p_tenant_id, p_provider, p_subject, v_user) on conflict do nothing;
  insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details, request_id)
  values (p_tenant_id, null, 'system', false, 'user.created', 'user', v_user::text,
          jsonb_build_object('source', 'identity_webhook', 'email', p_email, 'phone', p_phone, 'role', 'member', 'webhook_id', p_webhook_id), p_request_id);
  return query select 'created'::text, v_user;
end $$;
