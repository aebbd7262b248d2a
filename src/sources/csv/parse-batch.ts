import { isUtf8 } from 'node:buffer';
import { type Options, parse } from 'csv-parse/sync';
import type { RecordIssue } from '../../report/issues.js';
import { createDecoder } from '../decode.js';
import type { CsvDialect } from './sniff.js';

/** A record read from a batch: its fields, or the reason it could not be read. */
export interface CsvRow {
  /** 1-based line of the record's first line, relative to the batch. */
  line: number;
  /** Field values, one per header column (only when `issue` is absent). */
  fields: string[];
  /** Set when the row cannot be used (ragged, bad bytes); it goes to the rejects. */
  issue?: RecordIssue;
}

/** The rows of one batch and the number of lines it spans. */
export interface ParsedBatch {
  rows: CsvRow[];
  lines: number;
}

/** Characters a windows-1252 decoder yields for bytes that windows-1252 leaves undefined. */
const UNDEFINED_1252 = /[\u0081\u008d\u008f\u0090\u009d]/;
const REPLACEMENT = '\ufffd';

/**
 * Everything needed to parse the batches of one input, built once per worker.
 * Parsing is pure: batch bytes in, rows out, no shared state.
 */
export class CsvBatchParser {
  private readonly lenient: (bytes: Uint8Array) => string;
  private readonly options: Options;

  constructor(
    private readonly dialect: CsvDialect,
    private readonly header: readonly string[],
  ) {
    this.lenient = createDecoder(dialect.encoding);
    this.options = {
      delimiter: dialect.delimiter,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    };
  }

  /** Decode and parse one batch. */
  parse(bytes: Uint8Array): ParsedBatch {
    let text: string | Buffer;
    let badBytes: RegExp | undefined;
    if (this.dialect.encoding === 'utf-8') {
      if (isUtf8(bytes)) {
        // csv-parse reads bytes natively; valid UTF-8 needs no decoding pass of our own.
        text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } else {
        // Rare path: find the rows with invalid bytes by their replacement characters.
        text = this.lenient(bytes);
        badBytes = /\ufffd/;
      }
    } else {
      text = this.lenient(bytes);
      if (this.dialect.encoding === 'windows-1252' && UNDEFINED_1252.test(text)) badBytes = UNDEFINED_1252;
    }
    const records = parse(text, this.options) as string[][];
    const rows: CsvRow[] = [];
    let line = 1;
    const columns = this.header.length;
    // When the batch has exactly one line per record, no field holds a line break and the
    // per-field search for them can be skipped.
    const oneLineEach = countNewlines(text) + (endsWithNewline(text) ? 0 : 1) === records.length;
    for (let r = 0; r < records.length; r++) {
      const fields = records[r] as string[];
      const start = line;
      line++;
      if (!oneLineEach) {
        for (let f = 0; f < fields.length; f++) {
          const value = fields[f] as string;
          if (value.length > 0 && value.indexOf('\n') !== -1) line += countNewlines(value);
        }
      }
      if (fields.length === 1 && fields[0] === '') continue;
      if (fields.length !== columns) {
        rows.push({
          line: start,
          fields,
          issue: {
            type: 'ragged-row',
            expected: String(columns),
            value: String(fields.length),
          },
        });
      } else if (badBytes !== undefined && fields.some((value) => badBytes.test(value))) {
        const field = fields.findIndex((value) => badBytes.test(value));
        rows.push({
          line: start,
          fields,
          issue: {
            type: 'bad-encoding',
            expected: this.dialect.encoding,
            field: this.header[field],
            value: (fields[field] ?? '').replaceAll(REPLACEMENT, '?'),
          },
        });
      } else {
        rows.push({ line: start, fields });
      }
    }
    // A batch always ends with a newline except the last; count the lines it spans.
    return { rows, lines: line - 1 };
  }
}

function countNewlines(value: string | Buffer): number {
  let count = 0;
  // Buffer and string both have indexOf; the number 10 and '\n' find the same line feeds.
  const needle = typeof value === 'string' ? '\n' : 10;
  let index = (value as Buffer).indexOf(needle as number);
  while (index !== -1) {
    count++;
    index = (value as Buffer).indexOf(needle as number, index + 1);
  }
  return count;
}

function endsWithNewline(text: string | Buffer): boolean {
  return text.length > 0 && (typeof text === 'string' ? text.endsWith('\n') : text[text.length - 1] === 10);
}
