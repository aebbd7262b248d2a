/** The 25 columns of the bench file. */
export const COLUMNS: readonly string[];
/** Write `rows` deterministic supplier rows as CSV to `path`. */
export function generate(path: string, rows: number, seed?: number): Promise<void>;
/** Write the rows of a bench CSV as an XML export (`<products><product>…`). */
export function generateXml(csvPath: string, xmlPath: string): Promise<void>;
/** A small deterministic generator (mulberry32): numbers in [0, 1) from `seed`. */
export function random(seed: number): () => number;
