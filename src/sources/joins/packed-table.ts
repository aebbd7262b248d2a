/**
 * A read-only string table (key → a fixed number of text values) packed into shared memory.
 *
 * Join files and the variants pre-pass build their tables once on the main thread; every
 * worker reads the same bytes (a SharedArrayBuffer travels to a worker without a copy), so a
 * table costs its size once, not once per thread, and structured cloning costs nothing.
 */
export interface PackedTable {
  /** UTF-8 bytes of every key and value, back to back. */
  text: SharedArrayBuffer;
  /** Per row, `width + 1` end offsets into `text`: the key's, then each value's. */
  ends: SharedArrayBuffer;
  /** Open-addressing hash index (a power of two long): row + 1 per slot, 0 when empty. */
  slots: SharedArrayBuffer;
  /** Values per row. */
  width: number;
  /** Number of rows. */
  rows: number;
}

/** Bytes a table of these entries takes once packed (for limits checked while collecting). */
export function entryBytes(key: string, values: readonly string[]): number {
  let bytes = key.length + 12;
  for (const value of values) bytes += value.length + 4;
  return bytes;
}

/**
 * Pack entries (in insertion order, which becomes the row number) into a {@link PackedTable}.
 * Keys must be unique; every entry must have `width` values.
 */
export function packTable(entries: ReadonlyMap<string, readonly string[]>, width: number): PackedTable {
  let size = 0;
  for (const [key, values] of entries) {
    size += Buffer.byteLength(key);
    for (const value of values) size += Buffer.byteLength(value);
  }
  const rows = entries.size;
  const text = new SharedArrayBuffer(Math.max(size, 1));
  const ends = new SharedArrayBuffer(Math.max(rows * (width + 1) * 4, 4));
  const slotCount = nextPowerOfTwo(Math.max(rows * 2, 8));
  const slots = new SharedArrayBuffer(slotCount * 4);
  const bytes = Buffer.from(text);
  const endView = new Uint32Array(ends);
  const slotView = new Uint32Array(slots);
  let at = 0;
  let row = 0;
  for (const [key, values] of entries) {
    const start = at;
    at += bytes.write(key, at);
    endView[row * (width + 1)] = at;
    for (let i = 0; i < width; i++) {
      at += bytes.write(values[i] ?? '', at);
      endView[row * (width + 1) + 1 + i] = at;
    }
    let slot = hash(bytes, start, start + Buffer.byteLength(key)) & (slotCount - 1);
    while (slotView[slot] !== 0) slot = (slot + 1) & (slotCount - 1);
    slotView[slot] = row + 1;
    row++;
  }
  return { text, ends, slots, width, rows };
}

/** Reads a {@link PackedTable}; cheap to create (views only), one per thread. */
export class TableReader {
  private readonly bytes: Buffer;
  private readonly ends: Uint32Array;
  private readonly slots: Uint32Array;
  private readonly width: number;
  /** A key being looked up, as UTF-8; reused, so a lookup allocates nothing. */
  private probe = Buffer.allocUnsafe(256);
  readonly rows: number;

  constructor(table: PackedTable) {
    this.bytes = Buffer.from(table.text);
    this.ends = new Uint32Array(table.ends);
    this.slots = new Uint32Array(table.slots);
    this.width = table.width;
    this.rows = table.rows;
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    if (this.rows === 0) return -1;
    // A UTF-16 unit takes at most 3 bytes in UTF-8; with less room, write() would cut the key short.
    if (key.length * 3 > this.probe.length) this.probe = Buffer.allocUnsafe(key.length * 3);
    const probe = this.probe;
    const length = probe.write(key, 'utf8');
    const mask = this.slots.length - 1;
    for (let slot = hash(probe, 0, length) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return -1;
      const row = entry - 1;
      const start = this.start(row);
      const end = this.ends[row * (this.width + 1)] as number;
      if (end - start === length && this.bytes.compare(probe, 0, length, start, end) === 0) {
        return row;
      }
    }
  }

  /** Value `i` of a row ('' when empty). */
  value(row: number, i: number): string {
    const base = row * (this.width + 1);
    return this.bytes.toString('utf8', this.ends[base + i] as number, this.ends[base + i + 1] as number);
  }

  private start(row: number): number {
    return row === 0 ? 0 : (this.ends[row * (this.width + 1) - 1] as number);
  }
}

/** FNV-1a over bytes. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
