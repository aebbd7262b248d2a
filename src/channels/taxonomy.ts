/** Locales of the bundled Google taxonomy (`schemas/taxonomy/google.<locale>.txt`). */
export const GOOGLE_TAXONOMY_LOCALES = ['en-US', 'da-DK', 'de-DE', 'sv-SE'] as const;

/**
 * A taxonomy as the load phase reads it: the ids as text, the paths as bytes, one entry per
 * line, so that handing it to a worker copies a string and a buffer rather than 27,000 strings.
 */
export interface TaxonomyLists {
  /** Every category id, one per line. */
  ids: string;
  /** Every full category path (`Apparel & Accessories > Clothing`), in every locale: UTF-8 lines, unique, in byte order. */
  paths: Uint8Array;
}

/** Membership in a taxonomy's ids and full paths. */
export interface Taxonomy {
  /** True when `text` is an id or a full path, exactly (callers trim). */
  has(text: string): boolean;
}

/** Answers kept per taxonomy: a catalog uses a few hundred categories again and again. */
const MEMO = 4096;

const encoder = new TextEncoder();

/**
 * The taxonomy of the load phase's lists, built once per compiled validator set: a set of the
 * ids, and a binary search over the paths' bytes (building a set of 22,000 paths cost more than
 * a whole small run's validation), with the answers remembered.
 */
export function taxonomyOf(lists: TaxonomyLists): Taxonomy {
  // Both made at the first value looked up: the lists may be read only then (taxonomy-file.ts).
  let ids: Set<string> | undefined;
  let bytes: Uint8Array = new Uint8Array(0);
  // Where each path starts, found at the first path looked up (a feed of ids needs none).
  let starts: number[] | undefined;
  const endOf = (line: number) =>
    line + 1 < (starts as number[]).length ? ((starts as number[])[line + 1] as number) - 1 : bytes.length;
  const memo = new Map<string, boolean>();
  const search = (key: Uint8Array): boolean => {
    if (starts === undefined) {
      bytes = lists.paths;
      starts = lineStarts(bytes);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = compareBytes(key, bytes, starts[mid] as number, endOf(mid));
      if (order === 0) return true;
      if (order < 0) high = mid - 1;
      else low = mid + 1;
    }
    return false;
  };
  return {
    has(text) {
      ids ??= new Set(lists.ids.split('\n'));
      if (ids.has(text)) return true;
      const known = memo.get(text);
      if (known !== undefined) return known;
      const answer = search(encoder.encode(text));
      if (memo.size >= MEMO) memo.clear();
      memo.set(text, answer);
      return answer;
    },
  };
}

function lineStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    starts.push(i);
    const end = bytes.indexOf(10, i);
    i = end < 0 ? bytes.length : end + 1;
  }
  return starts;
}

/** The order of `key` against `bytes[start, end)`: negative, 0 or positive. */
function compareBytes(key: Uint8Array, bytes: Uint8Array, start: number, end: number): number {
  const length = Math.min(key.length, end - start);
  for (let i = 0; i < length; i++) {
    const d = (key[i] as number) - (bytes[start + i] as number);
    if (d !== 0) return d;
  }
  return key.length - (end - start);
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
  return taxonomy.has(value.trim());
}

/** True when a schema uses the `taxonomy` keyword anywhere (then its taxonomy is loaded). */
export function usesTaxonomy(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  if (Array.isArray(schema)) return schema.some(usesTaxonomy);
  return Object.entries(schema).some(
    ([key, value]) => (key === 'taxonomy' && typeof value === 'string') || usesTaxonomy(value),
  );
}
