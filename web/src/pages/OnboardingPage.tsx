/**
 * The tenant's onboarding checklists, for its admins: an editor (tasks with rules picked from a form,
 * never typed as JSON; add, remove, reorder; the audience's application roles from the signup
 * settings; user or organisation scope), everyone's progress through a checklist (incomplete, stuck
 * for some days, page by page), and one subject's timeline from the event log with its overrides.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { ConfirmButton, DataTable, ErrorAlert, Field, fieldProblems, formatDate, Notice, onSubmitOf, Pager, SelectField, useCursorPages, useLoad, useSubmit, type ListPage } from '../ui.tsx';

type ChecklistList = paths['/api/v1/tenant/checklists']['get']['responses'][200]['content']['application/json'];
type Checklist = NonNullable<ChecklistList['items']>[number];
type ChecklistBody = paths['/api/v1/tenant/checklists/{key}']['put']['requestBody']['content']['application/json'];
type ProgressList = paths['/api/v1/tenant/checklists/{key}/progress']['get']['responses'][200]['content']['application/json'];
type ProgressRow = NonNullable<ProgressList['items']>[number];
type StatusList = paths['/api/v1/onboarding/status']['get']['responses'][200]['content']['application/json'];
type Settings = paths['/api/v1/tenant/signup-settings']['get']['responses'][200]['content']['application/json'];
type EventList = paths['/api/v1/tenant/events']['get']['responses'][200]['content']['application/json'];

type RuleKind = 'event' | 'live_count' | 'property' | 'manual';
type ValueType = 'text' | 'number' | 'true' | 'false';

/** A task as the form holds it: every field a string, the rule's fields side by side. */
interface TaskDraft {
  id: number;
  slug: string;
  title: string;
  description: string;
  link: string;
  required: boolean;
  kind: RuleKind;
  event: string;
  count: string;
  object: string;
  min: string;
  property: string;
  valueType: ValueType;
  value: string;
}

interface Draft {
  key: string;
  title: string;
  scope: 'user' | 'organization';
  roles: string[];
  tasks: TaskDraft[];
}

const RULE_KINDS: readonly (readonly [RuleKind, string])[] = [
  ['event', 'Event happened'],
  ['live_count', 'Objects exist (created minus deleted)'],
  ['property', 'Property has a value'],
  ['manual', 'Marked done by hand'],
];
const RULE_LABEL = Object.fromEntries(RULE_KINDS) as Record<RuleKind, string>;

let nextId = 1;
function emptyTask(index: number): TaskDraft {
  return { id: nextId++, slug: `task-${index + 1}`, title: '', description: '', link: '', required: true, kind: 'event', event: '', count: '1', object: '', min: '1', property: '', valueType: 'text', value: '' };
}

function draftOf(checklist: Checklist): Draft {
  const rule = (r: Record<string, unknown>) => r as { kind?: RuleKind; event?: string; count?: number; object?: string; min?: number; property?: string; equals?: unknown };
  return {
    key: checklist.key ?? '',
    title: checklist.title ?? '',
    scope: checklist.scope ?? 'user',
    roles: checklist.audience?.roles ?? [],
    tasks: (checklist.tasks ?? []).map((t) => {
      const r = rule(t.rule ?? {});
      const equals = r.equals;
      return {
        ...emptyTask(0),
        slug: t.slug ?? '',
        title: t.title ?? '',
        description: t.description ?? '',
        link: t.link ?? '',
        required: t.required ?? true,
        kind: r.kind ?? 'manual',
        event: r.event ?? '',
        count: String(r.count ?? 1),
        object: r.object ?? '',
        min: String(r.min ?? 1),
        property: r.property ?? '',
        valueType: equals === true ? 'true' : equals === false ? 'false' : typeof equals === 'number' ? 'number' : 'text',
        value: typeof equals === 'string' || typeof equals === 'number' ? String(equals) : '',
      };
    }),
  };
}

function ruleOf(task: TaskDraft): ChecklistBody['tasks'][number]['rule'] {
  switch (task.kind) {
    case 'event':
      return { kind: 'event', event: task.event.trim(), count: Number(task.count) || 1 };
    case 'live_count':
      return { kind: 'live_count', object: task.object.trim(), min: Number(task.min) || 1 };
    case 'property': {
      const equals = task.valueType === 'true' ? true : task.valueType === 'false' ? false : task.valueType === 'number' ? Number(task.value) : task.value;
      return { kind: 'property', property: task.property.trim(), equals };
    }
    case 'manual':
      return { kind: 'manual' };
  }
}

function bodyOf(draft: Draft): ChecklistBody {
  return {
    title: draft.title.trim(),
    scope: draft.scope,
    audience: { roles: draft.roles },
    tasks: draft.tasks.map((t, position) => ({ slug: t.slug.trim(), title: t.title.trim(), description: t.description.trim() || null, link: t.link.trim() || null, required: t.required, position, rule: ruleOf(t) })),
  };
}

export function OnboardingPage() {
  const checklists = useLoad(() => api<ChecklistList>('GET', '/api/v1/tenant/checklists'), 'checklists');
  const settings = useLoad(() => api<Settings>('GET', '/api/v1/tenant/signup-settings'), 'settings');
  const [editing, setEditing] = useState<Draft | null>(null);
  const [isNew, setIsNew] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const items = checklists.data?.items ?? [];
  const current = items.find((c) => c.key === selected) ?? null;
  const roles = (settings.data as { roles?: { key: string; label?: string }[] } | undefined)?.roles ?? [];

  return (
    <>
      <h1>Onboarding</h1>
      <p className="muted">Checklists whose tasks complete from your product's data: events it reports, objects that exist, properties it sets, or a mark by hand.</p>
      <ErrorAlert error={checklists.error ?? settings.error} testId="onboarding-load-error" />
      <Notice testId="onboarding-notice">{notice}</Notice>
      <section aria-labelledby="checklists-heading">
        <h2 id="checklists-heading">Checklists</h2>
        {checklists.data && items.length === 0 ? (
          <p className="muted" data-testid="checklists-empty">
            No checklists yet.
          </p>
        ) : null}
        {items.length ? (
          <DataTable caption="Checklists" testId="checklists-table" busy={checklists.loading} columns={['Title', 'Key', 'Scope', 'Tasks', 'Version', '']}>
            {items.map((c) => (
              <tr key={c.key} data-testid={`checklist-row-${c.key}`}>
                <th scope="row">{c.title}</th>
                <td>
                  <code>{c.key}</code>
                </td>
                <td>{c.scope === 'organization' ? 'Organisation' : 'User'}</td>
                <td>{c.tasks?.length ?? 0}</td>
                <td>{c.version}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" aria-label={`Progress of ${c.title}`} onClick={() => setSelected(c.key ?? null)}>
                      Progress
                    </button>
                    <button
                      type="button"
                      aria-label={`Edit ${c.title}`}
                      onClick={() => {
                        setEditing(draftOf(c));
                        setIsNew(false);
                        setNotice('');
                      }}
                    >
                      Edit
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        {!editing ? (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setEditing({ key: '', title: '', scope: 'user', roles: [], tasks: [emptyTask(0)] });
              setIsNew(true);
              setNotice('');
            }}
          >
            New checklist
          </button>
        ) : null}
      </section>
      {editing ? (
        <ChecklistEditor
          key={`${editing.key}-${isNew}`}
          initial={editing}
          isNew={isNew}
          roles={roles}
          onDone={(message) => {
            setEditing(null);
            setNotice(message);
            checklists.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {current ? <ProgressSection key={current.key} checklist={current} /> : null}
    </>
  );
}

const LABELS = { title: 'Title', key: 'Key', slug: 'Slug', event: 'Event', object: 'Object', property: 'Property', link: 'Link' };

function ChecklistEditor({ initial, isNew, roles, onDone, onCancel }: { initial: Draft; isNew: boolean; roles: readonly { key: string; label?: string }[]; onDone(message: string): void; onCancel(): void }) {
  const [draft, setDraft] = useState<Draft>(initial);
  const save = useSubmit(async () => {
    const saved = await api<Checklist>('PUT', `/api/v1/tenant/checklists/${encodeURIComponent(draft.key.trim())}`, bodyOf(draft));
    onDone(saved.changed === false ? `Nothing changed in ${saved.title}.` : `Saved ${saved.title} (version ${saved.version}); progress was evaluated over the data that exists.`);
  });
  const remove = useSubmit(async () => {
    await api('DELETE', `/api/v1/tenant/checklists/${encodeURIComponent(draft.key)}`);
    onDone(`Deleted ${draft.title}: it applies to nobody from now on.`);
  });
  const problems = fieldProblems(save.error, LABELS);
  const setTask = (id: number, patch: Partial<TaskDraft>) => setDraft((d) => ({ ...d, tasks: d.tasks.map((t) => (t.id === id ? { ...t, ...patch } : t)) }));
  const move = (index: number, by: -1 | 1) =>
    setDraft((d) => {
      const tasks = [...d.tasks];
      const [task] = tasks.splice(index, 1);
      tasks.splice(index + by, 0, task!);
      return { ...d, tasks };
    });

  return (
    <section aria-labelledby="editor-heading">
      <h2 id="editor-heading">{isNew ? 'New checklist' : `Edit ${initial.title}`}</h2>
      <form aria-label="Checklist" onSubmit={onSubmitOf(save)}>
        <Field label="Key" name="key" required pattern="[a-z][a-z0-9_]{0,63}" disabled={!isNew} value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.target.value })} help="Lowercase letters, digits and _; it names the checklist in the API." />
        <Field label="Title" name="title" required maxLength={200} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} problem={problems.title} />
        <SelectField
          label="Scope"
          name="scope"
          value={draft.scope}
          onChange={(e) => setDraft({ ...draft, scope: e.target.value as Draft['scope'] })}
          options={[
            ['user', 'Each user on their own'],
            ['organization', 'The whole organisation (any member counts)'],
          ]}
        />
        <fieldset className="checks">
          <legend>Audience: application roles (none chosen: everyone)</legend>
          {roles.length === 0 ? <p className="muted">The signup settings define no application roles.</p> : null}
          {roles.map((role) => (
            <label key={role.key}>
              <input type="checkbox" checked={draft.roles.includes(role.key)} onChange={(e) => setDraft({ ...draft, roles: e.target.checked ? [...draft.roles, role.key] : draft.roles.filter((r) => r !== role.key) })} />
              <span>{role.label ?? role.key}</span>
            </label>
          ))}
        </fieldset>
        <ol className="task-editor" aria-label="Tasks">
          {draft.tasks.map((task, index) => (
            <li key={task.id} data-testid={`task-editor-${index}`}>
              <fieldset>
                <legend>Task {index + 1}</legend>
                <Field label="Task title" required maxLength={200} value={task.title} onChange={(e) => setTask(task.id, { title: e.target.value })} />
                <Field label="Slug" required pattern="[a-z][a-z0-9_\-]{0,63}" value={task.slug} onChange={(e) => setTask(task.id, { slug: e.target.value })} help="Names the task in the API and in events." />
                <Field label="Description" maxLength={2000} value={task.description} onChange={(e) => setTask(task.id, { description: e.target.value })} />
                <Field label="Link" maxLength={2000} value={task.link} onChange={(e) => setTask(task.id, { link: e.target.value })} help="Where the task is done in your product: a URL or a path (/services/new)." />
                <label className="check">
                  <input type="checkbox" checked={task.required} onChange={(e) => setTask(task.id, { required: e.target.checked })} /> Required
                </label>
                <SelectField label="Completes when" value={task.kind} onChange={(e) => setTask(task.id, { kind: e.target.value as RuleKind })} options={RULE_KINDS} />
                {task.kind === 'event' ? (
                  <>
                    <Field label="Event name" required value={task.event} placeholder="service.created" onChange={(e) => setTask(task.id, { event: e.target.value })} />
                    <Field label="At least this many times" type="number" min={1} required value={task.count} onChange={(e) => setTask(task.id, { count: e.target.value })} />
                  </>
                ) : null}
                {task.kind === 'live_count' ? (
                  <>
                    <Field label="Object kind" required value={task.object} placeholder="service" onChange={(e) => setTask(task.id, { object: e.target.value })} help="Counted from <kind>.created and <kind>.deleted events: deleting them un-completes the task." />
                    <Field label="At least this many live" type="number" min={1} required value={task.min} onChange={(e) => setTask(task.id, { min: e.target.value })} />
                  </>
                ) : null}
                {task.kind === 'property' ? (
                  <>
                    <Field label="Property name" required value={task.property} onChange={(e) => setTask(task.id, { property: e.target.value })} />
                    <SelectField
                      label="Value type"
                      value={task.valueType}
                      onChange={(e) => setTask(task.id, { valueType: e.target.value as ValueType })}
                      options={[
                        ['text', 'Text'],
                        ['number', 'Number'],
                        ['true', 'True'],
                        ['false', 'False'],
                      ]}
                    />
                    {task.valueType === 'text' || task.valueType === 'number' ? <Field label="Equals" type={task.valueType === 'number' ? 'number' : 'text'} value={task.value} onChange={(e) => setTask(task.id, { value: e.target.value })} /> : null}
                  </>
                ) : null}
                <div className="row-actions">
                  <button type="button" aria-label={`Move task ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                    Up
                  </button>
                  <button type="button" aria-label={`Move task ${index + 1} down`} disabled={index === draft.tasks.length - 1} onClick={() => move(index, 1)}>
                    Down
                  </button>
                  <button type="button" aria-label={`Remove task ${index + 1}`} disabled={draft.tasks.length === 1} onClick={() => setDraft({ ...draft, tasks: draft.tasks.filter((t) => t.id !== task.id) })}>
                    Remove
                  </button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => setDraft({ ...draft, tasks: [...draft.tasks, emptyTask(draft.tasks.length)] })} disabled={draft.tasks.length >= 50}>
          Add task
        </button>
        <ErrorAlert error={save.error ?? remove.error} labels={LABELS} testId="checklist-save-error" />
        <div className="row-actions">
          <button type="submit" className="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save checklist'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          {!isNew ? (
            <ConfirmButton label={`Delete ${initial.title}`} question={`Delete ${initial.title}?`} confirm="Yes, delete" disabled={remove.busy} onConfirm={() => void remove.run()}>
              Delete
            </ConfirmButton>
          ) : null}
        </div>
      </form>
    </section>
  );
}

type Filter = '' | 'incomplete' | 'complete';

function ProgressSection({ checklist }: { checklist: Checklist }) {
  const [filter, setFilter] = useState<Filter>('');
  const [stuck, setStuck] = useState('');
  const [subject, setSubject] = useState<ProgressRow['subject'] | null>(null);
  const pages = useCursorPages<string>();
  const query = new URLSearchParams({ limit: '20' });
  if (filter) query.set('status', filter);
  if (stuck) query.set('stuck_days', stuck);
  if (pages.cursor) query.set('cursor', pages.cursor);
  const progress = useLoad(() => pages.load(api<ListPage<ProgressRow>>('GET', `/api/v1/tenant/checklists/${encodeURIComponent(checklist.key ?? '')}/progress?${query}`)), query.toString());
  const rows = progress.data?.items ?? [];

  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress: {checklist.title}</h2>
      <div className="filters">
        <SelectField
          label="Show"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value as Filter);
            pages.reset();
          }}
          options={[
            ['', 'Everyone'],
            ['incomplete', 'Incomplete'],
            ['complete', 'Complete'],
          ]}
        />
        <Field
          label="Stuck for at least (days)"
          type="number"
          min={1}
          max={3650}
          value={stuck}
          onChange={(e) => {
            setStuck(e.target.value);
            pages.reset();
          }}
        />
      </div>
      <ErrorAlert error={progress.error} testId="progress-error" />
      {progress.data && rows.length === 0 ? (
        <p className="muted" data-testid="progress-empty">
          Nobody matches.
        </p>
      ) : null}
      {rows.length ? (
        <DataTable caption={`Progress through ${checklist.title}`} testId="progress-table" busy={progress.loading} columns={[checklist.scope === 'organization' ? 'Organisation' : 'User', 'Done', 'Started', 'Last progress', 'Completed', '']}>
          {rows.map((row) => (
            <tr key={row.subject?.id} data-testid={`progress-row-${row.subject?.label ?? row.subject?.id}`}>
              <th scope="row">{row.subject?.label ?? row.subject?.id}</th>
              <td data-testid="progress-done">
                {row.progress?.done} of {row.progress?.required}
              </td>
              <td>{row.started_at ? formatDate(row.started_at) : ''}</td>
              <td>{row.updated_at ? formatDate(row.updated_at) : ''}</td>
              <td>{row.completed_at ? formatDate(row.completed_at) : <span className="muted">Not yet</span>}</td>
              <td>
                <button type="button" aria-label={`Timeline of ${row.subject?.label ?? row.subject?.id}`} onClick={() => setSubject(row.subject ?? null)}>
                  Timeline
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {progress.data ? <Pager list={progress.data} label="Progress" onPrevious={pages.previous} onNext={pages.next} /> : null}
      {subject?.id ? <SubjectTimeline key={subject.id} checklist={checklist} subject={{ type: (subject.type as 'user' | 'organization') ?? 'user', id: subject.id, label: subject.label ?? subject.id }} onChanged={progress.reload} /> : null}
    </section>
  );
}

const HOW: Record<string, string> = { rule: 'from data', manual: 'marked by hand', override: 'by an admin override' };

function SubjectTimeline({ checklist, subject, onChanged }: { checklist: Checklist; subject: { type: 'user' | 'organization'; id: string; label: string }; onChanged(): void }) {
  const status = useLoad(() => api<StatusList>('GET', `/api/v1/onboarding/status?${subject.type === 'user' ? 'user_id' : 'organization_id'}=${subject.id}`), `status-${subject.id}`);
  const events = useLoad(() => api<EventList>('GET', `/api/v1/tenant/events?subject_type=${subject.type}&subject_id=${subject.id}&limit=100`), `events-${subject.id}`);
  const [task, setTask] = useState('');
  const [completed, setCompleted] = useState('true');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState('');
  const state = status.data?.items?.find((c) => c.key === checklist.key);
  const base = `/api/v1/onboarding/subjects/${subject.type}/${subject.id}/tasks`;
  const reload = () => {
    status.reload();
    events.reload();
    onChanged();
  };
  const override = useSubmit(async () => {
    const slug = task || state?.tasks?.[0]?.slug || '';
    await api('POST', `${base}/${encodeURIComponent(slug)}/override?checklist=${encodeURIComponent(checklist.key ?? '')}`, { completed: completed === 'true', ...(reason.trim() ? { reason: reason.trim() } : {}) });
    setReason('');
    setNotice(`Task ${slug} is now ${completed === 'true' ? 'complete' : 'incomplete'} for ${subject.label}, whatever its rule says.`);
    reload();
  });
  const removeOverride = useSubmit(async (slug: string) => {
    await api('DELETE', `${base}/${encodeURIComponent(slug)}/override?checklist=${encodeURIComponent(checklist.key ?? '')}`);
    setNotice(`Task ${slug} follows its rule again.`);
    reload();
  });
  const timeline = (events.data?.items ?? []).filter((e) => e.type.startsWith('onboarding.') && (e.payload as { checklist?: string }).checklist === checklist.key);

  return (
    <section aria-labelledby="timeline-heading" data-testid="subject-timeline">
      <h3 id="timeline-heading">Timeline of {subject.label}</h3>
      <ErrorAlert error={status.error ?? events.error ?? override.error ?? removeOverride.error} testId="timeline-error" />
      <Notice testId="timeline-notice">{notice}</Notice>
      {state ? (
        <DataTable caption={`Tasks of ${subject.label}`} testId="subject-tasks" columns={['Task', 'Rule', 'State', 'How', 'When', '']}>
          {(state.tasks ?? []).map((t) => (
            <tr key={t.slug} data-testid={`subject-task-${t.slug}`}>
              <th scope="row">{t.title}</th>
              <td>{RULE_LABEL[t.rule as RuleKind] ?? t.rule}</td>
              <td>{t.completed ? <span className="badge ok">Done</span> : <span className="badge">To do</span>}</td>
              <td>{t.completed || t.source === 'override' ? HOW[t.source ?? 'rule'] : ''}</td>
              <td>{t.completed_at ? formatDate(t.completed_at) : ''}</td>
              <td>
                {t.source === 'override' ? (
                  <button type="button" aria-label={`Remove override: ${t.title}`} disabled={removeOverride.busy} onClick={() => void removeOverride.run(t.slug ?? '')}>
                    Remove override
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <h4>What happened</h4>
      {events.data && timeline.length === 0 ? <p className="muted">Nothing yet.</p> : null}
      <ol className="timeline" data-testid="timeline-events">
        {timeline.map((e) => {
          const payload = e.payload as { task?: string; source?: string; completed_by?: string | null; reason?: string | null };
          const actor = e.actor as { kind?: string; user_id?: string };
          const what =
            e.type === 'onboarding.task.completed' ? `completed ${payload.task}` : e.type === 'onboarding.task.uncompleted' ? `un-completed ${payload.task}` : e.type === 'onboarding.completed' ? 'finished the checklist' : e.type === 'onboarding.reopened' ? 'reopened the checklist' : e.type;
          return (
            <li key={e.id} data-type={e.type}>
              <time dateTime={e.occurred_at}>{formatDate(e.occurred_at)}</time> — {what}
              {payload.source ? ` (${HOW[payload.source] ?? payload.source})` : ''}
              {payload.completed_by ? `, by ${payload.completed_by === subject.id ? subject.label : payload.completed_by}` : ''}
              {actor?.kind === 'api_key' ? ' — through an API key' : actor?.kind === 'user' && actor.user_id && actor.user_id !== subject.id && actor.user_id !== payload.completed_by ? ` — by user ${actor.user_id}` : ''}
              {payload.reason ? `: “${payload.reason}”` : ''}
            </li>
          );
        })}
      </ol>
      {state?.tasks?.length ? (
        <form aria-label="Override a task" onSubmit={onSubmitOf(override)}>
          <h4>Override a task</h4>
          <SelectField label="Task" value={task || state.tasks[0]?.slug || ''} onChange={(e) => setTask(e.target.value)} options={state.tasks.map((t) => [t.slug ?? '', t.title ?? ''] as const)} />
          <SelectField
            label="Decide it as"
            value={completed}
            onChange={(e) => setCompleted(e.target.value)}
            options={[
              ['true', 'Complete'],
              ['false', 'Incomplete'],
            ]}
          />
          <Field label="Reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} help="Recorded with your name and the time." />
          <button type="submit" disabled={override.busy}>
            {override.busy ? 'Saving…' : 'Override'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
