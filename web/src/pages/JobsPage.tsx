/**
 * The worker's job queue, for global admins: what failed (attempts used up) with its last error,
 * what waits and what runs, and a retry for a failed job. Jobs that succeeded have left the queue.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { DataTable, ErrorAlert, Field, fieldProblems, formatDate, Notice, onSubmitOf, SelectField, useLoad, useSubmit } from '../ui.tsx';

type JobList = paths['/api/v1/admin/jobs']['get']['responses'][200]['content']['application/json'];
type Job = NonNullable<JobList['items']>[number];

const PAGE_SIZE = 50;
const LABELS = { task: 'Task', state: 'State' };
const STATES: Record<string, readonly [label: string, tone: string]> = {
  failed: ['Failed', 'error'],
  locked: ['Running', ''],
  pending: ['Waiting', 'off'],
};
const STATE_OPTIONS = [['', 'Any state'], ...Object.entries(STATES).map(([state, [label]]) => [state, label] as const)] as const;

function JobState({ state }: { state: string }) {
  const [label, tone] = STATES[state] ?? [state, ''];
  return (
    <span className={`badge ${tone}`.trim()} data-status={state}>
      {label}
    </span>
  );
}

export function JobsPage() {
  const [filter, setFilter] = useState({ state: 'failed', task: '' });
  const [offset, setOffset] = useState(0);
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset), ...(filter.state ? { state: filter.state } : {}), ...(filter.task ? { task: filter.task } : {}) });
  const jobs = useLoad(() => api<JobList>('GET', `/api/v1/admin/jobs?${params.toString()}`), params.toString());
  const [notice, setNotice] = useState('');
  const retry = useSubmit(async (job: Job) => {
    setNotice('');
    try {
      const again = await api<Job>('POST', `/api/v1/admin/jobs/${job.id}/retry`, {});
      setNotice(`Job ${again.id} (${again.task_identifier}) runs again now, with its ${again.max_attempts} attempts restored.`);
    } finally {
      // refused too: the job changed meanwhile, so the row shows what it is now
      jobs.reload();
    }
  });
  const items = jobs.data?.items ?? [];
  const total = jobs.data?.total ?? 0;

  return (
    <>
      <h1>Jobs</h1>
      <p className="muted">The background work of this server: a job that used all its attempts stays here as failed until you retry it.</p>
      <section aria-labelledby="jobs-filter-heading">
        <h2 id="jobs-filter-heading" className="visually-hidden">
          Filter
        </h2>
        <JobFilter
          filter={filter}
          problems={fieldProblems(jobs.error, LABELS)}
          onApply={(next) => {
            setOffset(0);
            setFilter(next);
            // Show again with the same filter is a refresh
            jobs.reload();
          }}
        />
      </section>
      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Queue</h2>
        <Notice testId="jobs-notice">{notice}</Notice>
        <ErrorAlert error={retry.error ?? jobs.error} labels={LABELS} testId="jobs-error" />
        {jobs.data && items.length === 0 ? (
          <p className="muted" data-testid="jobs-empty">
            {filter.state === 'failed' && !filter.task ? 'No failed jobs: everything the worker ran has succeeded or is still being tried.' : 'No jobs match. Choose another state or task.'}
          </p>
        ) : null}
        {items.length ? (
          <DataTable caption="Jobs" testId="jobs-table" busy={jobs.loading} columns={['Task', 'State', 'Attempts', 'Due', 'Last error', '']}>
            {items.map((job) => (
              <tr key={job.id} data-testid={`job-row-${job.id}`}>
                <th scope="row">
                  <code>{job.task_identifier}</code> <span className="muted">#{job.id}</span>
                </th>
                <td>
                  <JobState state={job.state ?? ''} />
                </td>
                <td>
                  {job.attempts} of {job.max_attempts}
                </td>
                <td>{job.run_at ? formatDate(job.run_at) : ''}</td>
                <td className="wrap">{job.last_error ? <pre className="job-error">{job.last_error}</pre> : <span className="muted">—</span>}</td>
                <td>
                  <div className="row-actions">
                    {job.state === 'failed' ? (
                      <button type="button" aria-label={`Retry job ${job.id}`} disabled={retry.busy} onClick={() => void retry.run(job)}>
                        Retry
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        {jobs.data && (offset > 0 || total > PAGE_SIZE) ? (
          <nav className="pager" aria-label="Jobs pages">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Previous
            </button>
            <span data-testid="pager-range">{items.length ? `${offset + 1}–${offset + items.length} of ${total}` : 'none'}</span>
            <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              Next
            </button>
          </nav>
        ) : jobs.data && items.length ? (
          <p className="muted">{total === 1 ? '1 job' : `${total} jobs`}</p>
        ) : null}
      </section>
    </>
  );
}

function JobFilter({ filter, problems, onApply }: { filter: { state: string; task: string }; problems: Record<string, string>; onApply(filter: { state: string; task: string }): void }) {
  const [state, setState] = useState(filter.state);
  const [task, setTask] = useState(filter.task);
  const submit = useSubmit(async () => onApply({ state, task: task.trim() }));
  return (
    <form aria-label="Filter jobs" className="toolbar" onSubmit={onSubmitOf(submit)}>
      <SelectField label="State" name="state" value={state} onChange={(e) => setState(e.target.value)} options={STATE_OPTIONS} />
      <Field label="Task" name="task" autoComplete="off" spellCheck={false} placeholder="dispatch_message" value={task} onChange={(e) => setTask(e.target.value)} problem={problems.task} />
      <button type="submit" className="primary">
        Show
      </button>
    </form>
  );
}
