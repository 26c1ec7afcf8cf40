/**
 * The tenant's whole activity feed for staff (GET /api/v1/feed, issue 13 §4): newest first, a page at
 * a time, filtered by event type; the dashboard shows its latest entries and links here.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import { FeedTable, type FeedEvent } from '../feed.tsx';
import { href } from '../router.ts';
import { ErrorAlert, type ListPage, Pager, SelectField, useCursorPages, useLoad } from '../ui.tsx';

const PAGE_SIZE = 50;
// the event types of docs/events.md that the feed is mostly made of
const TYPES = [
  'crm.contact.created',
  'crm.contact.moved',
  'onboarding.account.provisioned',
  'user.created',
  'onboarding.initialized',
  'onboarding.task.completed',
  'onboarding.completed',
  'onboarding.reopened',
  'message.sent',
  'message.delivered',
  'message.failed',
  'hire.created',
  'provisioning.succeeded',
  'provisioning.failed',
];

export function ActivityPage({ canOpen }: { canOpen(route: string): boolean }) {
  const [type, setType] = useState('');
  const pages = useCursorPages<string>();
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(type ? { type } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) });
  const feed = useLoad(() => pages.load(api<ListPage<FeedEvent>>('GET', `/api/v1/feed?${query}`)), query.toString());
  const items = feed.data?.items ?? [];
  return (
    <>
      <h1>Activity</h1>
      <p>
        <a className="back" href={href('home')}>
          ← Home
        </a>
      </p>
      <section aria-labelledby="feed-heading">
        <h2 id="feed-heading">Everything that happened, newest first</h2>
        <div className="toolbar">
          <SelectField
            label="Type"
            value={type}
            onChange={(event) => {
              setType(event.target.value);
              pages.reset();
            }}
            options={[['', 'Every type'], ...TYPES.map((t) => [t, t] as const)]}
          />
        </div>
        <ErrorAlert error={feed.error} testId="feed-error" />
        {feed.data && !items.length ? <p className="muted">{type ? 'No activity of this type.' : 'Nothing has happened yet.'}</p> : null}
        {items.length ? <FeedTable items={items} caption="Activity, newest first" testId="activity-feed" busy={feed.loading} canOpen={canOpen} /> : null}
        {feed.data ? <Pager list={feed.data} label="Activity" onPrevious={pages.previous} onNext={pages.next} /> : null}
      </section>
    </>
  );
}
