import { readHeader } from '../csv/header.js';
import { readCsvRows } from '../csv/read-rows.js';
import { lfLineEnds, sniffCsv } from '../csv/sniff.js';
import { type Encoding, type OpenedInput, openInput } from '../input.js';
import { entryBytes } from './packed-table.js';

/** How to read one join file. */
export interface JoinRead {
  /** File to read. */
  file: string;
  /** Key column. */
  key: string;
  /** Columns to keep, in order. */
  fields: readonly string[];
  /** Encoding (`auto` sniffs). */
  encoding: Encoding | 'auto';
  /** Delimiter; undefined sniffs. */
  delimiter?: string;
  /** Largest table in bytes (UTF-16 length estimate); exceeding it is an error. */
  limit: number;
  /** Missing columns: throws the error for them (with the mapping position of each). */
  missing(columns: Array<{ name: string; field?: number }>, header: string[]): never;
  /** The table grew past `limit` at this line: throws. */
  tooLarge(line: number): never;
}

/** What was read from a join file. */
export interface JoinFileData {
  /** Key → values of the kept columns; the first row of a key wins. */
  table: Map<string, string[]>;
  /** Data rows read (the header not counted). */
  rows: number;
  /** Rows whose key an earlier row already had (ignored). */
  duplicates: number;
  /** Rows with an empty key, or ragged or undecodable (ignored). */
  skipped: number;
  encoding: Encoding;
  delimiter: string;
  gzip: boolean;
}

/**
 * Read a join file: its own gzip, BOM, encoding and delimiter sniffing, then only the key and
 * the listed columns are kept.
 */
export async function readJoinFile(read: JoinRead): Promise<JoinFileData> {
  const input = await openInput(read.file, read.encoding);
  try {
    return await readTable(input, read);
  } finally {
    // After a throw (a missing column, a table too large) the rest is unread: close the file.
    input.close();
  }
}

async function readTable(raw: OpenedInput, read: JoinRead): Promise<JoinFileData> {
  const input = lfLineEnds(raw);
  const dialect = sniffCsv(input.head, input.info.chunkEncoding, { delimiter: read.delimiter }, read.file);
  const header = readHeader(input.head, dialect.delimiter, dialect.encoding, read.file);
  const keyIndex = header.indexOf(read.key);
  const indexes = read.fields.map((name) => header.indexOf(name));
  const missing = [
    ...(keyIndex < 0 ? [{ name: read.key }] : []),
    ...read.fields.flatMap((name, field) => ((indexes[field] as number) < 0 ? [{ name, field }] : [])),
  ];
  if (missing.length > 0) read.missing(missing, header);

  const table = new Map<string, string[]>();
  let rows = 0;
  let duplicates = 0;
  let skipped = 0;
  let bytes = 0;
  await readCsvRows(input, dialect, header, read.file, (line, fields, issue) => {
    rows++;
    const key = (fields[keyIndex] ?? '').trim();
    if (issue !== undefined || key === '') {
      skipped++;
      return;
    }
    if (table.has(key)) {
      duplicates++;
      return;
    }
    const values = indexes.map((i) => (fields[i] ?? '').trim());
    table.set(key, values);
    bytes += entryBytes(key, values);
    if (bytes > read.limit) read.tooLarge(line);
  });
  return {
    table,
    rows,
    duplicates,
    skipped,
    encoding: input.info.encoding,
    delimiter: dialect.delimiter,
    gzip: input.info.gzip,
  };
}
