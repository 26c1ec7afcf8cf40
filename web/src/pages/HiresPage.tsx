/**
 * Hires (issue 14 §6): each hire with its documents and the provisioning run — its steps as a
 * timeline with attempts and errors, and Retry / Cancel — and a form to add one. The temporary password
 * is in no answer, so nowhere here; the corporate address shows once the run is done. A document still
 * to be signed can be sent from here, from the tenant's Dropbox Sign or DocuSign template.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { ConfirmButton, DataTable, ErrorAlert, Field, fieldProblems, formatDate, Notice, onSubmitOf, Pager, SelectField, type ListPage, useCursorPages, useLoad, useSubmit } from '../ui.tsx';

type HireList = paths['/api/v1/hires']['get']['responses'][200]['content']['application/json'];
type Hire = NonNullable<HireList['items']>[number];
type HireDetail = paths['/api/v1/hires/{id}']['get']['responses'][200]['content']['application/json'];
type Run = paths['/api/v1/tenant/runs/{id}']['get']['responses'][200]['content']['application/json'];
type SendBody = paths['/api/v1/hires/{id}/documents/send']['post']['requestBody']['content']['application/json'];

const PAGE_SIZE = 50;
const HIRE_STATUS: Record<string, string> = { awaiting_documents: 'Awaiting documents', provisioning: 'Provisioning', provisioned: 'Provisioned', failed: 'Failed', cancelled: 'Cancelled' };
const STEP_LABELS: Record<string, string> = { address: 'Choose the address', password: 'Make a temporary password', mailbox: 'Create the mailbox', welcome_email: 'Queue the welcome email', done: 'Done' };
const LABELS = { first_name: 'First name', last_name: 'Last name', personal_email: 'Personal email' };

/** `hireId`: the hire whose details are open (the address hires/<id>, where the dashboard links a failed provisioning). */
export function HiresPage({ canSeeRuns, hireId }: { canSeeRuns: boolean; hireId?: string | undefined }) {
  const pages = useCursorPages<string>();
  const hires = useLoad(() => pages.load(api<ListPage<Hire>>('GET', `/api/v1/hires?limit=${PAGE_SIZE}${pages.cursor ? `&cursor=${encodeURIComponent(pages.cursor)}` : ''}`)), pages.cursor ?? '');
  const [open, setOpen] = useState<string | null>(hireId ?? null);
  const [notice, setNotice] = useState('');
  const items = hires.data?.items ?? [];
  return (
    <>
      <h1>Hires</h1>
      <p className="muted">Once a hire has signed every required document, Embark makes their corporate account and sends the temporary password to their personal inbox only.</p>
      <NewHireForm
        onCreated={(hire) => {
          setNotice(`Added ${hire.first_name} ${hire.last_name}: register their documents, and provisioning starts when all are signed.`);
          pages.reset();
          hires.reload();
        }}
      />
      <section aria-labelledby="hires-heading">
        <h2 id="hires-heading">Hires</h2>
        <Notice testId="hires-notice">{notice}</Notice>
        <ErrorAlert error={hires.error} testId="hires-error" />
        {hires.data && items.length === 0 ? (
          <p className="muted" data-testid="hires-empty">
            No hires yet: add the first one above.
          </p>
        ) : null}
        {items.length ? (
          <DataTable caption="Hires" testId="hires-table" busy={hires.loading} columns={['Name', 'Status', 'Corporate address', '']}>
            {items.map((hire) => (
              <tr key={hire.id} data-testid={`hire-row-${hire.personal_email}`}>
                <th scope="row">
                  {hire.first_name} {hire.last_name}
                </th>
                <td>
                  <span className="badge" data-testid="hire-status">
                    {HIRE_STATUS[hire.status ?? ''] ?? hire.status}
                  </span>
                </td>
                <td data-testid="hire-address">{hire.corporate_email ?? <span className="muted">—</span>}</td>
                <td>
                  <button type="button" aria-expanded={open === hire.id} onClick={() => setOpen(open === hire.id ? null : (hire.id ?? null))}>
                    {open === hire.id ? 'Hide' : 'Details'}
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        {hires.data ? <Pager list={hires.data} label="Hires" onPrevious={pages.previous} onNext={pages.next} /> : null}
      </section>
      {open ? <HireDetails key={open} id={open} canSeeRuns={canSeeRuns} onChanged={hires.reload} /> : null}
    </>
  );
}

function HireDetails({ id, canSeeRuns, onChanged }: { id: string; canSeeRuns: boolean; onChanged(): void }) {
  const hire = useLoad(() => api<HireDetail>('GET', `/api/v1/hires/${id}`), id);
  // a run's steps are for tenant admins; staff see the hire's status
  const runId = canSeeRuns ? (hire.data?.run_id ?? null) : null;
  const run = useLoad(() => (runId ? api<Run>('GET', `/api/v1/tenant/runs/${runId}`) : Promise.resolve(null)), `${runId ?? ''}`);
  const act = useSubmit(async (action: 'retry' | 'cancel') => {
    await api('POST', `/api/v1/tenant/runs/${runId}/${action}`, {});
    hire.reload();
    run.reload();
    onChanged();
  });
  const data = hire.data;
  return (
    <section aria-labelledby="hire-heading" data-testid="hire-details">
      <h2 id="hire-heading">{data ? `${data.first_name} ${data.last_name}` : 'Hire'}</h2>
      <ErrorAlert error={hire.error ?? run.error ?? act.error} testId="hire-error" />
      {data ? (
        <>
          <h3>Documents</h3>
          {data.documents?.length ? (
            <ul data-testid="hire-documents">
              {data.documents.map((d) => (
                <li key={d.kind}>
                  <code>{d.kind}</code> — {d.status} <span className="muted">({d.provider})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No document registered yet.</p>
          )}
          {data.documents_missing?.length ? <p className="muted">Still to be signed: {data.documents_missing.join(', ')}.</p> : null}
          {data.documents_missing?.length ? <SendDocumentForm hireId={id} kinds={data.documents_missing} onSent={hire.reload} /> : null}
        </>
      ) : null}
      {run.data ? (
        <>
          <h3>Provisioning</h3>
          <p>
            Run{' '}
            <span className="badge" data-testid="run-state">
              {run.data.state}
            </span>
            {run.data.last_error ? (
              <span className="field-error" data-testid="run-error">
                {' '}
                {run.data.last_error}
              </span>
            ) : null}
          </p>
          <ol className="timeline" data-testid="run-steps">
            {run.data.steps?.map((step) => (
              <li key={step.position} data-testid={`step-${step.name}`}>
                <strong>{STEP_LABELS[step.name ?? ''] ?? step.name}</strong> — {step.state}
                {step.attempts ? (
                  <span className="muted">
                    {' '}
                    · attempt {step.attempts} of {step.max_attempts}
                  </span>
                ) : null}
                {step.finished_at ? <span className="muted"> · {formatDate(step.finished_at)}</span> : null}
                {step.last_error ? <div className="field-error">{step.last_error}</div> : null}
              </li>
            ))}
          </ol>
          <div className="row-actions">
            {run.data.state === 'failed' ? (
              <button type="button" disabled={act.busy} onClick={() => void act.run('retry')}>
                Retry from the failed step
              </button>
            ) : null}
            {run.data.state === 'pending' || run.data.state === 'running' || run.data.state === 'failed' ? (
              <ConfirmButton label="Cancel provisioning" question="Cancel this provisioning run?" confirm="Yes, cancel it" disabled={act.busy} onConfirm={() => void act.run('cancel')}>
                Cancel
              </ConfirmButton>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

const SEND_LABELS = { kind: 'Document', template_id: 'Template id', signer_role: 'Signer role' };

/** Sends one of the documents still to be signed from the tenant's e-sign template, to the hire's personal inbox. */
function SendDocumentForm({ hireId, kinds, onSent }: { hireId: string; kinds: readonly string[]; onSent(): void }) {
  const [values, setValues] = useState({ kind: kinds[0] ?? '', template_id: '', signer_role: '', test_mode: false });
  const [sent, setSent] = useState('');
  const submit = useSubmit(async () => {
    const body: SendBody = { kind: values.kind, template_id: values.template_id.trim(), signer_role: values.signer_role.trim(), ...(values.test_mode ? { test_mode: true } : {}) };
    await api('POST', `/api/v1/hires/${hireId}/documents/send`, body);
    setSent(`Sent the ${values.kind} to the hire's personal inbox.`);
    setValues((v) => ({ ...v, template_id: '', signer_role: '' }));
    onSent();
  });
  const problems = fieldProblems(submit.error, SEND_LABELS);
  return (
    <form aria-label="Send a document" onSubmit={onSubmitOf(submit)}>
      <h4>Send a document from a template</h4>
      <SelectField label={SEND_LABELS.kind} name="kind" value={values.kind} options={kinds.map((k) => [k, k] as const)} onChange={(e) => setValues((v) => ({ ...v, kind: e.target.value }))} />
      <Field
        label={SEND_LABELS.template_id}
        name="template_id"
        required
        maxLength={200}
        value={values.template_id}
        help="The template's id at the tenant's e-sign provider (Dropbox Sign or DocuSign)."
        onChange={(e) => setValues((v) => ({ ...v, template_id: e.target.value }))}
        problem={problems.template_id}
      />
      <Field
        label={SEND_LABELS.signer_role}
        name="signer_role"
        required
        maxLength={100}
        value={values.signer_role}
        help="The template's role the hire signs as, exactly as the template names it."
        onChange={(e) => setValues((v) => ({ ...v, signer_role: e.target.value }))}
        problem={problems.signer_role}
      />
      <div className="field">
        <label>
          <input type="checkbox" name="test_mode" checked={values.test_mode} onChange={(e) => setValues((v) => ({ ...v, test_mode: e.target.checked }))} /> Test mode (Dropbox Sign: not legally binding)
        </label>
      </div>
      <ErrorAlert error={submit.error} labels={SEND_LABELS} testId="send-document-error" />
      <Notice testId="send-document-notice">{sent}</Notice>
      <button type="submit" disabled={submit.busy}>
        {submit.busy ? 'Sending…' : 'Send for signature'}
      </button>
    </form>
  );
}

function NewHireForm({ onCreated }: { onCreated(hire: Hire): void }) {
  const empty = { first_name: '', last_name: '', personal_email: '' };
  const [values, setValues] = useState(empty);
  const submit = useSubmit(async () => {
    const hire = await api<Hire>('POST', '/api/v1/hires', { first_name: values.first_name.trim(), last_name: values.last_name.trim(), personal_email: values.personal_email.trim() });
    setValues(empty);
    onCreated(hire);
  });
  const problems = fieldProblems(submit.error, LABELS);
  const field = (name: keyof typeof values, type = 'text') => <Field label={LABELS[name]} name={name} type={type} required maxLength={name === 'personal_email' ? 320 : 100} value={values[name]} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} problem={problems[name]} />;
  return (
    <section aria-labelledby="new-hire-heading">
      <h2 id="new-hire-heading">Add a hire</h2>
      <form aria-label="Add hire" onSubmit={onSubmitOf(submit)}>
        {field('first_name')}
        {field('last_name')}
        {field('personal_email', 'email')}
        <ErrorAlert error={submit.error} labels={LABELS} testId="new-hire-error" />
        <button type="submit" className="primary" disabled={submit.busy}>
          {submit.busy ? 'Adding…' : 'Add hire'}
        </button>
      </form>
    </section>
  );
}
