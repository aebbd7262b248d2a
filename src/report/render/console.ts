import { Chalk } from 'chalk';
import { WARNING_HEADINGS, warningEffect } from '../../model/issues.js';
import type { Report } from '../report.js';
import { changesConsole } from './changes-text.js';
import { parserNote } from './parser-note.js';
import { readinessConsole } from './readiness-text.js';
import type { RendererDef } from './renderer.js';

/** The console summary table. The only renderer that knows about colour. */
export function renderConsole(report: Report, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const lines: string[] = [];
  const s = report.source;
  const shape =
    s.delimiter !== undefined ? (s.delimiter === '\t' ? 'tab' : `"${s.delimiter}"`) : (s.record ?? '');
  lines.push(
    `${chalk.bold('feedkit')} ${s.path} (${s.format}, ${s.encoding}${s.gzip ? ', gzip' : ''}, ${shape}): ${s.records} records in ${s.seconds} s`,
  );
  const parser = parserNote(s);
  if (parser !== undefined) lines.push(chalk.dim(parser));
  const rows = Object.entries(report.channels).map(([name, c]) => [
    name,
    String(c.records.read),
    String(c.records.accepted),
    String(c.records.rejected),
    String(c.score),
    c.output,
  ]);
  const head = ['channel', 'read', 'accepted', 'rejected', 'score', 'output'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((text, i) => (i === 0 || i === 5 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0)))
      .join('  ');
  lines.push(chalk.dim(format(head)));
  for (const [i, row] of rows.entries()) {
    const channel = Object.values(report.channels)[i];
    const text = format(row);
    lines.push(channel && channel.records.rejected > 0 ? chalk.yellow(text) : chalk.green(text));
  }
  for (const [name, c] of Object.entries(report.channels)) {
    if (c.products === undefined) continue;
    lines.push(`${name} products: ${c.products.products} with ${c.products.variants} variants`);
  }
  for (const [name, c] of Object.entries(report.channels)) {
    if (c.issues.length === 0) continue;
    const issues = c.issues.map((issue) => `${issue.type} ${issue.count}`).join(', ');
    lines.push(`${name} issues: ${issues}`);
  }
  for (const [name, c] of Object.entries(report.channels)) {
    for (const [effect, heading] of Object.entries(WARNING_HEADINGS)) {
      const warnings = c.warnings.filter((issue) => warningEffect(issue.type) === effect);
      if (warnings.length === 0) continue;
      lines.push(`${name} ${heading}: ${warnings.map((issue) => `${issue.type} ${issue.count}`).join(', ')}`);
    }
  }
  for (const [name, c] of Object.entries(report.channels)) {
    const category = c.category;
    if (category === undefined || !c.fields.some((f) => f.name === category.field)) continue;
    lines.push(
      `${name} category: ${category.valid} of ${c.records.read} records (${Math.round(category.share * 100)}%) with a valid ${category.field}`,
    );
  }
  if (report.mapping_issues.length > 0) {
    lines.push(`mapping warnings: ${report.mapping_issues.map((i) => `${i.type} ${i.count}`).join(', ')}`);
  }
  if (report.extraction !== undefined) {
    const x = report.extraction;
    const fields = Object.entries(x.fields);
    const guessed = fields.map(([name, f]) => `${name} ${f.extracted}`).join(', ');
    const supplier = fields.filter(([, f]) => f.supplier > 0).map(([name, f]) => `${name} ${f.supplier}`);
    lines.push(
      `filled by extraction (guesses from ${x.from.join(', ')}; ${x.languages.join(', ')}): ${guessed} of ${x.records} records` +
        (supplier.length > 0 ? `; supplier values kept: ${supplier.join(', ')}` : ''),
    );
  }
  if (s.undeclared_entities !== undefined) {
    lines.push(
      chalk.yellow(
        `xml: ${s.undeclared_entities} references to undeclared entities left as written (&nbsp; …); decode_entities decodes HTML names`,
      ),
    );
  }
  for (const [name, c] of Object.entries(report.baseline?.channels ?? {})) {
    const delta = c.score.delta > 0 ? `+${c.score.delta}` : String(c.score.delta);
    const text = `${name} vs baseline: score ${c.score.before} → ${c.score.after} (${delta}), accepted ${c.accepted.before} → ${c.accepted.after}${c.new_issues.length > 0 ? `, new issues: ${c.new_issues.join(', ')}` : ''}`;
    lines.push(c.score.delta < 0 ? chalk.yellow(text) : text);
  }
  lines.push(...changesConsole(report));
  const v = report.variants;
  if (v !== undefined) {
    const inherited = Object.entries(v.inherited)
      .map(([field, n]) => `${field} ${n}`)
      .join(', ');
    lines.push(
      `variants (${v.style}): ${v.products} products, ${v.children} children grouped, ${v.parents} parents${v.parents_emitted > 0 ? ` (${v.parents_emitted} sold)` : ' (not sold)'}${v.orphans > 0 ? `, ${v.orphans} orphans` : ''}${inherited !== '' ? `; inherited: ${inherited}` : ''}`,
    );
  }
  for (const j of report.joins ?? []) {
    const text = `join ${j.name} (${j.path}): ${j.rows} rows, ${j.matched} records matched, ${j.unmatched} unmatched${j.without_key > 0 ? `, ${j.without_key} without key` : ''}, ${j.unused} keys unused${j.duplicates > 0 ? `, ${j.duplicates} duplicate keys` : ''}`;
    lines.push(j.unmatched > 0 ? chalk.yellow(text) : text);
  }
  lines.push(...readinessConsole(report));
  for (const failure of report.quality.failures) lines.push(chalk.red(`quality: ${failure}`));
  return `${lines.join('\n')}\n`;
}

export default {
  name: 'console',
  summary: 'Compact summary table for the terminal.',
  extension: 'txt',
  render: (report) => renderConsole(report, false),
  examples: ['feedkit convert supplier.csv --mapping mapping.yaml --print console'],
} satisfies RendererDef;
