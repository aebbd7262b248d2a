import { quoter } from './delimited.js';

/**
 * The rows of a channel's update files (delta and supplemental outputs) as text: pure
 * functions, the files are written by publish/delta-files.ts.
 */

const tsvCell = quoter('\t');
const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** A supplemental feed's row (Google): tab-separated, quoted only where needed, as the feed. */
export function supplementalRow(cells: readonly string[]): string {
  return `${cells.map(tsvCell).join('\t')}\n`;
}

/** A CSV row with every cell quoted, as Meta's feed (a supplemental feed of a CSV channel). */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

/** A batch file's methods (Meta's Catalog Batch API `items_batch`). */
export type BatchMethod = 'CREATE' | 'UPDATE' | 'DELETE';

/** A batch file's row: the method, then the item's fields; every cell quoted, as Meta's feed. */
export function batchRow(method: BatchMethod | 'method', cells: readonly string[]): string {
  return csvRow([method, ...cells]);
}

/** A variant an upsert marks as gone: ACP has no delete yet, so it is sent unavailable. */
export function removedVariant(id: string, title: string): Record<string, unknown> {
  return { id, title, availability: { available: false, status: 'discontinued' } };
}

/** An upsert payload's line: one whole product, as `PATCH /feeds/{id}/products` takes it in `products`. */
export function upsertLine(product: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify(product)}\n`;
}
