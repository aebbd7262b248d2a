import type { SourceReport } from '../../sources/source.js';

/** What the report says of the parser when the reference parser read some records (the fast path the rest). */
export function parserNote(source: SourceReport): string | undefined {
  const parser = source.parser;
  if (parser === undefined) return undefined;
  if ('csv_parse' in parser) {
    if (parser.csv_parse === 0) return undefined;
    return `csv-parse read ${parser.csv_parse} of ${parser.fast + parser.csv_parse} records (records of a shape the fast cut does not take, and the rest of their batch)`;
  }
  if (parser.saxes === 0) return undefined;
  return `saxes read ${parser.saxes} of ${parser.fast + parser.saxes} records character by character (records the fast scan does not take: a namespace declaration or processing instruction inside, the document's first entity XML does not predefine, a name outside ASCII)`;
}
