import { PROBE_WORDS, probeAsked, probeLine } from '../probe.js';
import type { Report } from '../report.js';

function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The HTML report's probe section: what was asked, per channel a table of problems with their samples. */
export function probeHtml(report: Report): string {
  const probe = report.probe;
  if (probe === undefined) return '';
  const channels = Object.entries(probe.channels).map(([name, channel]) => {
    const rows = channel.findings
      .map((finding) => {
        const samples = finding.samples
          .map(
            (s) =>
              `<li><code>${esc(s.key ?? `line ${s.line}`)}</code> ${esc(s.field)}: <a href="${esc(s.value)}">${esc(s.value)}</a> (${esc(s.expected ?? '')})</li>`,
          )
          .join('');
        return `<tr data-type="${esc(finding.type)}"><td>${esc(PROBE_WORDS[finding.type] ?? finding.type)}</td><td class="num">${finding.count}</td><td><ul>${samples}</ul></td></tr>`;
      })
      .join('\n');
    return `<div class="probe-channel" data-channel="${esc(name)}">
<h3>${esc(name)} <small>${esc(probeLine(channel))}</small></h3>
${rows ? `<table>\n<tr><th>problem</th><th>URLs</th><th>samples</th></tr>\n${rows}\n</table>` : ''}
</div>`;
  });
  return `<section class="probe channel">
<h2>Image and link probe <small>${esc(probeAsked(probe))}</small></h2>
${channels.join('\n')}
</section>`;
}
