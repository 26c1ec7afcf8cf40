-- Spec 001's onboarding_funnel_today for any day (UTC): per task of each live checklist's current
-- version, how many subjects had started the checklist by the end of p_day and how many had the task
-- complete then. Today and later read onboarding_task_states (what is complete now); an earlier day
-- replays the onboarding.task.completed / .uncompleted events up to its end: a task counts when its
-- last change by then was a completion.
create or replace function analytics_onboarding_funnel(p_tenant_id uuid, p_day date)
returns table (checklist_key text, task_slug text, title text, "position" integer, required boolean, subjects integer, completed integer)
language plpgsql stable as $$
declare
  v_end timestamptz := (p_day + 1)::timestamp at time zone 'UTC';
begin
  perform assert_tenant_context(p_tenant_id);
  return query
  with tasks as (
    select t.checklist_key, t.slug, t.title, t.position, t.required
      from checklists c
      join checklist_tasks t on t.tenant_id = c.tenant_id and t.checklist_key = c.key and t.version = c.version
     where c.tenant_id = p_tenant_id and c.deleted_at is null
  ),
  started as (
    select p.checklist_key, count(*)::integer as subjects
      from onboarding_progress p
     where p.tenant_id = p_tenant_id and p.started_at < v_end
     group by p.checklist_key
  ),
  complete_now as (
    select s.checklist_key, s.task_slug, count(*)::integer as completed
      from onboarding_task_states s
     where s.tenant_id = p_tenant_id and p_day >= (now() at time zone 'UTC')::date
     group by s.checklist_key, s.task_slug
  ),
  last_change as (
    select distinct on (e.payload ->> 'checklist', e.subject_type, e.subject_id, e.payload ->> 'task')
           e.payload ->> 'checklist' as checklist_key, e.payload ->> 'task' as task_slug, e.type
      from events e
     where e.tenant_id = p_tenant_id and p_day < (now() at time zone 'UTC')::date
       and e.type in ('onboarding.task.completed', 'onboarding.task.uncompleted') and e.occurred_at < v_end
     order by e.payload ->> 'checklist', e.subject_type, e.subject_id, e.payload ->> 'task', e.id desc
  ),
  complete_then as (
    select l.checklist_key, l.task_slug, count(*)::integer as completed
      from last_change l where l.type = 'onboarding.task.completed'
     group by l.checklist_key, l.task_slug
  )
  select t.checklist_key, t.slug, t.title, t.position, t.required, coalesce(st.subjects, 0),
         coalesce(n.completed, th.completed, 0)
    from tasks t
    left join started st on st.checklist_key = t.checklist_key
    left join complete_now n on n.checklist_key = t.checklist_key and n.task_slug = t.slug
    left join complete_then th on th.checklist_key = t.checklist_key and th.task_slug = t.slug
   order by t.checklist_key, t.position, t.slug;
end $$;
