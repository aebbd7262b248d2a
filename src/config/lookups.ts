import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { besideMapping } from './beside.js';

/**
 * A lookup table named by a mapping, as read at load time: its rows (key compared trimmed and
 * lower-cased, value trimmed), or why it could not be read (reported when the mapping is
 * compiled, at the step that names it). Plain data, so a worker receives it with the bundle.
 */
export type LookupTable =
  | {
      /** Key → value pairs, in file order. */
      entries: Array<[string, string]>;
    }
  | {
      /** What stopped the table being read, as the compile error says it. */
      error: string;
    };

/**
 * A lookup table named by a mapping: a CSV file in the mapping's folder or below it (a mapping
 * must not read anything else), first column the key (compared trimmed, lower-cased), second
 * the value; the header row is skipped.
 */
export function readLookupTable(mappingPath: string, name: string): LookupTable {
  let rows: string[][];
  try {
    const file = besideMapping(mappingPath, name, 'tables');
    try {
      rows = parse(readFileSync(file), { bom: true, relax_column_count: true, skip_empty_lines: true });
    } catch (error) {
      return {
        error: `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      };
    }
  } catch (error) {
    return { error: (error as Error).message };
  }
  const entries = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const [key, value] = row;
    if (key !== undefined && value !== undefined && value.trim() !== '')
      entries.set(key.trim().toLowerCase(), value.trim());
  }
  return { entries: [...entries] };
}

/**
 * The files the mapping's `lookup` steps name, anywhere in it (fields, channel overrides):
 * `{ lookup: file.csv }` or `{ lookup: { file: file.csv } }`.
 */
export function lookupNames(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const object = node as Record<string, unknown>;
    const step = object.lookup;
    const file = typeof step === 'string' ? step : (step as { file?: unknown } | null)?.file;
    // The lookup transform takes only `.csv` names; other names fail at its options.
    if (typeof file === 'string' && file.endsWith('.csv')) names.add(file);
    for (const child of Object.values(object)) visit(child);
  };
  visit(value);
  return [...names];
}
