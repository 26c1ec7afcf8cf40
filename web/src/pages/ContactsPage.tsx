/**
 * The CRM pipeline's contacts (issue 13): filter by status, owner or text, add one, import a CSV file (each
 * refused row reported with why), open one (ContactDetailPage), qualify a lead, and
 * "Approve & Create Account" for a qualified one — its account and welcome email are made once, and
 * a contact with an account already is said so, with the user it has. The temporary password is in no
 * answer, so nowhere here.
 */
import { useState } from 'react';
import { api, ApiError } from '../api.ts';
import type { paths } from '../api-types.ts';
import { href } from '../router.ts';
import { ownerChoices, useOwners } from './crm-owners.ts';
import { ConfirmButton, DataTable, ErrorAlert, Field, fieldProblems, Notice, onSubmitOf, Pager, refusal, SelectField, TextAreaField, type ListPage, useCursorPages, useLoad, useSubmit } from '../ui.tsx';

type ContactList = paths['/api/v1/crm/contacts']['get']['responses'][200]['content']['application/json'];
type Contact = NonNullable<ContactList['items']>[number];
type NewContact = paths['/api/v1/crm/contacts']['post']['requestBody']['content']['application/json'];
type BulkResults = { id?: string; outcome?: string; user_id?: string; email?: string; detail?: string; name?: string }[];
type ImportReport = paths['/api/v1/crm/contacts/import']['post']['responses'][200]['content']['application/json'];

const PAGE_SIZE = 50;
const STATUS_LABELS: Record<string, string> = { lead: 'Lead', qualified: 'Qualified', onboarding: 'Onboarding', active: 'Active', lost: 'Lost' };
const LABELS = { first_name: 'First name', last_name: 'Last name', email: 'Email', company: 'Company' };

const nameOf = (c: Contact) => [c.first_name, c.last_name].filter(Boolean).join(' ') || String(c.email ?? c.company ?? c.id);

export function ContactsPage() {
  const [status, setStatus] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const owners = useOwners();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const pages = useCursorPages<string>();
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(status ? { status } : {}), ...(ownerId ? { owner_id: ownerId } : {}), ...(search ? { q: search } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) });
  const contacts = useLoad(() => pages.load(api<ListPage<Contact>>('GET', `/api/v1/crm/contacts?${query}`)), query.toString());
  const [notice, setNotice] = useState('');
  const act = useSubmit(async (contact: Contact, action: 'qualify' | 'provision') => {
    setNotice('');
    if (action === 'qualify') {
      await api('POST', `/api/v1/crm/contacts/${contact.id}/status`, { status: 'qualified' });
      setNotice(`${nameOf(contact)} is qualified: approve them to create their account.`);
    } else {
      try {
        const made = await api<{ user_id: string; email: string }>('POST', `/api/v1/crm/contacts/${contact.id}/provision`);
        setNotice(`Account created for ${made.email} (user ${made.user_id}); the welcome email with their temporary password is on its way.`);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'account_exists') {
          setNotice(`${nameOf(contact)} has an account already, nothing new was made: ${error.detail}. Find them on the Users page.`);
        } else throw error;
      }
    }
    contacts.reload();
  });
  const items = contacts.data?.items ?? [];
  // the qualified contacts ticked for a bulk approval, by id; what the page no longer lists is dropped
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = items.filter((c) => c.id && c.status === 'qualified' && selected.has(c.id));
  const [bulkReport, setBulkReport] = useState<BulkResults | null>(null);
  const bulk = useSubmit(async () => {
    setNotice('');
    setBulkReport(null);
    const ids = chosen.map((c) => c.id!);
    const answer = await api<{ results: BulkResults }>('POST', '/api/v1/crm/contacts/provision', { ids });
    setBulkReport(answer.results.map((r) => ({ ...r, name: nameOf(chosen.find((c) => c.id === r.id) ?? { id: r.id }) })));
    setSelected(new Set());
    contacts.reload();
  });

  return (
    <>
      <h1>Contacts</h1>
      <p className="muted">The people you are bringing in: lead → qualified → onboarding (an account made) → active (onboarding done), or lost.</p>
      <NewContactForm
        onCreated={(c) => {
          setNotice(`Added ${nameOf(c)} as a lead.`);
          pages.reset();
          contacts.reload();
        }}
      />
      <ImportForm
        onImported={() => {
          pages.reset();
          contacts.reload();
        }}
      />
      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">Pipeline</h2>
        <form
          aria-label="Filter contacts"
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            pages.reset();
            setSearch(q.trim());
          }}
        >
          <SelectField
            label="Status"
            value={status}
            onChange={(e) => {
              pages.reset();
              setStatus(e.target.value);
            }}
            options={[['', 'Any'], ...Object.entries(STATUS_LABELS)]}
          />
          <SelectField
            label="Owner"
            value={ownerId}
            onChange={(e) => {
              pages.reset();
              setOwnerId(e.target.value);
            }}
            options={ownerChoices(owners.data, ownerId, 'Anyone')}
          />
          <Field label="Search" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} help="Part of a name, the email, the phone or the company." />
          <button type="submit">Search</button>
        </form>
        <Notice testId="contacts-notice">{notice}</Notice>
        <ErrorAlert error={contacts.error ?? act.error} testId="contacts-error" />
        {contacts.data && items.length === 0 ? (
          <p className="muted" data-testid="contacts-empty">
            No contacts {status || ownerId || search ? 'match these filters' : 'yet: add the first one above'}.
          </p>
        ) : null}
        {items.some((c) => c.status === 'qualified') ? (
          <div className="toolbar" role="group" aria-label="Bulk approval">
            <ConfirmButton question={`Create accounts for the ${chosen.length} selected ${chosen.length === 1 ? 'contact' : 'contacts'} and email each a temporary password?`} confirm="Yes, create the accounts" disabled={bulk.busy || chosen.length === 0} onConfirm={() => void bulk.run()}>
              Approve selected ({chosen.length})
            </ConfirmButton>
          </div>
        ) : null}
        <ErrorAlert error={bulk.error} testId="bulk-error" />
        {bulkReport ? <BulkReport results={bulkReport} /> : null}
        {items.length ? (
          <DataTable caption="Contacts" testId="contacts-table" busy={contacts.loading} columns={['Select', 'Name', 'Email', 'Company', 'Status', '']}>
            {items.map((contact) => (
              <tr key={contact.id} data-testid={`contact-row-${contact.email ?? contact.id}`}>
                <td>
                  {contact.status === 'qualified' && contact.id ? (
                    <input
                      type="checkbox"
                      aria-label={`Select ${nameOf(contact)}`}
                      checked={selected.has(contact.id)}
                      onChange={(e) => {
                        const id = contact.id!;
                        setSelected((current) => {
                          const next = new Set(current);
                          if (e.target.checked) next.add(id);
                          else next.delete(id);
                          return next;
                        });
                      }}
                    />
                  ) : null}
                </td>
                <th scope="row">
                  <a href={href(`contacts/${encodeURIComponent(contact.id ?? '')}`)}>{nameOf(contact)}</a>
                </th>
                <td>{String(contact.email ?? '')}</td>
                <td>{String(contact.company ?? '')}</td>
                <td>
                  <span className="badge" data-testid="contact-status">
                    {STATUS_LABELS[contact.status ?? ''] ?? contact.status}
                  </span>
                </td>
                <td>
                  <div className="row-actions">
                    {contact.status === 'lead' ? (
                      <button type="button" disabled={act.busy} onClick={() => void act.run(contact, 'qualify')}>
                        Qualify
                      </button>
                    ) : null}
                    {contact.status === 'qualified' ? (
                      <ConfirmButton label={`Approve & Create Account for ${nameOf(contact)}`} question={`Create an account for ${nameOf(contact)} and email them a temporary password?`} confirm="Yes, create the account" disabled={act.busy} onConfirm={() => void act.run(contact, 'provision')}>
                        Approve &amp; Create Account
                      </ConfirmButton>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        {contacts.data ? <Pager list={contacts.data} label="Contacts" onPrevious={pages.previous} onNext={pages.next} /> : null}
      </section>
    </>
  );
}

function NewContactForm({ onCreated }: { onCreated(contact: Contact): void }) {
  const [values, setValues] = useState({ first_name: '', last_name: '', email: '', company: '' });
  const submit = useSubmit(async () => {
    const body = Object.fromEntries(
      Object.entries(values)
        .map(([k, v]) => [k, v.trim()])
        .filter(([, v]) => v !== ''),
    ) as NewContact;
    const contact = await api<Contact>('POST', '/api/v1/crm/contacts', body);
    setValues({ first_name: '', last_name: '', email: '', company: '' });
    onCreated(contact);
  });
  const problems = fieldProblems(submit.error, LABELS);
  const field = (name: keyof typeof values, type = 'text') => (
    <Field label={LABELS[name]} name={name} type={type} maxLength={name === 'email' ? 320 : name === 'company' ? 200 : 100} value={values[name]} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} problem={problems[name]} />
  );
  return (
    <section aria-labelledby="new-contact-heading">
      <h2 id="new-contact-heading">Add a contact</h2>
      <form aria-label="Add contact" onSubmit={onSubmitOf(submit)}>
        {field('first_name')}
        {field('last_name')}
        {field('email', 'email')}
        {field('company')}
        <ErrorAlert error={submit.error} labels={LABELS} testId="new-contact-error" />
        <button type="submit" className="primary" disabled={submit.busy}>
          {submit.busy ? 'Adding…' : 'Add contact'}
        </button>
      </form>
    </section>
  );
}

/**
 * CSV import: a file chosen or text pasted, with a header row. The answer says how many were imported,
 * and lists every refused row by its line in the file with what was wrong with it.
 */
function ImportForm({ onImported }: { onImported(): void }) {
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const submit = useSubmit(async () => {
    setReport(null);
    const result = await api<ImportReport>('POST', '/api/v1/crm/contacts/import', { csv });
    setReport(result);
    if (result.imported) onImported();
  });
  const errors = report?.errors ?? [];
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import from CSV</h2>
      <form aria-label="Import contacts" onSubmit={onSubmitOf(submit)}>
        <Field
          label="CSV file"
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then(setCsv, () => submit.fail(refusal('That file could not be read; save it as CSV text and choose it again.')));
          }}
          help="A header row first: first_name, last_name, email, phone, company, source, owner_id, notes (any case; spaces for underscores). Any other column becomes a custom field. At most 1,000 rows."
        />
        <TextAreaField label="Or paste the CSV" name="csv" rows={4} maxLength={1_000_000} value={csv} onChange={(e) => setCsv(e.target.value)} spellCheck={false} />
        <ErrorAlert error={submit.error} labels={{ csv: 'The CSV' }} testId="import-error" />
        <button type="submit" className="primary" disabled={submit.busy || csv.trim() === ''}>
          {submit.busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      {report ? (
        <div data-testid="import-report">
          <p className={`alert ${report.refused ? 'alert-warn' : 'alert-ok'}`} role="status" data-testid="import-summary">
            Imported {report.imported} {report.imported === 1 ? 'contact' : 'contacts'}
            {report.refused ? `; ${report.refused} ${report.refused === 1 ? 'row was' : 'rows were'} refused, listed below — fix them and import those rows again` : ''}.
          </p>
          {errors.length ? (
            <DataTable caption="Refused rows" testId="import-errors" columns={['Line', 'What was wrong']}>
              {errors.map((e) => (
                <tr key={e.row} data-testid={`import-error-row-${e.row}`}>
                  <th scope="row">{e.row}</th>
                  <td>{(e.errors ?? []).join('; ')}</td>
                </tr>
              ))}
            </DataTable>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** What a bulk approval did, contact by contact, in words. */
const OUTCOMES: Record<string, string> = {
  account_exists: 'has an account already; nothing new was made',
  contact_not_qualified: 'is no longer qualified (someone moved it meanwhile); qualify it again first',
  contact_unreachable: 'has no email address for its account; add one on its page',
  contact_not_found: 'no longer exists',
};

function BulkReport({ results }: { results: BulkResults }) {
  const created = results.filter((r) => r.outcome === 'created').length;
  return (
    <div data-testid="bulk-report">
      <p className={`alert ${created === results.length ? 'alert-ok' : 'alert-warn'}`} role="status" data-testid="bulk-summary">
        Created {created} of {results.length} {results.length === 1 ? 'account' : 'accounts'}; each welcome email with its temporary password is on its way to its contact.
      </p>
      <ul>
        {results.map((r) => (
          <li key={r.id} data-testid={`bulk-result-${r.id}`} data-outcome={r.outcome}>
            <a href={href(`contacts/${encodeURIComponent(r.id ?? '')}`)}>{r.name}</a>: {r.outcome === 'created' ? `account created (user ${r.user_id})` : `${OUTCOMES[r.outcome ?? ''] ?? r.detail}${r.user_id ? ` (user ${r.user_id})` : ''}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
