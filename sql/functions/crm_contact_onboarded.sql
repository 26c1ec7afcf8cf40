-- Issue 13 §3: a CRM contact whose account finished onboarding becomes active. Called by
-- onboarding_evaluate when the user (or their organisation) completes a checklist: when every live
-- checklist that applies to the user is now complete, the contact linked to the user that is in
-- onboarding moves to active — recorded as its transition (by the system, with why), in the audit log
-- and as crm.contact.moved, like every other move (src/crm/crm.service.ts moveContactIn). Idempotent:
-- a contact already active is left as it is. Answers whether it moved one.
create or replace function crm_contact_onboarded(p_tenant_id uuid, p_user_id uuid) returns boolean
language plpgsql as $$
declare
  v_contact uuid;
begin
  perform assert_tenant_context(p_tenant_id);
  if exists (
    select 1
      from checklists c
      join checklist_versions v on v.tenant_id = c.tenant_id and v.key = c.key and v.version = c.version
      cross join lateral (select case when v.scope = 'user' then p_user_id
                                      else (select m.organization_id from organization_members m where m.tenant_id = p_tenant_id and m.user_id = p_user_id) end as subject_id) as s
      left join onboarding_progress pr on pr.tenant_id = p_tenant_id and pr.subject_type = v.scope and pr.subject_id = s.subject_id and pr.checklist_key = c.key
     where c.tenant_id = p_tenant_id and c.deleted_at is null and s.subject_id is not null
       and onboarding_audience_includes(p_tenant_id, p_user_id, v.audience)
       and pr.completed_at is null
  ) then
    return false;
  end if;
  update crm_contacts set status = 'active' where tenant_id = p_tenant_id and user_id = p_user_id and status = 'onboarding' returning id into v_contact;
  if v_contact is null then
    return false;
  end if;
  insert into crm_contact_transitions (tenant_id, contact_id, from_status, to_status, actor_kind, actor_id, note)
  values (p_tenant_id, v_contact, 'onboarding', 'active', 'system', null, 'onboarding completed');
  insert into audit_log (tenant_id, actor_user_id, actor_kind, impersonating, action, target_type, target_id, details)
  values (p_tenant_id, null, 'system', false, 'crm.contact_moved', 'contact', v_contact::text, '{"from": "onboarding", "to": "active"}');
  perform append_event(p_tenant_id, 'crm.contact.moved', 'contact', v_contact::text, '{"kind": "system"}',
    jsonb_build_object('contact_id', v_contact, 'from', 'onboarding', 'to', 'active', 'note', 'onboarding completed', 'user_id', p_user_id));
  return true;
end $$;
