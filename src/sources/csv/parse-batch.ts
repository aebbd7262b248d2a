import { isUtf8 } from 'node:buffer';
import { type Options, parse } from 'csv-parse/sync';
import type { RecordIssue } from '../../report/issues.js';
import { createDecoder } from '../decode.js';
import type { CsvDialect } from './sniff.js';

/**
 * Receives each record of a batch as soon as csv-parse has read it, so a record's strings die
 * young instead of surviving the whole batch. `line` is the record's first line, relative to
 * the batch; `issue` is set when the row cannot be used (ragged, bad bytes): it goes to the
 * rejects.
 */
export type RowHandler = (line: number, fields: string[], issue: RecordIssue | undefined) => void;

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

  /** Decode and parse one batch, handing each record to `onRow`; returns the lines it spans. */
  parse(bytes: Uint8Array, onRow: RowHandler): number {
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
    const columns = this.header.length;
    const header = this.header;
    const encoding = this.dialect.encoding;
    // csv-parse counts lines itself: `context.lines` is the line a record ends on.
    let lastLine = 0;
    parse(text, {
      ...this.options,
      on_record: (fields: string[], context: { lines: number }) => {
        const line = lastLine + 1;
        lastLine = context.lines;
        if (fields.length === 1 && fields[0] === '') return undefined;
        if (fields.length !== columns) {
          onRow(line, fields, {
            type: 'ragged-row',
            expected: String(columns),
            value: String(fields.length),
          });
        } else if (badBytes !== undefined && fields.some((value) => badBytes.test(value))) {
          const field = fields.findIndex((value) => badBytes.test(value));
          onRow(line, fields, {
            type: 'bad-encoding',
            expected: encoding,
            field: header[field],
            value: (fields[field] ?? '').replaceAll(REPLACEMENT, '?'),
          });
        } else onRow(line, fields, undefined);
        return undefined;
      },
    });
    return lastLine;
  }
}
