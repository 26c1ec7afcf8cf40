import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { composeSections, localeChain, type SectionRow } from './compose.ts';

const T = '11111111-1111-4111-8111-111111111111';
const row = (r: Partial<SectionRow> & Pick<SectionRow, 'section_key' | 'content'>): SectionRow => ({ tenant_id: null, variant: '', locale: 'en', position: 0, ...r });
const summary = (sections: ReturnType<typeof composeSections>) => sections.map((s) => `${s.section_key}:${s.content}`);

describe('composeSections', () => {
  const rows: SectionRow[] = [
    row({ section_key: 'greeting', content: 'global greeting', position: 0 }),
    row({ section_key: 'intent', content: 'global intent', position: 10 }),
    row({ section_key: 'intent', content: 'global talent intent', position: 10, variant: 'talent' }),
    row({ section_key: 'closing', content: 'global closing', position: 20 }),
    row({ tenant_id: T, section_key: 'closing', content: 'tenant closing', position: 20 }),
    row({ tenant_id: T, section_key: 'extra', content: 'tenant extra', position: 5 }),
  ];

  it('overlays the tenant on the global sections by key and orders by position', () => {
    assert.deepEqual(summary(composeSections(rows, {})), ['greeting:global greeting', 'extra:tenant extra', 'intent:global intent', 'closing:tenant closing']);
  });

  it('lets a variant replace the default section of the same key, and ignores other variants', () => {
    assert.deepEqual(summary(composeSections(rows, { variant: 'talent' })), ['greeting:global greeting', 'extra:tenant extra', 'intent:global talent intent', 'closing:tenant closing']);
    assert.deepEqual(summary(composeSections(rows, { variant: 'hirer' })), summary(composeSections(rows, {})));
  });

  it('applies the layers in order: global default, global variant, tenant default, tenant variant', () => {
    const layered = [row({ section_key: 'k', content: 'global default' }), row({ section_key: 'k', content: 'global variant', variant: 'v' }), row({ tenant_id: T, section_key: 'k', content: 'tenant default' })];
    assert.deepEqual(summary(composeSections(layered, { variant: 'v' })), ['k:tenant default']);
    const withTenantVariant = [...layered, row({ tenant_id: T, section_key: 'k', content: 'tenant variant', variant: 'v' })];
    assert.deepEqual(summary(composeSections(withTenantVariant, { variant: 'v' })), ['k:tenant variant']);
    assert.deepEqual(summary(composeSections(withTenantVariant.reverse(), { variant: 'v' })), ['k:tenant variant'], 'row order does not matter');
  });

  it('removes a section whose winning content is empty', () => {
    const deleted = [...rows, row({ tenant_id: T, section_key: 'greeting', content: '' })];
    assert.deepEqual(summary(composeSections(deleted, {})), ['extra:tenant extra', 'intent:global intent', 'closing:tenant closing']);
  });

  it('uses the requested locale per key and falls back to its language, then to en', () => {
    const localised = [
      row({ section_key: 'a', content: 'a en', position: 1 }),
      row({ section_key: 'b', content: 'b en', position: 2 }),
      row({ section_key: 'c', content: 'c en', position: 3 }),
      row({ section_key: 'a', content: 'a pt', position: 1, locale: 'pt' }),
      row({ section_key: 'b', content: 'b pt-BR', position: 2, locale: 'pt-BR' }),
      row({ section_key: 'c', content: 'c es', position: 3, locale: 'es' }),
    ];
    const composed = composeSections(localised, { locale: 'pt-BR' });
    assert.deepEqual(summary(composed), ['a:a pt', 'b:b pt-BR', 'c:c en']);
    assert.deepEqual(
      composed.map((s) => s.locale),
      ['pt', 'pt-BR', 'en'],
    );
  });

  it('does not fall back to en for a section removed in the requested locale', () => {
    const localised = [row({ section_key: 'a', content: 'a en' }), row({ tenant_id: T, section_key: 'a', content: '', locale: 'es' })];
    assert.deepEqual(summary(composeSections(localised, { locale: 'es' })), []);
    assert.deepEqual(summary(composeSections(localised, { locale: 'en' })), ['a:a en']);
  });
});

describe('localeChain', () => {
  it('tries the locale, its language, then en, without repeats', () => {
    assert.deepEqual(localeChain('pt-BR'), ['pt-BR', 'pt', 'en']);
    assert.deepEqual(localeChain('es'), ['es', 'en']);
    assert.deepEqual(localeChain('en'), ['en']);
    assert.deepEqual(localeChain(undefined), ['en']);
  });
});
