/**
 * The activity feed's events in words, for the staff dashboard and activity page (GET /api/v1/feed)
 * and a member's home (GET /api/v1/me/feed): both answer the event log's events (docs/events.md).
 */
import { href } from './router.ts';
import { DataTable, formatDate } from './ui.tsx';

export interface FeedEvent {
  id?: number;
  type?: string;
  subject?: { type?: string; id?: string };
  actor?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  occurred_at?: string;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const CONTACT_STATUS: Record<string, string> = { lead: 'Lead', qualified: 'Qualified', onboarding: 'Onboarding', active: 'Active', lost: 'Lost' };
const CHANNEL: Record<string, string> = { email: 'Email', sms: 'SMS', voice: 'Call' };
const ACTOR_KINDS: Record<string, string> = { system: 'Embark', api_key: 'An API key', cli: 'The CLI', user: 'A user' };

/** The event in a few words; its type stays beside it where staff read it. */
export function describeEvent(event: FeedEvent): string {
  const p = event.payload ?? {};
  const status = (value: unknown) => CONTACT_STATUS[text(value)] ?? text(value);
  switch (event.type) {
    case 'crm.contact.created':
      return 'Contact created';
    case 'crm.contact.moved':
      return `Contact moved ${status(p.from)} → ${status(p.to)}${p.note ? `: ${text(p.note)}` : ''}`;
    case 'onboarding.account.provisioned':
      return `Approved: account created for ${text(p.email)}`;
    case 'user.created':
      return 'Account created';
    case 'onboarding.initialized':
      return 'Onboarding started';
    case 'onboarding.task.completed':
      return `Task done${p.task ? `: ${text(p.task)}` : ''}`;
    case 'onboarding.task.uncompleted':
      return `Task no longer done${p.task ? `: ${text(p.task)}` : ''}`;
    case 'onboarding.completed':
      return `Onboarding completed${p.checklist ? `: ${text(p.checklist)}` : ''}`;
    case 'onboarding.reopened':
      return `Onboarding reopened${p.checklist ? `: ${text(p.checklist)}` : ''}`;
    case 'message.sent':
    case 'message.delivered':
    case 'message.failed':
      return `${CHANNEL[text(p.channel)] ?? 'Message'} ${text(event.type).slice('message.'.length)}${p.bundle ? `: ${text(p.bundle)}` : ''}`;
    case 'organization.member_added':
      return 'Added to an organisation';
    case 'organization.member_removed':
      return 'Removed from an organisation';
    case 'hire.created':
      return 'Hire added';
    case 'hire.documents_completed':
      return "Hire's documents all signed";
    case 'provisioning.succeeded':
      return `Corporate account made${p.corporate_email ? `: ${text(p.corporate_email)}` : ''}`;
    case 'provisioning.failed':
      return 'Provisioning failed';
    case 'tenant.updated':
      return 'Tenant settings changed';
    default:
      return text(event.type);
  }
}

/** Where staff read more about what the event is about: its message, contact, user or hire. */
export function subjectRoute(event: FeedEvent): string | null {
  const id = event.subject?.id;
  if (!id) return null;
  switch (event.subject?.type) {
    case 'message':
      return `messages/${encodeURIComponent(id)}`;
    case 'contact':
      return `contacts/${encodeURIComponent(id)}`;
    case 'user':
      return `users/${encodeURIComponent(id)}`;
    case 'hire':
      return `hires/${encodeURIComponent(id)}`;
    default:
      return null;
  }
}

/** The staff feed's table: when, what (linking to its subject's page where there is one), type, who. */
export function FeedTable({ items, caption, testId, busy, canOpen }: { items: readonly FeedEvent[]; caption: string; testId: string; busy?: boolean; canOpen(route: string): boolean }) {
  return (
    <DataTable caption={caption} testId={testId} busy={busy} columns={['When', 'What', 'Type', 'Who']}>
      {items.map((event) => {
        const route = subjectRoute(event);
        return (
          <tr key={event.id} data-testid={`feed-${event.type}`}>
            <td>{formatDate(text(event.occurred_at))}</td>
            <th scope="row" className="wrap">
              {route && canOpen(route) ? <a href={href(route)}>{describeEvent(event)}</a> : describeEvent(event)}
            </th>
            <td>
              <code>{event.type}</code>
            </td>
            <td>{ACTOR_KINDS[text(event.actor?.kind)] ?? text(event.actor?.kind)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
