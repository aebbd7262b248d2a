import type { ProjectedField } from '../channels/project.js';
import type { CanonicalProduct } from '../model/canonical.js';
import type { RecordIssue } from '../model/issues.js';
import type { ChannelProbe } from '../probe/judge.js';
import { type ChannelStats, tally } from '../report/stats.js';

/**
 * A valid item meets the probe's answers: when the probe found its image_link or link
 * unreachable and the channel rejects those (`probe.reject_unreachable`), it is rejected here
 * (true); else the findings of its URLs are counted in the channel's `probe` tallies, and the
 * item is kept.
 */
export function probeRejects(
  compiled: { probe?: ChannelProbe | undefined; fields: readonly ProjectedField[] },
  c: number,
  stats: ChannelStats,
  product: CanonicalProduct,
  key: string | undefined,
  line: number,
  reject: (channel: number, line: number, key: string | undefined, issues: RecordIssue[]) => void,
): boolean {
  const findings = compiled.probe?.findings(product);
  if (findings === undefined || findings.length === 0) return false;
  const nameOf = (field: string) => compiled.fields.find((f) => f.field.from === field)?.field.name ?? field;
  if (compiled.probe?.rejectUnreachable) {
    const fatal = findings.find(
      (finding) =>
        finding.class === 'unreachable' && (finding.field === 'image_link' || finding.field === 'link'),
    );
    if (fatal !== undefined) {
      const issue: RecordIssue = {
        type: 'probe-unreachable',
        field: nameOf(fatal.field),
        value: fatal.url,
        expected: fatal.detail,
      };
      reject(c, line, key, [issue]);
      return true;
    }
  }
  stats.probe ??= {};
  for (const finding of findings) {
    const issue: RecordIssue = {
      type: `probe-${finding.class}`,
      field: nameOf(finding.field),
      value: finding.url,
      expected: finding.detail,
    };
    tally(stats.probe, issue, key, line, true);
  }
  return false;
}
