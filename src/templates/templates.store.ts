import type { Queryable } from '../db/pool.ts';
import type { SectionRow } from './compose.ts';

export interface StoredSectionRow {
  section_key: string;
  position: number;
  content: string;
  locale: string;
  variant: string;
  updated_at: Date;
}

export interface SectionInput {
  readonly section_key: string;
  readonly position: number;
  readonly content: string;
  readonly locale: string;
  readonly variant: string;
}

export interface BundleSummaryRow {
  bundle: string;
  has_global_sections: boolean;
  has_tenant_sections: boolean;
  variants: string[];
  locales: string[];
}

const COLUMNS = 'section_key, position, content, locale, variant, updated_at';
const ORDER = 'order by variant, locale, position, section_key';

// tenantId null means the global base, global_template_sections (migration 0026); a tenant's own
// sections are its rows of template_sections

/** The sections one owner (a tenant, or the global base when null) has for a bundle. */
export async function selectSections(db: Queryable, tenantId: string | null, bundle: string): Promise<StoredSectionRow[]> {
  const { rows } = tenantId === null ? await db.query(`select ${COLUMNS} from global_template_sections where bundle = $1 ${ORDER}`, [bundle]) : await db.query(`select ${COLUMNS} from template_sections where tenant_id = $1 and bundle = $2 ${ORDER}`, [tenantId, bundle]);
  return rows;
}

/** Serialises replacements of one owner's bundle, so two concurrent PUTs cannot both insert. */
export async function lockBundle(db: Queryable, tenantId: string | null, bundle: string): Promise<void> {
  await db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`template_sections:${tenantId ?? 'global'}:${bundle}`]);
}

export async function deleteSections(db: Queryable, tenantId: string | null, bundle: string): Promise<number> {
  const { rowCount } = tenantId === null ? await db.query('delete from global_template_sections where bundle = $1', [bundle]) : await db.query('delete from template_sections where tenant_id = $1 and bundle = $2', [tenantId, bundle]);
  return rowCount ?? 0;
}

export async function insertSections(db: Queryable, tenantId: string | null, bundle: string, sections: readonly SectionInput[]): Promise<StoredSectionRow[]> {
  if (!sections.length) return [];
  const columns = [sections.map((s) => s.section_key), sections.map((s) => s.position), sections.map((s) => s.content), sections.map((s) => s.locale), sections.map((s) => s.variant)];
  const given = 'unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[]) as s (section_key, position, content, locale, variant)';
  const { rows } =
    tenantId === null
      ? await db.query(
          `insert into global_template_sections (bundle, section_key, position, content, locale, variant)
       select $1, s.section_key, s.position, s.content, s.locale, s.variant from ${given} returning ${COLUMNS}`,
          [bundle, ...columns],
        )
      : await db.query(
          `insert into template_sections (tenant_id, bundle, section_key, position, content, locale, variant)
       select $7, $1, s.section_key, s.position, s.content, s.locale, s.variant from ${given} returning ${COLUMNS}`,
          [bundle, ...columns, tenantId],
        );
  return rows;
}

/** Every row that can take part in composing a bundle for a tenant (or the global base alone when null). */
export async function selectCompositionRows(db: Queryable, tenantId: string | null, bundle: string, variants: readonly string[], locales: readonly string[]): Promise<SectionRow[]> {
  const { rows } = await db.query(
    `select null::uuid as tenant_id, variant, locale, section_key, position, content
       from global_template_sections
      where bundle = $1 and variant = any($3::text[]) and locale = any($4::text[])
     union all
     select tenant_id, variant, locale, section_key, position, content
       from template_sections
      where tenant_id = $2 and bundle = $1 and variant = any($3::text[]) and locale = any($4::text[])`,
    [bundle, tenantId, variants, locales],
  );
  return rows;
}

/** The bundles a tenant can use: every global one, and every one the tenant has sections of. */
export async function listBundles(db: Queryable, tenantId: string): Promise<BundleSummaryRow[]> {
  const { rows } = await db.query(
    `select bundle,
            bool_or(global) as has_global_sections,
            bool_or(not global) as has_tenant_sections,
            array_agg(distinct variant order by variant) as variants,
            array_agg(distinct locale order by locale) as locales
       from (select bundle, variant, locale, true as global from global_template_sections
             union all
             select bundle, variant, locale, false from template_sections where tenant_id = $1) sections
      group by bundle
      order by bundle`,
    [tenantId],
  );
  return rows;
}
