import type { Queryable } from '../db/pool.ts';
import type { PageStart } from '../http/pagination.ts';

export type SubjectType = 'user' | 'organization';
export type RuleKind = 'event' | 'live_count' | 'property' | 'manual';

export type Rule = { readonly kind: 'event'; readonly event: string; readonly count?: number } | { readonly kind: 'live_count'; readonly object: string; readonly min?: number } | { readonly kind: 'property'; readonly property: string; readonly equals: unknown } | { readonly kind: 'manual' };

export interface Task {
  readonly slug: string;
  readonly title: string;
  readonly description: string | null;
  readonly position: number;
  readonly required: boolean;
  readonly link: string | null;
  readonly rule: Rule;
}

export interface Audience {
  readonly roles?: readonly string[];
  readonly signup_modes?: readonly string[];
}

export interface ChecklistRow {
  key: string;
  version: number;
  title: string;
  scope: SubjectType;
  audience: Audience;
  tasks: Task[];
  created_by: string | null;
  version_created_at: Date;
  created_at: Date;
  deleted_at: Date | null;
}

const CHECKLIST = `c.key, v.version, v.title, v.scope, v.audience, v.created_by, v.created_at as version_created_at, c.created_at, c.deleted_at,
  (select coalesce(jsonb_agg(jsonb_build_object('slug', t.slug, 'title', t.title, 'description', t.description, 'position', t.position,
                                                'required', t.required, 'link', t.link, 'rule', t.rule) order by t.position, t.slug), '[]')
     from checklist_tasks t where t.tenant_id = c.tenant_id and t.checklist_key = c.key and t.version = v.version) as tasks
  from checklists c join checklist_versions v on v.tenant_id = c.tenant_id and v.key = c.key`;

/** Holds the tenant's onboarding lock: exclusive for a checklist change, shared for everything else. */
export async function lockTenant(db: Queryable, tenantId: string, exclusive: boolean): Promise<void> {
  await db.query('select onboarding_lock_tenant($1, $2)', [tenantId, exclusive]);
}

export async function lockSubject(db: Queryable, tenantId: string, type: SubjectType, id: string): Promise<void> {
  await db.query('select onboarding_lock_tenant($1), onboarding_lock_subjects($1, $2, array[$3::uuid])', [tenantId, type, id]);
}

/** The checklist with its current version (or the version asked for); a deleted one only when asked to. */
export async function findChecklist(db: Queryable, tenantId: string, key: string, options: { version?: number | undefined; includeDeleted?: boolean } = {}): Promise<ChecklistRow | undefined> {
  const { rows } = await db.query(
    `select ${CHECKLIST} and v.version = coalesce($3, c.version)
      where c.tenant_id = $1 and c.key = $2 and ($4 or c.deleted_at is null)`,
    [tenantId, key, options.version ?? null, options.includeDeleted ?? false],
  );
  return rows[0];
}

export async function listChecklists(db: Queryable, tenantId: string): Promise<ChecklistRow[]> {
  const { rows } = await db.query(`select ${CHECKLIST} and v.version = c.version where c.tenant_id = $1 and c.deleted_at is null order by c.key limit 200`, [tenantId]);
  return rows;
}

/** Writes a new version and makes it current (creating or restoring the checklist). */
export async function insertVersion(db: Queryable, tenantId: string, key: string, version: number, input: { title: string; scope: SubjectType; audience: Audience; tasks: readonly Task[]; createdBy: string | null }): Promise<void> {
  await db.query(
    `insert into checklists (tenant_id, key, version) values ($1, $2, $3)
     on conflict (tenant_id, key) do update set version = excluded.version, deleted_at = null`,
    [tenantId, key, version],
  );
  await db.query(`insert into checklist_versions (tenant_id, key, version, title, scope, audience, created_by) values ($1, $2, $3, $4, $5, $6, $7)`, [tenantId, key, version, input.title, input.scope, JSON.stringify(input.audience), input.createdBy]);
  await db.query(
    `insert into checklist_tasks (tenant_id, checklist_key, version, slug, title, description, position, required, link, rule)
     select $1, $2, $3, t.slug, t.title, t.description, t.position, t.required, t.link, t.rule
       from jsonb_to_recordset($4::jsonb) as t (slug text, title text, description text, position int, required boolean, link text, rule jsonb)`,
    [tenantId, key, version, JSON.stringify(input.tasks)],
  );
}

/** The highest version the checklist ever had (0 when it never existed). */
export async function latestVersion(db: Queryable, tenantId: string, key: string): Promise<number> {
  const { rows } = await db.query('select coalesce(max(version), 0)::int as v from checklist_versions where tenant_id = $1 and key = $2', [tenantId, key]);
  return rows[0].v;
}

export async function markDeleted(db: Queryable, tenantId: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query('update checklists set deleted_at = now() where tenant_id = $1 and key = $2 and deleted_at is null', [tenantId, key]);
  return rowCount === 1;
}

/**
 * Makes the tenant's watched counters those its live checklists' rules read; answers the counters
 * newly watched (to count from existing events). Counters no longer read are forgotten.
 */
export async function syncWatches(db: Queryable, tenantId: string): Promise<string[]> {
  const { rows } = await db.query(
    `with wanted as (
       select distinct case t.rule ->> 'kind' when 'event' then 'event:' || (t.rule ->> 'event') else 'live:' || (t.rule ->> 'object') end as counter
         from checklists c
         join checklist_tasks t on t.tenant_id = c.tenant_id and t.checklist_key = c.key and t.version = c.version
        where c.tenant_id = $1 and c.deleted_at is null and t.rule ->> 'kind' in ('event', 'live_count')
     ),
     dropped as (
       delete from checklist_watches w where w.tenant_id = $1 and w.counter not in (select counter from wanted) returning w.counter
     ),
     forgotten as (
       delete from onboarding_counters c where c.tenant_id = $1 and c.counter in (select counter from dropped)
     )
     insert into checklist_watches (tenant_id, counter) select $1, counter from wanted on conflict do nothing returning counter`,
    [tenantId],
  );
  return rows.map((r) => r.counter);
}

export async function recount(db: Queryable, tenantId: string, counters: readonly string[]): Promise<void> {
  if (counters.length) await db.query('select onboarding_recount($1, $2)', [tenantId, counters]);
}

/** Evaluates every subject of the checklist's scope in the tenant (a checklist was added or changed). */
export async function evaluateAll(db: Queryable, tenantId: string, key: string, scope: SubjectType, actor: Record<string, unknown>): Promise<void> {
  const subjects = scope === 'user' ? `select array(select id from users where tenant_id = $1)` : `select array(select id from organizations where tenant_id = $1 and deleted_at is null)`;
  await db.query(`select onboarding_evaluate($1, $2, (${subjects}), null, $3, $4)`, [tenantId, scope, key, JSON.stringify(actor)]);
}

export async function evaluateSubject(db: Queryable, tenantId: string, type: SubjectType, id: string, by: string | null, actor: Record<string, unknown>, key: string | null = null): Promise<void> {
  await db.query('select onboarding_evaluate($1, $2, array[$3::uuid], $4, $5, $6)', [tenantId, type, id, by, key, JSON.stringify(actor)]);
}

export async function subjectExists(db: Queryable, tenantId: string, type: SubjectType, id: string): Promise<boolean> {
  const { rows } = await db.query(
    // a deleted organisation keeps its onboarding record, which admins may still read and correct
    type === 'user' ? 'select exists (select 1 from users where tenant_id = $1 and id = $2) as found' : 'select exists (select 1 from organizations where tenant_id = $1 and id = $2) as found',
    [tenantId, id],
  );
  return rows[0].found;
}

export interface TaskStatusRow {
  checklist_key: string;
  version: number;
  title: string;
  scope: SubjectType;
  subject_id: string;
  slug: string;
  task_title: string;
  description: string | null;
  link: string | null;
  rule: Rule;
  required: boolean;
  completed: boolean;
  source: 'rule' | 'manual' | 'override';
  completed_at: Date | null;
  completed_by: string | null;
  checklist_completed_at: Date | null;
  dismissed_at: Date | null;
}

const STATUS = `c.key as checklist_key, v.version, v.title, v.scope, s.subject_id, t.slug, t.title as task_title, t.description, t.link, t.rule, t.required, t.completed, t.source,
         case when t.completed then st.completed_at end as completed_at, case when t.completed then coalesce(st.completed_by, t.marked_by) end as completed_by,
         pr.completed_at as checklist_completed_at, pr.dismissed_at
    from checklists c
    join checklist_versions v on v.tenant_id = c.tenant_id and v.key = c.key and v.version = c.version`;
// each row by its whole key (limit 1 keeps the planner from flattening the lookup into a join): a plan
// made before the tables had statistics read every state of the tenant and merged them
const STATUS_TAIL = `cross join lateral onboarding_truth($1, v.scope, array[s.subject_id], c.key, v.version) as t
    left join lateral (select st.completed_at, st.completed_by from onboarding_task_states st
                        where st.tenant_id = $1 and st.subject_type = v.scope and st.subject_id = s.subject_id and st.checklist_key = c.key and st.task_slug = t.slug limit 1) as st on true
    left join lateral (select pr.completed_at, pr.dismissed_at from onboarding_progress pr
                        where pr.tenant_id = $1 and pr.subject_type = v.scope and pr.subject_id = s.subject_id and pr.checklist_key = c.key limit 1) as pr on true`;
const STATUS_ORDER = `order by c.key, t.position, t.slug`;

/**
 * Every task of every live checklist that applies to the user — their own (scope user) and their
 * organisation's (scope organization) — with whether it is complete, computed from the data, in one
 * query. `key` narrows it to one checklist.
 */
export async function statusOfUser(db: Queryable, tenantId: string, userId: string, key: string | null = null): Promise<TaskStatusRow[]> {
  // a named statement: the hot read of a user's checklists is planned once per connection
  const { rows } = await db.query({
    name: 'embark_onboarding_status_of_user',
    text: `select ${STATUS}
    cross join lateral (select case when v.scope = 'user' then $2::uuid
                                    else (select m.organization_id from organization_members m where m.tenant_id = $1 and m.user_id = $2) end as subject_id) as s
    ${STATUS_TAIL}
   where c.tenant_id = $1 and c.deleted_at is null and ($3::text is null or c.key = $3) and s.subject_id is not null
     and onboarding_audience_includes($1, $2, v.audience)
   ${STATUS_ORDER}`,
    values: [tenantId, userId, key],
  });
  return rows;
}

/** Every task of every live organisation checklist, for the organisation. */
export async function statusOfOrganization(db: Queryable, tenantId: string, organizationId: string, key: string | null = null): Promise<TaskStatusRow[]> {
  const { rows } = await db.query(
    `select ${STATUS}
    cross join lateral (select $2::uuid as subject_id) as s
    ${STATUS_TAIL}
   where c.tenant_id = $1 and c.deleted_at is null and ($3::text is null or c.key = $3) and v.scope = 'organization'
   ${STATUS_ORDER}`,
    [tenantId, organizationId, key],
  );
  return rows;
}

export async function putMark(db: Queryable, tenantId: string, mark: { key: string; type: SubjectType; id: string; slug: string; kind: 'manual' | 'override'; completed: boolean; reason: string | null; by: string | null }): Promise<void> {
  await db.query(
    `insert into onboarding_task_marks (tenant_id, checklist_key, subject_type, subject_id, task_slug, kind, completed, reason, marked_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (tenant_id, checklist_key, subject_type, subject_id, task_slug, kind)
     do update set completed = excluded.completed, reason = excluded.reason, marked_by = excluded.marked_by, marked_at = now()`,
    [tenantId, mark.key, mark.type, mark.id, mark.slug, mark.kind, mark.completed, mark.reason, mark.by],
  );
}

export async function deleteMark(db: Queryable, tenantId: string, mark: { key: string; type: SubjectType; id: string; slug: string; kind: 'manual' | 'override' }): Promise<boolean> {
  const { rowCount } = await db.query('delete from onboarding_task_marks where tenant_id = $1 and checklist_key = $2 and subject_type = $3 and subject_id = $4 and task_slug = $5 and kind = $6', [tenantId, mark.key, mark.type, mark.id, mark.slug, mark.kind]);
  return rowCount === 1;
}

export async function findProperties(db: Queryable, tenantId: string, type: SubjectType, id: string): Promise<{ properties: Record<string, unknown>; updated_at: Date } | undefined> {
  const { rows } = await db.query('select properties, updated_at from subject_properties where tenant_id = $1 and subject_type = $2 and subject_id = $3', [tenantId, type, id]);
  return rows[0];
}

/** Sets the given properties of the subject (a null value removes one); the others stay. */
export async function mergeProperties(db: Queryable, tenantId: string, type: SubjectType, id: string, patch: Record<string, unknown>): Promise<{ properties: Record<string, unknown>; updated_at: Date }> {
  const { rows } = await db.query(
    `insert into subject_properties (tenant_id, subject_type, subject_id, properties) values ($1, $2, $3, jsonb_strip_nulls($4::jsonb))
     on conflict (tenant_id, subject_type, subject_id)
     do update set properties = (subject_properties.properties || $4::jsonb) - array(select key from jsonb_each($4::jsonb) where value = 'null'::jsonb), updated_at = now()
     returning properties, updated_at`,
    [tenantId, type, id, JSON.stringify(patch)],
  );
  return rows[0];
}

/** Marks the subject's progress through the checklists dismissed (or not); answers how many it changed. */
export async function setDismissed(db: Queryable, tenantId: string, type: SubjectType, id: string, keys: readonly { key: string; version: number }[], by: string | null, dismissed: boolean): Promise<void> {
  await db.query(
    `insert into onboarding_progress (tenant_id, subject_type, subject_id, checklist_key, version, dismissed_at, dismissed_by)
     select $1, $2, $3, k.key, k.version, case when $6 then now() end, case when $6 then $5::uuid end
       from jsonb_to_recordset($4::jsonb) as k (key text, version int)
     on conflict (tenant_id, subject_type, subject_id, checklist_key)
     do update set dismissed_at = case when $6 then coalesce(onboarding_progress.dismissed_at, now()) end,
                   dismissed_by = case when $6 then coalesce(onboarding_progress.dismissed_by, $5::uuid) end, updated_at = now()`,
    [tenantId, type, id, JSON.stringify(keys), by, dismissed],
  );
}

export interface ProgressRow {
  subject_type: SubjectType;
  subject_id: string;
  label: string | null;
  version: number;
  done: number;
  required: number;
  completed_at: Date | null;
  dismissed_at: Date | null;
  started_at: Date;
  updated_at: Date;
}

export interface ProgressFilter {
  readonly status?: 'complete' | 'incomplete' | undefined;
  /** Incomplete and unchanged for at least this many days. */
  readonly stuckDays?: number | undefined;
}

const PROGRESS_FILTER = `pr.tenant_id = $1 and pr.checklist_key = $2 and pr.subject_type = $3
  and ($4::text is null or ($4 = 'complete') = (pr.completed_at is not null))
  and ($5::int is null or (pr.completed_at is null and pr.updated_at < now() - make_interval(days => $5)))`;

/** A page of the subjects' progress through the checklist, oldest start first. */
export async function listProgress(db: Queryable, tenantId: string, key: string, scope: SubjectType, filter: ProgressFilter, start: PageStart, fetch: number): Promise<ProgressRow[]> {
  const label = scope === 'user' ? `(select coalesce(u.email, u.phone) from users u where u.tenant_id = $1 and u.id = pr.subject_id)` : `(select o.name from organizations o where o.tenant_id = $1 and o.id = pr.subject_id)`;
  const params = [tenantId, key, scope, filter.status ?? null, filter.stuckDays ?? null, fetch];
  const columns = `pr.subject_type, pr.subject_id, ${label} as label, pr.version, pr.done, pr.required, pr.completed_at, pr.dismissed_at, pr.started_at, pr.updated_at`;
  const { rows } =
    start.after === undefined
      ? await db.query(`select ${columns} from onboarding_progress pr where ${PROGRESS_FILTER} order by pr.started_at, pr.subject_id limit $6 offset $7`, [...params, start.offset])
      : await db.query(
          `select ${columns} from onboarding_progress pr where ${PROGRESS_FILTER}
              and (pr.started_at, pr.subject_id) > (select started_at, subject_id from onboarding_progress where tenant_id = $1 and checklist_key = $2 and subject_type = $3 and subject_id = $7)
            order by pr.started_at, pr.subject_id limit $6`,
          [...params, start.after],
        );
  return rows;
}

export async function countProgress(db: Queryable, tenantId: string, key: string, scope: SubjectType, filter: ProgressFilter, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from onboarding_progress pr where ${PROGRESS_FILTER} limit $6) capped`, [tenantId, key, scope, filter.status ?? null, filter.stuckDays ?? null, cap]);
  return rows[0].n;
}

export async function progressExists(db: Queryable, tenantId: string, key: string, scope: SubjectType, subjectId: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from onboarding_progress where tenant_id = $1 and checklist_key = $2 and subject_type = $3 and subject_id = $4) as found', [tenantId, key, scope, subjectId]);
  return rows[0].found;
}
