import type { Report } from '../report.js';
import { changedFields, priceMoves } from './changes-text.js';

const esc = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const PARTS = [
  ['unchanged', '#c8d3df'],
  ['changed', '#e0a030'],
  ['added', '#3a9a5b'],
  ['removed', '#c0392b'],
] as const;

/**
 * The HTML report's change section: per channel a bar of its items (unchanged, changed, added,
 * removed, each as wide as its share), the counts, the fields and price moves, and the samples.
 */
export function changesHtml(report: Report): string {
  const entries = Object.entries(report.changes ?? {});
  if (entries.length === 0) return '';
  const rows = entries.map(([name, c]) => {
    const total = Math.max(1, c.unchanged + c.changed + c.added + c.removed);
    const bar = PARTS.map(([part, colour]) => {
      const n = c[part];
      return n === 0
        ? ''
        : `<span class="part" title="${part} ${n}" style="width:${((100 * n) / total).toFixed(2)}%;background:${colour}"></span>`;
    }).join('');
    const samples = c.samples
      .map(
        (s) =>
          `<li><code>${esc(s.id)}</code> ${esc(s.field)}${s.before !== undefined || s.after !== undefined ? `: ${esc(s.before ?? '')} → ${esc(s.after ?? '')}` : ''}</li>`,
      )
      .join('');
    const failed = (c.failed ?? []).map((rule) => `<li class="failed">${esc(rule)}</li>`).join('');
    return `<h3>${esc(name)}</h3>
<div class="bar">${bar}</div>
<p>${PARTS.map(([part, colour]) => `<span class="key" style="background:${colour}"></span>${part} ${c[part]}`).join(' · ')}; accepted → rejected ${c.rejected.count}</p>
${changedFields(c) ? `<p>fields: ${esc(changedFields(c))}</p>` : ''}${priceMoves(c) ? `<p>prices ${esc(priceMoves(c))}</p>` : ''}
${failed ? `<ul>${failed}</ul>` : ''}${samples ? `<ul class="samples">${samples}</ul>` : ''}`;
  });
  return `<h2>Changes since the published feed</h2>
<style>.bar{display:flex;height:14px;width:100%;max-width:40em;background:#eee}.bar .part{display:block;height:100%}.key{display:inline-block;width:.8em;height:.8em;margin-right:.2em}.failed{color:#c0392b}</style>
${rows.join('\n')}`;
}
