import { issueMessage, type RecordIssue } from '../model/issues.js';
import { quoter } from './delimited.js';
import { ItemBuffer } from './item-buffer.js';

const quote = quoter(',');

/**
 * A cell as a spreadsheet will not run it: text starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading `'` (OWASP's rule against CSV injection). Only rejects.csv,
 * which people open in spreadsheets, does this; channel feeds keep values exactly.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const quoteCsv = (text: string) => quote(spreadsheetSafe(text));

/** Columns of `rejects.csv`. */
export const REJECT_COLUMNS = ['record_key', 'line', 'channel', 'issue_type', 'field', 'value', 'message'];

/** A record rejected by one channel. */
export interface RejectEntry {
  /** Line (relative to its batch). */
  line: number;
  /** Record key (mapped id), if any. */
  key?: string;
  /** Index of the channel in the job's channel list. */
  channel: number;
  /** Every reason. */
  issues: RecordIssue[];
}

/**
 * One batch's rows of `rejects.csv`, written by a worker as UTF-8 bytes: each row's text
 * before the line number (the record key and a comma), then its text after it (a comma,
 * the other columns and the newline). The absolute line number is known only once earlier
 * batches are merged; the main thread only copies bytes, however many records a channel
 * rejects, and no row text stays on a worker's heap while its batch runs.
 */
export interface RejectRows {
  /** Line of each row, relative to the batch. */
  lines: Uint32Array;
  /** Channel index of each row (rows of one record are in channel order). */
  channels: Uint32Array;
  /** The rows' text without line numbers: head and tail of row 0, of row 1, … */
  data: Uint8Array;
  /** End offset in `data` of each head and each tail (two per row). */
  ends: Uint32Array;
}

/** Collects the reject rows of a batch; reused from batch to batch. */
export class RejectWriter {
  private readonly text = new ItemBuffer();
  private lines: number[] = [];
  private channels: number[] = [];

  /** Rows added since the last {@link take}. */
  get size(): number {
    return this.lines.length;
  }

  /** Add an entry's row, formatted the way {@link REJECT_COLUMNS} says. */
  add(entry: RejectEntry, channelName: string): void {
    const issues = entry.issues;
    let types: string;
    let fields: string;
    let values: string;
    let messages: string;
    // Most rejected records have one issue: no lists, sets or joins for them (a channel that
    // refuses a whole supplier file formats hundreds of thousands of these rows).
    if (issues.length === 1) {
      const issue = issues[0] as RecordIssue;
      types = issue.type;
      fields = issue.field ?? '';
      values = issue.value ?? '';
      messages = issueMessage(issue);
    } else {
      types = [...new Set(issues.map((issue) => issue.type))].join(';');
      fields = issues.map((issue) => issue.field ?? '').join(';');
      values = issues
        .map((issue) => issue.value ?? '')
        .filter((value) => value !== '')
        .join(' | ');
      messages = issues.map(issueMessage).join('; ');
    }
    this.text.push(`${quoteCsv(entry.key ?? '')},`);
    this.text.push(
      `,${quoteCsv(channelName)},${quoteCsv(types)},${quoteCsv(fields)},${quoteCsv(values)},${quoteCsv(messages)}\n`,
    );
    this.lines.push(entry.line);
    this.channels.push(entry.channel);
  }

  /** The rows so far, as transferable buffers; then empty. */
  take(): RejectRows {
    const { data, ends } = this.text.take();
    const rows = {
      lines: Uint32Array.from(this.lines),
      channels: Uint32Array.from(this.channels),
      data,
      ends,
    };
    this.lines = [];
    this.channels = [];
    return rows;
  }
}

/** Number of decimal digits of a non-negative integer. */
function digits(n: number): number {
  let count = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    count++;
  }
  return count;
}

/**
 * The CSV bytes of a batch's rows with absolute line numbers, merged with `extra` rows (the
 * duplicates the main thread found) in line order, channels in order within a line.
 */
export function rejectBytes(rows: RejectRows, extra: RejectRows | undefined, offset: number): Uint8Array {
  const n = rows.lines.length;
  const m = extra?.lines.length ?? 0;
  let size = rows.data.length + (extra?.data.length ?? 0);
  for (let i = 0; i < n; i++) size += digits((rows.lines[i] as number) + offset);
  for (let j = 0; j < m; j++) size += digits(((extra as RejectRows).lines[j] as number) + offset);
  const out = new Uint8Array(size);
  let at = 0;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const takeLeft =
      j >= m ||
      (i < n &&
        ((rows.lines[i] as number) < (extra?.lines[j] as number) ||
          (rows.lines[i] === extra?.lines[j] &&
            (rows.channels[i] as number) <= (extra?.channels[j] as number))));
    const from = takeLeft ? rows : (extra as RejectRows);
    const k = takeLeft ? i++ : j++;
    const headStart = k === 0 ? 0 : (from.ends[2 * k - 1] as number);
    const headEnd = from.ends[2 * k] as number;
    const tailEnd = from.ends[2 * k + 1] as number;
    out.set(from.data.subarray(headStart, headEnd), at);
    at += headEnd - headStart;
    // The line number, digit by digit from the right.
    let line = (from.lines[k] as number) + offset;
    const width = digits(line);
    for (let d = at + width - 1; d >= at; d--) {
      out[d] = 48 + (line % 10);
      line = Math.floor(line / 10);
    }
    at += width;
    out.set(from.data.subarray(headEnd, tailEnd), at);
    at += tailEnd - headEnd;
  }
  return out;
}
