import type { CanonicalField, CanonicalProduct } from '../model/canonical.js';

/**
 * Where a canonical value came from: a supplier column (or the supplier's value a variant took
 * from its parent), a join file's column, the fill-in sheet (the join named `gaps`), a guess
 * of `extract`, a field's `default`, a constant `value`, or a `template` / `expr` made of
 * several columns.
 */
export const VALUE_SOURCES = [
  'supplier',
  'join',
  'sheet',
  'extraction',
  'default',
  'constant',
  'computed',
] as const;

/** One of {@link VALUE_SOURCES}. */
export type ValueSource = (typeof VALUE_SOURCES)[number];

/** A source as the compiled fields write it: its index in {@link VALUE_SOURCES}. */
export const SOURCE = Object.fromEntries(VALUE_SOURCES.map((source, i) => [source, i])) as Record<
  ValueSource,
  number
>;

/** No value read (the field is empty, or a variant's parent fills it later). */
export const NO_SOURCE = 255;

/** The join whose rows are the fill-in sheet (`--gaps`), as docs/readiness.md names it. */
export const SHEET_JOIN = 'gaps';

/** Values per field and source over some records. Plain data: merged by adding. */
export interface ProvenanceCounts {
  /** Records counted (mapped; excluded and unreadable rows are not). */
  records: number;
  /** Per canonical field with a value, the values from each source ({@link VALUE_SOURCES} order). */
  fields: Partial<Record<CanonicalField, number[]>>;
}

/** The sources of one mapped record: per compiled field (in the mapping's order), the source of its value. */
export interface RecordSources {
  /** The compiled fields, in order. */
  fields: readonly CanonicalField[];
  /** The source of each field's value in the record mapped last ({@link NO_SOURCE} when it read none). */
  sources: Uint8Array;
}

/** Counts of nothing. */
export function emptyProvenance(): ProvenanceCounts {
  return { records: 0, fields: {} };
}

/** Count one mapped record: each field with a value, by its source (extraction's guesses as such). */
export function countProvenance(
  counts: ProvenanceCounts,
  record: RecordSources,
  product: CanonicalProduct,
  extracted: readonly CanonicalField[] | undefined,
): void {
  counts.records++;
  const { fields, sources } = record;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as CanonicalField;
    if (product[field] === undefined) continue;
    let source = sources[i] as number;
    if (extracted?.includes(field)) source = SOURCE.extraction;
    else if (source === NO_SOURCE) source = SOURCE.supplier;
    add(counts, field, source);
  }
  // Fields only extraction fills are no field of the mapping's own.
  if (extracted !== undefined)
    for (const field of extracted) if (!fields.includes(field)) add(counts, field, SOURCE.extraction);
}

function add(counts: ProvenanceCounts, field: CanonicalField, source: number): void {
  let row = counts.fields[field];
  if (row === undefined) {
    row = new Array<number>(VALUE_SOURCES.length).fill(0);
    counts.fields[field] = row;
  }
  row[source] = (row[source] as number) + 1;
}

/** Add `from` into `into`. */
export function mergeProvenance(into: ProvenanceCounts, from: ProvenanceCounts): void {
  into.records += from.records;
  for (const [field, row] of Object.entries(from.fields) as Array<[CanonicalField, number[]]>) {
    const target = into.fields[field] ?? new Array<number>(VALUE_SOURCES.length).fill(0);
    for (let s = 0; s < row.length; s++) target[s] = (target[s] ?? 0) + (row[s] as number);
    into.fields[field] = target;
  }
}
