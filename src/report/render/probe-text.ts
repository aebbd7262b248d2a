import { PROBE_WORDS, probeAsked, probeLine } from '../probe.js';
import type { Report } from '../report.js';

/** The console's probe lines: what was asked, then per channel the problems found. */
export function probeConsole(report: Report): string[] {
  const probe = report.probe;
  if (probe === undefined) return [];
  const lines = [`probe (${probe.kinds.join(', ')}): ${probeAsked(probe)}`];
  for (const [name, channel] of Object.entries(probe.channels))
    lines.push(`  ${name}: ${probeLine(channel)}`);
  return lines;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The Markdown report's probe section: per channel a table of problems with samples (item, URL, what was found). */
export function probeMarkdown(report: Report): string[] {
  const probe = report.probe;
  if (probe === undefined) return [];
  const lines = ['', '## Image and link probe', '', `${probeAsked(probe)} (${probe.seconds} s).`];
  for (const [name, channel] of Object.entries(probe.channels)) {
    lines.push('', `### ${name}: ${probeLine(channel)}`);
    if (channel.findings.length === 0) continue;
    lines.push('', '| problem | URLs | samples |', '|---|---:|---|');
    for (const finding of channel.findings) {
      const samples = finding.samples
        .map((s) => `${s.key ?? `line ${s.line}`} ${s.field}: ${s.value} (${s.expected ?? ''})`)
        .join('<br>');
      lines.push(`| ${PROBE_WORDS[finding.type] ?? finding.type} | ${finding.count} | ${cell(samples)} |`);
    }
  }
  return lines;
}
