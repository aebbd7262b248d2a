import { ISSUE_TYPES, warningEffect } from '../../model/issues.js';
import { changesSuite } from './changes-junit.js';

/** What a warning did, as junit's output says it. */
const WARNING_VERB = { 'left-out': 'left out', changed: 'changed', flagged: 'flagged' } as const;

import { xmlText } from '../../text/xml-text.js';
import type { IssueSummary, Report } from '../report.js';
import type { RendererDef } from './renderer.js';

/** Attribute values: a parser folds raw tabs and line ends into spaces, so they go as references. */
function attr(value: unknown): string {
  return xmlText(String(value))
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

interface TestCase {
  name: string;
  failure?: { message: string; type: string; body: string };
  out?: string;
}

interface TestSuite {
  name: string;
  cases: TestCase[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function samples(issue: IssueSummary): string {
  const lines = issue.samples.map((s) =>
    [
      `line ${s.line}`,
      s.key !== undefined ? `record ${s.key}` : '',
      s.field ?? '',
      s.value !== undefined ? `${s.field === undefined ? 'value ' : ''}"${s.value}"` : '',
      s.expected ?? '',
    ]
      .filter(Boolean)
      .join(', '),
  );
  const shown = issue.count > issue.samples.length ? `first ${issue.samples.length} of ${issue.count}:` : '';
  return [ISSUE_TYPES[issue.type].description, shown, ...lines].filter(Boolean).join('\n');
}

function suites(report: Report): TestSuite[] {
  const out: TestSuite[] = Object.entries(report.channels).map(([name, c]) => ({
    name,
    cases: [
      {
        name: 'accepted',
        out: `${c.records.accepted} of ${c.records.read} records accepted, ${c.records.rejected} rejected; score ${c.score}/100; ${c.format} → ${c.output}`,
      },
      ...c.issues.map((issue) => ({
        name: issue.type,
        failure: {
          message: `${plural(issue.count, 'record')} rejected: ${ISSUE_TYPES[issue.type].title}`,
          type: issue.type,
          body: samples(issue),
        },
      })),
      // Warnings of kept items (a value left out or changed, or flagged): they pass and say so.
      ...c.warnings.map((issue) => ({
        name: issue.type,
        out: `${plural(issue.count, 'value')} ${WARNING_VERB[warningEffect(issue.type)]}, items kept: ${ISSUE_TYPES[issue.type].title}\n${samples(issue)}`,
      })),
    ],
  }));
  // Mapping issues leave a field empty and let the record go on: warnings, which JUnit has no
  // word for, so they pass and say so in their output.
  if (report.mapping_issues.length > 0) {
    out.push({
      name: 'mapping',
      cases: report.mapping_issues.map((issue) => ({
        name: issue.type,
        out: `${plural(issue.count, 'value')} left empty: ${ISSUE_TYPES[issue.type].title}\n${samples(issue)}`,
      })),
    });
  }
  const { failures, min_score } = report.quality;
  out.push({
    name: 'quality',
    cases:
      failures.length > 0
        ? failures.map((failure) => ({
            name: failure,
            failure: { message: failure, type: 'quality', body: failure },
          }))
        : [
            {
              name: 'thresholds',
              out: `every quality threshold met${min_score !== undefined ? ` (min score ${min_score})` : ''}`,
            },
          ],
  });
  out.push(...changesSuite(report));
  return out;
}

function testcase(suite: string, t: TestCase): string {
  const open = `    <testcase name="${attr(t.name)}" classname="${attr(`feedkit.${suite}`)}"`;
  if (t.failure) {
    return `${open}>
      <failure message="${attr(t.failure.message)}" type="${attr(t.failure.type)}">${xmlText(t.failure.body)}</failure>
    </testcase>`;
  }
  if (t.out !== undefined)
    return `${open}>\n      <system-out>${xmlText(t.out)}</system-out>\n    </testcase>`;
  return `${open}/>`;
}

const failed = (cases: TestCase[]) => cases.filter((t) => t.failure).length;

export default {
  name: 'junit',
  summary:
    'JUnit XML for CI dashboards: a test suite per channel, a failing test case per issue type and per quality failure.',
  extension: 'xml',
  render(report) {
    const all = suites(report);
    const tests = all.reduce((n, s) => n + s.cases.length, 0);
    const failures = all.reduce((n, s) => n + failed(s.cases), 0);
    const body = all.map(
      (
        s,
      ) => `  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${failed(s.cases)}" errors="0" skipped="0">
${s.cases.map((t) => testcase(s.name, t)).join('\n')}
  </testsuite>`,
    );
    return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${attr(`feedkit ${report.source.path}`)}" tests="${tests}" failures="${failures}" errors="0" time="${report.source.seconds}" timestamp="${attr(report.finished_at)}">
${body.join('\n')}
</testsuites>
`;
  },
  examples: ['feedkit convert supplier.csv --mapping mapping.yaml --out feeds --report-format junit'],
} satisfies RendererDef;
