import type { Report } from '../report.js';
import { changedFields, priceMoves } from './changes-text.js';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
/** Samples shown per channel in the pull-request comment. */
const TOP = 10;

/**
 * The Markdown report's change section: a compact table (a row per channel) and the top
 * samples (the largest price falls first, then per field, added, removed, rejected).
 */
export function changesMarkdown(report: Pick<Report, 'changes'>): string[] {
  const entries = Object.entries(report.changes ?? {});
  if (entries.length === 0) return [];
  const against = [...new Set(entries.map(([, c]) => c.against))];
  const lines = [
    '',
    against.length === 1 && against[0] !== 'published'
      ? `## Changes since \`${cell(against[0] as string)}\``
      : '## Changes since the published feed',
    '',
    '| channel | before | after | added | removed | changed | fields | prices | accepted → rejected |',
    '|---|---:|---:|---:|---:|---:|---|---|---:|',
  ];
  for (const [name, c] of entries)
    lines.push(
      `| ${name} | ${c.before} | ${c.after} | ${c.added} | ${c.removed} | ${c.changed} | ${cell(changedFields(c)) || '—'} | ${cell(priceMoves(c)) || '—'} | ${c.rejected.count} |`,
    );
  for (const [name, c] of entries) {
    const rows = [
      ...c.samples.map(
        (s) => `| ${cell(s.id)} | ${cell(s.field)} | ${cell(s.before ?? '')} | ${cell(s.after ?? '')} |`,
      ),
      ...c.added_samples.map((id) => `| ${cell(id)} | *added* | | |`),
      ...c.removed_samples.map((id) => {
        const rejected = c.rejected.samples.find((r) => r.id === id);
        return rejected === undefined
          ? `| ${cell(id)} | *removed* | | |`
          : `| ${cell(id)} | *rejected* | | ${cell(rejected.reason)} |`;
      }),
    ].slice(0, TOP);
    if (rows.length === 0) continue;
    lines.push(
      '',
      `**${name}**, top samples:`,
      '',
      '| id | field | before | after |',
      '|---|---|---|---|',
      ...rows,
    );
  }
  return lines;
}
