import { useState } from 'react';
import { actAsTenant, api } from '../api.ts';
import { navigate } from '../router.ts';
import { DataTable, ErrorAlert, Field, fieldProblems, Notice, Pager, formatDate, useCursorPages, useLoad, type ListPage, useSubmit, onSubmitOf } from '../ui.tsx';

interface Tenant {
  id: string;
  name: string;
  subdomain: string;
  is_active: boolean;
  /** Set while it is marked for deletion: erased with all its data at erase_after, restorable until then. */
  deletion: { requested_at: string; erase_after: string } | null;
  created_at: string;
}

type TenantList = ListPage<Tenant>;

const PAGE_SIZE = 25;
const TENANT_LABELS = { name: 'Name', subdomain: 'Subdomain' };

export function TenantsPage() {
  const pages = useCursorPages<string>();
  const [filter, setFilter] = useState('');
  const [search, setSearch] = useState('');
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(pages.cursor ? { cursor: pages.cursor } : {}), ...(filter ? { name: filter } : {}) });
  const tenants = useLoad(() => pages.load(api<TenantList>('GET', `/api/v1/admin/tenants?${query}`)), query.toString());
  const [notice, setNotice] = useState('');
  const setActive = useSubmit(async (tenant: Tenant, isActive: boolean) => {
    setNotice('');
    const updated = await api<Tenant>('PATCH', `/api/v1/admin/tenants/${tenant.id}`, { is_active: isActive });
    setNotice(`${updated.name} is now ${updated.is_active ? 'active' : 'deactivated'}.`);
    tenants.reload();
  });

  const markForDeletion = useSubmit(async (tenant: Tenant) => {
    setNotice('');
    if (!window.confirm(`Delete ${tenant.name}? Its users are locked out at once, and it is erased with all its data after the grace period unless you restore it.`)) return;
    const marked = await api<Tenant>('DELETE', `/api/v1/admin/tenants/${tenant.id}`);
    setNotice(`${marked.name} is marked for deletion: erased ${formatDate(marked.deletion?.erase_after ?? '')} unless restored.`);
    tenants.reload();
  });
  const restore = useSubmit(async (tenant: Tenant) => {
    setNotice('');
    const restored = await api<Tenant>('POST', `/api/v1/admin/tenants/${tenant.id}/restore`);
    setNotice(`${restored.name} is restored${restored.is_active ? ' and active' : ''}.`);
    tenants.reload();
  });

  function actAs(tenant: Tenant) {
    actAsTenant({ id: tenant.id, name: tenant.name });
    navigate('users');
  }

  return (
    <>
      <h1>Tenants</h1>
      <CreateTenantForm
        onCreated={(tenant) => {
          setNotice(`Created tenant ${tenant.name} (${tenant.subdomain}).`);
          setActive.fail(null);
          tenants.reload();
        }}
      />
      <section aria-labelledby="tenant-list-heading">
        <h2 id="tenant-list-heading">All tenants</h2>
        <form
          role="search"
          aria-label="Filter tenants"
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            pages.reset();
            setFilter(search.trim());
          }}
        >
          <Field label="Name contains" name="name_filter" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="submit">Filter</button>
        </form>
        <Notice testId="tenants-notice">{notice}</Notice>
        <ErrorAlert error={setActive.error ?? markForDeletion.error ?? restore.error ?? tenants.error} testId="tenants-error" />
        {tenants.data && tenants.data.items.length === 0 ? (
          <p className="muted" data-testid="tenants-empty">
            {filter ? `No tenant's name contains “${filter}”. Clear the filter to see every tenant.` : 'No tenants yet. Create the first one above, then act as it to add its admins.'}
          </p>
        ) : null}
        {tenants.data?.items.length ? (
          <DataTable caption="Tenants" testId="tenants-table" busy={tenants.loading} columns={['Name', 'Subdomain', 'Status', 'Created', '']}>
            {tenants.data.items.map((tenant) => (
              <tr key={tenant.id} data-testid={`tenant-row-${tenant.subdomain}`}>
                <th scope="row">{tenant.name}</th>
                <td>
                  <code>{tenant.subdomain}</code>
                </td>
                <td>{tenant.deletion ? <span className="badge off">Deleted: erased {formatDate(tenant.deletion.erase_after)}</span> : tenant.is_active ? <span className="badge ok">Active</span> : <span className="badge off">Inactive</span>}</td>
                <td>{formatDate(tenant.created_at)}</td>
                <td>
                  <div className="row-actions">
                    {tenant.deletion ? (
                      <button type="button" aria-label={`Restore ${tenant.name}`} disabled={restore.busy} onClick={() => void restore.run(tenant)}>
                        Restore
                      </button>
                    ) : (
                      <>
                        <button type="button" aria-label={`${tenant.is_active ? 'Deactivate' : 'Activate'} ${tenant.name}`} disabled={setActive.busy} onClick={() => void setActive.run(tenant, !tenant.is_active)}>
                          {tenant.is_active ? 'Deactivate' : 'Activate'}
                        </button>
                        <button type="button" className="danger" aria-label={`Delete ${tenant.name}`} disabled={markForDeletion.busy} onClick={() => void markForDeletion.run(tenant)}>
                          Delete
                        </button>
                      </>
                    )}
                    <button type="button" aria-label={`Act as ${tenant.name}`} onClick={() => actAs(tenant)}>
                      Act as
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        {tenants.data ? <Pager label="Tenants" list={tenants.data} onPrevious={pages.previous} onNext={pages.next} /> : null}
      </section>
    </>
  );
}

function CreateTenantForm({ onCreated }: { onCreated(tenant: Tenant): void }) {
  const [name, setName] = useState('');
  const [subdomain, setSubdomain] = useState('');
  const [active, setActive] = useState(true);

  const submit = useSubmit(async () => {
    const tenant = await api<Tenant>('POST', '/api/v1/admin/tenants', { name: name.trim(), subdomain: subdomain.trim(), is_active: active });
    setName('');
    setSubdomain('');
    setActive(true);
    onCreated(tenant);
  });

  const problems = fieldProblems(submit.error, TENANT_LABELS);

  return (
    <section aria-labelledby="create-tenant-heading">
      <h2 id="create-tenant-heading">Create a tenant</h2>
      <form aria-label="Create tenant" onSubmit={onSubmitOf(submit)}>
        <Field label="Name" name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} problem={problems.name} />
        <Field
          label="Subdomain"
          name="subdomain"
          required
          maxLength={63}
          pattern="[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?"
          value={subdomain}
          onChange={(e) => setSubdomain(e.target.value.toLowerCase())}
          problem={problems.subdomain}
          help="Lower-case letters, digits and inner hyphens. Users give it when they sign in."
        />
        <div className="field checkbox">
          <input id="tenant-active" name="is_active" type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          <label htmlFor="tenant-active">Active (its users can sign in)</label>
        </div>
        <ErrorAlert error={submit.error} labels={TENANT_LABELS} testId="create-tenant-error" />
        <button type="submit" className="primary" disabled={submit.busy}>
          {submit.busy ? 'Creating…' : 'Create tenant'}
        </button>
      </form>
    </section>
  );
}
