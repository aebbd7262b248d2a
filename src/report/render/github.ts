import { ISSUE_TYPES, type IssueType, warningEffect } from '../../model/issues.js';
import type { IssueSample } from '../stats.js';
import { failedChangeRules } from './changes-text.js';
import type { RendererDef } from './renderer.js';

/** GitHub shows at most 50 annotations per job; the rest would be dropped without a word. */
export const MAX_ANNOTATIONS = 50;

/** Escaping of a workflow command's message (GitHub's `escapeData`). */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escaping of a workflow command's property value (GitHub's `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

interface Annotation {
  level: 'error' | 'warning';
  title: string;
  line?: number;
  message: string;
}

function command(a: Annotation, file: string | undefined): string {
  // A line means a record; quality failures are about the whole run and go on no file.
  const located = file !== undefined && a.line !== undefined;
  const props = [
    located ? `file=${escapeProperty(file)}` : '',
    located ? `line=${a.line}` : '',
    `title=${escapeProperty(a.title)}`,
  ].filter(Boolean);
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}

// Samples carry no `expected` or `limit`, so the type's description stands in for its template.
function message(type: IssueType, s: IssueSample): string {
  const value = s.value !== undefined ? `"${s.value}"` : '';
  const subject = [
    s.key !== undefined ? `record ${s.key}` : '',
    [s.field ?? (value && 'value'), value].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  const description = ISSUE_TYPES[type].description;
  return subject ? `${subject}: ${description}` : description;
}

export default {
  name: 'github',
  summary: `GitHub Actions annotations: one per issue sample on its source line (at most ${MAX_ANNOTATIONS}), then a summary.`,
  extension: 'txt',
  render(report) {
    // Standard input has no file for GitHub to annotate; the annotations then go on the run.
    const file = report.source.path === '-' ? undefined : report.source.path;
    const annotations: Annotation[] = [];
    for (const failure of report.quality.failures) {
      annotations.push({ level: 'error', title: 'feedkit quality', message: failure });
    }
    for (const rule of failedChangeRules(report))
      annotations.push({ level: 'error', title: 'feedkit change rule', message: rule });
    let total = report.quality.failures.length;
    for (const [name, c] of Object.entries(report.channels)) {
      for (const issue of c.issues) {
        total += issue.count;
        for (const s of issue.samples) {
          annotations.push({
            level: 'error',
            title: `${name}: ${ISSUE_TYPES[issue.type].title}`,
            line: s.line,
            message: message(issue.type, s),
          });
        }
      }
    }
    for (const [name, c] of Object.entries(report.channels)) {
      for (const issue of c.warnings) {
        total += issue.count;
        for (const s of issue.samples) {
          annotations.push({
            level: 'warning',
            title: `${name}: ${ISSUE_TYPES[issue.type].title}`,
            line: s.line,
            message:
              s.expected === undefined
                ? message(issue.type, s)
                : warningEffect(issue.type) === 'left-out'
                  ? `${message(issue.type, s).split(': ')[0]}: ${s.expected}; left out, the item kept`
                  : `${message(issue.type, s)}; the item kept`,
          });
        }
      }
    }
    for (const issue of report.mapping_issues) {
      total += issue.count;
      for (const s of issue.samples) {
        annotations.push({
          level: 'warning',
          title: `mapping: ${ISSUE_TYPES[issue.type].title}`,
          line: s.line,
          message: message(issue.type, s),
        });
      }
    }
    const shown = annotations.slice(0, MAX_ANNOTATIONS);
    const hidden = total - shown.length;
    const channels = Object.entries(report.channels)
      .map(([name, c]) => `${name} ${c.records.accepted}/${c.records.read} accepted (score ${c.score})`)
      .join(', ');
    const summary = `feedkit: ${hidden > 0 ? `${hidden} more issues not shown; see report.json. ` : ''}${report.source.records} records; ${channels}`;
    const lines = [...shown.map((a) => command(a, file)), `::notice::${escapeData(summary)}`];
    return `${lines.join('\n')}\n`;
  },
  examples: ['feedkit convert supplier.csv --mapping mapping.yaml --out feeds --report-format github'],
} satisfies RendererDef;
