import { VALUE_SOURCES } from '../../mapping/provenance.js';
import { fixText, unmappedText } from '../readiness.js';
import type { Report } from '../report.js';

/** The console's readiness lines: per channel the average, the share of good products and the top 3 fixes. */
export function readinessConsole(report: Report): string[] {
  const section = report.readiness;
  if (section === undefined) return [];
  // Channels that come out alike (Google and Meta carry the same fields) share their lines.
  const blocks = new Map<string, { names: string[]; lines: string[] }>();
  for (const [name, c] of Object.entries(section.channels)) {
    const lines = [
      `AI readiness: average ${c.average}, ${c.good} of ${c.products} products at ${section.good} or more (${Math.round(c.good_share * 100)}%)`,
      ...c.fixes.slice(0, 3).map((fix, i) => `  ${i + 1}. ${fixText(fix)}`),
      ...(c.unmapped.length > 0 ? [`  ${unmappedText(c.unmapped)}`] : []),
    ];
    const key = lines.join('\n');
    const block = blocks.get(key) ?? { names: [], lines };
    block.names.push(name);
    blocks.set(key, block);
  }
  const lines = [...blocks.values()].flatMap(({ names, lines: [head, ...rest] }) => [
    `${names.join(', ')} ${head}`,
    ...rest,
  ]);
  const filled = Object.entries(section.sources.fields).flatMap(([field, by]) =>
    by.sheet === undefined ? [] : [`${field} ${by.sheet}`],
  );
  if (filled.length > 0) lines.push(`values from the fill-in sheet: ${filled.join(', ')}`);
  const sheet = section.gaps;
  if (sheet !== undefined)
    lines.push(
      `fill-in sheet: ${sheet.products} products below ${sheet.below} in ${sheet.file} (join it back: docs/readiness.md)`,
    );
  return lines;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The Markdown report's readiness section: distribution, every fix ranked, unmapped fields. */
export function readinessMarkdown(report: Report): string[] {
  const section = report.readiness;
  if (section === undefined) return [];
  const lines = [
    '',
    '## AI readiness',
    '',
    `How well each product can be shown by AI shopping surfaces, 0–100 (the rules: \`schemas/readiness.yaml\`); good from ${section.good}.`,
    '',
    '| channel | products | average | good | 0–9 | 10–19 | 20–29 | 30–39 | 40–49 | 50–59 | 60–69 | 70–79 | 80–89 | 90–100 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [name, c] of Object.entries(section.channels))
    lines.push(
      `| ${name} | ${c.products} | ${c.average} | ${c.good} (${Math.round(c.good_share * 100)} %) | ${c.buckets.map((b) => b.products).join(' | ')} |`,
    );
  for (const [name, c] of Object.entries(section.channels)) {
    if (c.fixes.length === 0 && c.unmapped.length === 0) continue;
    lines.push('', `### What to fix first: ${name}`, '');
    for (const [i, fix] of c.fixes.entries()) lines.push(`${i + 1}. ${cell(fixText(fix))} \`${fix.rule}\``);
    if (c.unmapped.length > 0) lines.push('', cell(unmappedText(c.unmapped)));
  }
  const { records, fields } = section.sources;
  lines.push(
    '',
    '### Where the values came from',
    '',
    `Of ${records} records mapped: per field, the share of its values from each source.`,
    '',
    `| field | ${VALUE_SOURCES.join(' | ')} |`,
    `|---|${VALUE_SOURCES.map(() => '---:').join('|')}|`,
  );
  for (const [field, by] of Object.entries(fields))
    lines.push(
      `| ${field} | ${VALUE_SOURCES.map((source) => (by[source] === undefined ? '' : `${Math.round((100 * (by[source] as number)) / Math.max(1, records))} %`)).join(' | ')} |`,
    );
  return lines;
}
