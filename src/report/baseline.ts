import type { BaselineReport, ChannelComparison, Report } from './report.js';

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * Compare a run's report with an earlier one (`--baseline`): per channel, the score and
 * accepted items before and after, the fields whose fill or valid rate moved, the issue
 * types whose counts changed, and the issue types that are new.
 */
export function compareReports(current: Report, baseline: Report, path: string): BaselineReport {
  const channels: Record<string, ChannelComparison> = {};
  for (const [name, now] of Object.entries(current.channels)) {
    const before = baseline.channels[name];
    if (before === undefined) continue;
    const beforeFields = new Map(before.fields.map((f) => [f.name, f]));
    const fields = now.fields.flatMap((field) => {
      const old = beforeFields.get(field.name);
      const fill = round(field.fill_rate - (old?.fill_rate ?? 0));
      const valid = round(field.valid_rate - (old?.valid_rate ?? 0));
      return fill === 0 && valid === 0
        ? []
        : [{ name: field.name, fill_rate_delta: fill, valid_rate_delta: valid }];
    });
    const beforeIssues = new Map(before.issues.map((i) => [i.type, i.count]));
    const types = new Set([...beforeIssues.keys(), ...now.issues.map((i) => i.type)]);
    const nowIssues = new Map(now.issues.map((i) => [i.type, i.count]));
    const issues = [...types].flatMap((type) => {
      const a = beforeIssues.get(type) ?? 0;
      const b = nowIssues.get(type) ?? 0;
      return a === b ? [] : [{ type, before: a, after: b }];
    });
    channels[name] = {
      score: { before: before.score, after: now.score, delta: now.score - before.score },
      accepted: { before: before.records.accepted, after: now.records.accepted },
      fields,
      issues,
      new_issues: now.issues.filter((i) => !beforeIssues.has(i.type)).map((i) => i.type),
    };
  }
  return { path, finished_at: baseline.finished_at, channels };
}

/** Quality failures for channels whose score fell by more than `maxRegression` points. */
export function regressions(comparison: BaselineReport, maxRegression: number): string[] {
  return Object.entries(comparison.channels)
    .filter(([, c]) => -c.score.delta > maxRegression)
    .map(
      ([name, c]) =>
        `${name}: score dropped ${-c.score.delta} points against the baseline (${c.score.before} → ${c.score.after}, max ${maxRegression})`,
    );
}
