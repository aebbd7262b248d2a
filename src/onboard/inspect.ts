import { thousands } from '../text/no-icu.js';
import { DISTINCT_LIMIT, type InputProfile } from './profile.js';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The profile of `feedkit inspect` for people: the dialect, a table of columns, the warnings. */
export function renderInspect(profile: InputProfile): string {
  const decimal =
    profile.decimal === 'unknown'
      ? 'unknown (no number says)'
      : profile.decimal === 'mixed'
        ? 'mixed (both , and .)'
        : `"${profile.decimal}"`;
  const lines = [
    `${profile.path}: ${profile.format}, ${profile.encoding}${profile.bom ? ' (BOM)' : ''}${profile.gzip ? ', gzip' : ''}, ${
      DELIMITER_NAMES[profile.delimiter] ?? JSON.stringify(profile.delimiter)
    }-delimited, decimal ${decimal}`,
    `${thousands(profile.records)} records, ${thousands(profile.lines)} lines, ${profile.columns.length} columns`,
    '',
  ];
  const rows = [['column', 'fill', 'distinct', 'type', 'samples']];
  for (const column of profile.columns) {
    const counted = column.values?.some((v) => v.count > 1) === true;
    const samples = (counted ? (column.values ?? []).map((v) => `${v.value} (${v.count})`) : column.samples)
      .slice(0, 4)
      .map((value) => cut(value, 28))
      .join(' | ');
    rows.push([
      cut(column.name, 32),
      `${Math.round(column.fill * 100)}%`,
      column.distinct_capped ? `≥${DISTINCT_LIMIT}` : String(column.distinct),
      column.type,
      cut(samples, 80),
    ]);
  }
  lines.push(table(rows), '');
  if (profile.warnings.length === 0) lines.push('no warnings');
  else {
    lines.push(`${profile.warnings.length} warning${profile.warnings.length === 1 ? '' : 's'}:`);
    for (const warning of profile.warnings) {
      const where = warning.column === undefined ? '' : `${warning.column}: `;
      const examples =
        warning.examples.length > 0
          ? ` (e.g. ${warning.examples.map((e) => JSON.stringify(cut(e, 40))).join(', ')})`
          : '';
      lines.push(`  ${where}${warning.count} × ${warning.message}${examples} [${warning.type}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}
