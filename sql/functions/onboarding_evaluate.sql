-- Brings the recorded progress of the given subjects (one type) up to date with their data, for every
-- live checklist of that scope (or the one named): records each task that became complete (when, by
-- whom) or stopped being so, the counts and completion of each checklist, and appends the events of
-- each change — onboarding.task.completed / .uncompleted, onboarding.completed / .reopened — in the
-- caller's transaction. Idempotent: a second call with nothing new changes nothing and appends nothing.
-- The caller holds the subjects' locks (onboarding_lock_subjects). p_by: the user whose action it was
-- (a user subject is its own). Answers how many events it appended.
create or replace function onboarding_evaluate(p_tenant_id uuid, p_subject_type text, p_subject_ids uuid[], p_by uuid default null,
                                               p_checklist_key text default null, p_actor jsonb default '{"kind": "system"}')
returns integer language plpgsql as $$
declare
  v record;
  v_subjects uuid[];
  v_events jsonb;
  v_completed uuid[];
  v_appended integer := 0;
begin
  perform assert_tenant_context(p_tenant_id);
  for v in select c.key, c.version, cv.audience
             from checklists c
             join checklist_versions cv on cv.tenant_id = c.tenant_id and cv.key = c.key and cv.version = c.version
            where c.tenant_id = p_tenant_id and c.deleted_at is null and cv.scope = p_subject_type
              and (p_checklist_key is null or c.key = p_checklist_key)
            order by c.key loop
    if p_subject_type = 'user' then
      select array_agg(u.id) into v_subjects from users u
       where u.tenant_id = p_tenant_id and u.id = any(p_subject_ids) and onboarding_audience_includes(p_tenant_id, u.id, v.audience);
    else
      select array_agg(o.id) into v_subjects from organizations o
       where o.tenant_id = p_tenant_id and o.id = any(p_subject_ids) and o.deleted_at is null;
    end if;
    continue when v_subjects is null;

    -- the changes, recorded, and their events appended with one call (one insert into events)
    with truth as (select * from onboarding_truth(p_tenant_id, p_subject_type, v_subjects, v.key, v.version)),
    recorded as (
      select st.subject_id, st.task_slug from onboarding_task_states st
       where st.tenant_id = p_tenant_id and st.subject_type = p_subject_type and st.subject_id = any(v_subjects) and st.checklist_key = v.key
    ),
    before as (
      select pr.subject_id, pr.completed_at from onboarding_progress pr
       where pr.tenant_id = p_tenant_id and pr.subject_type = p_subject_type and pr.subject_id = any(v_subjects) and pr.checklist_key = v.key
    ),
    added as (
      insert into onboarding_task_states (tenant_id, checklist_key, subject_type, subject_id, task_slug, completed_by)
      select p_tenant_id, v.key, p_subject_type, t.subject_id, t.slug,
             coalesce(t.marked_by, p_by, case when p_subject_type = 'user' then t.subject_id end)
        from truth t
       where t.completed and not exists (select 1 from recorded r where r.subject_id = t.subject_id and r.task_slug = t.slug)
      on conflict do nothing
      returning subject_id, task_slug, completed_by
    ),
    removed as (
      delete from onboarding_task_states st using truth t
       where st.tenant_id = p_tenant_id and st.subject_type = p_subject_type and st.checklist_key = v.key
         and st.subject_id = t.subject_id and st.task_slug = t.slug and not t.completed
      returning st.subject_id, st.task_slug
    ),
    counts as (
      select t.subject_id, (count(*) filter (where t.required and t.completed))::int as done, (count(*) filter (where t.required))::int as required
        from truth t group by t.subject_id
    ),
    progress as (
      insert into onboarding_progress as pr (tenant_id, subject_type, subject_id, checklist_key, version, done, required, completed_at)
      select p_tenant_id, p_subject_type, c.subject_id, v.key, v.version, c.done, c.required,
             case when c.required > 0 and c.done = c.required then now() end
        from counts c
      on conflict (tenant_id, subject_type, subject_id, checklist_key) do update
         set version = excluded.version, done = excluded.done, required = excluded.required,
             completed_at = case when excluded.completed_at is null then null else coalesce(pr.completed_at, excluded.completed_at) end,
             updated_at = now()
       where (pr.version, pr.done, pr.required, pr.completed_at is null) is distinct from (excluded.version, excluded.done, excluded.required, excluded.completed_at is null)
      returning subject_id, completed_at, done, required
    ),
    -- an override says why (its reason), whichever way it decided the task
    changes as (
      select 1 as ord, 'onboarding.task.completed' as type, a.subject_id, a.task_slug, a.completed_by, t.source, null::int as done, null::int as required, o.reason
        from added a join truth t on t.subject_id = a.subject_id and t.slug = a.task_slug
        left join onboarding_task_marks o
          on t.source = 'override' and o.tenant_id = p_tenant_id and o.checklist_key = v.key and o.subject_type = p_subject_type
         and o.subject_id = a.subject_id and o.task_slug = a.task_slug and o.kind = 'override'
      union all
      select 1, 'onboarding.task.uncompleted', r.subject_id, r.task_slug, null, t.source, null, null, o.reason
        from removed r join truth t on t.subject_id = r.subject_id and t.slug = r.task_slug
        left join onboarding_task_marks o
          on t.source = 'override' and o.tenant_id = p_tenant_id and o.checklist_key = v.key and o.subject_type = p_subject_type
         and o.subject_id = r.subject_id and o.task_slug = r.task_slug and o.kind = 'override'
      union all
      select 2, case when p.completed_at is not null then 'onboarding.completed' else 'onboarding.reopened' end, p.subject_id, null, p_by, null, p.done, p.required, null
        from progress p left join before b on b.subject_id = p.subject_id
       where (p.completed_at is not null) <> (b.completed_at is not null)
    )
    select coalesce(jsonb_agg(jsonb_build_object(
             'type', c.type, 'subject_type', p_subject_type, 'subject_id', c.subject_id::text, 'actor', p_actor,
             'payload', jsonb_strip_nulls(jsonb_build_object(
               'checklist', v.key, 'version', v.version, 'task', c.task_slug, 'source', c.source,
               'subject', jsonb_build_object('type', p_subject_type, 'id', c.subject_id),
               -- the user it concerns: the subject itself, or the member whose action it was
               'user_id', case when p_subject_type = 'user' then c.subject_id else c.completed_by end,
               'organization_id', case when p_subject_type = 'organization' then c.subject_id end,
               'completed_by', c.completed_by, 'reason', c.reason,
               'progress', case when c.done is not null then jsonb_build_object('done', c.done, 'required', c.required) end)))
             order by c.subject_id, c.ord, c.task_slug), '[]'),
           array_agg(c.subject_id) filter (where c.type = 'onboarding.completed')
      into v_events, v_completed
      from changes c;
    if jsonb_array_length(v_events) > 0 then
      perform append_events(p_tenant_id, v_events);
      v_appended := v_appended + jsonb_array_length(v_events);
    end if;
    if v_completed is not null then
      -- a CRM contact whose account (or its organisation) finished onboarding becomes active
      perform crm_contact_onboarded(p_tenant_id, m.user_id)
         from (select u.id as user_id from unnest(v_completed) as u (id) where p_subject_type = 'user'
               union all
               select om.user_id from organization_members om
                where p_subject_type = 'organization' and om.tenant_id = p_tenant_id and om.organization_id = any(v_completed)) as m;
    end if;
  end loop;
  return v_appended;
end $$;
