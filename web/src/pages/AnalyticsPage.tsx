/**
 * Analytics, for tenant admins and staff (issue 12 §6): a funnel over the tenant's events, active users
 * over time, and onboarding completion by organisation — each a Chart.js chart with the same numbers in
 * a table beside it, for screen readers and for reading exact values.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { DataTable, ErrorAlert, Field, onSubmitOf, SelectField, useLoad, useSubmit } from '../ui.tsx';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

type Funnel = paths['/api/v1/analytics/funnel']['get']['responses'][200]['content']['application/json'];
type Actives = paths['/api/v1/analytics/active-users']['get']['responses'][200]['content']['application/json'];
type Completion = paths['/api/v1/analytics/onboarding-completion']['get']['responses'][200]['content']['application/json'];

const LABELS = { steps: 'Steps', from: 'From', to: 'To', window: 'Window' };
// every tenant has these domain events: a first funnel to look at before naming your own
const DEFAULT_STEPS = 'user.created,onboarding.task.completed,onboarding.completed';
const INTERVALS = [
  ['day', 'Daily'],
  ['week', 'Weekly'],
  ['month', 'Monthly'],
] as const;
const COLORS = ['#2f6fde', '#1f9d6b', '#c2410c'];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** One Chart.js chart on a canvas; the numbers it draws are on data-values, its summary the canvas's label. */
function ChartCanvas({ config, label, values, testId }: { config: ChartConfiguration; label: string; values: readonly number[]; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } });
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart" style={{ position: 'relative', width: '100%', height: 260, overflow: 'hidden' }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} data-values={JSON.stringify(values)} />
    </div>
  );
}

function FunnelSection() {
  const [query, setQuery] = useState({ steps: DEFAULT_STEPS, from: day(-29), to: day(0), window: '7d' });
  const params = new URLSearchParams(query).toString();
  const funnel = useLoad(() => api<Funnel>('GET', `/api/v1/analytics/funnel?${params}`), params);
  const apply = useSubmit(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    setQuery({ steps: String(data.get('steps') ?? ''), from: String(data.get('from') ?? ''), to: String(data.get('to') ?? ''), window: String(data.get('window') ?? '') });
  });
  const steps = funnel.data?.steps ?? [];
  // a new chart only when new numbers came
  const config = useMemo<ChartConfiguration | null>(
    () => (steps.length ? { type: 'bar', data: { labels: steps.map((s) => s.event ?? ''), datasets: [{ label: 'People', data: steps.map((s) => s.entered ?? 0), backgroundColor: COLORS[0] }] }, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } } : null),
    [funnel.data],
  );
  return (
    <section aria-labelledby="funnel-heading">
      <h2 id="funnel-heading">Funnel</h2>
      <form className="toolbar" onSubmit={onSubmitOf(apply)} aria-label="Funnel">
        <Field label="Steps" name="steps" defaultValue={query.steps} help="Event names in order, separated by commas" required />
        <Field label="From" name="from" type="date" defaultValue={query.from} required />
        <Field label="To" name="to" type="date" defaultValue={query.to} required />
        <Field label="Window" name="window" defaultValue={query.window} help="Time from the first step to the last: 30m, 12h, 7d" required />
        <button type="submit">Show</button>
      </form>
      <ErrorAlert error={funnel.error} labels={LABELS} testId="funnel-error" />
      {funnel.data ? (
        <>
          <p data-testid="funnel-summary">
            {funnel.data.entered} entered, {funnel.data.converted} reached the last step ({percent(funnel.data.conversion_rate)}).
          </p>
          {config ? <ChartCanvas config={config} testId="funnel-chart" values={steps.map((s) => s.entered ?? 0)} label={`Funnel: ${steps.map((s) => `${s.event} ${s.entered}`).join(', ')}`} /> : null}
          <DataTable caption="Funnel steps" testId="funnel-table" columns={['Step', 'Event', 'Entered', 'Converted to next', 'Conversion', 'Median time to next']}>
            {steps.map((s) => (
              <tr key={s.step}>
                <td>{s.step}</td>
                <td>{s.event}</td>
                <td>{s.entered}</td>
                <td>{s.converted ?? '—'}</td>
                <td>{percent(s.conversion_rate)}</td>
                <td>{s.median_seconds_to_convert === null || s.median_seconds_to_convert === undefined ? '—' : duration(s.median_seconds_to_convert)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : null}
    </section>
  );
}

function duration(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86_400) * 10) / 10} d`;
}

function ActiveUsersSection() {
  const [interval, setInterval] = useState<'day' | 'week' | 'month'>('day');
  const from = interval === 'day' ? day(-29) : interval === 'week' ? day(-83) : day(-365);
  const params = new URLSearchParams({ interval, from, to: day(0) }).toString();
  const actives = useLoad(() => api<Actives>('GET', `/api/v1/analytics/active-users?${params}`), params);
  const items = actives.data?.items ?? [];
  const config = useMemo<ChartConfiguration>(
    () => ({ type: 'line', data: { labels: items.map((i) => i.bucket ?? ''), datasets: [{ label: 'Active users', data: items.map((i) => i.active_users ?? 0), borderColor: COLORS[1], backgroundColor: COLORS[1] }] }, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } }),
    [actives.data],
  );
  return (
    <section aria-labelledby="actives-heading">
      <h2 id="actives-heading">Active users</h2>
      <SelectField label="Interval" name="interval" value={interval} onChange={(e) => setInterval(e.currentTarget.value as typeof interval)} options={INTERVALS.map(([value, label]) => [value, label] as const)} />
      <ErrorAlert error={actives.error} testId="actives-error" />
      {actives.data && config ? (
        <>
          <ChartCanvas config={config} testId="actives-chart" values={items.map((i) => i.active_users ?? 0)} label={`Active users per ${interval}, ${from} to ${day(0)}`} />
          <details>
            <summary>Numbers</summary>
            <DataTable caption="Active users" testId="actives-table" columns={['From', 'Active users']}>
              {items.map((i) => (
                <tr key={i.bucket}>
                  <td>{i.bucket}</td>
                  <td>{i.active_users}</td>
                </tr>
              ))}
            </DataTable>
          </details>
        </>
      ) : null}
    </section>
  );
}

function CompletionSection() {
  const completion = useLoad(() => api<Completion>('GET', '/api/v1/analytics/onboarding-completion?by=organization'), 'completion');
  const items = completion.data?.items ?? [];
  const name = (i: (typeof items)[number]) => `${i.organization_name ?? 'No organisation'} · ${i.checklist_key}`;
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: { labels: items.map(name), datasets: [{ label: 'Completed (%)', data: items.map((i) => Math.round((i.completion_rate ?? 0) * 1000) / 10), backgroundColor: COLORS[2] }] },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, max: 100 } } },
    }),
    [completion.data],
  );
  return (
    <section aria-labelledby="completion-heading">
      <h2 id="completion-heading">Onboarding completion by organisation</h2>
      <ErrorAlert error={completion.error} testId="completion-error" />
      {completion.data && items.length === 0 ? <p className="muted">No checklist has progress yet.</p> : null}
      {items.length && config ? (
        <>
          <ChartCanvas config={config} testId="completion-chart" values={items.map((i) => Math.round((i.completion_rate ?? 0) * 1000) / 10)} label={`Completion: ${items.map((i) => `${name(i)} ${percent(i.completion_rate)}`).join(', ')}`} />
          <DataTable caption="Completion by organisation" testId="completion-table" columns={['Organisation', 'Checklist', 'Subjects', 'Completed', 'Rate']}>
            {items.map((i) => (
              <tr key={`${i.checklist_key}-${i.organization_id ?? 'none'}`}>
                <td>{i.organization_name ?? 'No organisation'}</td>
                <td>{i.checklist_key}</td>
                <td>{i.subjects}</td>
                <td>{i.completed}</td>
                <td>{percent(i.completion_rate)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : null}
    </section>
  );
}

export function AnalyticsPage() {
  return (
    <>
      <h1>Analytics</h1>
      <p className="muted">Your product’s events and Embark’s own, in UTC days: where people drop off, how many are active, and how far each organisation is through onboarding.</p>
      <FunnelSection />
      <ActiveUsersSection />
      <CompletionSection />
    </>
  );
}
