import type { Readable } from 'node:stream';
import type { LoadedYaml } from '../config/load.js';
import type { FieldSpec, MappingFile } from '../config/mapping.js';
import { compileMapping } from '../mapping/compile.js';
import { loadMappingData } from '../mapping/load-data.js';
import { FeedkitError } from '../model/errors.js';
import { loadMapping } from '../pipeline/plan.js';
import { checkSource } from '../sources/index.js';
import { openSource } from '../sources/open-source.js';
import { thousands } from '../text/no-icu.js';

/** One distinct supplier category of an input. */
export interface CollectedCategory {
  /** The category as the mapping's `lookup` step sees it: the lookup table's key. */
  key: string;
  /** The record's `product_type` (the category path), or the key when the mapping has none. */
  path: string;
  /** Records in it. */
  records: number;
  /** The first few distinct titles of its records. */
  titles: string[];
}

/** Where the supplier category (the lookup key) comes from. */
export type CategoryKey =
  /** The value `google_product_category` has just before its `lookup` step. */
  | { kind: 'lookup'; file: string }
  /** The column `product_type` reads, as it is in the input (a lookup step would see this). */
  | { kind: 'column'; column: string }
  /** `product_type` as the mapping makes it. */
  | { kind: 'product_type' };

/** What one pass over an input found. */
export interface CollectedCategories {
  categories: CollectedCategory[];
  key: CategoryKey;
  /** Records read. */
  records: number;
  /** Records a filter of the mapping excluded (not counted in any category). */
  excluded: number;
  /** Records that could not be read (ragged, undecodable). */
  unreadable: number;
  /** Records without a category. */
  uncategorised: number;
}

/** Options of {@link collectCategories}. */
export interface CollectOptions {
  /** Input file path, URL, or `-` for standard input. */
  input: string;
  /** Mapping file path. */
  mapping: string;
  /** Stream to read when `input` is `-` (default: process.stdin). */
  stdin?: Readable;
  /** Most distinct categories kept (default 100,000): memory stays bounded. */
  maxCategories?: number;
}

/** Sample titles kept per category. */
const TITLES = 5;
/** Default of {@link CollectOptions.maxCategories}. */
const MAX_CATEGORIES = 100_000;

/**
 * One streaming pass over an input through the mapping (in this thread): every distinct
 * supplier category with its record count and a few titles. Records a filter excludes are
 * left out, as they are from the feeds.
 */
export async function collectCategories(options: CollectOptions): Promise<CollectedCategories> {
  const { loaded, mapping } = await loadMapping(options.mapping);
  const { key, narrowed } = categoryMapping(loaded, mapping);
  checkSource(loaded);
  const { def, source } = await openSource(loaded, options.input, {
    stdin: options.stdin,
    batchBytes: 1 << 20,
  });
  // A source without a header (XML) reads the columns the mapping names, each checked by it.
  const compiled = compileMapping(
    narrowed,
    source.columns ?? { check: (name) => source.checkColumn?.(name), names: [] },
    undefined,
    loadMappingData(narrowed),
  );
  const columns = source.columns ?? [...compiled.columns];
  const reader = def.reader(source.spec, columns);

  const max = options.maxCategories ?? MAX_CATEGORIES;
  const found = new Map<string, CollectedCategory>();
  const result: CollectedCategories = {
    categories: [],
    key,
    records: 0,
    excluded: 0,
    unreadable: 0,
    uncategorised: 0,
  };
  let first = true;
  for await (const batch of source.batches(columns)) {
    const lines = reader.read(batch, first, (_line, row, issue) => {
      result.records++;
      if (issue !== undefined) {
        result.unreadable++;
        return;
      }
      const mapped = compiled.map(row);
      if (mapped.excluded !== undefined) {
        result.excluded++;
        return;
      }
      const product = mapped.product;
      const category = product.google_product_category?.trim() ?? '';
      if (category === '') {
        result.uncategorised++;
        return;
      }
      // The lookup transform compares keys trimmed and lower-cased: so are categories here.
      const id = category.toLowerCase();
      let entry = found.get(id);
      if (entry === undefined) {
        if (found.size >= max) {
          throw new FeedkitError(
            'input-limit',
            `more than ${thousands(max)} distinct categories; is the category column right?`,
            { file: options.input },
          );
        }
        entry = { key: category, path: product.product_type?.trim() || category, records: 0, titles: [] };
        found.set(id, entry);
      }
      entry.records++;
      const title = product.title?.trim();
      if (title && entry.titles.length < TITLES && !entry.titles.includes(title)) entry.titles.push(title);
    });
    source.consumed(lines);
    first = false;
  }
  if (first) throw new FeedkitError('input-empty', 'input is empty', { file: options.input });
  result.categories = [...found.values()];
  return result;
}

/**
 * The mapping reduced to what the command reads: `title`, `product_type`, and in
 * `google_product_category` the supplier category as the lookup step sees it — the field's
 * own source and pipe up to its `lookup` step, or else the column `product_type` reads, or
 * else `product_type` itself.
 */
function categoryMapping(
  loaded: LoadedYaml,
  mapping: MappingFile,
): { key: CategoryKey; narrowed: LoadedYaml } {
  const fields = mapping.fields ?? {};
  const spec = (name: string): FieldSpec | undefined => {
    const raw = (fields as Record<string, FieldSpec | string | undefined>)[name];
    if (raw === undefined) return undefined;
    return typeof raw === 'string' ? (raw.includes('{{') ? { template: raw } : { from: raw }) : raw;
  };
  const gpc = spec('google_product_category');
  const productType = spec('product_type');
  const pipe = gpc?.pipe ?? [];
  const step = pipe.findIndex((s) => typeof s === 'object' && s !== null && 'lookup' in s);
  let key: CategoryKey;
  let source: FieldSpec;
  if (gpc !== undefined && step !== -1) {
    const options = (pipe[step] as { lookup: string | { file: string } }).lookup;
    key = { kind: 'lookup', file: typeof options === 'string' ? options : options.file };
    const { from, feature, template, value } = gpc;
    source = { from, feature, template, value, pipe: pipe.slice(0, step) };
  } else if (productType !== undefined && typeof productType.from === 'string') {
    key = { kind: 'column', column: productType.from };
    source = { from: productType.from };
  } else if (productType !== undefined) {
    key = { kind: 'product_type' };
    source = productType;
  } else {
    throw new FeedkitError(
      'usage',
      'the mapping fills neither product_type nor google_product_category with a lookup step: nothing says which category a record is in',
      { file: loaded.path },
    );
  }
  // Undefined keys are left out: the compiler tells "from" and friends apart by presence.
  const clean = (value: FieldSpec) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as FieldSpec;
  const narrowedFields: Record<string, FieldSpec> = { google_product_category: clean(source) };
  if (productType !== undefined) narrowedFields.product_type = productType;
  const title = spec('title');
  if (title !== undefined) narrowedFields.title = title;
  return { key, narrowed: { ...loaded, value: { ...mapping, fields: narrowedFields } } };
}
