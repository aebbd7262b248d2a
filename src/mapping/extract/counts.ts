import type { ExtractField } from '../../config/extract.js';
import type { MappedRecord } from '../compile.js';

/** Where the values of one extracted field came from, over the records counted. */
export interface ExtractionFieldCounts {
  /** Records whose value the mapping made from the supplier's data. */
  supplier: number;
  /** Records whose empty value extraction filled (guesses). */
  extracted: number;
}

/** Counts of supplier values and guesses per extracted field. Plain data: mergeable across batches and threads. */
export interface ExtractionCounts {
  /** Records mapped (records a filter excluded are not counted). */
  records: number;
  /** Per field extraction may fill. */
  fields: Partial<Record<ExtractField, ExtractionFieldCounts>>;
}

export function emptyExtractionCounts(fields: readonly ExtractField[]): ExtractionCounts {
  return {
    records: 0,
    fields: Object.fromEntries(fields.map((field) => [field, { supplier: 0, extracted: 0 }])),
  };
}

/** Count one mapped record. */
export function countExtraction(counts: ExtractionCounts, mapped: MappedRecord): void {
  counts.records++;
  const product = mapped.product as Record<string, unknown>;
  // for…in: no arrays allocated per record.
  for (const field in counts.fields) {
    const entry = counts.fields[field as ExtractField] as ExtractionFieldCounts;
    if (mapped.extracted?.includes(field as ExtractField)) entry.extracted++;
    else if (product[field] !== undefined) entry.supplier++;
  }
}

/** Add `from` (a later batch) into `into`. */
export function mergeExtractionCounts(into: ExtractionCounts, from: ExtractionCounts): void {
  into.records += from.records;
  for (const [field, entry] of Object.entries(from.fields) as Array<[ExtractField, ExtractionFieldCounts]>) {
    let target = into.fields[field];
    if (target === undefined) {
      target = { supplier: 0, extracted: 0 };
      into.fields[field] = target;
    }
    target.supplier += entry.supplier;
    target.extracted += entry.extracted;
  }
}
