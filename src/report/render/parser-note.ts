import type { SourceReport } from '../../sources/source.js';

/** What the report says of the parser when csv-parse read some records (the fast cut the rest). */
export function parserNote(source: SourceReport): string | undefined {
  const parser = source.parser;
  if (parser === undefined || parser.csv_parse === 0) return undefined;
  return `csv-parse read ${parser.csv_parse} of ${parser.fast + parser.csv_parse} records (records of a shape the fast cut does not take, and the rest of their batch)`;
}
