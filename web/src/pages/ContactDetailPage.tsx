/**
 * One CRM contact (issue 13 §5): its fields, editable; its status with the moves staff may make by
 * hand, each with an optional note; its history of moves (who, when, why); its activity feed; and
 * "Approve & Create Account" for a qualified contact, behind a confirmation, which answers with the
 * new user, or names the user who has the email already. The temporary password is in no answer, so
 * nowhere here: it goes to the contact's inbox only.
 */
import { useState } from 'react';
import { api, ApiError } from '../api.ts';
import type { paths } from '../api-types.ts';
import { href } from '../router.ts';
import { ownerChoices, useOwners } from './crm-owners.ts';
import { ConfirmButton, DataTable, ErrorAlert, Field, fieldProblems, formatDate, Notice, onSubmitOf, Pager, refusal, SelectField, TextAreaField, type ListPage, useCursorPages, useLoad, useSubmit } from '../ui.tsx';
import { describeEvent } from '../feed.tsx';

type ContactWithHistory = paths['/api/v1/crm/contacts/{id}']['get']['responses'][200]['content']['application/json'];
type Transition = NonNullable<ContactWithHistory['history']>[number];
type ContactPatch = paths['/api/v1/crm/contacts/{id}']['patch']['requestBody']['content']['application/json'];
type FeedPage = paths['/api/v1/feed']['get']['responses'][200]['content']['application/json'];
type FeedEvent = NonNullable<FeedPage['items']>[number];
type UserList = paths['/api/v1/users']['get']['responses'][200]['content']['application/json'];

const STATUS_LABELS: Record<string, string> = { lead: 'Lead', qualified: 'Qualified', onboarding: 'Onboarding', active: 'Active', lost: 'Lost' };
/** The moves staff make by hand (src/crm/crm.service.ts BY_HAND); onboarding and active come only from provisioning and completion. */
const BY_HAND: Record<string, readonly string[]> = { lead: ['qualified', 'lost'], qualified: ['lead', 'lost'], onboarding: ['lost'], active: [], lost: ['lead'] };
const MOVE_LABELS: Record<string, string> = { qualified: 'Qualify', lead: 'Back to lead', lost: 'Mark lost' };
const FEED_PAGE = 20;
const ACTOR_KINDS: Record<string, string> = { system: 'Embark', api_key: 'An API key', cli: 'The CLI', user: 'A user' };

const FIELDS = [
  ['first_name', 'First name', 100],
  ['last_name', 'Last name', 100],
  ['email', 'Email', 320],
  ['phone', 'Phone', 16],
  ['company', 'Company', 200],
  ['source', 'Source', 100],
] as const;
type FieldName = (typeof FIELDS)[number][0] | 'notes' | 'owner_id';
const LABELS: Record<string, string> = { ...Object.fromEntries(FIELDS.map(([name, label]) => [name, label])), notes: 'Notes', owner_id: 'Owner' };

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const nameOf = (c: ContactWithHistory) => [c.first_name, c.last_name].filter(Boolean).map(text).join(' ') || text(c.email ?? c.company ?? c.id);

/** The user of the tenant with exactly this email, if there is one (the users list matches part of it). */
async function userWithEmail(email: string): Promise<{ id: string; email: string } | undefined> {
  const list = await api<UserList>('GET', `/api/v1/users?${new URLSearchParams({ email, limit: '100' })}`);
  const found = list.items?.find((u) => u.email?.toLowerCase() === email.toLowerCase());
  return found?.id ? { id: found.id, email: found.email ?? email } : undefined;
}

/** What approving answered, for the notice under the button. */
type Approval = { kind: 'created'; userId: string; email: string } | { kind: 'exists'; userId: string | undefined; email: string };

export function ContactDetailPage({ contactId }: { contactId: string }) {
  const loaded = useLoad(() => api<ContactWithHistory>('GET', `/api/v1/crm/contacts/${encodeURIComponent(contactId)}`), contactId);
  const [notice, setNotice] = useState('');
  const [approval, setApproval] = useState<Approval | null>(null);
  const [feedVersion, setFeedVersion] = useState(0);
  const contact = loaded.data;
  const changed = () => {
    loaded.reload();
    setFeedVersion((v) => v + 1);
  };

  const approve = useSubmit(async () => {
    setNotice('');
    setApproval(null);
    try {
      const made = await api<{ user_id: string; email: string }>('POST', `/api/v1/crm/contacts/${encodeURIComponent(contactId)}/provision`);
      setApproval({ kind: 'created', userId: made.user_id, email: made.email });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'account_exists') throw error;
      const email = text(contact?.email);
      // the contact's own account when it has one, else the user who has its email
      const userId = contact?.user_id ?? (email ? (await userWithEmail(email).catch(() => undefined))?.id : undefined);
      setApproval({ kind: 'exists', userId, email });
    } finally {
      changed();
    }
  });

  return (
    <>
      <a className="back" href={href('contacts')}>
        ← All contacts
      </a>
      <h1>{contact ? nameOf(contact) : 'Contact'}</h1>
      <ErrorAlert error={loaded.error} testId="contact-load-error" />
      {contact ? (
        <>
          <section aria-labelledby="contact-status-heading" data-testid="contact-pipeline">
            <h2 id="contact-status-heading">Pipeline</h2>
            <p>
              Status:{' '}
              <span className="badge" data-testid="contact-status">
                {STATUS_LABELS[contact.status ?? ''] ?? contact.status}
              </span>
              {contact.user_id ? (
                <>
                  {' '}
                  · account <code data-testid="contact-user-id">{contact.user_id}</code> (<a href={href('users')}>Users</a>)
                </>
              ) : null}
            </p>
            <Notice testId="contact-notice">{notice}</Notice>
            <StatusMoves
              contactId={contactId}
              status={contact.status ?? ''}
              onMoved={(to) => {
                setApproval(null);
                setNotice(`Moved to ${STATUS_LABELS[to] ?? to}.`);
                changed();
              }}
            />
            {contact.status === 'qualified' ? (
              <ConfirmButton question={`Create an account for ${nameOf(contact)} and email them a temporary password?`} confirm="Yes, create the account" disabled={approve.busy} onConfirm={() => void approve.run()}>
                Approve &amp; Create Account
              </ConfirmButton>
            ) : null}
            <ApprovalAnswer approval={approval} error={approve.error} status={contact.status ?? ''} />
          </section>
          <ContactFields
            contact={contact}
            onSaved={() => {
              setNotice('Saved.');
              changed();
            }}
          />
          <History history={contact.history ?? []} />
          <Feed contactId={contactId} version={feedVersion} />
        </>
      ) : null}
    </>
  );
}

/** The answer to an approval in words: the new user, the user who has the email, or why it was refused. */
function ApprovalAnswer({ approval, error, status }: { approval: Approval | null; error: unknown; status: string }) {
  if (approval?.kind === 'created')
    return (
      <p className="alert alert-ok" role="status" data-testid="approval-answer">
        Account created for {approval.email}: user <code data-testid="approval-user-id">{approval.userId}</code> (see <a href={href('users')}>Users</a>). The welcome email with their temporary password is on its way to them; it is not shown here.
      </p>
    );
  if (approval?.kind === 'exists')
    return (
      <p className="alert alert-warn" role="status" data-testid="approval-answer">
        Nothing new was made: {approval.email || 'this contact'} has an account already
        {approval.userId ? (
          <>
            {' '}
            — user <code data-testid="approval-user-id">{approval.userId}</code> (see <a href={href('users')}>Users</a>)
          </>
        ) : null}
        .
      </p>
    );
  if (error instanceof ApiError && error.code === 'contact_not_qualified')
    return (
      <p className="alert alert-error" role="alert" data-testid="approval-answer">
        Only a qualified contact can be approved, and this one is {status && status !== 'qualified' ? `${STATUS_LABELS[status]?.toLowerCase() ?? status} now` : 'no longer qualified'} (someone may have moved it meanwhile). Qualify it first, then approve it.
      </p>
    );
  if (error instanceof ApiError && error.code === 'contact_unreachable')
    return (
      <p className="alert alert-error" role="alert" data-testid="approval-answer">
        This contact has no email address, which their account and welcome email need. Add one below, then approve again.
      </p>
    );
  return <ErrorAlert error={error} testId="approval-answer" />;
}

/** The moves staff may make from this status, each with the note the history keeps. */
function StatusMoves({ contactId, status, onMoved }: { contactId: string; status: string; onMoved(to: string): void }) {
  const [note, setNote] = useState('');
  const move = useSubmit(async (to: string) => {
    await api('POST', `/api/v1/crm/contacts/${encodeURIComponent(contactId)}/status`, { status: to, ...(note.trim() ? { note: note.trim() } : {}) });
    setNote('');
    onMoved(to);
  });
  const moves = BY_HAND[status] ?? [];
  if (!moves.length) return <p className="muted">An {STATUS_LABELS[status]?.toLowerCase() ?? status} contact is not moved by hand.</p>;
  return (
    <form aria-label="Move contact" className="filters" onSubmit={(e) => e.preventDefault()}>
      <Field label="Note for the history" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} help="Why, in a few words: kept with the move." />
      {moves.map((to) => (
        <button key={to} type="button" disabled={move.busy} onClick={() => void move.run(to)}>
          {MOVE_LABELS[to] ?? `Move to ${STATUS_LABELS[to] ?? to}`}
        </button>
      ))}
      <small className="help">Onboarding comes only from approving a qualified contact, active only from finishing onboarding.</small>
      <ErrorAlert error={move.error} testId="move-error" />
    </form>
  );
}

/** The contact's own fields, saved with PATCH (only what changed; an emptied field is cleared). */
function ContactFields({ contact, onSaved }: { contact: ContactWithHistory; onSaved(): void }) {
  const initial = (): Record<FieldName, string> => ({ ...(Object.fromEntries(FIELDS.map(([name]) => [name, text(contact[name])])) as Record<FieldName, string>), notes: text(contact.notes), owner_id: text(contact.owner_id) });
  const [values, setValues] = useState(initial);
  const original = (contact.custom ?? {}) as Record<string, string | number | boolean | null>;
  const [custom, setCustom] = useState<[name: string, value: string][]>(() => Object.entries(original).map(([name, value]) => [name, text(value)]));
  const [newField, setNewField] = useState({ name: '', value: '' });
  const owners = useOwners();
  const save = useSubmit(async () => {
    const before = initial();
    const patch = Object.fromEntries((Object.keys(values) as FieldName[]).filter((name) => values[name].trim() !== before[name]).map((name) => [name, values[name].trim() === '' ? null : values[name].trim()])) as ContactPatch;
    // a value left as it was keeps its type (a number stays a number); one typed here is text
    const customNow = Object.fromEntries(custom.map(([name, value]) => [name, text(original[name]) === value ? (original[name] ?? null) : value]));
    if (JSON.stringify(customNow) !== JSON.stringify(original)) patch.custom = customNow;
    if (Object.keys(patch).length === 0) return;
    await api('PATCH', `/api/v1/crm/contacts/${encodeURIComponent(contact.id ?? '')}`, patch);
    onSaved();
  });
  const problems = fieldProblems(save.error, LABELS);
  const addField = () => {
    const name = newField.name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(name)) return save.fail(refusal('A custom field’s name starts with a letter and holds only letters, digits and underscores (at most 64).'));
    if (custom.some(([n]) => n === name)) return save.fail(refusal(`There is a custom field named ${name} already: change its value above.`));
    setCustom((c) => [...c, [name, newField.value]]);
    setNewField({ name: '', value: '' });
  };
  return (
    <section aria-labelledby="contact-fields-heading">
      <h2 id="contact-fields-heading">Details</h2>
      <form aria-label="Contact details" onSubmit={onSubmitOf(save)}>
        {FIELDS.map(([name, label, max]) => (
          <Field
            key={name}
            label={label}
            name={name}
            type={name === 'email' ? 'email' : name === 'phone' ? 'tel' : 'text'}
            maxLength={max}
            value={values[name]}
            onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
            problem={problems[name]}
            help={name === 'phone' ? 'In international form: +15555550100.' : undefined}
          />
        ))}
        <SelectField label="Owner" name="owner_id" value={values.owner_id} onChange={(e) => setValues((v) => ({ ...v, owner_id: e.target.value }))} options={ownerChoices(owners.data, values.owner_id, 'Nobody')} help="The staff member who looks after this contact." />
        <TextAreaField label="Notes" name="notes" maxLength={10_000} rows={3} value={values.notes} onChange={(e) => setValues((v) => ({ ...v, notes: e.target.value }))} />
        <fieldset data-testid="contact-custom">
          <legend>Custom fields</legend>
          {custom.length === 0 ? <p className="muted">None yet.</p> : null}
          {custom.map(([name, value], i) => (
            <div className="toolbar" key={name}>
              <Field label={name} value={value} maxLength={2000} onChange={(e) => setCustom((c) => c.map((entry, j) => (j === i ? [name, e.target.value] : entry)))} />
              <button type="button" aria-label={`Remove ${name}`} onClick={() => setCustom((c) => c.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <div className="toolbar">
            <Field label="New field’s name" value={newField.name} maxLength={64} onChange={(e) => setNewField((f) => ({ ...f, name: e.target.value }))} />
            <Field label="Its value" value={newField.value} maxLength={2000} onChange={(e) => setNewField((f) => ({ ...f, value: e.target.value }))} />
            <button type="button" disabled={newField.name.trim() === ''} onClick={addField}>
              Add field
            </button>
          </div>
          <small className="help">Kept when you save. Up to 50 fields of your own, such as a plan or a region.</small>
        </fieldset>
        <ErrorAlert error={save.error} labels={LABELS} testId="contact-save-error" />
        <button type="submit" className="primary" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save'}
        </button>
      </form>
      <p className="muted">
        Created {formatDate(text(contact.created_at))}, last changed {formatDate(text(contact.updated_at))}.
      </p>
    </section>
  );
}

const actorName = (t: Transition) => t.actor_email ?? ACTOR_KINDS[t.actor_kind ?? ''] ?? t.actor_kind;

function History({ history }: { history: readonly Transition[] }) {
  return (
    <section aria-labelledby="contact-history-heading">
      <h2 id="contact-history-heading">History</h2>
      <DataTable caption="History of the contact's statuses" testId="contact-history" columns={['When', 'Move', 'Who', 'Why']}>
        {[...history].reverse().map((t, i) => (
          <tr key={`${t.created_at}-${i}`}>
            <td>{formatDate(text(t.created_at))}</td>
            <th scope="row">{t.from_status ? `${STATUS_LABELS[t.from_status] ?? t.from_status} → ${STATUS_LABELS[t.to_status ?? ''] ?? t.to_status}` : `Created as ${STATUS_LABELS[t.to_status ?? '']?.toLowerCase() ?? t.to_status}`}</th>
            <td>{actorName(t)}</td>
            <td>{t.note ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function Feed({ contactId, version }: { contactId: string; version: number }) {
  const pages = useCursorPages<string>();
  const query = new URLSearchParams({ contact_id: contactId, limit: String(FEED_PAGE), ...(pages.cursor ? { cursor: pages.cursor } : {}) });
  const feed = useLoad(() => pages.load(api<ListPage<FeedEvent>>('GET', `/api/v1/feed?${query}`)), `${query}#${version}`);
  const items = feed.data?.items ?? [];
  return (
    <section aria-labelledby="contact-feed-heading">
      <h2 id="contact-feed-heading">Activity</h2>
      <ErrorAlert error={feed.error} testId="contact-feed-error" />
      {feed.data && !items.length ? <p className="muted">Nothing has happened yet.</p> : null}
      {items.length ? (
        <DataTable caption="Activity of the contact and its account, newest first" testId="contact-feed" busy={feed.loading} columns={['When', 'What', 'Type', 'Who']}>
          {items.map((event) => (
            <tr key={event.id} data-testid={`feed-${event.type}`}>
              <td>{formatDate(text(event.occurred_at))}</td>
              <th scope="row">{event.subject?.type === 'message' && event.subject.id ? <a href={href(`messages/${encodeURIComponent(event.subject.id)}`)}>{describeEvent(event)}</a> : describeEvent(event)}</th>
              <td>
                <code>{event.type}</code>
              </td>
              <td>{ACTOR_KINDS[text(event.actor?.kind)] ?? text(event.actor?.kind)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {feed.data ? <Pager list={feed.data} label="Activity" onPrevious={pages.previous} onNext={pages.next} /> : null}
    </section>
  );
}
