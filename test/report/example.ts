import { join } from 'node:path';
import { convert } from '../../src/convert.js';
import type { IssueSummary, Report } from '../../src/report/report.js';
import { ROOT, tempDir } from '../helpers/run.js';

/** The report of the bundled example (4 channels, many issue types); `minScore` makes quality fail. */
export async function exampleReport(minScore?: number): Promise<Report> {
  const { report } = await convert({
    input: join(ROOT, 'fixtures/cases/example/supplier.csv'),
    mapping: join(ROOT, 'mappings/example.yaml'),
    out: tempDir(),
    ...(minScore !== undefined ? { minScore } : {}),
  });
  return report;
}

/** A value a supplier file could hold: markup, quotes, escapes, control characters, line ends. */
export const HOSTILE = `<script>alert("x")</script> & 'q' %0A 50%, a:b\r\nnext\u0001\u000b\uFFFE`;

/** A copy of `report` with a hostile sample first in google's first issue, and a mapping warning. */
export function hostileReport(report: Report): Report {
  const copy = structuredClone(report);
  const google = copy.channels.google;
  const issue = google?.issues[0];
  if (!issue) throw new Error('the example has no google issues');
  issue.samples.unshift({ key: 'K<1>', line: 2, field: 'title', value: HOSTILE });
  const warning: IssueSummary = {
    type: 'invalid-number',
    title: 'Invalid number',
    count: 3,
    samples: [{ key: 'DK-1002', line: 3, field: 'weight', value: `1,5 kg ${HOSTILE}` }],
  };
  copy.mapping_issues.push(warning);
  return copy;
}
