/**
 * The tenant's message templates. The list: every bundle the tenant can use, global and its own. One
 * bundle: for a locale and variant, each section's global text beside the tenant's, with the one that
 * is sent marked (compose.ts's rules, as GET …/composed answers them); the tenant's sections of that
 * locale and variant edited in place (the global ones are only read here); and a preview of the bundle
 * as it is sent, with sample variables, for each target (email HTML, plain text, SMS, voice TwiML).
 * A section the server refuses (422: a malformed placeholder at a line and column, or a variable the
 * bundle does not know) says so under its text, with the variables it may use.
 */
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { href } from '../router.ts';
import { DataTable, ErrorAlert, Field, formatDate, Notice, onSubmitOf, plainWords, SelectField, TextAreaField, useLoad, useSubmit } from '../ui.tsx';

type BundleList = paths['/api/v1/tenant/templates']['get']['responses'][200]['content']['application/json'];
type Bundle = NonNullable<BundleList['items']>[number];
type BundleSections = paths['/api/v1/tenant/templates/{bundle}']['get']['responses'][200]['content']['application/json'];
type StoredSection = NonNullable<BundleSections['sections']>[number];
type Composed = paths['/api/v1/tenant/templates/{bundle}/composed']['get']['responses'][200]['content']['application/json'];
type PreviewBody = paths['/api/v1/tenant/templates/{bundle}/preview']['post']['requestBody']['content']['application/json'];
type Preview = paths['/api/v1/tenant/templates/{bundle}/preview']['post']['responses'][200]['content']['application/json'];
type Target = NonNullable<PreviewBody['target']>;

/** A section as this page holds it: what the API stores, every field there. */
interface Section {
  section_key: string;
  position: number;
  content: string;
  locale: string;
  variant: string;
}

/** A section of the tenant being edited; `id` keeps React's rows apart while a key is retyped. */
interface DraftSection {
  id: number;
  section_key: string;
  position: string;
  content: string;
}

const TARGETS: readonly (readonly [Target, string])[] = [
  ['html', 'Email (HTML)'],
  ['text', 'Plain text'],
  ['sms', 'SMS'],
  ['twiml', 'Voice call (TwiML)'],
];

/** Sample values for the variables most bundles use; the tenant's own (business name, sign-in page…) fill in the rest. */
const SAMPLES: Readonly<Record<string, string>> = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  full_name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+15555550123',
  organization_name: 'Analytical Engines Ltd',
  temporary_password: 'Tmp-7h3-Sample',
  corporate_email: 'ada.lovelace@example.com',
  reset_url: 'https://example.com/reset-password?token=sample',
  invitation_url: 'https://example.com/reset-password?token=sample',
  expires_in: '24 hours',
  hire_name: 'Ada Lovelace',
  error: 'the mailbox provider answered 503',
  sign_in_url: 'https://example.com/sign-in',
};

const DEFAULT_LOCALE = 'en';
const LOCALE_PATTERN = /^[a-z]{2}(-[A-Z]{2})?$/;
const NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

const variantLabel = (variant: string) => (variant ? variant : 'Default');

function sectionOf(row: StoredSection): Section {
  return { section_key: row.section_key ?? '', position: row.position ?? 0, content: row.content ?? '', locale: row.locale ?? DEFAULT_LOCALE, variant: row.variant ?? '' };
}

/** The locales tried for a section, most specific first, ending with en (compose.ts's localeChain). */
function localeChain(locale: string): string[] {
  return [...new Set([locale, locale.split('-')[0]!, DEFAULT_LOCALE])];
}

/** Of one layer's rows (global, or the tenant's), the one that applies to a key for this locale and variant: the nearest locale, the named variant over the default. */
function applying(rows: readonly Section[], key: string, locale: string, variant: string): Section | undefined {
  for (const candidate of localeChain(locale)) {
    const here = rows.filter((r) => r.section_key === key && r.locale === candidate && (r.variant === '' || r.variant === variant));
    const best = here.find((r) => r.variant === variant) ?? here[0];
    if (best) return best;
  }
  return undefined;
}

export function TemplatesPage({ bundle, canEdit }: { bundle: string | undefined; canEdit: boolean }) {
  return bundle ? <BundlePage key={bundle} bundle={bundle} canEdit={canEdit} /> : <BundleListPage />;
}

function BundleListPage() {
  const list = useLoad(() => api<BundleList>('GET', '/api/v1/tenant/templates'), 'templates');
  const [search, setSearch] = useState('');
  const items = (list.data?.items ?? []).filter((item) => (item.bundle ?? '').includes(search.trim().toLowerCase()));

  return (
    <>
      <h1>Templates</h1>
      <p className="muted">Every message Embark sends is written from a bundle of sections. Each tenant starts from the global text and may replace any section, for any language and signup mode, with its own.</p>
      <ErrorAlert error={list.error} testId="templates-load-error" />
      <section aria-labelledby="bundles-heading">
        <h2 id="bundles-heading">Bundles</h2>
        <form role="search" aria-label="Filter bundles" className="inline" onSubmit={(e) => e.preventDefault()}>
          <Field label="Name contains" name="bundle_filter" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </form>
        {list.data && items.length === 0 ? (
          <p className="muted" data-testid="templates-empty">
            {search.trim() ? `No bundle's name contains “${search.trim()}”.` : 'No bundles yet. The global bundles arrive with the migrations; run embark migrate.'}
          </p>
        ) : null}
        {items.length ? (
          <DataTable caption="Template bundles" testId="templates-table" busy={list.loading} columns={['Bundle', 'Text', 'Variants', 'Locales', '']}>
            {items.map((item: Bundle) => (
              <tr key={item.bundle} data-testid={`bundle-row-${item.bundle}`}>
                <th scope="row">
                  <code>{item.bundle}</code>
                </th>
                <td>
                  {item.has_tenant_sections ? <span className="badge ok">Customised</span> : null} {item.has_global_sections ? <span className="badge">Global</span> : <span className="badge warn">This tenant only</span>}
                </td>
                <td className="wrap">{(item.variants ?? []).map(variantLabel).join(', ')}</td>
                <td>{(item.locales ?? []).join(', ')}</td>
                <td>
                  <div className="row-actions">
                    <a href={href(`templates/${encodeURIComponent(item.bundle ?? '')}`)} aria-label={`Open ${item.bundle}`}>
                      Open
                    </a>
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

/** What a refused save says about one draft section (by its place in the draft), and what is left for the banner. */
interface SaveProblems {
  bySection: Map<number, { text: string; known?: readonly string[] }>;
  /** True when every problem of the refusal sits under a section. */
  placed: boolean;
}

function problemsOf(error: unknown, draft: readonly DraftSection[], offset: number, locale: string, variant: string): SaveProblems {
  const bySection = new Map<number, { text: string; known?: readonly string[] }>();
  if (!(error instanceof ApiError)) return { bySection, placed: false };
  const extra = error.extra;
  const at = (key: unknown) => (typeof key === 'string' && extra.locale === locale && (extra.variant ?? '') === variant ? draft.findIndex((s) => s.section_key.trim() === key) : -1);
  if (error.code === 'template_syntax') {
    const index = at(extra.section_key);
    const reason = error.detail.replace(/^.*?column \d+: /, '');
    if (index >= 0) bySection.set(index, { text: `Line ${String(extra.line)}, column ${String(extra.column)}: ${reason}` });
  } else if (error.code === 'template_unknown_variable') {
    const index = at(extra.section_key);
    const known = Array.isArray(extra.known_variables) ? extra.known_variables.filter((v): v is string => typeof v === 'string') : [];
    if (index >= 0) bySection.set(index, { text: `{{ ${String(extra.variable)} }} is not a variable this bundle knows. It may use:`, known });
  } else {
    for (const problem of error.errors) {
      const match = /^\/sections\/(\d+)(?:\/([a-z_]+))?/.exec(problem.path);
      const index = match ? Number(match[1]) - offset : -1;
      if (index < 0 || index >= draft.length || bySection.has(index)) continue;
      const field = match?.[2] === 'section_key' ? 'The key' : match?.[2] === 'position' ? 'The position' : match?.[2] === 'content' ? 'The text' : 'This section';
      bySection.set(index, { text: problem.message.startsWith('repeats ') ? 'This key appears twice; each key appears once per locale and variant.' : `${field} ${plainWords(problem.message)}.` });
    }
  }
  const placed = bySection.size > 0 && (error.errors.length === 0 || error.errors.length === bySection.size);
  return { bySection, placed };
}

function BundlePage({ bundle, canEdit }: { bundle: string; canEdit: boolean }) {
  const [revision, setRevision] = useState(0);
  const stored = useLoad(() => api<BundleSections>('GET', `/api/v1/tenant/templates/${encodeURIComponent(bundle)}`), `${bundle}|${revision}`);
  const [locale, setLocale] = useState(DEFAULT_LOCALE);
  const [variant, setVariant] = useState('');
  const [extraLocales, setExtraLocales] = useState<string[]>([]);
  const [extraVariants, setExtraVariants] = useState<string[]>([]);
  const composed = useLoad(async () => {
    try {
      return await api<Composed>('GET', `/api/v1/tenant/templates/${encodeURIComponent(bundle)}/composed?${new URLSearchParams({ locale, variant })}`);
    } catch (error) {
      // nothing composes for this locale and variant yet: every section is missing, which the table shows
      if (error instanceof ApiError && error.code === 'template_not_found') return null;
      throw error;
    }
  }, `${bundle}|${locale}|${variant}|${revision}`);

  const globalRows = (stored.data?.global_sections ?? []).map(sectionOf);
  const tenantRows = (stored.data?.sections ?? []).map(sectionOf);
  const variables = stored.data?.variables ?? [];
  const locales = [...new Set([DEFAULT_LOCALE, ...globalRows.map((r) => r.locale), ...tenantRows.map((r) => r.locale), ...extraLocales])].sort();
  const variants = [...new Set(['', ...globalRows.map((r) => r.variant), ...tenantRows.map((r) => r.variant), ...extraVariants])].sort();

  // the tenant's sections of exactly this locale and variant are the ones edited; the others are kept as they are
  const [draft, setDraft] = useState<DraftSection[]>([]);
  const [nextId, setNextId] = useState(1);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    const mine = tenantRows.filter((r) => r.locale === locale && r.variant === variant);
    setDraft(mine.map((r, i) => ({ id: i + 1, section_key: r.section_key, position: String(r.position), content: r.content })));
    setNextId(mine.length + 1);
    // stored.data stands for tenantRows
  }, [stored.data, locale, variant]);
  const lastSaved = (stored.data?.sections ?? [])
    .map((s) => s.updated_at ?? '')
    .sort()
    .at(-1);
  // what Save would store for this locale and variant, which the preview renders before it is saved
  const draftSections = draft.map((d) => ({ section_key: d.section_key.trim(), position: Number(d.position), content: d.content }));
  const savedSections = tenantRows.filter((r) => r.locale === locale && r.variant === variant).map((r) => ({ section_key: r.section_key, position: r.position, content: r.content }));
  const dirty = JSON.stringify(draftSections) !== JSON.stringify(savedSections);
  const others = tenantRows.filter((r) => r.locale !== locale || r.variant !== variant);

  const save = useSubmit(async () => {
    setNotice('');
    const edited = draft.map((d) => ({ section_key: d.section_key.trim(), position: Number(d.position), content: d.content, locale, variant }));
    await api<BundleSections>('PUT', `/api/v1/tenant/templates/${encodeURIComponent(bundle)}`, { sections: [...others, ...edited] });
    setNotice(edited.length ? `Saved ${edited.length} section${edited.length === 1 ? '' : 's'} of ${bundle} (${locale}, ${variantLabel(variant).toLowerCase()} variant).` : `${bundle} (${locale}, ${variantLabel(variant).toLowerCase()} variant) now uses the global text throughout.`);
    setRevision((r) => r + 1);
  });
  const problems = problemsOf(save.error, draft, others.length, locale, variant);

  const keys = [...new Set([...globalRows, ...tenantRows].filter((r) => localeChain(locale).includes(r.locale) && (r.variant === '' || r.variant === variant)).map((r) => r.section_key))];
  const winners = new Map((composed.data?.sections ?? []).map((s) => [s.section_key ?? '', s]));
  const rows = keys
    .map((key) => ({ key, global: applying(globalRows, key, locale, variant), tenant: applying(tenantRows, key, locale, variant), sent: winners.get(key) }))
    .sort((a, b) => (a.sent?.position ?? a.tenant?.position ?? a.global?.position ?? 0) - (b.sent?.position ?? b.tenant?.position ?? b.global?.position ?? 0) || a.key.localeCompare(b.key));

  const addDraft = (section: Omit<DraftSection, 'id'>) => {
    setDraft((current) => [...current, { ...section, id: nextId }]);
    setNextId((n) => n + 1);
  };
  const override = (key: string, from: Section | undefined) => {
    if (draft.some((d) => d.section_key === key)) return;
    addDraft({ section_key: key, position: String(from?.position ?? 0), content: from?.content ?? '' });
  };
  const change = (id: number, field: 'section_key' | 'position' | 'content', value: string) => setDraft((current) => current.map((d) => (d.id === id ? { ...d, [field]: value } : d)));

  return (
    <>
      <a className="back" href={href('templates')}>
        ← All bundles
      </a>
      <h1>
        Templates: <code>{bundle}</code>
      </h1>
      <ErrorAlert error={stored.error ?? composed.error} testId="bundle-load-error" />
      <section aria-labelledby="bundle-choose-heading">
        <h2 id="bundle-choose-heading">Language and variant</h2>
        <div className="toolbar">
          <SelectField label="Locale" name="locale" value={locale} onChange={(e) => setLocale(e.target.value)} options={locales.map((l) => [l, l] as const)} />
          <SelectField label="Variant" name="variant" value={variant} onChange={(e) => setVariant(e.target.value)} options={variants.map((v) => [v, variantLabel(v)] as const)} help="A signup mode's template variant picks its wording." />
        </div>
        {canEdit ? (
          <details className="add-choices">
            <summary>Add a locale or variant</summary>
            <div className="toolbar">
              <AddChoice
                label="New locale"
                help="e.g. es, pt-BR"
                pattern={LOCALE_PATTERN}
                invalid="A locale is a language code, optionally with a region: es, pt-BR."
                onAdd={(value) => {
                  setExtraLocales((current) => [...current, value]);
                  setLocale(value);
                }}
              />
              <AddChoice
                label="New variant"
                help="e.g. hirer"
                pattern={NAME_PATTERN}
                invalid="A variant is lower_snake_case, starting with a letter: hirer, talent."
                onAdd={(value) => {
                  setExtraVariants((current) => [...current, value]);
                  setVariant(value);
                }}
              />
            </div>
            <p className="help">It is saved with the first section you write for it.</p>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading">Sections, global and this tenant's</h2>
        <p className="muted">For each section, the tenant's text wins over the global one; a variant's over the default; the nearest language over English. Empty tenant text leaves the section out.</p>
        {stored.data && rows.length === 0 ? (
          <p className="muted" data-testid="sections-empty">
            This bundle has no sections for {locale} yet.{canEdit ? ' Add one below.' : ''}
          </p>
        ) : null}
        {rows.length ? (
          <DataTable caption={`Sections of ${bundle}`} testId="sections-table" busy={stored.loading || composed.loading} columns={['Section', 'Global', 'This tenant', 'Sent', ...(canEdit ? [''] : [])]}>
            {rows.map(({ key, global, tenant, sent }) => (
              <tr key={key} data-testid={`section-row-${key}`} data-sent={sent?.source ?? 'none'}>
                <th scope="row">
                  <code>{key}</code>
                </th>
                <td className="wrap" data-testid="section-global">
                  <SectionText section={global} locale={locale} variant={variant} winner={sent?.source === 'global'} />
                </td>
                <td className="wrap" data-testid="section-tenant">
                  <SectionText section={tenant} locale={locale} variant={variant} winner={sent?.source === 'tenant'} />
                </td>
                <td data-testid="section-sent">{sent ? <span className={`badge ${sent.source === 'tenant' ? 'ok' : ''}`.trim()}>{sent.source === 'tenant' ? 'Tenant' : 'Global'}</span> : <span className="badge off">Left out</span>}</td>
                {canEdit ? (
                  <td>
                    <div className="row-actions">
                      {draft.some((d) => d.section_key === key) ? (
                        <span className="muted">Editing below</span>
                      ) : (
                        <button type="button" aria-label={`Override ${key}`} onClick={() => override(key, tenant ?? global)}>
                          Override
                        </button>
                      )}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>

      {canEdit ? (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">
            This tenant's sections for {locale}, {variantLabel(variant).toLowerCase()} variant
          </h2>
          <form aria-label="Edit tenant sections" onSubmit={onSubmitOf(save)}>
            {draft.length === 0 ? (
              <p className="muted" data-testid="draft-empty">
                This tenant uses the global text for {locale}
                {variant ? ` (${variant})` : ''}. Override a section above, or add one, to write your own.
              </p>
            ) : null}
            {draft.map((d, index) => {
              const problem = problems.bySection.get(index);
              return (
                <fieldset key={d.id} className="template-section" data-testid={`draft-${d.section_key || index}`}>
                  <legend>{d.section_key ? <code>{d.section_key}</code> : `New section ${index + 1}`}</legend>
                  <div className="template-section-keys">
                    <Field label="Key" name={`key-${d.id}`} required maxLength={64} value={d.section_key} onChange={(e) => change(d.id, 'section_key', e.target.value)} help="lower_snake_case; subject is an email's subject line." />
                    <Field label="Position" name={`position-${d.id}`} type="number" min={0} max={9999} required value={d.position} onChange={(e) => change(d.id, 'position', e.target.value)} />
                  </div>
                  <TextAreaField
                    label={`Text of ${d.section_key || `new section ${index + 1}`}`}
                    name={`content-${d.id}`}
                    rows={Math.min(12, Math.max(3, d.content.split('\n').length + 1))}
                    maxLength={20000}
                    spellCheck
                    value={d.content}
                    onChange={(e) => change(d.id, 'content', e.target.value)}
                    problem={
                      problem ? (
                        <>
                          {problem.text}
                          {problem.known?.length ? (
                            <span className="scopes" data-testid="known-variables">
                              {problem.known.map((v) => (
                                <code key={v} className="badge">
                                  {v}
                                </code>
                              ))}
                            </span>
                          ) : null}
                        </>
                      ) : undefined
                    }
                  />
                  <button type="button" aria-label={`Remove ${d.section_key || `new section ${index + 1}`}`} onClick={() => setDraft((current) => current.filter((x) => x.id !== d.id))}>
                    Remove
                  </button>
                </fieldset>
              );
            })}
            <p className="help">
              Placeholders: <code>{'{{ first_name }}'}</code>, <code>{'{{ first_name | default: "there" }}'}</code>, <code>{'{{#if support_email}}…{{else}}…{{/if}}'}</code>. This bundle knows {variables.join(', ')}. Remove a section to send the global text again.
            </p>
            {save.error && !problems.placed ? <ErrorAlert error={save.error} testId="template-save-error" /> : null}
            {problems.placed ? (
              <p className="alert alert-error" role="alert" data-testid="template-save-error">
                Not saved: {problems.bySection.size === 1 ? 'a section has a problem' : 'some sections have problems'}, shown under its text.
              </p>
            ) : null}
            <Notice testId="template-notice">{notice}</Notice>
            <div className="actions">
              <button type="button" onClick={() => addDraft({ section_key: '', position: String(Math.max(0, ...rows.map((r) => r.sent?.position ?? r.global?.position ?? 0)) + 10), content: '' })}>
                Add a section
              </button>
              <button type="submit" className="primary" disabled={save.busy || !stored.data}>
                {save.busy ? 'Saving…' : 'Save sections'}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      <PreviewPanel bundle={bundle} locale={locale} variant={variant} variables={variables} revision={revision} draft={canEdit && stored.data ? draftSections : undefined} dirty={dirty} />
      {lastSaved ? <p className="muted">This tenant's sections last saved {formatDate(lastSaved)}.</p> : null}
    </>
  );
}

/** A section's text in its column, or a dash; where it came from when that is not the locale and variant shown. */
function SectionText({ section, locale, variant, winner }: { section: Section | undefined; locale: string; variant: string; winner: boolean }) {
  if (!section) return <span className="muted">—</span>;
  const from = [section.locale !== locale ? `from ${section.locale}` : '', section.variant !== variant ? 'default variant' : ''].filter(Boolean).join(', ');
  return (
    <div className={winner ? 'template-text winner' : 'template-text'}>
      {section.content === '' ? <em className="muted">(empty: left out)</em> : <pre>{section.content}</pre>}
      {from ? <small className="muted">{from}</small> : null}
    </div>
  );
}

/** A small form that adds a locale or variant to choose from (it exists once a section of it is saved). */
function AddChoice({ label, help, pattern, invalid, onAdd }: { label: string; help: string; pattern: RegExp; invalid: string; onAdd(value: string): void }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  return (
    <div className="add-choice">
      <Field label={label} name={label.toLowerCase().replace(/ /g, '_')} value={value} onChange={(e) => setValue(e.target.value)} help={help} problem={problem} autoComplete="off" />
      <button
        type="button"
        onClick={() => {
          const trimmed = value.trim();
          if (!pattern.test(trimmed)) return setProblem(invalid);
          setProblem(undefined);
          setValue('');
          onAdd(trimmed);
        }}
      >
        Add
      </button>
    </div>
  );
}

function PreviewPanel({
  bundle,
  locale,
  variant,
  variables,
  revision,
  draft,
  dirty,
}: {
  bundle: string;
  locale: string;
  variant: string;
  variables: readonly string[];
  revision: number;
  /** The tenant's sections as edited, unsaved; undefined previews what is saved. */
  draft: PreviewBody['sections'];
  dirty: boolean;
}) {
  const [target, setTarget] = useState<Target>('html');
  const [samples, setSamples] = useState<Record<string, string>>(() => ({ ...SAMPLES }));
  // typing waits for a pause before the server renders again
  const given = Object.fromEntries(variables.filter((v) => samples[v]?.trim()).map((v) => [v, samples[v]!]));
  const request = JSON.stringify({ variables: given, locale, variant, target, ...(draft ? { sections: draft } : {}) });
  const [settled, setSettled] = useState(request);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(request), 300);
    return () => clearTimeout(timer);
  }, [request]);
  const preview = useLoad(() => api<Preview>('POST', `/api/v1/tenant/templates/${encodeURIComponent(bundle)}/preview`, JSON.parse(settled) as PreviewBody), `${settled}|${revision}`);
  const missing = preview.error instanceof ApiError && preview.error.code === 'template_not_found';
  // the tenant's own values, which fill in an empty sample, as the empty field's placeholder
  const tenantValue = (name: string) => {
    const value = (preview.data?.tenant_variables as Record<string, unknown> | null | undefined)?.[name];
    return typeof value === 'string' ? value : undefined;
  };

  return (
    <section aria-labelledby="preview-heading" data-testid="template-preview">
      <h2 id="preview-heading">
        Preview{' '}
        {draft && dirty ? (
          <span className="badge warn" data-testid="preview-unsaved">
            Unsaved changes
          </span>
        ) : null}
      </h2>
      <p className="muted">The bundle as it would be sent with the text above{draft ? ', saved or not' : ''}, and these sample values; the tenant's business name, sign-in page and support email fill in what is left empty. Nothing is sent.</p>
      <div className="preview-grid">
        <fieldset className="preview-variables">
          <legend>Sample variables</legend>
          <SelectField label="Show as" name="target" value={target} onChange={(e) => setTarget(e.target.value as Target)} options={TARGETS} />
          {variables.map((name) => (
            <Field key={name} label={name} name={`sample-${name}`} value={samples[name] ?? ''} placeholder={tenantValue(name)} maxLength={10000} autoComplete="off" onChange={(e) => setSamples((current) => ({ ...current, [name]: e.target.value }))} />
          ))}
        </fieldset>
        <div className="preview-output" aria-live="polite" aria-busy={preview.loading}>
          {missing ? (
            <p className="muted" data-testid="preview-empty">
              Nothing to preview: this bundle has no sections for {locale}
              {variant ? `, variant ${variant}` : ''}.
            </p>
          ) : (
            <ErrorAlert error={preview.error} testId="preview-error" />
          )}
          {preview.data && !preview.error ? <PreviewOutput preview={preview.data} /> : null}
        </div>
      </div>
    </section>
  );
}

function PreviewOutput({ preview }: { preview: Preview }) {
  const output = preview.output ?? '';
  return (
    <div data-testid="preview-output" data-target={preview.target}>
      {preview.subject && (preview.target === 'html' || preview.target === 'text') ? (
        <p>
          <strong>Subject:</strong> <span data-testid="preview-subject">{preview.subject}</span>
        </p>
      ) : null}
      {/* sandboxed without scripts: the email's HTML is shown, never run */}
      {preview.target === 'html' ? (
        <iframe className="email-preview" title="Email preview" sandbox="" srcDoc={output} />
      ) : (
        <pre className="message-content" data-testid="preview-text">
          {output}
        </pre>
      )}
      {preview.target === 'sms' ? <p className="muted">{`${output.length} characters`}</p> : null}
      {preview.target === 'html' ? (
        <details>
          <summary>HTML source</summary>
          <pre className="message-content" data-testid="preview-html-source">
            {output}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
