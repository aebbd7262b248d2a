import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addTaxonomyText, GOOGLE_TAXONOMY_LOCALES, taxonomyOf } from '../../src/channels/taxonomy.js';
import { compactGoogleTaxonomy, fromCompact, readGoogleTaxonomy } from '../../src/channels/taxonomy-file.js';

const sets = { ids: new Set<string>(), paths: new Set<string>() };
for (const locale of GOOGLE_TAXONOMY_LOCALES) {
  addTaxonomyText(sets, readFileSync(join('schemas', 'taxonomy', `google.${locale}.txt`), 'utf8'));
}

// The build's compact form (what an installed feedkit reads), and the locale files themselves
// (what a plain tsc or a changed file falls back to), must answer alike.
const compact = fromCompact(compactGoogleTaxonomy());
describe.each([
  ['the compact form', compact],
  ['the locale files', readGoogleTaxonomy()],
])('the Google taxonomy from %s', (_, lists) => {
  const taxonomy = taxonomyOf(lists as NonNullable<typeof lists>);

  it('is there', () => {
    expect(lists).toBeDefined();
  });

  it('has every id and full path of the four locale files', () => {
    expect(sets.ids.size).toBeGreaterThan(5000);
    expect(sets.paths.size).toBeGreaterThan(20000);
    const missing = [...sets.ids, ...sets.paths].filter((entry) => !taxonomy.has(entry));
    expect(missing).toEqual([]);
  });

  it('has nothing else: parts, extensions, other case or spacing of a path', () => {
    const path = 'Apparel & Accessories > Clothing > Shirts & Tops';
    expect(taxonomy.has(path)).toBe(true);
    for (const near of [
      'Apparel & Accessories > Clothing > Shirts',
      `${path} >`,
      `${path}s`,
      'apparel & accessories > clothing > shirts & tops',
      'Apparel & Accessories >  Clothing > Shirts & Tops',
      'Bekleidung & Accessoires > Nope',
      '',
      '99999999',
    ]) {
      expect(taxonomy.has(near), near).toBe(false);
    }
  });

  it('answers the same a second time (remembered) and for paths with letters beyond ASCII', () => {
    const danish = [...sets.paths].find((entry) => /[æøå]/.test(entry)) as string;
    expect(danish).toBeDefined();
    expect(taxonomy.has(danish)).toBe(true);
    expect(taxonomy.has(danish)).toBe(true);
    expect(taxonomy.has(`${danish}x`)).toBe(false);
    expect(taxonomy.has(`${danish}x`)).toBe(false);
  });

  it('survives a structured clone (what a worker receives)', () => {
    const cloned = taxonomyOf(structuredClone(lists as NonNullable<typeof lists>));
    expect(cloned.has('Apparel & Accessories > Clothing')).toBe(true);
    expect(cloned.has('212')).toBe(true);
    expect(cloned.has('Apparel & Accessories > Clothin')).toBe(false);
  });
});

it('a compact form built from other files is not used', () => {
  const bytes = compactGoogleTaxonomy();
  const stale = new Uint8Array(bytes);
  // The first line is the stamp of the source files: another stamp is another build.
  stale[0] = stale[0] === 0x30 ? 0x31 : 0x30;
  expect(fromCompact(bytes)).toBeDefined();
  expect(fromCompact(stale)).toBeUndefined();
});
