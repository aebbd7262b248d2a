import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changeReasons, DEFAULT_MAX_REMOVED } from '../changes/rules.js';
import type { ChangeRules } from '../config/changes.js';
import type { GateSettings } from '../config/mapping.js';
import type { Report } from '../report/report.js';
import { redactUrl } from '../text/redact.js';

/** What `<out>/.feedkit/state.json` keeps of the last published run. */
export interface PublishedState {
  /** When it was published (ISO time). */
  published: string;
  /** The input it was made from. */
  input: string;
  /** Record counts per channel, of the feed in place (a refused channel keeps its earlier counts). */
  channels: Record<string, { read: number; accepted: number; rejected: number }>;
  /** The names of every file readers open in the output folder (feeds, shards, rejects, reports). */
  files?: string[];
  /** For an input downloaded over HTTP: the validators for a conditional GET (`--if-changed`). */
  download?: { url: string; etag?: string; last_modified?: string };
}

/** Where the state of a folder published with `publish: copy` (or by feedkit before 0.2) lies. */
export function stateFile(out: string): string {
  return join(out, '.feedkit', 'state.json');
}

/**
 * The last published run's figures, if any (a missing or unreadable state is no state): the
 * current generation's, else the one a per-file publish left in `.feedkit/`.
 */
export async function readState(out: string): Promise<PublishedState | undefined> {
  for (const file of [join(out, '.feedkit', 'current', 'state.json'), stateFile(out)]) {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as PublishedState;
    } catch {
      // Next place, or no state.
    }
  }
  return undefined;
}

/**
 * The state of a run about to be published: this run's counts for the channels it publishes,
 * the previous state's for the channels the gate kept (their feeds stay as they were).
 */
export function publishedState(
  report: Report,
  files: string[],
  previous: PublishedState | undefined,
  kept: ReadonlySet<string>,
  download?: { url: string; etag?: string; lastModified?: string },
): PublishedState {
  const channels: PublishedState['channels'] = {};
  for (const [name, c] of Object.entries(report.channels)) {
    const before = previous?.channels[name];
    if (kept.has(name)) {
      if (before !== undefined) channels[name] = { ...before };
    } else channels[name] = { ...c.records };
  }
  return {
    published: new Date().toISOString(),
    input: redactUrl(report.source.path),
    channels,
    files: [...files].sort(),
    ...(download !== undefined && (download.etag !== undefined || download.lastModified !== undefined)
      ? {
          download: {
            url: redactUrl(download.url),
            etag: download.etag,
            last_modified: download.lastModified,
          },
        }
      : {}),
  };
}

/** Write a state file (beside and renamed, so it is never half written). */
export async function writeState(file: string, state: PublishedState): Promise<void> {
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Default share of accepted items a channel may lose against the last published run (`changes.max_removed`). */
export const DEFAULT_MAX_DROP = DEFAULT_MAX_REMOVED;

/** Issue types of records left out on purpose, which the reject rate does not count. */
const DELIBERATE = new Set<string>(['excluded', 'variant-parent']);

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/**
 * Why this run must not replace a channel's published feed, per channel (a channel with no
 * reasons may publish), one sentence per reason naming the channel. A channel that loses more
 * than `max_drop` of its accepted items, accepts nothing, or rejects more than
 * `max_reject_rate` of what it read, keeps its previous feed: a cut-off supplier file must
 * never replace a good feed (a channel deletes what a feed leaves out). With
 * `block_on_quality`, a quality failure naming a channel refuses that channel, one naming
 * none refuses every channel. A channel with a published snapshot is checked item by item
 * against the change rules (`changes`; `max_removed` then counts removed items, not the
 * accepted total), one without by the counts of the state.
 */
export function gateReasons(
  report: Report,
  previous: PublishedState | undefined,
  gate: GateSettings = {},
  rules?: ChangeRules,
): Record<string, string[]> {
  const maxDrop = rules?.max_removed ?? gate.max_drop ?? DEFAULT_MAX_DROP;
  const byChannel: Record<string, string[]> = {};
  for (const [name, channel] of Object.entries(report.channels)) {
    const reasons: string[] = [];
    byChannel[name] = reasons;
    const { read, accepted, rejected } = channel.records;
    if (accepted === 0) {
      reasons.push(`${name}: no item accepted (${read} read)`);
      continue;
    }
    const changes = report.changes?.[name];
    if (changes !== undefined) {
      // The report's change section says which rules failed (JUnit, GitHub, Markdown show them).
      changes.failed = changeReasons(name, changes, rules, maxDrop);
      reasons.push(...changes.failed);
    }
    const before = previous?.channels[name]?.accepted;
    if (changes === undefined && before !== undefined && before > 0 && accepted < before) {
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
    const names = Object.keys(byChannel);
    for (const failure of report.quality.failures) {
      const named = names.filter((name) => failure.startsWith(`${name}: `));
      for (const name of named.length > 0 ? named : names) byChannel[name]?.push(`quality: ${failure}`);
    }
  }
  return byChannel;
}
