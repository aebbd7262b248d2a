import type { RecordIssue } from '../model/issues.js';
/**
 * The snapshot of a published channel: one line per accepted item, sorted by id, so that a
 * catalog repository can commit it and the next run can compare with it in one streaming pass.
 *
 * ```
 * # feedkit snapshot 1
 * id	price	sale_price	availability	title	link	image_link	…
 * A1	12.00 EUR		in stock	Red shoe	k3Xa	Pq0-	…
 * ```
 *
 * The second line names the columns: the item's id, the values of the fields the change rules
 * read (price, sale price, availability, title, named by their canonical names), then a short
 * hash of every other field's value under the channel's field name (empty: the item has no
 * value). Tabs, line breaks, backslashes and other control characters in a value are written
 * as `\t`, `\n`, `\r`, `\\`, `\xNN`, so every line sorts by its id.
 */

/** The first line of every snapshot file (its format's version). */
export const SNAPSHOT_MAGIC = '# feedkit snapshot 1';

/** The canonical fields whose values (not only hashes) a snapshot keeps, in its column order. */
export const VALUE_FIELDS = ['price', 'sale_price', 'availability', 'title'] as const;

/** One of {@link VALUE_FIELDS}. */
export type ValueField = (typeof VALUE_FIELDS)[number];

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
const SPECIAL = /[\u0000-\u001f\\]/g;
const ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };

/** A value as a snapshot cell: no tab, line break or control character. */
export function escapeCell(text: string): string {
  // Nearly every value has nothing to escape: a scan of its code units is cheaper than a regex.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 92)
      return text.replace(
        SPECIAL,
        (s) => ESCAPES[s] ?? `\\x${s.charCodeAt(0).toString(16).padStart(2, '0')}`,
      );
  }
  return text;
}

/** A snapshot cell's value again. */
export function unescapeCell(cell: string): string {
  if (!cell.includes('\\')) return cell;
  return cell.replace(/\\(x[0-9a-f]{2}|.)/g, (_, c: string) =>
    c === 't'
      ? '\t'
      : c === 'n'
        ? '\n'
        : c === 'r'
          ? '\r'
          : c.length === 3
            ? String.fromCharCode(Number.parseInt(c.slice(1), 16))
            : c,
  );
}

const DIGIT_CODES = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', (c) =>
  c.charCodeAt(0),
);

/**
 * A field value's hash: 24 bits of FNV-1a over its UTF-16 code units, as four base64url
 * characters. Two different values of one item's field look alike once in 16.7 million
 * changes: short enough for a 1M-item snapshot of tens of MB, long enough for a change count.
 */
export function valueHash(text: string): string {
  // The code units are copied out natively and read from an array: `charCodeAt` over values of
  // every string shape (slices, ropes from HTML stripping, flat) ran at ~2.8 ns a unit, the
  // array at ~1.9 (the hash is the same).
  if (text.length > units.length) {
    units = new Uint16Array(text.length * 2);
    unitBytes = Buffer.from(units.buffer);
  }
  const n = unitBytes.write(text, 0, 'utf16le') >> 1;
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ (units[i] as number), 0x01000193);
  h = ((h >>> 0) ^ (h >>> 24)) & 0xffffff;
  // One string made at once: concatenating the four characters made three.
  return String.fromCharCode(
    DIGIT_CODES[h >>> 18] as number,
    DIGIT_CODES[(h >>> 12) & 63] as number,
    DIGIT_CODES[(h >>> 6) & 63] as number,
    DIGIT_CODES[h & 63] as number,
  );
}

let units = new Uint16Array(4096);
let unitBytes = Buffer.from(units.buffer);

/** An item value as text: a string as it is, a number or yes/no as written, a list or object as JSON. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Where a channel's item fields go in its snapshot lines. */
export interface SnapshotLayout {
  /** The item field holding the id. */
  key: string;
  /** Per {@link VALUE_FIELDS} entry, the channel field that holds it, if the channel has it. */
  values: Array<string | undefined>;
  /** The other fields, hashed, by channel field name. */
  hashed: string[];
}

/** The layout of a channel's snapshot: its key, the value fields the channel has, the rest hashed. */
export function snapshotLayout(
  key: string,
  fields: ReadonlyArray<{ name: string; from: string }>,
): SnapshotLayout {
  const values = VALUE_FIELDS.map(
    (canonical) => fields.find((f) => f.from === canonical && f.name !== key)?.name,
  );
  const taken = new Set<string>([key, ...values.filter((name) => name !== undefined)]);
  return { key, values, hashed: fields.map((f) => f.name).filter((name) => !taken.has(name)) };
}

/** The two header lines of a snapshot with this layout (each ends with a line break). */
export function snapshotHeader(layout: SnapshotLayout): string {
  return `${SNAPSHOT_MAGIC}\n${['id', ...VALUE_FIELDS, ...layout.hashed.map(escapeCell)].join('\t')}\n`;
}

/** One accepted item's snapshot line, without its line break. */
export function snapshotLine(layout: SnapshotLayout, item: Readonly<Record<string, unknown>>): string {
  // The cells into one array joined once: appending them one by one made a string per cell
  // and a rope node per tab (~2.8 KB of garbage per Google item, the worker's top allocation).
  const cells = cellsOf(layout);
  let at = 0;
  cells[at++] = escapeCell(valueText(item[layout.key]));
  for (const name of layout.values) cells[at++] = name === undefined ? '' : escapeCell(valueText(item[name]));
  for (const name of layout.hashed) {
    const text = valueText(item[name]);
    cells[at++] = text === '' ? '' : valueHash(text);
  }
  return cells.join('\t');
}

/** Per layout, one array of its cells, filled again for each line (the line is made synchronously). */
const cellArrays = new WeakMap<SnapshotLayout, string[]>();

function cellsOf(layout: SnapshotLayout): string[] {
  let cells = cellArrays.get(layout);
  if (cells === undefined) {
    cells = new Array<string>(1 + layout.values.length + layout.hashed.length).fill('');
    cellArrays.set(layout, cells);
  }
  return cells;
}

/** A rejected item's line for the comparison: `<id>\t<L|R>\t<reason>`; `L` drops an accepted line of that id (rejected after it was accepted). */
export function rejectedLine(id: string, late: boolean, reason: string): string {
  return `${id}\t${late ? 'L' : 'R'}\t${reason}`;
}

/** The line of a rejected record of key `key`, its reason its first issue's type and field (`invalid-gtin gtin`). */
export function rejectedRecordLine(key: string, late: boolean, issues: readonly RecordIssue[]): string {
  const first = issues[0];
  const reason =
    first === undefined ? '' : first.field === undefined ? first.type : `${first.type} ${first.field}`;
  return rejectedLine(escapeCell(key), late, reason);
}
