import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { composeSections, DEFAULT_LOCALE, localeChain, type ComposedSection, type SectionRow } from './compose.ts';
import { outputFor, parseTemplate, renderSections, type RenderedBundle, type RenderTarget, type Variables } from './render.ts';
import { knownVariables } from './variables.ts';
import { tenantVariables, withTenantVariables, type TenantVariables } from './tenant-variables.ts';
import { findMessageSender } from '../tenants/tenants.service.ts';
import * as store from './templates.store.ts';
import type { StoredSectionRow } from './templates.store.ts';

export type { ComposedSection } from './compose.ts';
export type { RenderedBundle, RenderTarget, Variables } from './render.ts';
export { escapeHtml, escapeXml } from './render.ts';
export { knownVariables } from './variables.ts';
export { tenantVariables, type TenantVariables } from './tenant-variables.ts';

const MAX_VARIABLE_LENGTH = 10_000;

export interface Section {
  section_key: string;
  position: number;
  content: string;
  locale: string;
  variant: string;
  updated_at: string;
}

export interface SectionBody {
  section_key: string;
  position: number;
  content: string;
  locale?: string | undefined;
  variant?: string | undefined;
}

export interface BundleSections {
  bundle: string;
  sections: Section[];
  variables: readonly string[];
}

/** A tenant's sections with the global ones they overlay, read in the same transaction. */
export interface TenantBundleSections extends BundleSections {
  global_sections: Section[];
}

async function presentTenant(tx: Queryable, tenantId: string, bundle: string): Promise<TenantBundleSections> {
  const own = present(bundle, await store.selectSections(tx, tenantId, bundle));
  return { ...own, global_sections: present(bundle, await store.selectSections(tx, null, bundle)).sections };
}

function present(bundle: string, rows: StoredSectionRow[]): BundleSections {
  return { bundle, sections: rows.map((row) => ({ ...row, updated_at: row.updated_at.toISOString() })), variables: knownVariables(bundle) };
}

function describeSection(section: { section_key: string; locale: string; variant: string }): string {
  const variant = section.variant ? `, variant ${section.variant}` : '';
  return `section ${JSON.stringify(section.section_key)} (locale ${section.locale}${variant})`;
}

type CheckedSection = { section_key: string; locale: string; variant: string; content: string };

/** The variables a section uses; refuses malformed placeholders. */
function checkSyntax(section: CheckedSection): readonly string[] {
  const parsed = parseTemplate(section.content);
  if (parsed.ok) return parsed.variables;
  const { line, column, message } = parsed.issue;
  throw new AppError('template_syntax', `${describeSection(section)}, line ${line}, column ${column}: ${message}`, {
    extra: { section_key: section.section_key, locale: section.locale, variant: section.variant, line, column },
  });
}

/** Refuses a section that would not render cleanly: malformed placeholders, or variables the bundle does not know. */
function checkSection(bundle: string, section: CheckedSection): void {
  const where = { section_key: section.section_key, locale: section.locale, variant: section.variant };
  const variables = checkSyntax(section);
  const known = knownVariables(bundle);
  const unknown = variables.find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new AppError('template_unknown_variable', `${describeSection(section)} uses {{ ${unknown} }}, which bundle ${bundle} does not know; known variables: ${known.join(', ')}`, {
      extra: { ...where, variable: unknown, known_variables: known },
    });
  }
}

function normalise(sections: readonly SectionBody[]): store.SectionInput[] {
  const normalised = sections.map((s) => ({ section_key: s.section_key, position: s.position, content: s.content, locale: s.locale ?? DEFAULT_LOCALE, variant: s.variant ?? '' }));
  const seen = new Map<string, number>();
  const errors: { in: string; path: string; message: string }[] = [];
  normalised.forEach((s, index) => {
    const key = `${s.variant}\u0000${s.locale}\u0000${s.section_key}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else errors.push({ in: 'body', path: `/sections/${index}`, message: `repeats ${describeSection(s)} of /sections/${first}; each section_key appears once per locale and variant` });
  });
  if (errors.length) throw new AppError('validation_failed', `invalid body: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { extra: { errors } });
  return normalised;
}

async function replaceSections(tx: Queryable, actor: Actor, tenantId: string | null, bundle: string, sections: readonly SectionBody[]): Promise<void> {
  const input = normalise(sections);
  for (const section of input) checkSection(bundle, section);
  await store.lockBundle(tx, tenantId, bundle);
  const removed = await store.deleteSections(tx, tenantId, bundle);
  await store.insertSections(tx, tenantId, bundle, input);
  await recordAudit(tx, actor, tenantId, tenantId ? 'templates.updated' : 'templates.global_updated', { type: 'template_bundle', id: bundle }, { sections: input.length, replaced: removed });
}

/**
 * The sections of a bundle as they apply to a tenant (or the global base when tenantId is null), in
 * order, with empty sections removed. Runs in the caller's transaction; see compose.ts for the rules.
 */
export async function composeBundle(tx: Queryable, tenantId: string | null, bundle: string, options: { locale?: string; variant?: string }): Promise<ComposedSection[]> {
  const variant = options.variant ?? '';
  const rows = await store.selectCompositionRows(tx, tenantId, bundle, variant ? ['', variant] : [''], localeChain(options.locale));
  return composeSections(rows, { locale: options.locale, variant });
}

/** composeBundle with the tenant's rows of one locale and variant replaced by a draft of them. */
async function composeDraft(tx: Queryable, tenantId: string, bundle: string, locale: string, variant: string, draft: readonly store.SectionInput[]): Promise<ComposedSection[]> {
  const stored = await store.selectCompositionRows(tx, tenantId, bundle, variant ? ['', variant] : [''], localeChain(locale));
  const kept = stored.filter((row) => row.tenant_id === null || row.locale !== locale || row.variant !== variant);
  return composeSections([...kept, ...draft.map((s) => ({ ...s, tenant_id: tenantId }))], { locale, variant });
}

/** The tenant's variables (tenant-variables.ts), read in the caller's transaction. */
export async function readTenantVariables(tx: Queryable, tenantId: string, publicUrl: string): Promise<TenantVariables | undefined> {
  const sender = await findMessageSender(tx, tenantId);
  return sender && tenantVariables(sender, publicUrl);
}

/**
 * Composes and renders a bundle for every target in the caller's transaction (messaging renders inside
 * its own), with the tenant's variables under the caller's. Missing variables render as their default
 * or empty text; values are escaped per target, never interpreted.
 */
export async function renderBundle(tx: Queryable, tenantId: string, bundle: string, options: { locale?: string; variant?: string; variables: Variables; publicUrl: string }): Promise<RenderedBundle> {
  const sections = await composeBundle(tx, tenantId, bundle, options);
  if (!sections.length) throw notFound(bundle, options);
  // a variable the registry no longer knows renders as a missing one; only malformed text is refused
  for (const section of sections) checkSyntax(section);
  return renderSections(sections, withTenantVariables(options.variables, await readTenantVariables(tx, tenantId, options.publicUrl)));
}

/**
 * renderBundle over rows already read (read_message_for_dispatch fetches them with the message, and
 * the tenant's variables, so the dispatcher spends no round trip of its own on templates).
 */
export function renderCompositionRows(rows: readonly SectionRow[], bundle: string, options: { locale?: string; variant?: string; variables: Variables; tenant: TenantVariables | undefined }): RenderedBundle {
  const sections = composeSections(rows, { locale: options.locale, variant: options.variant ?? '' });
  if (!sections.length) throw notFound(bundle, options);
  for (const section of sections) checkSyntax(section);
  return renderSections(sections, withTenantVariables(options.variables, options.tenant));
}

function notFound(bundle: string, options: { locale?: string | undefined; variant?: string | undefined }): AppError {
  const variant = options.variant ? `, variant ${options.variant}` : '';
  return new AppError('template_not_found', `bundle ${bundle} has no sections for locale ${options.locale ?? DEFAULT_LOCALE}${variant}; create them with PUT /api/v1/tenant/templates/${bundle}`);
}

export async function listBundles(ctx: Context, tenantId: string) {
  const rows = await withTenant(ctx.db.app, tenantId, (tx) => store.listBundles(tx, tenantId));
  return { items: rows.map((row) => ({ ...row, variables: knownVariables(row.bundle) })) };
}

export async function getTenantSections(ctx: Context, tenantId: string, bundle: string): Promise<TenantBundleSections> {
  return withTenant(ctx.db.app, tenantId, (tx) => presentTenant(tx, tenantId, bundle));
}

export async function putTenantSections(ctx: Context, actor: Actor, tenantId: string, bundle: string, sections: readonly SectionBody[]): Promise<TenantBundleSections> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await replaceSections(tx, actor, tenantId, bundle, sections);
    return presentTenant(tx, tenantId, bundle);
  });
}

export async function getGlobalSections(ctx: Context, bundle: string): Promise<BundleSections> {
  return present(bundle, await withSystem(ctx.db.app, (tx) => store.selectSections(tx, null, bundle)));
}

/** Global rows are writable only by system work, which is why this is the one path that opens withSystem. */
export async function putGlobalSections(ctx: Context, actor: Actor, bundle: string, sections: readonly SectionBody[]): Promise<BundleSections> {
  return withSystem(ctx.db.app, async (tx) => {
    await replaceSections(tx, actor, null, bundle, sections);
    return present(bundle, await store.selectSections(tx, null, bundle));
  });
}

export async function getComposed(ctx: Context, tenantId: string, bundle: string, options: { locale?: string | undefined; variant?: string | undefined }) {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const variant = options.variant ?? '';
  const { sections, tenant } = await withTenant(ctx.db.app, tenantId, async (tx) => ({
    sections: await composeBundle(tx, tenantId, bundle, { locale, variant }),
    tenant: await readTenantVariables(tx, tenantId, ctx.config.publicUrl),
  }));
  if (!sections.length) throw notFound(bundle, options);
  return { bundle, locale, variant, sections, tenant_variables: tenant ?? null };
}

/** Checks preview variables: names the bundle knows, values that are text or numbers. */
function checkVariables(bundle: string, variables: Record<string, unknown>): Variables {
  const known = knownVariables(bundle);
  for (const [name, value] of Object.entries(variables)) {
    if (!known.includes(name)) {
      throw new AppError('template_unknown_variable', `variable ${JSON.stringify(name)} is not known to bundle ${bundle}; known variables: ${known.join(', ')}`, {
        extra: { variable: name, known_variables: known },
      });
    }
    const ok = (typeof value === 'string' && value.length <= MAX_VARIABLE_LENGTH) || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) {
      const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
      throw new AppError('template_variable_invalid', `variable ${name} must be a string of at most ${MAX_VARIABLE_LENGTH} characters or a number; got ${got}`, { extra: { variable: name } });
    }
  }
  return variables as Variables;
}

export async function previewBundle(ctx: Context, tenantId: string, bundle: string, input: { variables: Record<string, unknown>; locale?: string | undefined; variant?: string | undefined; target?: RenderTarget | undefined; sections?: readonly SectionBody[] | undefined }) {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const variant = input.variant ?? '';
  const target = input.target ?? 'text';
  // a draft stands in for the tenant's saved sections of exactly this locale and variant, as a save would store them
  const draft = input.sections && normalise(input.sections.map((s) => ({ ...s, locale, variant })));
  const { sections, tenant } = await withTenant(ctx.db.app, tenantId, async (tx) => ({
    sections: draft ? await composeDraft(tx, tenantId, bundle, locale, variant, draft) : await composeBundle(tx, tenantId, bundle, { locale, variant }),
    tenant: await readTenantVariables(tx, tenantId, ctx.config.publicUrl),
  }));
  if (!sections.length) throw notFound(bundle, input);
  // the composed sections include global ones, and the variable registry can change between releases:
  // what would be sent is checked as strictly as what is saved
  for (const section of sections) checkSection(bundle, section);
  // as a message would read: the tenant's own variables under the sample ones
  const rendered = renderSections(sections, withTenantVariables(checkVariables(bundle, input.variables), tenant));
  return { bundle, locale, variant, target, subject: rendered.subject, output: outputFor(rendered, target), tenant_variables: tenant ?? null };
}
