/**
 * The audit log: a tenant admin's of their tenant, a global admin's of the whole platform (or of the
 * tenant they act in), newest first. Filters by actor, action, target and time go to the server;
 * paging is by cursor. What a global admin did while acting in a tenant is marked.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { ErrorAlert, Field, fieldProblems, formatDate, onSubmitOf, Pager, refusal, useCursorPages, useLoad, useSubmit, type ListPage } from '../ui.tsx';

type AuditList = paths['/api/v1/audit']['get']['responses'][200]['content']['application/json'];
type Entry = NonNullable<AuditList['items']>[number];

/** The filters, as the API names them. */
interface Filter {
  actor_user_id?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  since?: string;
  until?: string;
}

const LABELS = { actor_user_id: 'Actor', action: 'Action', target_type: 'Target type', target_id: 'Target id', since: 'From', until: 'Until' };
const PAGE_SIZE = 50;
const ACTOR_KINDS: Record<string, string> = { user: 'User', api_key: 'API key', system: 'System', cli: 'Command line' };

function query(filter: Filter, cursor: string | undefined): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [name, value] of Object.entries(filter)) if (value) params.set(name, value);
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/** A datetime-local input's value as the instant it means here, for the API; '' stays unset. */
function instant(value: string, label: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw refusal(`${label} is not a date and time.`);
  return date.toISOString();
}

export function AuditPage({ platform }: { platform: boolean }) {
  const pages = useCursorPages<string>();
  const [filter, setFilter] = useState<Filter>({});
  const list = useLoad(() => pages.load(api<ListPage<Entry>>('GET', `/api/v1/audit?${query(filter, pages.cursor)}`)), JSON.stringify([filter, pages.cursor ?? null]));
  const apply = (next: Filter) => {
    pages.reset();
    setFilter(next);
    // applying the same filters again is a refresh
    list.reload();
  };
  const problems = fieldProblems(list.error, LABELS);
  const items = list.data?.items ?? [];
  const filtered = Object.values(filter).some(Boolean);

  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">{platform ? 'Everything done on this server, in every tenant, newest first.' : 'Everything done in this tenant, newest first.'} Entries cannot be changed or removed.</p>
      <section aria-labelledby="audit-filter-heading">
        <h2 id="audit-filter-heading">Filter</h2>
        <FilterForm filter={filter} problems={problems} onApply={apply} />
      </section>
      <section aria-labelledby="audit-entries-heading">
        <h2 id="audit-entries-heading">Entries</h2>
        <ErrorAlert error={list.error} labels={LABELS} testId="audit-error" />
        {list.data && items.length === 0 ? (
          <p className="muted" data-testid="audit-empty">
            {filtered ? 'No entries match these filters. Widen the time range or clear a filter.' : 'Nothing has been recorded yet.'}
          </p>
        ) : null}
        {items.length ? (
          <div className="table-scroll">
            <table data-testid="audit-table" aria-busy={list.loading}>
              <caption className="visually-hidden">Audit entries</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Target</th>
                  {platform ? <th scope="col">Tenant</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <tr key={entry.id} data-testid={`audit-row-${entry.id}`} data-action={entry.action}>
                    <td>{entry.created_at ? formatDate(entry.created_at) : ''}</td>
                    <th scope="row">
                      <code>{entry.action}</code>
                    </th>
                    <td className="wrap">
                      {ACTOR_KINDS[entry.actor_kind ?? ''] ?? entry.actor_kind}{' '}
                      {entry.actor_user_id ? (
                        <button type="button" className="link" aria-label={`Only entries by ${entry.actor_user_id}`} onClick={() => apply({ ...filter, actor_user_id: entry.actor_user_id! })}>
                          <code>{entry.actor_user_id}</code>
                        </button>
                      ) : null}
                      {entry.impersonating ? (
                        <>
                          {' '}
                          <span className="badge warn" data-testid="impersonated">
                            Acting as the tenant
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td className="wrap">
                      {entry.target_type ? (
                        <button type="button" className="link" aria-label={`Only entries about ${entry.target_type} ${entry.target_id ?? ''}`.trim()} onClick={() => apply({ ...filter, target_type: entry.target_type!, target_id: entry.target_id ?? '' })}>
                          {entry.target_type} <code>{entry.target_id}</code>
                        </button>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    {platform ? <td className="wrap">{entry.tenant_id ? <code>{entry.tenant_id}</code> : <span className="muted">Platform</span>}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {list.data ? <Pager label="Audit log" list={list.data} onPrevious={pages.previous} onNext={pages.next} /> : null}
      </section>
    </>
  );
}

/** The filter form: applied on submit, so a half-typed id does not fire a request per key. */
function FilterForm({ filter, problems, onApply }: { filter: Filter; problems: Record<string, string>; onApply(filter: Filter): void }) {
  const [actor, setActor] = useState(filter.actor_user_id ?? '');
  const [action, setAction] = useState(filter.action ?? '');
  const [targetType, setTargetType] = useState(filter.target_type ?? '');
  const [targetId, setTargetId] = useState(filter.target_id ?? '');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  // a filter set by a click on a row shows in the form
  const [shown, setShown] = useState(filter);
  if (shown !== filter) {
    setShown(filter);
    setActor(filter.actor_user_id ?? '');
    setAction(filter.action ?? '');
    setTargetType(filter.target_type ?? '');
    setTargetId(filter.target_id ?? '');
  }
  const submit = useSubmit(async () => {
    onApply({
      actor_user_id: actor.trim() || undefined,
      action: action.trim() || undefined,
      target_type: targetType.trim() || undefined,
      target_id: targetId.trim() || undefined,
      since: instant(since, 'From'),
      until: instant(until, 'Until'),
    } as Filter);
  });
  const clear = () => {
    setSince('');
    setUntil('');
    onApply({});
  };

  return (
    <form aria-label="Filter the audit log" onSubmit={onSubmitOf(submit)}>
      <div className="channel-grid">
        <Field label="Actor (user id)" name="actor_user_id" autoComplete="off" spellCheck={false} value={actor} onChange={(e) => setActor(e.target.value)} problem={problems.actor_user_id} />
        <Field label="Action" name="action" autoComplete="off" spellCheck={false} placeholder="user.created" maxLength={100} value={action} onChange={(e) => setAction(e.target.value)} problem={problems.action} />
        <Field label="Target type" name="target_type" autoComplete="off" spellCheck={false} placeholder="user" maxLength={100} value={targetType} onChange={(e) => setTargetType(e.target.value)} problem={problems.target_type} />
        <Field label="Target id" name="target_id" autoComplete="off" spellCheck={false} maxLength={200} value={targetId} onChange={(e) => setTargetId(e.target.value)} problem={problems.target_id} />
        <Field label="From" name="since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} problem={problems.since} />
        <Field label="Until" name="until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} problem={problems.until} />
      </div>
      <ErrorAlert error={submit.error} testId="audit-filter-error" />
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
