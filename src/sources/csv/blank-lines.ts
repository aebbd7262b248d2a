const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * A batch with its blank lines taken out, and where they were, so line numbers stay those of
 * the file. csv-parse turns each blank line into a one-field record and builds an error object
 * for its length (about 40 µs each): a file padded with millions of blank lines took minutes.
 */
export interface WithoutBlankLines {
  text: Buffer;
  /** Byte offsets, in the text without blanks, where each run of blank lines was taken out, ascending. */
  at: number[];
  /** Blank lines taken out before `after[i]`, counted from the batch's start. */
  removed: number[];
  /** Blank lines taken out in all. */
  total: number;
}

/**
 * `text` without its blank lines (a line end right after a line end, outside quoted fields;
 * CRLF or LF), or undefined when it has none, which is the common case and costs one search.
 * Quotes are read as the record cutter reads them: a quote opens a field only at its start.
 */
export function withoutBlankLines(text: Buffer, delimiter: number): WithoutBlankLines | undefined {
  if (text.indexOf('\n\n') === -1 && text.indexOf('\n\r\n') === -1) return undefined;
  const code = (i: number) => text[i] as number;
  const length = text.length;
  const kept: Array<[number, number]> = [];
  const at: number[] = [];
  let keptBytes = 0;
  const removed: number[] = [];
  let total = 0;
  let inQuotes = false;
  let fieldStart = true;
  let from = 0;
  let i = 0;
  while (i < length) {
    const c = code(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (i + 1 < length && code(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      i++;
      continue;
    }
    if (c === QUOTE && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (c === LF) {
      fieldStart = true;
      // Blank lines follow: skip them, CRLF or LF.
      let j = i + 1;
      let blanks = 0;
      for (;;) {
        if (j < length && code(j) === LF) j++;
        else if (j + 1 < length && code(j) === CR && code(j + 1) === LF) j += 2;
        else break;
        blanks++;
      }
      if (blanks > 0) {
        kept.push([from, i + 1]);
        keptBytes += i + 1 - from;
        from = j;
        total += blanks;
        at.push(keptBytes);
        removed.push(total);
        i = j;
        continue;
      }
    } else if (c === delimiter) {
      fieldStart = true;
    } else if (c !== CR) {
      fieldStart = false;
    }
    i++;
  }
  if (total === 0) return undefined;
  kept.push([from, length]);
  return { text: Buffer.concat(kept.map(([a, b]) => text.subarray(a, b))), at, removed, total };
}
