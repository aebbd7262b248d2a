import { FeedkitError } from '../../model/errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Longest record a cutter of an input accepts before it calls the input broken. */
export const MAX_RECORD_BYTES = 16 << 20;

/**
 * Most fields a record may have. A parser builds a string per field, so a 10 MB run of
 * delimiters is ten million strings: more than a worker's heap holds, where it died of V8's
 * out-of-memory abort. Catalogues have hundreds of columns, not a hundred thousand.
 */
export const MAX_FIELDS = 100_000;

/**
 * Most records in one batch. A batch's results grow with its records, not its bytes: a
 * megabyte of three-byte records is 350,000 rejects of 200 bytes each, 70 MB per batch in
 * flight. Feeds have records of hundreds of bytes, so this bound is rarely the one that cuts.
 */
export const MAX_BATCH_RECORDS = 8192;

/**
 * Cuts a byte stream of delimited text into batches that end on record boundaries:
 * a newline outside quotes. A quote opens a quoted field only at the start of a field
 * (as csv-parse reads it), so `12" pan` in an unquoted field does not confuse the cut.
 * Works on UTF-8 and single-byte encodings, where `"`, `\n` and the delimiter are
 * always single bytes.
 */
export class RecordCutter {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  /** Scan state at the end of `pending`: carried so each byte is looked at once. */
  private inQuotes = false;
  private fieldStart = true;
  /** The previous chunk ended on a quote inside a quoted field: closing or first half of `""`. */
  private quoteAtEnd = false;
  /** Offset into the concatenated pending bytes of the last record boundary seen (after its `\n`). */
  private boundary = 0;
  /** Delimiters seen outside quotes in the record after `boundary`. */
  private fields = 1;
  /** Records ended since the last cut. */
  private records = 0;
  /** Offsets into the pending bytes where a batch of {@link MAX_BATCH_RECORDS} records ends. */
  private cuts: number[] = [];

  constructor(
    private readonly delimiter: number,
    private readonly batchBytes: number,
    private readonly maxRecordBytes: number,
    private readonly path: string,
    /** Line number of the first pending byte, for error messages only. */
    private line = 1,
  ) {}

  /** Line of the record that starts at `boundary`: LFs before it, quoted ones included. */
  private recordLine(scanning: Buffer): number {
    let line = this.line;
    let offset = 0;
    for (const chunk of [...this.pending, scanning]) {
      const end = Math.min(chunk.length, this.boundary - offset);
      for (let i = chunk.indexOf(LF); i !== -1 && i < end; i = chunk.indexOf(LF, i + 1)) line++;
      offset += chunk.length;
      if (offset >= this.boundary) break;
    }
    return line;
  }

  /** Add bytes; returns the batches that are complete. */
  push(chunk: Buffer): Buffer[] {
    const base = this.pendingSize;
    this.scan(chunk, base);
    this.pending.push(chunk);
    this.pendingSize += chunk.length;
    const out: Buffer[] = [];
    const full =
      this.boundary >= this.batchBytes || (this.pendingSize >= this.batchBytes && this.boundary > 0);
    if (full || this.cuts.length > 0) {
      const cuts = this.cuts;
      if (full && this.boundary > (cuts[cuts.length - 1] ?? 0)) cuts.push(this.boundary);
      const end = cuts[cuts.length - 1] as number;
      // A batch gets memory of its own (so it can be handed to a worker without a copy); the
      // small rest of the last record is copied out of it, and so is each batch but the first
      // when one chunk holds several (a transfer would detach the memory they share).
      const all = Buffer.concat(this.pending);
      let from = 0;
      for (const cut of cuts) {
        const batch = from === 0 ? all.subarray(0, cut) : Buffer.from(all.subarray(from, cut));
        for (let i = batch.indexOf(LF); i !== -1; i = batch.indexOf(LF, i + 1)) this.line++;
        out.push(batch);
        from = cut;
      }
      const rest = Buffer.from(all.subarray(end));
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingSize = rest.length;
      this.boundary = Math.max(0, this.boundary - end);
      this.cuts = [];
      if (full) this.records = 0;
    } else if (this.boundary === 0 && this.pendingSize > this.maxRecordBytes) {
      throw new FeedkitError(
        'input-record-too-large',
        this.inQuotes
          ? `a quoted field is not closed within ${this.maxRecordBytes} bytes (a stray quote?)`
          : `a record is longer than ${this.maxRecordBytes} bytes`,
        { file: this.path, line: this.line },
      );
    }
    return out;
  }

  /** The last batch, at end of input. Throws when the input ends inside a quoted field. */
  end(): Buffer | undefined {
    if (this.quoteAtEnd) this.inQuotes = false;
    if (this.inQuotes) {
      throw new FeedkitError(
        'input-truncated',
        'input ends inside a quoted field (file cut off, or a stray quote)',
        {
          file: this.path,
        },
      );
    }
    if (this.pendingSize === 0) return undefined;
    const all = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingSize = 0;
    return all;
  }

  private scan(chunk: Buffer, base: number): void {
    const delimiter = this.delimiter;
    let inQuotes = this.inQuotes;
    let fieldStart = this.fieldStart;
    let i = 0;
    const length = chunk.length;
    if (this.quoteAtEnd && length > 0) {
      this.quoteAtEnd = false;
      if (chunk[0] === QUOTE) i = 1;
      else {
        inQuotes = false;
        fieldStart = false;
      }
    }
    while (i < length) {
      if (inQuotes) {
        const quote = chunk.indexOf(QUOTE, i);
        if (quote === -1) {
          i = length;
          break;
        }
        if (quote + 1 < length) {
          if (chunk[quote + 1] === QUOTE) {
            i = quote + 2;
            continue;
          }
          inQuotes = false;
          fieldStart = false;
          i = quote + 1;
          continue;
        }
        // A quote as the chunk's last byte: whether it is doubled is known only with the next chunk.
        this.quoteAtEnd = true;
        i = length;
        break;
      }
      const byte = chunk[i];
      if (byte === QUOTE) {
        if (fieldStart) inQuotes = true;
        fieldStart = false;
        i++;
      } else if (byte === LF) {
        this.boundary = base + i + 1;
        this.fields = 1;
        if (++this.records >= MAX_BATCH_RECORDS) {
          this.cuts.push(this.boundary);
          this.records = 0;
        }
        fieldStart = true;
        i++;
      } else if (byte === delimiter) {
        fieldStart = true;
        i++;
        if (++this.fields > MAX_FIELDS) {
          this.inQuotes = inQuotes;
          throw new FeedkitError('input-record-too-large', `a record has more than ${MAX_FIELDS} fields`, {
            file: this.path,
            line: this.recordLine(chunk),
            expected: `at most ${MAX_FIELDS} fields`,
          });
        }
      } else if (byte === CR) {
        i++;
      } else {
        // Jump to the next byte that can change the state.
        fieldStart = false;
        let next = i + 1;
        while (next < length) {
          const b = chunk[next];
          if (b === QUOTE || b === LF || b === delimiter) break;
          next++;
        }
        i = next;
      }
    }
    this.inQuotes = inQuotes;
    this.fieldStart = fieldStart;
  }
}
