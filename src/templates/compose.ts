/**
 * How a bundle is composed from its layers, as a pure function over the rows that could take part.
 *
 * For one locale, four layers overlay each other by section_key, later winning:
 *   global default variant → global named variant → tenant default variant → tenant named variant.
 * Locales are composed separately and then chosen per section_key: the requested locale if it has the
 * key, else its language without region ('pt' for 'pt-BR'), else 'en'. So a recipient never gets the
 * English text of a section that exists in their language. A section whose winning content is empty
 * was removed on purpose (a tenant overriding a global section with '') and does not fall back.
 */

export interface SectionRow {
  readonly tenant_id: string | null;
  readonly variant: string;
  readonly locale: string;
  readonly section_key: string;
  readonly position: number;
  readonly content: string;
}

export interface ComposedSection {
  readonly section_key: string;
  readonly position: number;
  readonly content: string;
  /** The locale and variant of the row that won, and whether it is the tenant's or the global one. */
  readonly locale: string;
  readonly variant: string;
  readonly source: 'global' | 'tenant';
}

export const DEFAULT_LOCALE = 'en';

/** The locales tried for each section, most specific first, ending with 'en'. */
export function localeChain(locale: string | undefined): string[] {
  const requested = locale || DEFAULT_LOCALE;
  const language = requested.split('-')[0]!;
  return [...new Set([requested, language, DEFAULT_LOCALE])];
}

/** 0–3 by the layer order above; undefined for a row of another variant, which takes no part. */
function layerOf(row: SectionRow, variant: string): number | undefined {
  if (row.variant !== '' && row.variant !== variant) return undefined;
  return (row.tenant_id === null ? 0 : 2) + (row.variant === '' ? 0 : 1);
}

export function composeSections(rows: readonly SectionRow[], options: { locale?: string | undefined; variant?: string | undefined }): ComposedSection[] {
  const variant = options.variant ?? '';
  const chain = localeChain(options.locale);
  const byLocale = new Map<string, Map<string, { row: SectionRow; layer: number }>>(chain.map((l) => [l, new Map()]));
  for (const row of rows) {
    const layer = layerOf(row, variant);
    const sections = byLocale.get(row.locale);
    if (layer === undefined || !sections) continue;
    const current = sections.get(row.section_key);
    if (!current || layer > current.layer) sections.set(row.section_key, { row, layer });
  }
  const keys = new Set([...byLocale.values()].flatMap((sections) => [...sections.keys()]));
  const composed: ComposedSection[] = [];
  for (const key of keys) {
    const winner = chain.map((l) => byLocale.get(l)!.get(key)).find((entry) => entry !== undefined)!;
    const { row } = winner;
    if (row.content === '') continue;
    composed.push({ section_key: key, position: row.position, content: row.content, locale: row.locale, variant: row.variant, source: row.tenant_id === null ? 'global' : 'tenant' });
  }
  return composed.sort((a, b) => a.position - b.position || (a.section_key < b.section_key ? -1 : a.section_key > b.section_key ? 1 : 0));
}
