import type { CanonicalField } from '../model/canonical.js';
import { PRODUCT_KINDS } from './header-names.js';
import { matchHeader } from './match.js';
import type { ColumnProfile, InputProfile } from './profile-types.js';

/** Where one canonical field's value comes from, as init decided it. */
export interface Choice {
  /** The column read. */
  column: ColumnProfile;
  /** Further columns to try when the first is empty (`from: [Description, Short description]`). */
  fallbacks: ColumnProfile[];
  /** Why, when the column name did not say it. */
  note?: string;
  /** For a text in several languages' columns: the one taken (the file's main), and the others. */
  language?: { name: string; others: string[] };
  /** Other columns whose names suggested the field, best first, that were not taken. */
  alternatives?: string[];
}

/**
 * The language a column name ends in, as written: `description-de_DE-ecommerce` (Akeneo),
 * `name_en_US`, `Beskrivelse (da)`, `title_de`. Undefined for none.
 */
function columnLocale(name: string): string | undefined {
  const full = /(?:^|[\s_\-([.])([a-z]{2})[_-]([A-Z]{2})(?=$|[\s_\-)\].])/.exec(name);
  if (full !== null) return `${full[1]}_${full[2]}`;
  const short = /[\s_\-([.](da|de|en|sv|no|nb|fi|fr|nl|it|es|pl)\)?$/i.exec(name);
  return short === null ? undefined : (short[1] as string).toLowerCase();
}

/**
 * Texts given per language (`description-de_DE`, `description-en_US`): every text field takes
 * the column of one language, the file's main one (the language whose columns are filled
 * most), and never falls back to another language's column, so no item mixes languages.
 */
function oneLanguage(
  profile: InputProfile,
  chosen: Map<CanonicalField, Choice>,
  candidates: ReadonlyArray<{ field: CanonicalField; column: ColumnProfile; score: number }>,
  used: Set<string>,
): void {
  const fill = new Map<string, number>();
  for (const column of profile.columns) {
    const locale = columnLocale(column.name);
    if (locale !== undefined) fill.set(locale, (fill.get(locale) ?? 0) + column.filled);
  }
  for (const field of ['description', 'title'] as const) {
    const choice = chosen.get(field);
    if (choice === undefined) continue;
    const own = candidates.filter((c) => c.field === field && columnLocale(c.column.name) !== undefined);
    const locales = [...new Set(own.map((c) => columnLocale(c.column.name) as string))];
    if (locales.length < 2) continue;
    const main = [...locales].sort((a, b) => (fill.get(b) ?? 0) - (fill.get(a) ?? 0))[0] as string;
    const best = own.find(
      (c) => columnLocale(c.column.name) === main && (c.column === choice.column || !used.has(c.column.name)),
    );
    if (best === undefined) continue;
    for (const c of [choice.column, ...choice.fallbacks]) used.delete(c.name);
    const fallbacks = own
      .filter((c) => c !== best && columnLocale(c.column.name) === main && !used.has(c.column.name))
      .map((c) => c.column)
      .filter((c) => c !== best.column && c.filled > 0);
    chosen.set(field, {
      column: best.column,
      fallbacks: field === 'description' ? fallbacks : [],
      language: { name: main, others: locales.filter((l) => l !== main) },
    });
    used.add(best.column.name);
    if (field === 'description') for (const c of fallbacks) used.add(c.name);
  }
}

/** Column types that are numbers. */
export const NUMERIC = new Set(['integer', 'decimal', 'money']);
const LINKISH = new Set(['url', 'relative_url', 'url_list']);

/** Share of a column's filled cells that are of the given kinds. */
export function share(column: ColumnProfile, ...kinds: Array<keyof ColumnProfile['kinds']>): number {
  if (column.filled === 0) return 0;
  return kinds.reduce((sum, kind) => sum + column.kinds[kind], 0) / column.filled;
}

/** Whether a column's values can serve a field its name suggested; empty columns can serve anything. */
function fits(field: CanonicalField, column: ColumnProfile): boolean {
  if (column.filled === 0) return true;
  switch (field) {
    case 'price':
    case 'sale_price':
    case 'shipping_cost':
    case 'quantity':
      return NUMERIC.has(column.type) || share(column, 'integer', 'decimal', 'money') >= 0.8;
    // Weights may carry their unit (`700 GRAM`): the unit is then read from the values.
    case 'shipping_weight':
      return NUMERIC.has(column.type) || share(column, 'integer', 'decimal', 'measure') >= 0.8;
    case 'gtin':
      return share(column, 'integer', 'gtin', 'mangled_gtin') >= 0.5;
    case 'link':
    case 'image_link':
    case 'additional_image_link':
      return LINKISH.has(column.type);
    case 'condition':
    case 'gender':
    case 'age_group':
      return column.values !== undefined;
    case 'availability':
      return column.values !== undefined || NUMERIC.has(column.type);
    case 'product_type':
      return !column.values?.every((v) => PRODUCT_KINDS.includes(v.value.toLowerCase()));
    default:
      return true;
  }
}

/**
 * Decide a column for each canonical field: every (field, column) pair the column names
 * suggest, scored (name match, then fill), checked against the values, taken best first;
 * a column serves one field. Then, for fields still open, guesses from values alone.
 */
export function chooseColumns(profile: InputProfile): Map<CanonicalField, Choice> {
  const candidates: Array<{ field: CanonicalField; column: ColumnProfile; score: number }> = [];
  for (const column of profile.columns) {
    for (const match of matchHeader(column.name)) {
      // An empty column is only taken when its name says it exactly (a template for later data).
      if (!fits(match.field, column) || (column.filled === 0 && match.score < 90)) continue;
      candidates.push({
        field: match.field,
        column,
        score: match.score + 10 * column.fill - (column.filled === 0 ? 30 : 0),
      });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const chosen = new Map<CanonicalField, Choice>();
  const used = new Set<string>();
  for (const { field, column } of candidates) {
    if (chosen.has(field) || used.has(column.name)) continue;
    chosen.set(field, { column, fallbacks: [] });
    used.add(column.name);
  }
  // A second description column (`Short description`) fills in where the first is empty.
  const description = chosen.get('description');
  if (description !== undefined) {
    for (const { field, column } of candidates)
      if (field === 'description' && !used.has(column.name) && column.filled > 0) {
        description.fallbacks.push(column);
        used.add(column.name);
      }
  }
  oneLanguage(profile, chosen, candidates, used);
  const free = profile.columns.filter((c) => !used.has(c.name) && c.filled > 0);
  const take = (field: CanonicalField, test: (c: ColumnProfile) => boolean, note: string) => {
    if (chosen.has(field)) return;
    // Only a column most records fill: one External URL in 25 rows is not the product page.
    const column = free
      .filter((c) => !used.has(c.name) && c.fill >= 0.5 && test(c))
      .sort((a, b) => b.fill - a.fill)[0];
    if (column === undefined) return;
    chosen.set(field, { column, fallbacks: [], note });
    used.add(column.name);
  };
  take('gtin', (c) => c.type === 'gtin', 'guessed from the values: valid GTINs');
  take(
    'image_link',
    (c) => (c.type === 'url' || c.type === 'url_list') && share(c, 'image_url') >= 0.8,
    'guessed from the values: image URLs',
  );
  take('link', (c) => c.type === 'url' && share(c, 'image_url') < 0.2, 'guessed from the values: URLs');
  take('price', (c) => c.type === 'money', 'guessed from the values: amounts with a currency');
  for (const [field, choice] of chosen) {
    const taken = new Set([choice.column, ...choice.fallbacks]);
    const others = candidates.filter((c) => c.field === field && !taken.has(c.column));
    choice.alternatives = [...new Set(others.map((c) => c.column.name))];
  }
  return chosen;
}
