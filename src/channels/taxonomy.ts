/** Locales of the bundled Google taxonomy (`schemas/taxonomy/google.<locale>.txt`). */
export const GOOGLE_TAXONOMY_LOCALES = ['en-US', 'da-DK', 'de-DE', 'sv-SE'] as const;

/** A taxonomy as the load phase reads it: plain lists, structured-clonable. */
export interface TaxonomyLists {
  /** Every category id. */
  ids: string[];
  /** Every full category path (`Apparel & Accessories > Clothing`), in every locale. */
  paths: string[];
}

/** Ids and full paths of a taxonomy, for membership tests. */
export interface Taxonomy {
  ids: ReadonlySet<string>;
  paths: ReadonlySet<string>;
}

/** The sets of a taxonomy's lists, built once per compiled validator set. */
export function taxonomyOf(lists: TaxonomyLists): Taxonomy {
  return { ids: new Set(lists.ids), paths: new Set(lists.paths) };
}

/** The lines of a bundled taxonomy file (`212 - Apparel & Accessories > …`) into `into`. */
export function addTaxonomyText(into: { ids: Set<string>; paths: Set<string> }, text: string): void {
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (line.startsWith('#') || dash === -1) continue;
    into.ids.add(line.slice(0, dash));
    into.paths.add(line.slice(dash + 3).trim());
  }
}

/** True when `value` is an id or a full path of the taxonomy. */
export function inTaxonomy(taxonomy: Taxonomy, value: string): boolean {
  const text = value.trim();
  return taxonomy.ids.has(text) || taxonomy.paths.has(text);
}

/** True when a schema uses the `taxonomy` keyword anywhere (then its taxonomy is loaded). */
export function usesTaxonomy(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  if (Array.isArray(schema)) return schema.some(usesTaxonomy);
  return Object.entries(schema).some(
    ([key, value]) => (key === 'taxonomy' && typeof value === 'string') || usesTaxonomy(value),
  );
}
