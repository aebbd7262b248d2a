import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { SeenKeys } from '../channels/seen-keys.js';
import { FeedkitError } from '../model/errors.js';
import { readHeader } from '../sources/csv/header.js';
import { readCsvRows } from '../sources/csv/read-rows.js';
import { lfLineEnds, sniffCsv } from '../sources/csv/sniff.js';
import { createDecoder } from '../sources/decode.js';
import { type Encoding, openInput } from '../sources/input.js';
import xml from '../sources/xml.js';
import { matchHeader } from './match.js';
import { type ColumnState, DISTINCT_LIMIT, emptyKinds, finish, observe, warningsOf } from './observe.js';
import type { InputProfile, InspectWarning } from './profile-types.js';

export { DISTINCT_LIMIT } from './observe.js';
export type * from './profile-types.js';

/** Column names of the header row as written, for a header that `readHeader` refuses (duplicates). */
function rawHeader(head: Buffer, delimiter: string, encoding: Encoding): string[] {
  const records = parse(createDecoder(encoding)(head), {
    delimiter,
    to: 1,
    relax_quotes: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n'],
  }) as string[][];
  return (records[0] ?? []).map((name) => name.trim());
}

/**
 * Read an input once, streaming, and profile it: dialect, decimal style, and per column
 * fill, distinct values, samples, type and warnings. Memory stays bounded: distinct values
 * are counted up to {@link DISTINCT_LIMIT} per column, and only columns that look like keys
 * keep a (hashed) set of every value, to find duplicates.
 */
export async function profileInput(path: string, stdin?: Readable): Promise<InputProfile> {
  const input = lfLineEnds(await openInput(path, 'auto', stdin));
  if (xml.sniff(input.head)) {
    throw new FeedkitError(
      'input-malformed',
      'this is XML: inspect and init read delimited text (CSV, TSV)',
      {
        file: path,
        expected: 'CSV or TSV; for XML, start from mappings/bmecat-2005.yaml or mappings/google-rss.yaml',
      },
    );
  }
  const dialect = sniffCsv(input.head, input.info.chunkEncoding, {}, path);
  const warnings: InspectWarning[] = [];
  let header: string[];
  try {
    header = readHeader(input.head, dialect.delimiter, dialect.encoding, path);
  } catch (error) {
    if (!(error instanceof FeedkitError) || error.code !== 'input-header') throw error;
    header = rawHeader(input.head, dialect.delimiter, dialect.encoding);
    warnings.push({
      type: 'duplicate-column',
      count: 1,
      message: `${error.message}: convert refuses this header; rename the column`,
      examples: [],
    });
  }
  const states: ColumnState[] = header.map((name) => {
    const field = matchHeader(name)[0]?.field;
    return {
      name,
      filled: 0,
      maxLength: 0,
      distinct: new Map(),
      capped: false,
      samples: [],
      kinds: emptyKinds(),
      currencies: new Map(),
      units: new Map(),
      separators: new Map(),
      origins: new Map(),
      examples: {},
      keys: field === 'id' || field === 'gtin' || field === 'mpn' ? new SeenKeys() : undefined,
      duplicates: 0,
    };
  });
  let records = 0;
  const rowIssues = { 'ragged-row': [] as string[], 'bad-encoding': [] as string[] };
  const rowIssueCounts = { 'ragged-row': 0, 'bad-encoding': 0 };
  const lines = await readCsvRows(input, dialect, header, path, (line, fields, issue) => {
    records++;
    if (issue !== undefined && (issue.type === 'ragged-row' || issue.type === 'bad-encoding')) {
      rowIssueCounts[issue.type]++;
      const list = rowIssues[issue.type];
      if (list.length < 3)
        list.push(
          issue.type === 'ragged-row'
            ? `line ${line}: ${issue.value} fields`
            : `line ${line}: ${issue.value}`,
        );
      if (issue.type === 'ragged-row') return;
    }
    for (let i = 0; i < states.length; i++) {
      const value = fields[i];
      if (value !== undefined && value !== '') observe(states[i] as ColumnState, value);
    }
  });

  const columns = states.map((state) => finish(state, records));
  warnings.push(...warningsOf(states, columns));
  if (rowIssueCounts['ragged-row'] > 0)
    warnings.push({
      type: 'ragged-row',
      count: rowIssueCounts['ragged-row'],
      message: `rows with another number of fields than the header's ${header.length}: convert rejects them`,
      examples: rowIssues['ragged-row'],
    });
  if (rowIssueCounts['bad-encoding'] > 0)
    warnings.push({
      type: 'bad-encoding',
      count: rowIssueCounts['bad-encoding'],
      message: `rows with bytes that are not ${dialect.encoding}: convert rejects them`,
      examples: rowIssues['bad-encoding'],
    });

  let comma = 0;
  let dot = 0;
  for (const column of columns) {
    comma += column.kinds.decimal_comma;
    dot += column.kinds.decimal_dot;
  }
  // A few dotted numbers (versions, dimensions) in a comma file do not make it mixed.
  const decimal: InputProfile['decimal'] =
    comma === 0 && dot === 0 ? 'unknown' : comma > dot * 9 ? ',' : dot > comma * 9 ? '.' : 'mixed';
  return {
    path,
    format: 'csv',
    encoding: input.info.encoding,
    bom: input.info.bom,
    gzip: input.info.gzip,
    delimiter: dialect.delimiter,
    decimal,
    records,
    lines,
    columns,
    warnings,
  };
}
