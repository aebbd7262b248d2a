import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { addTaxonomyText, GOOGLE_TAXONOMY_LOCALES, type TaxonomyLists } from './taxonomy.js';

/** Google's taxonomy, every bundled locale, read from `schemas/taxonomy/` (load phase only). */
export function readGoogleTaxonomy(): TaxonomyLists {
  const sets = { ids: new Set<string>(), paths: new Set<string>() };
  for (const locale of GOOGLE_TAXONOMY_LOCALES) {
    addTaxonomyText(
      sets,
      readFileSync(join(BUILTIN_CHANNEL_DIR, 'taxonomy', `google.${locale}.txt`), 'utf8'),
    );
  }
  return { ids: [...sets.ids], paths: [...sets.paths] };
}
