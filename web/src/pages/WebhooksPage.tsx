/**
 * The tenant's outbound webhooks: endpoints with the event types they receive (chosen from the
 * catalogue the server serves, GET /api/v1/tenant/webhooks/event-types), their signing secret
 * (shown once, at creation and rotation), a test event, and each endpoint's delivery log with every
 * attempt's status code and answer.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { ConfirmButton, DataTable, ErrorAlert, Field, fieldProblems, formatDate, Notice, onSubmitOf, Pager, SecretOnce, useCursorPages, useLoad, useSubmit, type ListPage } from '../ui.tsx';

type EventTypes = paths['/api/v1/tenant/webhooks/event-types']['get']['responses'][200]['content']['application/json'];
type EventType = NonNullable<EventTypes['items']>[number];
type Endpoint = paths['/api/v1/tenant/webhooks/{id}']['get']['responses'][200]['content']['application/json'];
type EndpointWithSecret = paths['/api/v1/tenant/webhooks']['post']['responses'][201]['content']['application/json'];
type EndpointInput = paths['/api/v1/tenant/webhooks']['post']['requestBody']['content']['application/json'];
type Delivery = paths['/api/v1/tenant/webhooks/{id}/test']['post']['responses'][202]['content']['application/json'];
type DeliveryDetail = paths['/api/v1/tenant/webhooks/{id}/deliveries/{deliveryId}']['get']['responses'][200]['content']['application/json'];

const LABELS = { url: 'URL', description: 'Description', event_types: 'Event types' };
const PAGE_SIZE = 20;

const DELIVERY_STATUS: Record<string, readonly [label: string, tone: string]> = {
  pending: ['Waiting', ''],
  delivering: ['Sending', ''],
  succeeded: ['Delivered', 'ok'],
  failed: ['Failed', 'error'],
  cancelled: ['Cancelled', 'off'],
};

function DeliveryStatus({ status }: { status: string }) {
  const [label, tone] = DELIVERY_STATUS[status] ?? [status, ''];
  return (
    <span className={`badge ${tone}`.trim()} data-status={status}>
      {label}
    </span>
  );
}

function events(endpoint: Endpoint) {
  return endpoint.event_types.length ? endpoint.event_types.join(', ') : <span className="muted">All events</span>;
}

export function WebhooksPage() {
  const catalogue = useLoad(() => api<EventTypes>('GET', '/api/v1/tenant/webhooks/event-types'), 'event-types');
  const endpoints = useLoad(() => api<{ items: Endpoint[] }>('GET', '/api/v1/tenant/webhooks'), 'webhooks');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [logOf, setLogOf] = useState<Endpoint | null>(null);
  const [notice, setNotice] = useState('');
  // a row's actions share one busy state and one error line
  const action = useSubmit(async (act: () => Promise<string>) => {
    setNotice('');
    setNotice(await act());
    endpoints.reload();
  });
  const toggle = (endpoint: Endpoint) =>
    action.run(async () => {
      const updated = await api<Endpoint>('PATCH', `/api/v1/tenant/webhooks/${endpoint.id}`, { enabled: !endpoint.enabled });
      return `${updated.url} is now ${updated.enabled ? 'enabled' : 'disabled; nothing is sent to it'}.`;
    });
  const rotate = (endpoint: Endpoint) =>
    action.run(async () => {
      const rotated = await api<EndpointWithSecret>('POST', `/api/v1/tenant/webhooks/${endpoint.id}/rotate-secret`, {});
      setSecret({ url: rotated.url, secret: rotated.secret });
      return `New signing secret for ${rotated.url}; for a day deliveries are signed with the old one too, so your receiver can switch without missing any.`;
    });
  const sendTest = (endpoint: Endpoint) =>
    action.run(async () => {
      await api<Delivery>('POST', `/api/v1/tenant/webhooks/${endpoint.id}/test`, {});
      setLogOf(endpoint);
      return `A webhook.test event is on its way to ${endpoint.url}; its delivery is in the log below.`;
    });
  const items = endpoints.data?.items ?? [];

  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">Embark POSTs events to these endpoints, signed per Standard Webhooks with each endpoint's secret, and retries failed deliveries.</p>
      <ErrorAlert error={catalogue.error ?? endpoints.error} testId="webhooks-load-error" />
      <section aria-labelledby="endpoint-form-heading">
        <h2 id="endpoint-form-heading">{editing ? `Edit ${editing.url}` : 'Add an endpoint'}</h2>
        {secret ? <SecretOnce label={`Signing secret of ${secret.url}`} secret={secret.secret} testId="webhook-secret" onDone={() => setSecret(null)} /> : null}
        {catalogue.data ? (
          <EndpointForm
            key={editing?.id ?? 'new'}
            eventTypes={catalogue.data.items ?? []}
            endpoint={editing}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              if ('secret' in saved && saved.secret) setSecret({ url: saved.url, secret: saved.secret });
              setNotice(editing ? `Saved ${saved.url}.` : '');
              setEditing(null);
              endpoints.reload();
            }}
          />
        ) : null}
      </section>
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        <Notice testId="webhooks-notice">{notice}</Notice>
        <ErrorAlert error={action.error} testId="webhooks-error" />
        {endpoints.data && items.length === 0 ? (
          <p className="muted" data-testid="webhooks-empty">
            No endpoints yet. Add the URL of a server of yours above to receive Embark's events.
          </p>
        ) : null}
        {items.length ? (
          <DataTable caption="Webhook endpoints" testId="webhooks-table" busy={endpoints.loading} columns={['URL', 'Events', 'Status', '']}>
            {items.map((endpoint) => (
              <tr key={endpoint.id} data-testid={`webhook-row-${endpoint.url}`}>
                <th scope="row" className="wrap">
                  {endpoint.url}
                  {endpoint.description ? <div className="muted">{endpoint.description}</div> : null}
                </th>
                <td className="wrap">{events(endpoint)}</td>
                <td>
                  {endpoint.enabled ? <span className="badge ok">Enabled</span> : <span className="badge off">Disabled</span>}
                  {endpoint.disabled_reason ? <div className="muted">{endpoint.disabled_reason}</div> : null}
                </td>
                <td>
                  <div className="row-actions wrap-actions">
                    <button type="button" aria-label={`Edit ${endpoint.url}`} onClick={() => setEditing(endpoint)}>
                      Edit
                    </button>
                    <button type="button" aria-label={`${endpoint.enabled ? 'Disable' : 'Enable'} ${endpoint.url}`} disabled={action.busy} onClick={() => void toggle(endpoint)}>
                      {endpoint.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button type="button" aria-label={`Send test event to ${endpoint.url}`} disabled={action.busy} onClick={() => void sendTest(endpoint)}>
                      Send test event
                    </button>
                    <ConfirmButton label={`Rotate secret of ${endpoint.url}`} question="Replace the signing secret?" confirm="Yes, rotate" disabled={action.busy} onConfirm={() => void rotate(endpoint)}>
                      Rotate secret
                    </ConfirmButton>
                    <button type="button" aria-label={`Deliveries to ${endpoint.url}`} onClick={() => setLogOf(endpoint)}>
                      Deliveries
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
      {logOf ? <DeliveryLog key={logOf.id} endpoint={logOf} onClose={() => setLogOf(null)} /> : null}
    </>
  );
}

function EndpointForm({ eventTypes, endpoint, onSaved, onCancel }: { eventTypes: EventType[]; endpoint: Endpoint | null; onSaved(saved: Endpoint | EndpointWithSecret): void; onCancel(): void }) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [chosen, setChosen] = useState<string[]>(endpoint?.event_types ?? []);
  const submit = useSubmit(async () => {
    const body: EndpointInput = { url: url.trim(), description: description.trim(), event_types: chosen };
    const saved = endpoint ? await api<Endpoint>('PATCH', `/api/v1/tenant/webhooks/${endpoint.id}`, body) : await api<EndpointWithSecret>('POST', '/api/v1/tenant/webhooks', body);
    onSaved(saved);
  });
  const problems = fieldProblems(submit.error, LABELS);
  const toggle = (type: string, on: boolean) => setChosen((current) => (on ? [...current, type] : current.filter((t) => t !== type)));

  return (
    <form aria-label={endpoint ? 'Edit webhook endpoint' : 'Add webhook endpoint'} onSubmit={onSubmitOf(submit)}>
      <Field label="URL" name="url" type="url" required maxLength={2048} autoComplete="off" spellCheck={false} placeholder="https://example.com/embark-events" value={url} onChange={(e) => setUrl(e.target.value)} problem={problems.url} help="https; http only for localhost while you develop." />
      <Field label="Description (optional)" name="description" maxLength={500} autoComplete="off" value={description} onChange={(e) => setDescription(e.target.value)} problem={problems.description} />
      <fieldset className="checks">
        <legend>Event types</legend>
        <small className="help">Choose none to receive every event, including ones added later.</small>
        {eventTypes.map(({ type, description: what }) => (
          <label key={type}>
            <input type="checkbox" name="event_types" value={type} checked={chosen.includes(type ?? '')} onChange={(e) => toggle(type ?? '', e.target.checked)} />
            <span>
              <code>{type}</code> <span className="muted">— {what}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <ErrorAlert error={submit.error} labels={LABELS} testId="webhook-form-error" />
      <div className="actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : endpoint ? 'Save endpoint' : 'Add endpoint'}
        </button>
        {endpoint ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

function DeliveryLog({ endpoint, onClose }: { endpoint: Endpoint; onClose(): void }) {
  const pages = useCursorPages<string>();
  const list = useLoad(() => pages.load(api<ListPage<Delivery>>('GET', `/api/v1/tenant/webhooks/${endpoint.id}/deliveries?limit=${PAGE_SIZE}${pages.cursor ? `&cursor=${encodeURIComponent(pages.cursor)}` : ''}`)), pages.cursor ?? '');
  const [open, setOpen] = useState<string | null>(null);
  const retry = useSubmit(async (delivery: Delivery) => {
    await api('POST', `/api/v1/tenant/webhooks/${endpoint.id}/deliveries/${delivery.id}/retry`, {});
    list.reload();
  });

  return (
    <section aria-labelledby="deliveries-heading" data-testid="delivery-log">
      <div className="toolbar">
        <h2 id="deliveries-heading">Deliveries to {endpoint.url}</h2>
        <span className="spacer" />
        <button type="button" onClick={() => list.reload()}>
          Refresh
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorAlert error={list.error ?? retry.error} testId="deliveries-error" />
      {list.data && list.data.items.length === 0 ? (
        <p className="muted" data-testid="deliveries-empty">
          Nothing sent to this endpoint yet. Send a test event to see one here.
        </p>
      ) : null}
      {list.data?.items.length ? (
        <DataTable caption="Deliveries" testId="deliveries-table" busy={list.loading} columns={['Event', 'Status', 'Attempts', 'Last answer', 'Created', '']}>
          {list.data.items.map((delivery) => (
            <DeliveryRow key={delivery.id} endpointId={endpoint.id} delivery={delivery} open={open === delivery.id} onToggle={() => setOpen(open === delivery.id ? null : delivery.id)} onRetry={() => void retry.run(delivery)} busy={retry.busy} />
          ))}
        </DataTable>
      ) : null}
      {list.data ? <Pager label="Deliveries" list={list.data} onPrevious={pages.previous} onNext={pages.next} /> : null}
    </section>
  );
}

function DeliveryRow({ endpointId, delivery, open, onToggle, onRetry, busy }: { endpointId: string; delivery: Delivery; open: boolean; onToggle(): void; onRetry(): void; busy: boolean }) {
  const retryable = delivery.status === 'failed' || delivery.status === 'cancelled' || delivery.status === 'pending';
  return (
    <>
      <tr data-testid={`delivery-row-${delivery.id}`}>
        <th scope="row">
          <code>{delivery.event_type}</code>
        </th>
        <td>
          <DeliveryStatus status={delivery.status} />
        </td>
        <td>{delivery.attempts}</td>
        <td data-testid="delivery-last">{delivery.last_status_code ?? (delivery.last_error ? 'No answer' : <span className="muted">—</span>)}</td>
        <td>{formatDate(delivery.created_at)}</td>
        <td>
          <div className="row-actions">
            <button type="button" aria-expanded={open} onClick={onToggle}>
              {open ? 'Hide attempts' : 'Attempts'}
            </button>
            {retryable ? (
              <button type="button" disabled={busy} onClick={onRetry}>
                Send again
              </button>
            ) : null}
          </div>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={6}>
            <Attempts endpointId={endpointId} deliveryId={delivery.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function Attempts({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  const detail = useLoad(() => api<DeliveryDetail>('GET', `/api/v1/tenant/webhooks/${endpointId}/deliveries/${deliveryId}`), deliveryId);
  const attempts = detail.data?.attempt_log ?? [];
  return (
    <div data-testid="delivery-attempts">
      <ErrorAlert error={detail.error} testId="attempts-error" />
      {detail.data && attempts.length === 0 ? <p className="muted">No attempt yet{detail.data.next_attempt_at ? `; the first is due ${formatDate(detail.data.next_attempt_at)}` : ''}.</p> : null}
      <ol className="attempts">
        {attempts.map((attempt) => (
          <li key={attempt.attempt} data-testid={`attempt-${attempt.attempt}`}>
            <p>
              <strong>Attempt {attempt.attempt}</strong> {attempt.status_code ? <span className={`badge ${attempt.status_code < 300 ? 'ok' : 'error'}`}>HTTP {attempt.status_code}</span> : <span className="badge error">No answer</span>}{' '}
              <span className="muted">
                {attempt.attempted_at ? formatDate(attempt.attempted_at) : ''}
                {attempt.duration_ms !== undefined ? `, ${attempt.duration_ms} ms` : ''}
              </span>
            </p>
            {attempt.error ? <p className="alert alert-error">{attempt.error}</p> : null}
            {attempt.response_body ? <pre className="message-content">{attempt.response_body}</pre> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
