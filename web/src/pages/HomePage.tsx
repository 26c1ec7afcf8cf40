/**
 * A member's home: their onboarding checklists (their own and their organisation's) while something
 * is left to do, each task linking where the tenant says it is done; manual tasks are checked off
 * here, and a checklist can be dismissed (hidden; the data stays). Under them, their own activity
 * (GET /api/v1/me/feed: their account, onboarding and the messages sent to them; spec 002 T6).
 * Progress is derived by the server from the tenant's events, so the page refetches when it regains focus.
 */
import { useEffect } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { describeEvent } from '../feed.tsx';
import { ErrorAlert, formatDate, Pager, useCursorPages, useLoad, useSubmit, type ListPage } from '../ui.tsx';

type Onboarding = paths['/api/v1/onboarding']['get']['responses'][200]['content']['application/json'];
type ChecklistStatus = NonNullable<Onboarding['items']>[number];
type MyFeed = paths['/api/v1/me/feed']['get']['responses'][200]['content']['application/json'];
type MyEvent = NonNullable<MyFeed['items']>[number];

const FEED_PAGE = 20;

/** Only links that go somewhere on the web (the server accepts URLs and paths, nothing else). */
function safeLink(link: string | null | undefined): string | null {
  return link && (/^https?:\/\//i.test(link) || (link.startsWith('/') && !link.startsWith('//'))) ? link : null;
}

export function HomePage() {
  const onboarding = useLoad(() => api<Onboarding>('GET', '/api/v1/onboarding'), 'onboarding');
  const pages = useCursorPages<string>();
  const query = new URLSearchParams({ limit: String(FEED_PAGE), ...(pages.cursor ? { cursor: pages.cursor } : {}) });
  const feed = useLoad(() => pages.load(api<ListPage<MyEvent>>('GET', `/api/v1/me/feed?${query}`)), query.toString());
  const { reload: reloadChecklists } = onboarding;
  const { reload: reloadFeed } = feed;
  const reload = () => {
    reloadChecklists();
    reloadFeed();
  };
  useEffect(() => {
    const refresh = () => {
      reloadChecklists();
      reloadFeed();
    };
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, [reloadChecklists, reloadFeed]);
  const mark = useSubmit(async (checklist: string, slug: string, completed: boolean) => {
    await api(completed ? 'POST' : 'DELETE', `/api/v1/onboarding/complete/${encodeURIComponent(slug)}?checklist=${encodeURIComponent(checklist)}`);
    reload();
  });
  const dismiss = useSubmit(async (checklist: string) => {
    await api('POST', `/api/v1/onboarding/dismiss?checklist=${encodeURIComponent(checklist)}`);
    reload();
  });
  const shown = (onboarding.data?.items ?? []).filter((c) => !c.dismissed_at && !c.completed);

  return (
    <>
      <h1>Home</h1>
      <ErrorAlert error={onboarding.error ?? mark.error ?? dismiss.error} testId="home-error" />
      {onboarding.data && shown.length === 0 ? (
        <p className="muted" data-testid="home-nothing-to-do">
          You are all set: nothing left to do.
        </p>
      ) : null}
      {shown.map((checklist) => (
        <MemberChecklist key={checklist.key} checklist={checklist} busy={mark.busy || dismiss.busy} onMark={(slug, completed) => void mark.run(checklist.key ?? '', slug, completed)} onDismiss={() => void dismiss.run(checklist.key ?? '')} />
      ))}
      <section aria-labelledby="my-activity-heading" data-testid="my-activity">
        <h2 id="my-activity-heading">Your activity</h2>
        <ErrorAlert error={feed.error} testId="my-activity-error" />
        {feed.data && !feed.data.items.length ? <p className="muted">Nothing yet.</p> : null}
        {feed.data?.items.length ? (
          <ol className="feed" aria-busy={feed.loading} data-testid="my-feed">
            {feed.data.items.map((event) => (
              <li key={event.id} data-testid={`my-feed-${event.type}`}>
                <span>{describeEvent(event)}</span> <small className="muted">{formatDate(event.occurred_at ?? '')}</small>
              </li>
            ))}
          </ol>
        ) : null}
        {feed.data ? <Pager list={feed.data} label="Your activity" onPrevious={pages.previous} onNext={pages.next} /> : null}
      </section>
    </>
  );
}

function MemberChecklist({ checklist, busy, onMark, onDismiss }: { checklist: ChecklistStatus; busy: boolean; onMark(slug: string, completed: boolean): void; onDismiss(): void }) {
  const headingId = `checklist-${checklist.key}-heading`;
  const done = checklist.progress?.done ?? 0;
  const required = checklist.progress?.required ?? 0;
  return (
    <section aria-labelledby={headingId} data-testid={`member-checklist-${checklist.key}`}>
      <h2 id={headingId}>{checklist.title}</h2>
      <p className="progress-line">
        <progress max={required || 1} value={done} aria-label={`${checklist.title} progress`} /> <span data-testid="member-progress">{`${done} of ${required} done`}</span>
      </p>
      <ul className="member-tasks">
        {(checklist.tasks ?? []).map((task) => {
          const link = safeLink(task.link);
          return (
            <li key={task.slug} data-testid={`member-task-${task.slug}`} data-completed={String(task.completed)}>
              <span className={task.completed ? 'badge ok' : 'badge'}>{task.completed ? 'Done' : 'To do'}</span> {link ? <a href={link}>{task.title}</a> : <span>{task.title}</span>}
              {task.description ? <small className="muted"> — {task.description}</small> : null}
              {task.rule === 'manual' ? (
                <button type="button" disabled={busy} aria-label={`${task.completed ? 'Undo' : 'Mark done'}: ${task.title}`} onClick={() => onMark(task.slug ?? '', !task.completed)}>
                  {task.completed ? 'Undo' : 'Mark done'}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <button type="button" disabled={busy} aria-label={`Dismiss ${checklist.title}`} onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
