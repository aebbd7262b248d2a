import { parse } from 'csv-parse/sync';
import { FeedkitError } from '../../model/errors.js';
import { createDecoder } from '../decode.js';
import type { Encoding } from '../input.js';

/** Column names from the first record; empty or duplicate names are input errors. */
export function readHeader(head: Buffer, delimiter: string, encoding: Encoding, path: string): string[] {
  const text = createDecoder(encoding)(head);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      to: 1,
      relax_quotes: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
    });
  } catch (error) {
    throw new FeedkitError('input-header', `cannot read the header row: ${(error as Error).message}`, {
      file: path,
      line: 1,
    });
  }
  const names = (records[0] ?? []).map((name) => name.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') {
      throw new FeedkitError('input-header', `column ${i + 1} of the header has no name`, {
        file: path,
        line: 1,
        expected: 'a name for every column',
      });
    }
    const before = seen.get(name);
    if (before !== undefined) {
      throw new FeedkitError(
        'input-header',
        `duplicate column name "${name}" (columns ${before + 1} and ${i + 1})`,
        {
          file: path,
          line: 1,
        },
      );
    }
    seen.set(name, i);
  });
  return names;
}
