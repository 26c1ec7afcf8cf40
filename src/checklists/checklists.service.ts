/**
 * Onboarding checklists (issue 12, docs/checklists.md): a tenant's checklists, per user or per
 * organisation, whose tasks complete from data — the subject's events, its live objects, its
 * properties — or by hand, and un-complete when the data goes away. The counting and evaluation run in
 * SQL (sql/functions/onboarding_*.sql), in the transaction of whatever changed the data; this module
 * defines checklists, reads progress, and records marks, overrides, properties and dismissals.
 */
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { eventActor } from '../events/events.service.ts';
import { decodeCursor, mapPage, readPage, UUID_KEY, type ListSpec, type PageQuery } from '../http/pagination.ts';
import { organizationOfUser } from '../organizations/organizations.service.ts';
import * as store from './checklists.store.ts';
import type { Audience, ChecklistRow, ProgressFilter, ProgressRow, Rule, SubjectType, Task, TaskStatusRow } from './checklists.store.ts';

export type { SubjectType } from './checklists.store.ts';

export interface TaskInput {
  readonly slug: string;
  readonly title: string;
  readonly description?: string | null | undefined;
  readonly position?: number | undefined;
  readonly required?: boolean | undefined;
  readonly link?: string | null | undefined;
  readonly rule: Rule;
}

export interface ChecklistInput {
  readonly title: string;
  readonly scope: SubjectType;
  readonly audience?: Audience | undefined;
  readonly tasks: readonly TaskInput[];
}

/** Events a rule may not read: the checklists' own, which would count themselves. */
const RESERVED_EVENT = /^onboarding\.(task\.|completed$|reopened$)/;

/** A rule with its defaults written out (count and min 1), so a stored rule says everything it means. */
function withDefaults(rule: Rule): Rule {
  if (rule.kind === 'event') return { kind: 'event', event: rule.event, count: rule.count ?? 1 };
  if (rule.kind === 'live_count') return { kind: 'live_count', object: rule.object, min: rule.min ?? 1 };
  if (rule.kind === 'property') return { kind: 'property', property: rule.property, equals: rule.equals };
  return { kind: 'manual' };
}

function normalise(input: ChecklistInput): { title: string; scope: SubjectType; audience: Audience; tasks: Task[] } {
  const problems: { task: number; message: string }[] = [];
  const seen = new Set<string>();
  input.tasks.forEach((task, index) => {
    if (seen.has(task.slug)) problems.push({ task: index, message: `slug ${JSON.stringify(task.slug)} is used by an earlier task` });
    seen.add(task.slug);
    const rule = task.rule;
    if (rule.kind === 'event' && RESERVED_EVENT.test(rule.event)) problems.push({ task: index, message: `a rule may not read ${rule.event}: the checklists emit it themselves` });
    if (rule.kind === 'live_count' && RESERVED_EVENT.test(`${rule.object}.created`)) problems.push({ task: index, message: `a rule may not count ${rule.object} objects` });
  });
  if (problems.length) throw new AppError('checklist_invalid', problems.map((p) => `task ${p.task}: ${p.message}`).join('; '), { extra: { errors: problems } });
  const audience: Audience = {
    ...(input.audience?.roles?.length ? { roles: [...new Set(input.audience.roles)].sort() } : {}),
    ...(input.audience?.signup_modes?.length ? { signup_modes: [...new Set(input.audience.signup_modes)].sort() } : {}),
  };
  const tasks = input.tasks
    .map((task, index) => ({
      slug: task.slug,
      title: task.title,
      description: task.description ?? null,
      position: task.position ?? index,
      required: task.required ?? true,
      link: task.link ?? null,
      rule: withDefaults(task.rule),
    }))
    .sort((a, b) => a.position - b.position);
  return { title: input.title, scope: input.scope, audience, tasks };
}

/** JSON with every object's keys in order: what PostgreSQL's jsonb gives back compares equal to what was sent. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

function presentChecklist(row: ChecklistRow) {
  return {
    key: row.key,
    version: row.version,
    title: row.title,
    scope: row.scope,
    audience: row.audience,
    tasks: row.tasks,
    created_at: row.created_at.toISOString(),
    updated_at: row.version_created_at.toISOString(),
  };
}

async function mustFindChecklist(tx: Queryable, tenantId: string, key: string, version?: number) {
  const row = await store.findChecklist(tx, tenantId, key, { version });
  if (!row) throw new AppError('checklist_not_found', version === undefined ? `no checklist ${JSON.stringify(key)} in this tenant` : `checklist ${JSON.stringify(key)} has no version ${version}`);
  return row;
}

/**
 * Creates the checklist, or gives it a new version when anything changed (the same content again
 * changes nothing), and evaluates it at once over the data that exists: counters its rules newly read
 * are counted from the events stored so far, and every subject of its scope gets its progress.
 */
export async function putChecklist(ctx: Context, actor: Actor, tenantId: string, key: string, input: ChecklistInput) {
  const next = normalise(input);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await store.lockTenant(tx, tenantId, true);
    const current = await store.findChecklist(tx, tenantId, key);
    const same = current && canonical([current.title, current.scope, current.audience, current.tasks]) === canonical([next.title, next.scope, next.audience, next.tasks]);
    if (same) return { ...presentChecklist(current), changed: false };
    const version = (await store.latestVersion(tx, tenantId, key)) + 1;
    await store.insertVersion(tx, tenantId, key, version, { ...next, createdBy: actor.impersonating ? null : actor.userId });
    await store.recount(tx, tenantId, await store.syncWatches(tx, tenantId));
    await store.evaluateAll(tx, tenantId, key, next.scope, eventActor(actor));
    await recordAudit(tx, actor, tenantId, current ? 'checklist.updated' : 'checklist.created', { type: 'checklist', id: key }, { version, tasks: next.tasks.map((t) => t.slug) });
    return { ...presentChecklist(await mustFindChecklist(tx, tenantId, key)), changed: true };
  });
}

export async function getChecklist(ctx: Context, tenantId: string, key: string, version?: number) {
  return withTenant(ctx.db.app, tenantId, async (tx) => presentChecklist(await mustFindChecklist(tx, tenantId, key, version)));
}

export async function listChecklists(ctx: Context, tenantId: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => ({ items: (await store.listChecklists(tx, tenantId)).map(presentChecklist) }));
}

/** Deletes the checklist: it applies to nobody from now on; its versions and everyone's progress stay. */
export async function deleteChecklist(ctx: Context, actor: Actor, tenantId: string, key: string): Promise<void> {
  await withTenant(ctx.db.app, tenantId, async (tx) => {
    await store.lockTenant(tx, tenantId, true);
    if (!(await store.markDeleted(tx, tenantId, key))) {
      // deleting it again changes nothing
      if (await store.findChecklist(tx, tenantId, key, { includeDeleted: true })) return;
      throw new AppError('checklist_not_found', `no checklist ${JSON.stringify(key)} in this tenant`);
    }
    await store.syncWatches(tx, tenantId);
    await recordAudit(tx, actor, tenantId, 'checklist.deleted', { type: 'checklist', id: key });
  });
}

// ---- progress ------------------------------------------------------------------------------------

function presentStatus(rows: readonly TaskStatusRow[]) {
  const byChecklist = new Map<string, TaskStatusRow[]>();
  for (const row of rows) byChecklist.set(row.checklist_key, [...(byChecklist.get(row.checklist_key) ?? []), row]);
  return [...byChecklist.values()].map((tasks) => {
    const first = tasks[0]!;
    const required = tasks.filter((t) => t.required);
    const done = required.filter((t) => t.completed).length;
    return {
      key: first.checklist_key,
      version: first.version,
      title: first.title,
      scope: first.scope,
      subject: { type: first.scope, id: first.subject_id },
      tasks: tasks.map((t) => ({
        slug: t.slug,
        title: t.task_title,
        description: t.description,
        link: t.link,
        required: t.required,
        rule: t.rule.kind,
        completed: t.completed,
        completed_at: t.completed_at?.toISOString() ?? null,
        completed_by: t.completed_by,
        source: t.source,
      })),
      progress: { done, required: required.length },
      completed: required.length > 0 && done === required.length,
      completed_at: required.length > 0 && done === required.length ? (first.checklist_completed_at?.toISOString() ?? null) : null,
      current_stage: required.find((t) => !t.completed)?.slug ?? null,
      dismissed_at: first.dismissed_at?.toISOString() ?? null,
    };
  });
}

/** The checklists that apply to the user (theirs and their organisation's), with every task's state. */
export async function statusOfUser(ctx: Context, tenantId: string, userId: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    // one query when the user has checklists; only an empty answer asks whether the user exists
    const rows = await store.statusOfUser(tx, tenantId, userId);
    if (!rows.length && !(await store.subjectExists(tx, tenantId, 'user', userId))) throw new AppError('subject_not_found', `no user with id ${userId} in this tenant`);
    return { items: presentStatus(rows) };
  });
}

/** An organisation's checklists with every task's state, who completed each and when. */
export async function statusOfOrganization(ctx: Context, tenantId: string, organizationId: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    if (!(await store.subjectExists(tx, tenantId, 'organization', organizationId))) throw new AppError('subject_not_found', `no organisation with id ${organizationId} in this tenant`);
    return { items: presentStatus(await store.statusOfOrganization(tx, tenantId, organizationId)) };
  });
}

/** The one task of the user's checklists with that slug (in the checklist named, when given). */
function pickTask(rows: readonly TaskStatusRow[], slug: string, checklist: string | undefined): TaskStatusRow {
  const matches = rows.filter((r) => r.slug === slug && (checklist === undefined || r.checklist_key === checklist));
  if (!matches.length) throw new AppError('task_not_found', `no task ${JSON.stringify(slug)} in a checklist that applies to you${checklist ? ` (checklist ${JSON.stringify(checklist)})` : ''}`);
  if (matches.length > 1) throw new AppError('task_ambiguous', `checklists ${matches.map((m) => m.checklist_key).join(' and ')} both have a task ${JSON.stringify(slug)}; name one with checklist`);
  return matches[0]!;
}

/**
 * The signed-in user completes (or un-completes) a manual task of their checklists: theirs, or their
 * organisation's for an organisation checklist. A task completed from data answers task_derived.
 */
export async function markManual(ctx: Context, actor: Actor, tenantId: string, userId: string, slug: string, checklist: string | undefined, completed: boolean) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const task = pickTask(await store.statusOfUser(tx, tenantId, userId), slug, checklist);
    if (task.rule.kind !== 'manual') throw new AppError('task_derived', `task ${JSON.stringify(slug)} is completed by its ${task.rule.kind} rule from data, not by hand`);
    await store.lockSubject(tx, tenantId, task.scope, task.subject_id);
    const mark = { key: task.checklist_key, type: task.scope, id: task.subject_id, slug, kind: 'manual' as const };
    if (completed) await store.putMark(tx, tenantId, { ...mark, completed: true, reason: null, by: userId });
    else await store.deleteMark(tx, tenantId, mark);
    await store.evaluateSubject(tx, tenantId, task.scope, task.subject_id, userId, eventActor(actor), task.checklist_key);
    return presentStatus(await store.statusOfUser(tx, tenantId, userId, task.checklist_key))[0];
  });
}

async function mustFindSubject(tx: Queryable, tenantId: string, type: SubjectType, id: string) {
  if (!(await store.subjectExists(tx, tenantId, type, id))) throw new AppError('subject_not_found', `no ${type === 'user' ? 'user' : 'organisation'} with id ${id} in this tenant`);
}

/**
 * An admin decides a task for a subject, whatever its rule says (completed true or false), with a
 * reason; `completed: null` removes the override and gives the task back to its rule.
 */
export async function overrideTask(ctx: Context, actor: Actor, tenantId: string, type: SubjectType, id: string, slug: string, input: { completed: boolean | null; reason?: string | undefined; checklist?: string | undefined }) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await mustFindSubject(tx, tenantId, type, id);
    const rows = type === 'user' ? (await store.statusOfUser(tx, tenantId, id)).filter((r) => r.scope === 'user') : await store.statusOfOrganization(tx, tenantId, id);
    const task = pickTask(rows, slug, input.checklist);
    await store.lockSubject(tx, tenantId, type, id);
    const mark = { key: task.checklist_key, type, id, slug, kind: 'override' as const };
    if (input.completed === null) await store.deleteMark(tx, tenantId, mark);
    else await store.putMark(tx, tenantId, { ...mark, completed: input.completed, reason: input.reason ?? null, by: actor.userId });
    await store.evaluateSubject(tx, tenantId, type, id, actor.userId, eventActor(actor), task.checklist_key);
    await recordAudit(tx, actor, tenantId, input.completed === null ? 'onboarding.override_removed' : 'onboarding.overridden', { type, id }, { checklist: task.checklist_key, task: slug, completed: input.completed, reason: input.reason ?? null });
    const after = type === 'user' ? await store.statusOfUser(tx, tenantId, id, task.checklist_key) : await store.statusOfOrganization(tx, tenantId, id, task.checklist_key);
    return presentStatus(after)[0];
  });
}

export async function getProperties(ctx: Context, tenantId: string, type: SubjectType, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await mustFindSubject(tx, tenantId, type, id);
    const row = await store.findProperties(tx, tenantId, type, id);
    return { properties: row?.properties ?? {}, updated_at: row?.updated_at.toISOString() ?? null };
  });
}

/** Sets properties of a subject (null removes one; others stay) and evaluates the rules that read them. */
export async function putProperties(ctx: Context, actor: Actor, tenantId: string, type: SubjectType, id: string, properties: Record<string, unknown>) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await mustFindSubject(tx, tenantId, type, id);
    await store.lockSubject(tx, tenantId, type, id);
    const row = await store.mergeProperties(tx, tenantId, type, id, properties);
    await store.evaluateSubject(tx, tenantId, type, id, type === 'user' ? id : actor.userId, eventActor(actor));
    return { properties: row.properties, updated_at: row.updated_at.toISOString() };
  });
}

/**
 * Hides (or shows again) the signed-in user's checklists — all that apply, or the one named: a user's
 * own for themselves, an organisation's for the whole organisation, which only its owners and admins
 * may do. Dismissing never changes the data or the progress.
 */
export async function setDismissed(ctx: Context, tenantId: string, userId: string, checklist: string | undefined, dismissed: boolean) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const rows = await store.statusOfUser(tx, tenantId, userId, checklist ?? null);
    if (checklist !== undefined && !rows.length) throw new AppError('checklist_not_found', `no checklist ${JSON.stringify(checklist)} applies to you`);
    const targets = new Map<string, { key: string; version: number; scope: SubjectType; subject: string }>();
    for (const row of rows) targets.set(row.checklist_key, { key: row.checklist_key, version: row.version, scope: row.scope, subject: row.subject_id });
    const organization = [...targets.values()].some((t) => t.scope === 'organization') ? await organizationOfUser(tx, tenantId, userId) : undefined;
    const mayOrganization = organization !== undefined && organization.role !== 'member';
    if (checklist !== undefined && [...targets.values()].some((t) => t.scope === 'organization') && !mayOrganization) {
      throw new AppError('dismiss_forbidden', `checklist ${JSON.stringify(checklist)} belongs to your organisation; only its owners and admins may dismiss it`);
    }
    for (const scope of ['user', 'organization'] as const) {
      const these = [...targets.values()].filter((t) => t.scope === scope);
      if (!these.length || (scope === 'organization' && !mayOrganization)) continue;
      await store.setDismissed(tx, tenantId, scope, these[0]!.subject, these, userId, dismissed);
    }
    return { items: presentStatus(await store.statusOfUser(tx, tenantId, userId, checklist ?? null)) };
  });
}

function presentProgress(row: ProgressRow) {
  return {
    subject: { type: row.subject_type, id: row.subject_id, label: row.label },
    version: row.version,
    progress: { done: row.done, required: row.required },
    completed_at: row.completed_at?.toISOString() ?? null,
    dismissed_at: row.dismissed_at?.toISOString() ?? null,
    started_at: row.started_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Everyone's progress through one checklist, a page at a time: filter complete / incomplete, stuck for N days. */
export async function listProgress(ctx: Context, tenantId: string, key: string, filter: ProgressFilter, query: PageQuery) {
  const spec: ListSpec<ProgressRow> = { list: 'onboarding-progress', scope: [tenantId, key, filter.status, filter.stuckDays], keyPattern: UUID_KEY, key: (row) => row.subject_id };
  // a cursor that is none is refused as such before anything is read
  if (query.cursor) decodeCursor(spec, query.cursor);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const checklist = await mustFindChecklist(tx, tenantId, key);
    const page = await readPage(spec, query, {
      rows: (start, fetch) => store.listProgress(tx, tenantId, key, checklist.scope, filter, start, fetch),
      count: (cap) => store.countProgress(tx, tenantId, key, checklist.scope, filter, cap),
      exists: (id) => store.progressExists(tx, tenantId, key, checklist.scope, id),
    });
    return { ...mapPage(page, presentProgress), checklist: { key: checklist.key, title: checklist.title, scope: checklist.scope, version: checklist.version } };
  });
}
