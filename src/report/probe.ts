import type { ProbeKind, ProbeTally } from '../probe/facts.js';
import { summarizeIssues } from './build.js';
import type { ChannelProbeReport, ProbeReport } from './report.js';
import type { ChannelStats } from './stats.js';

/** The probe section from what the probe did and each channel's merged statistics. */
export function probeReport(
  probe: { tally: ProbeTally; seconds: number },
  kinds: readonly ProbeKind[],
  channels: ReadonlyArray<readonly [string, ChannelStats]>,
): ProbeReport {
  return {
    kinds: [...kinds],
    ...probe.tally,
    seconds: probe.seconds,
    channels: Object.fromEntries(
      channels.map(([name, stats]) => [
        name,
        {
          findings: summarizeIssues(stats.probe ?? {}),
          rejected: stats.issues['probe-unreachable']?.count ?? 0,
        },
      ]),
    ),
  };
}

/** The words a kind of problem is counted in (`2 unreachable`). */
export const PROBE_WORDS: Record<string, string> = {
  'probe-unreachable': 'unreachable',
  'probe-not-image': 'not an image',
  'probe-format': 'in a format not taken',
  'probe-too-small': 'too small',
  'probe-too-large': 'too large',
};

/** One line of a channel's findings: `2 unreachable, 1 too small; 1 item rejected`, or `no problems found`. */
export function probeLine(channel: ChannelProbeReport): string {
  const found = channel.findings.map((f) => `${f.count} ${PROBE_WORDS[f.type] ?? f.type}`);
  const text = found.length === 0 ? 'no problems found' : found.join(', ');
  return channel.rejected > 0
    ? `${text}; ${channel.rejected} ${channel.rejected === 1 ? 'item' : 'items'} rejected for an unreachable URL`
    : text;
}

/** What the probe asked: `12 URLs: 9 asked, 3 from the cache`. */
export function probeAsked(probe: ProbeReport): string {
  const parts = [`${probe.requests} asked`, `${probe.cached} from the cache`];
  if (probe.revalidated > 0)
    parts.push(`${probe.revalidated} revalidated (${probe.not_modified} not modified)`);
  if (probe.not_probed > 0) parts.push(`${probe.not_probed} over the bound, not probed`);
  return `${probe.urls} URLs: ${parts.join(', ')}`;
}
