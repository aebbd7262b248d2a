import { isUtf8 } from 'node:buffer';
import { type Options, parse } from 'csv-parse/sync';
import type { RecordIssue } from '../../model/issues.js';
import { createDecoder } from '../decode.js';
import { withoutBlankLines } from './blank-lines.js';
import { splitRecords } from './fast-split.js';
import type { CsvDialect } from './sniff.js';

/**
 * Receives each record of a batch as soon as it is read, so a record's strings die
 * young instead of surviving the whole batch. `line` is the record's first line, relative to
 * the batch; `issue` is set when the row cannot be used (ragged, bad bytes): it goes to the
 * rejects.
 */
export type RowHandler = (line: number, fields: string[], issue: RecordIssue | undefined) => void;

/** Characters a windows-1252 decoder yields for bytes that windows-1252 leaves undefined. */
const UNDEFINED_1252 = /[\u0081\u008d\u008f\u0090\u009d]/;
const REPLACEMENT = '\ufffd';
const LF = 0x0a;

/** Lines in a batch: its LFs, and one more for a last line without a line end. */
function lineCount(text: Buffer): number {
  let lines = 0;
  for (let i = text.indexOf(LF); i !== -1; i = text.indexOf(LF, i + 1)) lines++;
  return text.length > 0 && text[text.length - 1] !== LF ? lines + 1 : lines;
}

/**
 * Each record of `text` with the offset just past its line end: cut by {@link splitRecords}
 * while the records have the plain shape, by csv-parse from the first that has not.
 */
export function readRecords(
  text: Buffer,
  delimiter: number,
  options: Options,
  onRecord: (fields: string[], end: number, reference: boolean) => void,
): void {
  const stop = splitRecords(text, delimiter, (fields, end) => onRecord(fields, end, false));
  if (stop >= text.length) return;
  // csv-parse builds an error object for every record of another length than the first, even
  // with relax_column_count, and capturing its stack was most of 40 µs per ragged row (a
  // flood of one-field lines took minutes). Stacks are off while csv-parse's own code runs and
  // on again for ours (the record handler maps and validates), so a bug of ours keeps its stack.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parse(text.subarray(stop), {
      ...options,
      on_record: (fields: string[], context: { bytes: number }) => {
        Error.stackTraceLimit = stackLimit;
        try {
          onRecord(fields, stop + context.bytes, true);
        } finally {
          Error.stackTraceLimit = 0;
        }
        return undefined;
      },
    });
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
}

/**
 * Everything needed to parse the batches of one input, built once per worker.
 * Parsing is pure: batch bytes in, rows out, no shared state.
 */
export class CsvBatchParser {
  private readonly lenient: (bytes: Uint8Array) => string;
  private readonly options: Options;
  private readonly delimiter: number;
  /** True while the record being handed on was read by csv-parse, not by the fast cut. */
  byReference = false;

  constructor(
    private readonly dialect: CsvDialect,
    private readonly header: readonly string[],
  ) {
    this.lenient = createDecoder(dialect.encoding);
    this.delimiter = dialect.delimiter.charCodeAt(0);
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
    let text: Buffer;
    let badBytes: RegExp | undefined;
    if (this.dialect.encoding === 'utf-8' && isUtf8(bytes)) {
      // csv-parse reads bytes natively; valid UTF-8 needs no decoding pass of our own.
      text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } else {
      // csv-parse would encode a string to UTF-8 itself; doing it here lets the line count below
      // read the same bytes as csv-parse's positions. Invalid UTF-8 (the rare path) is found in
      // the rows by its replacement characters.
      const decoded = this.lenient(bytes);
      if (this.dialect.encoding === 'utf-8') badBytes = /\ufffd/;
      else if (this.dialect.encoding === 'windows-1252' && UNDEFINED_1252.test(decoded))
        badBytes = UNDEFINED_1252;
      text = Buffer.from(decoded, 'utf8');
    }
    const columns = this.header.length;
    const header = this.header;
    const encoding = this.dialect.encoding;
    const blanks = withoutBlankLines(text, this.delimiter);
    const parsed = blanks?.text ?? text;
    const at = blanks?.at ?? [];
    // Lines are counted here, as LFs before a record's first byte (plus the blank lines taken out
    // before it), not taken from csv-parse, which counts a CRLF inside a quoted field as two lines.
    let next = 0;
    let shift = 0;
    let counted = 0;
    let lfs = 0;
    let start = 0;
    readRecords(parsed, this.delimiter, this.options, (fields, end, reference) => {
      this.byReference = reference;
      for (let i = parsed.indexOf(LF, counted); i !== -1 && i < start; i = parsed.indexOf(LF, i + 1)) lfs++;
      counted = start;
      while (next < at.length && (at[next] as number) <= start) {
        shift = blanks?.removed[next] as number;
        next++;
      }
      const line = 1 + lfs + shift;
      start = end;
      if (fields.length === 1 && fields[0] === '') return;
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
    });
    return lineCount(text);
  }
}
