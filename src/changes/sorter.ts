import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CHUNK_BYTES, LineCursor } from './line-reader.js';
import { textFile } from './text-file.js';

/**
 * Characters of lines held before they are sorted and written as a run. Measured at 300k
 * Google items (38M characters of snapshot): all held cost +70 MB of peak RSS, runs of 16M
 * +42 MB, of 2M +22 MB; 4M makes about 32 runs at 1M items, each read back in 64 KiB chunks.
 */
const RUN_CHARS = 4 << 20;

/**
 * Bytes the runs' cursors read at once, together, when they are merged. Each cursor holds about
 * three times its chunk (the stream's buffer, the chunk read ahead, its lines as text), so
 * 256 KiB each made the merge grow with the input: ~75 runs at 3M items held ~60 MB. Shared,
 * the merge stays near 12 MB however many runs there are.
 */
const MERGE_BYTES = 4 << 20;

/** Write lines to a file, in large writes, and wait for them to be on disk. */
export async function writeLines(path: string, lines: readonly string[], head = ''): Promise<void> {
  const file = textFile(path, 1 << 20);
  file.write(head);
  for (const line of lines) {
    const wait = file.write(`${line}\n`);
    if (wait !== undefined) await wait;
  }
  await file.end();
}

/**
 * Sorts lines in bounded memory (an external merge sort): lines are held until
 * {@link RUN_CHARS}, then sorted and written as a run into `dir`; {@link sorted} merges the
 * runs. Lines sort by UTF-16 code units, so snapshot lines (escaped, tab after the id) sort by id.
 */
export class LineSorter {
  private lines: string[] = [];
  private chars = 0;
  private readonly runs: string[] = [];

  constructor(
    /** A folder for the runs (created when the first is written). */
    private readonly dir: string,
    /** Characters held before a run is written. */
    private readonly runChars = RUN_CHARS,
  ) {}

  /** Lines added so far. */
  count = 0;

  /** Add lines. */
  async add(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      this.lines.push(line);
      this.chars += line.length;
    }
    this.count += lines.length;
    if (this.chars >= this.runChars) await this.spill();
  }

  private async spill(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `run-${this.runs.length}`);
    this.lines.sort();
    await writeLines(path, this.lines);
    this.runs.push(path);
    this.lines = [];
    this.chars = 0;
  }

  /** Every line, sorted, as a cursor (held lines and the runs' lines merged). */
  async sorted(): Promise<SortedLines> {
    this.lines.sort();
    const cursors: Array<LineCursor | ArrayCursor> = [new ArrayCursor(this.lines)];
    const chunk = Math.max(
      16 << 10,
      Math.min(CHUNK_BYTES, Math.floor(MERGE_BYTES / Math.max(1, this.runs.length))),
    );
    for (const run of this.runs) cursors.push(await LineCursor.open(run, chunk));
    return new MergedCursor(cursors.filter((c) => c.head !== undefined));
  }
}

/** Lines in order: `head` the current one (undefined at the end), `next()` moves on (a promise only when it must wait). */
export interface SortedLines {
  readonly head: string | undefined;
  next(): Promise<void> | undefined;
}

class ArrayCursor implements SortedLines {
  private at = 0;
  constructor(private readonly lines: readonly string[]) {}
  get head(): string | undefined {
    return this.lines[this.at];
  }
  next(): undefined {
    this.at++;
    return undefined;
  }
}

/** A k-way merge of sorted cursors, through a binary heap of their heads. */
class MergedCursor implements SortedLines {
  head: string | undefined;

  constructor(private readonly heap: SortedLines[]) {
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.down(i);
    this.head = heap[0]?.head;
  }

  next(): Promise<void> | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const wait = top.next();
    if (wait !== undefined) return wait.then(() => this.settle(top));
    this.settle(top);
    return undefined;
  }

  /** After `top` (the heap's first) moved: drop it when done, sift it down, take the new head. */
  private settle(top: SortedLines): void {
    if (top.head === undefined) {
      const last = this.heap.pop() as SortedLines;
      if (this.heap.length > 0) this.heap[0] = last;
    }
    if (this.heap.length > 0) this.down(0);
    this.head = this.heap[0]?.head;
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && (heap[l]?.head as string) < (heap[least]?.head as string)) least = l;
      if (r < heap.length && (heap[r]?.head as string) < (heap[least]?.head as string)) least = r;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least] as SortedLines, heap[i] as SortedLines];
      i = least;
    }
  }
}
