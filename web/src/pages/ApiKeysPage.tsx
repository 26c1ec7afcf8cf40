/**
 * The tenant's API keys, for its own backend's server-to-server calls: create one with a name and
 * the scopes the server offers (GET /api/v1/tenant/api-keys/scopes), see its secret once, list the
 * keys by prefix with their last use, revoke one.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { ConfirmButton, DataTable, ErrorAlert, Field, fieldProblems, formatDate, Notice, onSubmitOf, refusal, SecretOnce, useLoad, useSubmit } from '../ui.tsx';

type Scopes = paths['/api/v1/tenant/api-keys/scopes']['get']['responses'][200]['content']['application/json'];
type KeyList = paths['/api/v1/tenant/api-keys']['get']['responses'][200]['content']['application/json'];
type ApiKey = NonNullable<KeyList['items']>[number];
type NewKey = paths['/api/v1/tenant/api-keys']['post']['requestBody']['content']['application/json'];

const LABELS = { name: 'Name', scopes: 'Scopes' };

export function ApiKeysPage() {
  const scopes = useLoad(() => api<Scopes>('GET', '/api/v1/tenant/api-keys/scopes'), 'scopes');
  const keys = useLoad(() => api<KeyList>('GET', '/api/v1/tenant/api-keys'), 'keys');
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState('');
  const revoke = useSubmit(async (key: ApiKey) => {
    setNotice('');
    await api('DELETE', `/api/v1/tenant/api-keys/${key.id}`);
    setNotice(`Revoked ${key.name}: calls with it are refused from now on.`);
    keys.reload();
  });
  const items = keys.data?.items ?? [];

  return (
    <>
      <h1>API keys</h1>
      <p className="muted">Keys let your own backend call Embark's server-to-server routes with only the scopes you give them. No key ever reaches admin settings.</p>
      <ErrorAlert error={scopes.error ?? keys.error} testId="api-keys-load-error" />
      <section aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">Create a key</h2>
        {created?.key ? <SecretOnce label={`API key ${created.name ?? ''}`.trim()} secret={created.key} testId="api-key-secret" onDone={() => setCreated(null)} /> : null}
        {scopes.data ? (
          <CreateKeyForm
            scopes={scopes.data.items}
            onCreated={(key) => {
              setCreated(key);
              setNotice('');
              keys.reload();
            }}
          />
        ) : null}
      </section>
      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys of this tenant</h2>
        <Notice testId="api-keys-notice">{notice}</Notice>
        <ErrorAlert error={revoke.error} testId="api-keys-error" />
        {keys.data && items.length === 0 ? (
          <p className="muted" data-testid="api-keys-empty">
            No API keys yet. Create one above when your backend needs to call Embark.
          </p>
        ) : null}
        {items.length ? (
          <DataTable caption="API keys" testId="api-keys-table" busy={keys.loading} columns={['Name', 'Prefix', 'Scopes', 'Last used', 'Created', '']}>
            {items.map((key) => (
              <tr key={key.id} data-testid={`api-key-row-${key.name}`}>
                <th scope="row">{key.name}</th>
                <td>
                  <code>{key.prefix}</code>
                </td>
                <td>
                  <span className="scopes">
                    {key.scopes?.map((s) => (
                      <code key={s} className="badge">
                        {s}
                      </code>
                    ))}
                  </span>
                </td>
                <td>{key.last_used_at ? formatDate(key.last_used_at) : <span className="muted">Never</span>}</td>
                <td>{key.created_at ? formatDate(key.created_at) : ''}</td>
                <td>
                  <div className="row-actions">
                    {key.revoked_at ? (
                      <span className="badge off">Revoked {formatDate(key.revoked_at)}</span>
                    ) : (
                      <ConfirmButton label={`Revoke ${key.name}`} question={`Revoke ${key.name}?`} confirm="Yes, revoke" disabled={revoke.busy} onConfirm={() => void revoke.run(key)}>
                        Revoke
                      </ConfirmButton>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
    </>
  );
}

function CreateKeyForm({ scopes, onCreated }: { scopes: Scopes['items']; onCreated(key: ApiKey): void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const submit = useSubmit(async () => {
    if (chosen.length === 0) throw refusal('Choose at least one scope: a key without any could call nothing.');
    const body: NewKey = { name: name.trim(), scopes: chosen as NewKey['scopes'] };
    const key = await api<ApiKey>('POST', '/api/v1/tenant/api-keys', body);
    setName('');
    setChosen([]);
    onCreated(key);
  });
  const problems = fieldProblems(submit.error, LABELS);
  const toggle = (scope: string, on: boolean) => setChosen((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <form aria-label="Create API key" onSubmit={onSubmitOf(submit)}>
      <Field label="Name" name="name" required maxLength={100} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} problem={problems.name} help="What uses it, e.g. CRM sync." />
      <fieldset className="checks">
        <legend>Scopes</legend>
        {scopes.map(({ scope, description }) => (
          <label key={scope}>
            <input type="checkbox" name="scopes" value={scope} checked={chosen.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
            <span>
              <code>{scope}</code> <span className="muted">— {description}</span>
            </span>
          </label>
        ))}
        {problems.scopes ? <small className="field-error">{problems.scopes}</small> : null}
      </fieldset>
      <ErrorAlert error={submit.error} labels={LABELS} testId="create-api-key-error" />
      <button type="submit" className="primary" disabled={submit.busy}>
        {submit.busy ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}
