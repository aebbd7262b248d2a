import { issueMessage, type RecordIssue } from '../report/issues.js';
import { quoter } from './delimited.js';

const quoteCsv = quoter(',');

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
  rows.heads.push(`${quoteCsv(entry.key ?? '')},`);
  rows.tails.push(
    `,${quoteCsv(channelName)},${quoteCsv(types)},${quoteCsv(fields)},${quoteCsv(values)},${quoteCsv(messages)}\n`,
  );
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
