import { FeedkitError } from '../../model/errors.js';
import { createDecoder } from '../decode.js';
import type { Encoding, OpenedInput } from '../input.js';

/** The dialect of a delimited text file, sniffed from its first bytes or set in the mapping. */
export interface CsvDialect {
  /** Text encoding of the bytes the batches carry (UTF-16 input is transcoded to UTF-8 before batching). */
  encoding: Encoding;
  /** Field delimiter: `,` `;` tab or `|`. */
  delimiter: string;
}

/** Delimiters feedkit sniffs, in order of preference on a tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const SAMPLE_LINES = 50;

/**
 * Guess the delimiter from the first records of `text`: the candidate that splits the most
 * lines into the same non-zero number of fields wins. Quote-aware, so delimiters inside
 * quoted descriptions do not count.
 */
export function sniffDelimiter(text: string): string {
  let best: string = DELIMITERS[0];
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const counts = countPerRecord(text, delimiter);
    const frequency = new Map<number, number>();
    for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeCount = 0;
    let mode = 0;
    for (const [count, times] of frequency) {
      if (times > modeCount || (times === modeCount && count > mode)) {
        modeCount = times;
        mode = count;
      }
    }
    // Consistency first, then more fields: a stray comma in a few `;` rows must not win.
    const score = modeCount * 1000 + Math.min(mode, 999);
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

function countPerRecord(text: string, delimiter: string): number[] {
  const counts: number[] = [];
  let count = 0;
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < text.length && counts.length < SAMPLE_LINES; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (ch === delimiter) {
      count++;
      fieldStart = true;
    } else if (ch === '\n') {
      counts.push(count);
      count = 0;
      fieldStart = true;
    } else if (ch !== '\r') {
      fieldStart = false;
    }
  }
  return counts;
}

/**
 * True when the bytes look like a binary file rather than text: NUL bytes, or many
 * control characters other than tab, CR, LF and form feed.
 */
export function looksBinary(head: Uint8Array): boolean {
  const length = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < length; i++) {
    const byte = head[i] ?? 0;
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32) || byte === 127) control++;
  }
  return length > 0 && control / length > 0.05;
}

/**
 * Delimited text with LF line ends. A file whose head ends its lines with CR alone (Excel's
 * "CSV (Macintosh)", classic Mac OS: a CR and no LF in the first MiB) has every CR turned into
 * LF, line breaks inside quoted fields included (in such a file they are CRs too); without this
 * it is one line, a header of every record. CRLF and LF files, and LF files with a stray CR,
 * pass as they are. CR is one byte in every encoding chunks carry.
 */
export function lfLineEnds(input: OpenedInput): OpenedInput & { crOnly: boolean } {
  if (input.head.indexOf(0x0d) === -1 || input.head.indexOf(0x0a) !== -1) return { ...input, crOnly: false };
  const chunks = input.chunks;
  return {
    ...input,
    crOnly: true,
    head: crToLf(Buffer.from(input.head)),
    chunks: (async function* () {
      for await (const chunk of chunks) yield crToLf(chunk);
    })(),
  };
}

function crToLf(bytes: Buffer): Buffer {
  for (let i = bytes.indexOf(0x0d); i !== -1; i = bytes.indexOf(0x0d, i + 1)) bytes[i] = 0x0a;
  return bytes;
}

/** Sniff the dialect from the (already decoded to UTF-8 where needed) head of the input. */
export function sniffCsv(
  head: Uint8Array,
  encoding: Encoding,
  overrides: { delimiter?: string },
  path: string,
): CsvDialect {
  if (looksBinary(head)) {
    throw new FeedkitError('input-binary', 'input is not delimited text (binary data)', {
      file: path,
      expected: 'CSV or TSV text',
    });
  }
  const text = createDecoder(encoding)(head);
  if (text.trim() === '') throw new FeedkitError('input-empty', 'input is empty', { file: path });
  const delimiter = overrides.delimiter ?? sniffDelimiter(text);
  return { encoding, delimiter };
}
