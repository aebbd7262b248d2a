import type { IssueType, RecordIssue } from '../model/issues.js';

/** Samples kept per issue type. */
export const SAMPLES = 5;

/** One example of an issue: which record, where, which value. */
export interface IssueSample {
  /** Record key (the mapped id), when the record has one. */
  key?: string;
  /** 1-based line in the input where the record starts. */
  line: number;
  /** Field the issue is about. */
  field?: string;
  /** Offending value, shortened. */
  value?: string;
  /** Warnings only: what the value broke, and a suggestion where there is one. */
  expected?: string;
}

/** Count and first samples of one issue type. */
export interface IssueTally {
  /** Number of occurrences. */
  count: number;
  /** Up to {@link SAMPLES} first occurrences, in input order. */
  samples: IssueSample[];
}

/** Issue tallies by type. */
export type IssueTallies = Partial<Record<IssueType, IssueTally>>;

/** Per-channel figures collected while streaming. Plain data: mergeable across batches and threads. */
export interface ChannelStats {
  read: number;
  accepted: number;
  rejected: number;
  /** Per output field (channel order): records with a value. */
  filled: number[];
  /** Per output field: records with a value that passed validation. */
  valid: number[];
  /** Why records were rejected. */
  issues: IssueTallies;
  /** Values left out of accepted items (the item kept): dropped values, sale prices. */
  warnings: IssueTallies;
  /** With the probe (`--probe`): accepted items' URLs it found wrong, by kind (`probe-unreachable` …). */
  probe?: IssueTallies;
  /** Always-qualified outputs: values holding `"`, and values holding `'` (samples of the first kind). */
  quotes?: { double: IssueTally; single: number };
}

export function emptyChannelStats(fields: number): ChannelStats {
  return {
    read: 0,
    accepted: 0,
    rejected: 0,
    filled: new Array<number>(fields).fill(0),
    valid: new Array<number>(fields).fill(0),
    issues: {},
    warnings: {},
  };
}

/** Count an issue, keeping the first samples. */
export function tally(
  tallies: IssueTallies,
  issue: RecordIssue,
  key: string | undefined,
  line: number,
  withExpected = false,
): void {
  let entry = tallies[issue.type];
  if (entry === undefined) {
    entry = { count: 0, samples: [] };
    tallies[issue.type] = entry;
  }
  entry.count++;
  if (entry.samples.length < SAMPLES) {
    const sample: IssueSample = { key, line, field: issue.field, value: issue.value };
    if (withExpected && issue.expected !== undefined) sample.expected = issue.expected;
    entry.samples.push(sample);
  }
}

/** Add `from` (a later batch, lines relative to `lineOffset`) into `into`. */
export function mergeTallies(into: IssueTallies, from: IssueTallies, lineOffset: number): void {
  for (const [type, entry] of Object.entries(from) as Array<[IssueType, IssueTally]>) {
    let target = into[type];
    if (target === undefined) {
      target = { count: 0, samples: [] };
      into[type] = target;
    }
    target.count += entry.count;
    for (const sample of entry.samples) {
      if (target.samples.length >= SAMPLES) break;
      target.samples.push({ ...sample, line: sample.line + lineOffset });
    }
  }
}

export function mergeChannelStats(into: ChannelStats, from: ChannelStats, lineOffset: number): void {
  into.read += from.read;
  into.accepted += from.accepted;
  into.rejected += from.rejected;
  for (let i = 0; i < into.filled.length; i++) {
    into.filled[i] = (into.filled[i] ?? 0) + (from.filled[i] ?? 0);
    into.valid[i] = (into.valid[i] ?? 0) + (from.valid[i] ?? 0);
  }
  mergeTallies(into.issues, from.issues, lineOffset);
  mergeTallies(into.warnings, from.warnings, lineOffset);
  if (from.probe !== undefined) {
    into.probe ??= {};
    mergeTallies(into.probe, from.probe, lineOffset);
  }
  if (from.quotes !== undefined) {
    into.quotes ??= { double: { count: 0, samples: [] }, single: 0 };
    into.quotes.single += from.quotes.single;
    const double: IssueTallies = { 'qualifier-replaced': into.quotes.double };
    mergeTallies(double, { 'qualifier-replaced': from.quotes.double }, lineOffset);
  }
}
