/**
 * A tenant's home for its admins and staff (issue 15 §4): the counts that say how the tenant is doing
 * — users, signups of the last 7 days, messages by status, onboarding completion per checklist — then
 * what needs attention (failed messages, provisioning, runs and webhook deliveries), each linking to
 * its page, and under them the latest of the activity feed with a link to all of it. One call
 * (GET /api/v1/tenant/dashboard) answers the counts; the feed is the CRM's (GET /api/v1/feed).
 */
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { FeedTable, type FeedEvent } from '../feed.tsx';
import { href } from '../router.ts';
import { ErrorAlert, formatDate, type ListPage, messageStatusLabel, useLoad } from '../ui.tsx';

type Dashboard = paths['/api/v1/tenant/dashboard']['get']['responses'][200]['content']['application/json'];
type Attention = NonNullable<NonNullable<Dashboard['attention']>['failed_messages']>;

const FEED_SHOWN = 10;
const number = (n: number | undefined) => (n ?? 0).toLocaleString('en');
const percent = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en', { weekday: 'short', timeZone: 'UTC' });

export function DashboardPage({ canOpen, canSeeFeed }: { canOpen(route: string): boolean; canSeeFeed: boolean }) {
  const dashboard = useLoad(() => api<Dashboard>('GET', '/api/v1/tenant/dashboard'), 'dashboard');
  const d = dashboard.data;
  return (
    <>
      <h1>Home</h1>
      <ErrorAlert error={dashboard.error} testId="dashboard-error" />
      {d ? (
        <>
          <div className="stats" data-testid="dashboard-counts">
            <section aria-labelledby="stat-users" className="stat">
              <h2 id="stat-users">Users</h2>
              <p className="stat-value" data-testid="count-users">
                {number(d.users?.total)}
              </p>
              {canOpen('users') ? (
                <p className="muted">
                  <a href={href('users')}>All users</a>
                </p>
              ) : null}
            </section>
            <section aria-labelledby="stat-signups" className="stat">
              <h2 id="stat-signups">Signups, last 7 days</h2>
              <p className="stat-value" data-testid="count-signups">
                {number(d.users?.signups_recent)}
              </p>
              <ol className="days" aria-label="Signups by day">
                {(d.users?.signups_by_day ?? []).map((day) => (
                  <li key={day.day} title={day.day}>
                    <span className="muted">{weekday(day.day ?? '')}</span> {number(day.signups)}
                  </li>
                ))}
              </ol>
            </section>
            <section aria-labelledby="stat-messages" className="stat">
              <h2 id="stat-messages">Messages, last 7 days</h2>
              <ul className="by-status" data-testid="messages-by-status">
                {Object.entries(d.messages?.by_status ?? {})
                  .filter(([, n]) => n)
                  .map(([status, n]) => (
                    <li key={status} data-status={status}>
                      <span>{messageStatusLabel(status)}</span> <strong>{number(n)}</strong>
                    </li>
                  ))}
              </ul>
              {Object.values(d.messages?.by_status ?? {}).every((n) => !n) ? <p className="muted">No messages this week.</p> : null}
            </section>
          </div>
          <section aria-labelledby="onboarding-heading">
            <h2 id="onboarding-heading">Onboarding completion</h2>
            {d.onboarding?.length ? (
              <ul className="completion" data-testid="onboarding-completion">
                {d.onboarding.map((c) => (
                  <li key={c.key} data-testid={`completion-${c.key}`}>
                    <span className="completion-title">{c.title}</span>
                    <progress max={c.subjects || 1} value={c.completed ?? 0} aria-label={`${c.title}: completed`} />
                    <span>
                      <strong>{percent(c.share)}</strong>{' '}
                      <span className="muted">
                        ({number(c.completed)} of {number(c.subjects)} {c.scope === 'organization' ? 'organisations' : 'users'})
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">
                No checklists yet.
                {canOpen('onboarding') ? (
                  <>
                    {' '}
                    Define one on the <a href={href('onboarding')}>Onboarding</a> page.
                  </>
                ) : null}
              </p>
            )}
          </section>
          <NeedsAttention attention={d.attention} canOpen={canOpen} />
        </>
      ) : null}
      {canSeeFeed ? <RecentActivity canOpen={canOpen} /> : null}
    </>
  );
}

function Count({ attention }: { attention: Attention }) {
  return (
    <span className="badge error">
      {number(attention.count)}
      {attention.count_capped ? '+' : ''}
    </span>
  );
}

function NeedsAttention({ attention, canOpen }: { attention: Dashboard['attention']; canOpen(route: string): boolean }) {
  const messages = attention?.failed_messages;
  const hires = attention?.failed_provisioning;
  const runs = attention?.failed_runs;
  const deliveries = attention?.failed_webhook_deliveries;
  const nothing = [messages, hires, runs, deliveries].every((a) => !a?.count);
  const link = (route: string, label: string) => (canOpen(route) ? <a href={href(route)}>{label}</a> : <span>{label}</span>);
  return (
    <section aria-labelledby="attention-heading" data-testid="needs-attention">
      <h2 id="attention-heading">Needs attention</h2>
      {nothing ? (
        <p className="muted" data-testid="attention-none">
          Nothing needs attention: no failed messages, provisioning, runs or webhook deliveries.
        </p>
      ) : null}
      {messages?.count ? (
        <div className="attention" data-testid="attention-messages">
          <h3>
            Failed messages <Count attention={messages} />
          </h3>
          <ul>
            {(messages.items ?? []).map((m) => (
              <li key={m.id} data-testid={`attention-message-${m.id}`}>
                {link(`messages/${encodeURIComponent(m.id ?? '')}`, `${messageStatusLabel(m.status ?? '')}: ${m.bundle} to ${m.recipient}`)}
                <small className="muted"> {formatDate(m.created_at ?? '')}</small>
                {m.last_error ? <small className="attention-error"> — {m.last_error}</small> : null}
              </li>
            ))}
          </ul>
          {canOpen('messages') ? (
            <p>
              <a href={href('messages')}>All messages</a>
            </p>
          ) : null}
        </div>
      ) : null}
      {hires?.count ? (
        <div className="attention" data-testid="attention-provisioning">
          <h3>
            Failed provisioning <Count attention={hires} />
          </h3>
          <ul>
            {(hires.items ?? []).map((h) => (
              <li key={h.id} data-testid={`attention-hire-${h.id}`}>
                {link(`hires/${encodeURIComponent(h.id ?? '')}`, `${h.first_name} ${h.last_name}`)}
                <small className="muted"> {formatDate(h.updated_at ?? '')}</small>
                {h.last_error ? <small className="attention-error"> — {h.last_error}</small> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {runs?.count ? (
        <div className="attention" data-testid="attention-runs">
          <h3>
            Failed runs <Count attention={runs} />
          </h3>
          <ul>
            {(runs.items ?? []).map((r) => (
              <li key={r.id} data-testid={`attention-run-${r.id}`}>
                <span>
                  {r.kind} <code>{r.id}</code>
                </span>
                <small className="muted"> {formatDate(r.updated_at ?? '')}</small>
                {r.last_error ? <small className="attention-error"> — {r.last_error}</small> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {deliveries?.count ? (
        <div className="attention" data-testid="attention-webhooks">
          <h3>
            Failed webhook deliveries <Count attention={deliveries} />
          </h3>
          <ul>
            {(deliveries.items ?? []).map((w) => (
              <li key={w.id} data-testid={`attention-delivery-${w.id}`}>
                {link('webhooks', `${w.event_type}${w.last_status_code ? ` (HTTP ${w.last_status_code})` : ''}`)}
                <small className="muted"> {formatDate(w.created_at ?? '')}</small>
                {w.last_error ? <small className="attention-error"> — {w.last_error}</small> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function RecentActivity({ canOpen }: { canOpen(route: string): boolean }) {
  const feed = useLoad(() => api<ListPage<FeedEvent>>('GET', `/api/v1/feed?limit=${FEED_SHOWN}`), 'recent-activity');
  const items = feed.data?.items ?? [];
  return (
    <section aria-labelledby="activity-heading" data-testid="recent-activity">
      <h2 id="activity-heading">Recent activity</h2>
      <ErrorAlert error={feed.error} testId="activity-error" />
      {feed.data && !items.length ? <p className="muted">Nothing has happened yet.</p> : null}
      {items.length ? <FeedTable items={items} caption="The latest activity, newest first" testId="activity-feed" busy={feed.loading} canOpen={canOpen} /> : null}
      {items.length ? (
        <p>
          <a href={href('activity')} data-testid="activity-more">
            All activity
          </a>
        </p>
      ) : null}
    </section>
  );
}
