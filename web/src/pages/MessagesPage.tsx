/**
 * The outbox: every message Embark queued for this tenant, newest first, and one message with its
 * rendered text and delivery history. With the built-in "outbox" provider this is where a message is
 * delivered, like a local mail catcher. Content is shown as plain text, never as HTML; secrets in it
 * (a temporary password) were masked by the server before it was ever stored.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import { href } from '../router.ts';
import { channelLabel, ErrorAlert, MESSAGE_STATUSES, MessageStatus, Notice, Pager, SelectField, formatDate, messageStatusLabel, useCursorPages, useLoad, type ListPage, type Message, useSubmit, type Submitting } from '../ui.tsx';

export interface MessageEvent {
  id: number | string;
  status: string;
  detail: Record<string, unknown> | null;
  created_at: string;
}

type MessageList = ListPage<Message>;

interface Processed {
  processed: number;
  messages: Message[];
}

const PAGE_SIZE = 50;
const CHANNELS = ['email', 'sms', 'voice'] as const;

export function MessagesPage({ messageId, canManage, canReveal = false }: { messageId: string | undefined; canManage: boolean; canReveal?: boolean }) {
  return messageId ? <MessageDetail id={messageId} canManage={canManage} canReveal={canReveal} /> : <MessageListView canManage={canManage} />;
}

/** "Send due messages now": dispatches the tenant's due queued messages without waiting for the worker. */
function useSendDue(onDone: (result: Processed) => void) {
  return useSubmit(async () => onDone(await api<Processed>('POST', '/api/v1/messages/dispatch-due', {})));
}

function SendDueButton({ send }: { send: Submitting<[]> }) {
  return (
    <button type="button" disabled={send.busy} onClick={() => void send.run()}>
      {send.busy ? 'Sending…' : 'Send due messages now'}
    </button>
  );
}

function summary(result: Processed): string {
  if (result.processed === 0) return 'No queued message was due.';
  const counts = new Map<string, number>();
  for (const message of result.messages) counts.set(message.status, (counts.get(message.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${messageStatusLabel(status).toLowerCase()}`);
  return `Processed ${result.processed} due ${result.processed === 1 ? 'message' : 'messages'}: ${parts.join(', ')}.`;
}

function MessageListView({ canManage }: { canManage: boolean }) {
  const pages = useCursorPages<string>();
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [outboxOnly, setOutboxOnly] = useState(false);
  const query = new URLSearchParams({
    limit: String(PAGE_SIZE),
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
    ...(status ? { status } : {}),
    ...(channel ? { channel } : {}),
    ...(outboxOnly ? { provider: 'outbox' } : {}),
  });
  const messages = useLoad(() => pages.load(api<MessageList>('GET', `/api/v1/messages?${query}`)), query.toString());
  const [notice, setNotice] = useState('');
  const sendDue = useSendDue((result) => {
    setNotice(summary(result));
    messages.reload();
  });
  const filtered = Boolean(status || channel || outboxOnly);

  const filter = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    pages.reset();
  };

  return (
    <>
      <h1>Messages</h1>
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">Outbox</h2>
        <p className="muted">Every email, SMS and call Embark queued for this tenant, newest first. Channels left on the built-in outbox deliver here: nothing leaves Embark, and you can read each message below.</p>
        <div className="toolbar" role="group" aria-label="Filter messages">
          <SelectField label="Status" name="status" value={status} onChange={filter(setStatus)} options={[['', 'Any status'], ...MESSAGE_STATUSES.map((s) => [s, messageStatusLabel(s)] as const)]} />
          <SelectField label="Channel" name="channel" value={channel} onChange={filter(setChannel)} options={[['', 'Any channel'], ...CHANNELS.map((c) => [c, channelLabel(c)] as const)]} />
          <div className="field checkbox">
            <input
              id="messages-outbox-only"
              type="checkbox"
              checked={outboxOnly}
              onChange={(e) => {
                setOutboxOnly(e.target.checked);
                pages.reset();
              }}
            />
            <label htmlFor="messages-outbox-only">Outbox only</label>
          </div>
          <span className="spacer" />
          <button type="button" onClick={messages.reload}>
            Refresh
          </button>
          {canManage ? <SendDueButton send={sendDue} /> : null}
        </div>
        <Notice testId="messages-notice">{notice}</Notice>
        <ErrorAlert error={sendDue.error ?? messages.error} testId="messages-error" />
        <table data-testid="messages-table" aria-busy={messages.loading}>
          <caption className="visually-hidden">Messages</caption>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Channel</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
              <th scope="col">Provider</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {messages.data?.items.map((message) => (
              <tr key={message.id} data-testid={`message-row-${message.id}`} data-bundle={message.bundle}>
                <th scope="row">
                  <a href={href(`messages/${message.id}`)}>{message.bundle}</a>
                </th>
                <td>{channelLabel(message.channel)}</td>
                <td>{message.recipient}</td>
                <td>{message.subject ?? <span className="muted">—</span>}</td>
                <td>
                  <MessageStatus status={message.status} />
                </td>
                <td>{message.provider ?? <span className="muted">not sent yet</span>}</td>
                <td>{formatDate(message.created_at)}</td>
              </tr>
            ))}
            {messages.data && messages.data.items.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  {filtered ? 'No message matches these filters.' : 'No messages yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {messages.data ? <Pager label="Messages" list={messages.data} onPrevious={pages.previous} onNext={pages.next} /> : null}
      </section>
    </>
  );
}

/** An event's detail as short "key: value" pairs; nested values as JSON text. */
function describe(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key.replace(/_/g, ' ')}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

const RETRYABLE = new Set(['failed', 'needs_attention']);

function MessageDetail({ id, canManage, canReveal }: { id: string; canManage: boolean; canReveal: boolean }) {
  const loaded = useLoad(() => api<Message & { events: MessageEvent[] }>('GET', `/api/v1/messages/${encodeURIComponent(id)}`), id);
  const [revealed, setRevealed] = useState<{ subject: string | null; content: string } | null>(null);
  const [notice, setNotice] = useState('');
  const message = loaded.data;
  const retry = useSubmit(async () => {
    setNotice('');
    await api<Message>('POST', `/api/v1/messages/${encodeURIComponent(id)}/retry`);
    setNotice('Queued again with a fresh set of attempts. The worker sends it shortly, or use “Send due messages now”.');
    loaded.reload();
  });
  const reveal = useSubmit(async () => {
    setRevealed(await api<{ subject: string | null; content: string }>('GET', `/api/v1/messages/${encodeURIComponent(id)}/reveal`));
  });
  const sendDue = useSendDue((result) => {
    setNotice(summary(result));
    loaded.reload();
  });

  return (
    <>
      <a className="back" href={href('messages')}>
        ← All messages
      </a>
      <h1>Message</h1>
      <ErrorAlert error={loaded.error} testId="message-load-error" />
      <Notice testId="message-notice">{notice}</Notice>
      <ErrorAlert error={retry.error ?? reveal.error ?? sendDue.error} testId="message-error" />
      {message ? (
        <>
          <section aria-labelledby="message-heading" data-testid="message-detail" aria-busy={loaded.loading}>
            <h2 id="message-heading">{message.subject ?? message.bundle}</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <MessageStatus status={message.status} />
              </dd>
              <dt>Channel</dt>
              <dd>{channelLabel(message.channel)}</dd>
              <dt>To</dt>
              <dd data-testid="message-recipient">{message.recipient}</dd>
              <dt>Template</dt>
              <dd>
                <code>{message.bundle}</code>
                {message.variant ? (
                  <>
                    {' '}
                    (variant <code>{message.variant}</code>)
                  </>
                ) : null}
              </dd>
              <dt>Provider</dt>
              <dd data-testid="message-provider">{message.provider ?? <span className="muted">not sent yet</span>}</dd>
              <dt>Provider’s id</dt>
              <dd data-testid="message-provider-id">{message.provider_message_id ? <code>{message.provider_message_id}</code> : <span className="muted">—</span>}</dd>
              <dt>Attempts</dt>
              <dd>{message.attempts}</dd>
              <dt>Created</dt>
              <dd>{formatDate(message.created_at)}</dd>
              {message.next_attempt_at ? (
                <>
                  <dt>Next attempt</dt>
                  <dd>{formatDate(message.next_attempt_at)}</dd>
                </>
              ) : null}
              {message.sent_at ? (
                <>
                  <dt>Sent</dt>
                  <dd>{formatDate(message.sent_at)}</dd>
                </>
              ) : null}
              {message.delivered_at ? (
                <>
                  <dt>Delivered</dt>
                  <dd>{formatDate(message.delivered_at)}</dd>
                </>
              ) : null}
            </dl>
            {message.last_error ? (
              <p className="alert alert-error" data-testid="message-last-error">
                <strong>Last error:</strong> {message.last_error}
              </p>
            ) : null}
            {canManage && RETRYABLE.has(message.status) ? (
              <div className="actions">
                <button type="button" className="primary" disabled={retry.busy} onClick={() => void retry.run()}>
                  {retry.busy ? 'Retrying…' : 'Retry'}
                </button>
              </div>
            ) : null}
            {canManage && message.status === 'queued' ? (
              <div className="actions">
                <SendDueButton send={sendDue} />
              </div>
            ) : null}
          </section>
          <section aria-labelledby="message-content-heading">
            <h2 id="message-content-heading">Content</h2>
            {message.subject !== null ? (
              <p>
                <strong>Subject:</strong> <span data-testid="message-subject">{message.subject}</span>
              </p>
            ) : null}
            {message.content !== null ? (
              // plain text on purpose: React escapes it, so markup in a message is shown, never run
              <pre className="message-content" data-testid="message-content">
                {message.content}
              </pre>
            ) : (
              <p className="muted" data-testid="message-content-pending">
                Rendered when the message is sent.
              </p>
            )}
            {canReveal && message.revealable && !revealed ? (
              <div className="actions">
                <button type="button" disabled={reveal.busy} onClick={() => void reveal.run()}>
                  Reveal masked secrets
                </button>
              </div>
            ) : null}
            {revealed ? (
              <div className="alert alert-warn" data-testid="message-revealed">
                <p>
                  <strong>Revealed</strong> (development switch EMBARK_OUTBOX_REVEAL_SECRETS; this reading is in the audit log):
                </p>
                <pre className="message-content">{revealed.content}</pre>
              </div>
            ) : null}
          </section>
          <section aria-labelledby="message-events-heading">
            <h2 id="message-events-heading">History</h2>
            <table data-testid="message-events">
              <caption className="visually-hidden">Message history</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Status</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {message.events.map((event) => (
                  <tr key={event.id} data-status={event.status}>
                    <td>{formatDate(event.created_at)}</td>
                    <td>{messageStatusLabel(event.status).replace(/_/g, ' ')}</td>
                    <td>{describe(event.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}
