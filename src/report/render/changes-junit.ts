import type { Report } from '../report.js';
import { changesLine } from './changes-text.js';

/** A JUnit test case: a passing one says what it saw, a failing one why. */
export interface ChangeCase {
  name: string;
  failure?: { message: string; type: string; body: string };
  out?: string;
}

/** The JUnit report's `changes` suite: per channel, a failing case per broken change rule, else one passing case. */
export function changesSuite(report: Report): Array<{ name: string; cases: ChangeCase[] }> {
  const entries = Object.entries(report.changes ?? {});
  if (entries.length === 0) return [];
  const cases = entries.flatMap(([name, c]): ChangeCase[] =>
    (c.failed ?? []).length > 0
      ? (c.failed ?? []).map((rule) => ({
          name: `${name}: ${rule.slice(name.length + 2).split(':')[0]}`,
          failure: { message: rule, type: 'change-rule', body: `${rule}\n${changesLine(name, c)}` },
        }))
      : [{ name: `${name}: change rules`, out: changesLine(name, c) }],
  );
  return [{ name: 'changes', cases }];
}
