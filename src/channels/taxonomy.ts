import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';

/** Locales of the bundled Google taxonomy (`schemas/taxonomy/google.<locale>.txt`). */
export const GOOGLE_TAXONOMY_LOCALES = ['en-US', 'da-DK', 'de-DE', 'sv-SE'] as const;

/** Ids and full paths of a taxonomy, for membership tests. */
export interface Taxonomy {
  ids: ReadonlySet<string>;
  paths: ReadonlySet<string>;
}

let google: Taxonomy | undefined;

/** Google's taxonomy, every bundled locale, read once per thread on first use. */
export function googleTaxonomy(): Taxonomy {
  if (google !== undefined) return google;
  const ids = new Set<string>();
  const paths = new Set<string>();
  for (const locale of GOOGLE_TAXONOMY_LOCALES) {
    const text = readFileSync(join(BUILTIN_CHANNEL_DIR, 'taxonomy', `google.${locale}.txt`), 'utf8');
    for (const line of text.split('\n')) {
      const dash = line.indexOf(' - ');
      if (line.startsWith('#') || dash === -1) continue;
      ids.add(line.slice(0, dash));
      paths.add(line.slice(dash + 3).trim());
    }
  }
  google = { ids, paths };
  return google;
}

/** True when `value` is an id or a full path of the taxonomy. */
export function inTaxonomy(taxonomy: Taxonomy, value: string): boolean {
  const text = value.trim();
  return taxonomy.ids.has(text) || taxonomy.paths.has(text);
}
