import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GateSettings } from '../config/mapping.js';
import type { Report } from '../report/report.js';

/** What `<out>/.feedkit/state.json` keeps of the last published run. */
export interface PublishedState {
  /** When it was published (ISO time). */
  published: string;
  /** The input it was made from. */
  input: string;
  /** Record counts per channel. */
  channels: Record<string, { read: number; accepted: number; rejected: number }>;
  /** For an input downloaded over HTTP: the validators for a conditional GET (`--if-changed`). */
  download?: { url: string; etag?: string; last_modified?: string };
}

export function stateFile(out: string): string {
  return join(out, '.feedkit', 'state.json');
}

/** The last published run's figures, if any (a missing or unreadable state is no state). */
export async function readState(out: string): Promise<PublishedState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(out), 'utf8')) as PublishedState;
  } catch {
    return undefined;
  }
}

/** Record a published run (written beside and renamed, so it is never half written). */
export async function writeState(
  out: string,
  report: Report,
  download?: { url: string; etag?: string; lastModified?: string },
): Promise<void> {
  const state: PublishedState = {
    published: new Date().toISOString(),
    input: report.source.path,
    channels: Object.fromEntries(
      Object.entries(report.channels).map(([name, c]) => [name, { ...c.records }]),
    ),
    ...(download !== undefined && (download.etag !== undefined || download.lastModified !== undefined)
      ? { download: { url: download.url, etag: download.etag, last_modified: download.lastModified } }
      : {}),
  };
  const file = stateFile(out);
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Default share of accepted items a channel may lose against the last published run. */
export const DEFAULT_MAX_DROP = 0.2;

/** Issue types of records left out on purpose, which the reject rate does not count. */
const DELIBERATE = new Set<string>(['excluded', 'variant-parent']);

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/**
 * Why this run must not replace the published feeds, one sentence per reason (empty: it
 * may). A channel that loses more than `max_drop` of its accepted items, accepts nothing,
 * or rejects more than `max_reject_rate` of what it read, stops the publish: a cut-off
 * supplier file must never replace a good feed (a channel deletes what a feed leaves out).
 */
export function gateReasons(
  report: Report,
  previous: PublishedState | undefined,
  gate: GateSettings = {},
): string[] {
  const maxDrop = gate.max_drop ?? DEFAULT_MAX_DROP;
  const reasons: string[] = [];
  for (const [name, channel] of Object.entries(report.channels)) {
    const { read, accepted, rejected } = channel.records;
    if (accepted === 0) {
      reasons.push(`${name}: no item accepted (${read} read)`);
      continue;
    }
    const before = previous?.channels[name]?.accepted;
    if (before !== undefined && before > 0 && accepted < before) {
      const drop = (before - accepted) / before;
      if (drop > maxDrop) {
        reasons.push(
          `${name}: accepted dropped ${percent(drop)} (max ${percent(maxDrop)}), ${before} → ${accepted}`,
        );
      }
    }
    // Records the mapping leaves out on purpose (filters, variant parents) are not failures.
    const deliberate = channel.issues
      .filter((issue) => DELIBERATE.has(issue.type))
      .reduce((sum, issue) => sum + issue.count, 0);
    const considered = read - deliberate;
    const failed = rejected - deliberate;
    if (gate.max_reject_rate !== undefined && considered > 0 && failed / considered > gate.max_reject_rate) {
      reasons.push(
        `${name}: ${percent(failed / considered)} of records rejected (max ${percent(gate.max_reject_rate)})`,
      );
    }
  }
  if (gate.block_on_quality && !report.valid) {
    for (const failure of report.quality.failures) reasons.push(`quality: ${failure}`);
  }
  return reasons;
}
