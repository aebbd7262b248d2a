import { issueMessage, type RecordIssue } from '../report/issues.js';
import { csvLine } from './delimited.js';

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
 * One batch's rows of `rejects.csv`, written by a worker. A row is `head`, the absolute line
 * number (known only once earlier batches are merged), then `tail`: so the main thread only
 * joins strings, however many records a channel rejects.
 */
export interface RejectRows {
  /** Line of each row, relative to the batch. */
  lines: number[];
  /** Channel index of each row (rows of one record are in channel order). */
  channels: number[];
  /** CSV text before the line number: the record key and a comma. */
  heads: string[];
  /** CSV text after the line number: a comma, the other columns and the newline. */
  tails: string[];
}

export function emptyRejectRows(): RejectRows {
  return { lines: [], channels: [], heads: [], tails: [] };
}

/** Add an entry's row, formatted the way {@link REJECT_COLUMNS} says. */
export function addReject(rows: RejectRows, entry: RejectEntry, channelName: string): void {
  const issues = entry.issues;
  const types = [...new Set(issues.map((issue) => issue.type))];
  const line = csvLine([
    entry.key ?? '',
    '0',
    channelName,
    types.join(';'),
    issues.map((issue) => issue.field ?? '').join(';'),
    issues
      .map((issue) => issue.value ?? '')
      .filter((value) => value !== '')
      .join(' | '),
    issues.map(issueMessage).join('; '),
  ]);
  // The placeholder `0` sits between the key's field and the channel's: split around it.
  const head = csvLine([entry.key ?? '']).slice(0, -1);
  rows.heads.push(`${head},`);
  rows.tails.push(line.slice(head.length + 2));
  rows.lines.push(entry.line);
  rows.channels.push(entry.channel);
}

/**
 * The CSV text of a batch's rows with absolute line numbers, merged with `extra` rows (the
 * duplicates the main thread found) in line order, channels in order within a line.
 */
export function rejectText(rows: RejectRows, extra: RejectRows | undefined, offset: number): string {
  let text = '';
  let i = 0;
  let j = 0;
  const n = rows.lines.length;
  const m = extra?.lines.length ?? 0;
  while (i < n || j < m) {
    const takeLeft =
      j >= m ||
      (i < n &&
        ((rows.lines[i] as number) < (extra?.lines[j] as number) ||
          (rows.lines[i] === extra?.lines[j] &&
            (rows.channels[i] as number) <= (extra?.channels[j] as number))));
    const from = takeLeft ? rows : (extra as RejectRows);
    const k = takeLeft ? i++ : j++;
    text += `${from.heads[k]}${(from.lines[k] as number) + offset}${from.tails[k]}`;
  }
  return text;
}
