import { ISSUE_TYPES, warningEffect } from '../../model/issues.js';
import { changesMarkdown } from './changes-md.js';

/** What a warning did to the kept item, in a row of the table. */
const WARNING_VERB = { 'left-out': 'value left out', changed: 'value changed', flagged: 'flagged' } as const;

import { parserNote } from './parser-note.js';
import { readinessMarkdown } from './readiness-text.js';
import type { RendererDef } from './renderer.js';

const pct = (rate: number) => `${(rate * 100).toFixed(1)} %`;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export default {
  name: 'md',
  summary: 'Markdown for pull-request comments: per-channel table, fields, top issues with samples.',
  extension: 'md',
  render(report) {
    const lines: string[] = [];
    lines.push(`# feedkit report ${report.valid ? '✅' : '❌'}`, '');
    lines.push(
      `Source \`${report.source.path}\` (${report.source.format}, ${report.source.encoding}), ${report.source.records} records, ${report.source.seconds} s.`,
      '',
    );
    const parser = parserNote(report.source);
    if (parser !== undefined) lines.push(`${parser}.`, '');
    lines.push('| channel | read | accepted | rejected | score |', '|---|---:|---:|---:|---:|');
    for (const [name, c] of Object.entries(report.channels)) {
      lines.push(
        `| ${name} | ${c.records.read} | ${c.records.accepted} | ${c.records.rejected} | ${c.score} |`,
      );
    }
    const products = Object.entries(report.channels).flatMap(([name, c]) =>
      c.products === undefined ? [] : [`${name} ${c.products.products} with ${c.products.variants} variants`],
    );
    if (products.length > 0) lines.push('', `**Products:** ${products.join(', ')}`);
    const categories = Object.entries(report.channels).flatMap(([name, c]) =>
      c.category !== undefined && c.fields.some((f) => f.name === c.category?.field)
        ? [`${name} ${c.category.valid} of ${c.records.read} (${pct(c.category.share)})`]
        : [],
    );
    if (categories.length > 0) lines.push('', `**Valid category:** ${categories.join(', ')}`);
    for (const failure of report.quality.failures) lines.push('', `**Quality:** ${cell(failure)}`);
    for (const reason of report.publish?.refused ?? [])
      lines.push(
        '',
        `**${report.publish?.published ? 'Published anyway' : 'Not published'}:** ${cell(reason)}`,
      );
    if (report.extraction !== undefined) {
      const x = report.extraction;
      lines.push(
        '',
        '## Filled by extraction (guesses)',
        '',
        `Guessed from ${x.from.map((f) => `\`${f}\``).join(', ')} with the ${x.languages.join(', ')} dictionaries, only where the supplier gave no value; ${x.records} records.`,
        '',
        '| field | supplier | extracted (guess) | empty |',
        '|---|---:|---:|---:|',
      );
      for (const [name, f] of Object.entries(x.fields))
        lines.push(`| ${name} | ${f.supplier} | ${f.extracted} | ${f.empty} |`);
    }
    if (report.baseline !== undefined) {
      lines.push('', `## Compared with \`${cell(report.baseline.path)}\``, '');
      lines.push(
        '| channel | score | accepted | fields moved | issues changed | new issue types |',
        '|---|---:|---:|---|---|---|',
      );
      for (const [name, c] of Object.entries(report.baseline.channels)) {
        const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
        const fields = c.fields
          .map((f) => `${f.name} ${sign(Math.round(f.fill_rate_delta * 1000) / 10)} %`)
          .join(', ');
        const issues = c.issues.map((i) => `${i.type} ${i.before}→${i.after}`).join(', ');
        lines.push(
          `| ${name} | ${c.score.before} → ${c.score.after} (${sign(c.score.delta)}) | ${c.accepted.before} → ${c.accepted.after} | ${cell(fields) || '—'} | ${cell(issues) || '—'} | ${c.new_issues.join(', ') || '—'} |`,
        );
      }
    }
    lines.push(...readinessMarkdown(report));
    lines.push(...changesMarkdown(report));
    for (const [name, c] of Object.entries(report.channels)) {
      lines.push(
        '',
        `## ${name} — ${c.title}`,
        '',
        '| field | group | filled | valid |',
        '|---|---|---:|---:|',
      );
      for (const f of c.fields)
        lines.push(`| ${f.name} | ${f.group} | ${pct(f.fill_rate)} | ${pct(f.valid_rate)} |`);
      if (c.issues.length > 0) {
        lines.push('', '| issue | count | samples |', '|---|---:|---|');
        for (const issue of c.issues) {
          const samples = issue.samples
            .map((s) => `${s.key ?? '?'} (line ${s.line}${s.field ? `, ${s.field}` : ''})`)
            .join(', ');
          lines.push(
            `| ${ISSUE_TYPES[issue.type].title} \`${issue.type}\` | ${issue.count} | ${cell(samples)} |`,
          );
        }
      }
      if (c.warnings.length > 0) {
        lines.push('', '| warning, the item kept | count | samples |', '|---|---:|---|');
        for (const issue of c.warnings) {
          const samples = issue.samples
            .map(
              (s) =>
                `${s.key ?? '?'} (line ${s.line}${s.field ? `, ${s.field}` : ''}${s.value !== undefined ? ` "${s.value}"` : ''}${s.expected ? `: ${s.expected}` : ''})`,
            )
            .join(', ');
          lines.push(
            `| ${ISSUE_TYPES[issue.type].title} \`${issue.type}\` (${WARNING_VERB[warningEffect(issue.type)]}) | ${issue.count} | ${cell(samples)} |`,
          );
        }
      }
    }
    return `${lines.join('\n')}\n`;
  },
  examples: ['feedkit convert supplier.csv --mapping mapping.yaml --out feeds --report-format md'],
} satisfies RendererDef;
