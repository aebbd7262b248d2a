import { fixText, unmappedText } from '../readiness.js';
import type { Report } from '../report.js';

function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The HTML report's readiness section: per channel the distribution, a chart of points lost by field, the fixes. */
export function readinessHtml(report: Report): string {
  const section = report.readiness;
  if (section === undefined) return '';
  const channels = Object.entries(section.channels).map(([name, c]) => {
    const most = Math.max(1, ...c.buckets.map((b) => b.products));
    const buckets = c.buckets
      .map(
        (b, i) =>
          `<rect class="bucket${b.from >= section.good ? ' good' : ''}" data-from="${b.from}" data-products="${b.products}" x="${i * 10 + 1}" y="${40 - Math.round((40 * b.products) / most)}" width="8" height="${Math.round((40 * b.products) / most)}"><title>${b.from}–${b.to}: ${b.products}</title></rect>`,
      )
      .join('');
    const worst = Math.max(1, ...Object.values(c.lost_by_field));
    const lost = Object.entries(c.lost_by_field)
      .map(
        ([field, points]) =>
          `<div class="field"><span class="name">${esc(field)}</span><svg class="lost-bar" data-field="${esc(field)}" data-points="${points}" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="10"/><rect class="lost" width="${Math.round((10000 * points) / worst) / 100}" height="10"/></svg><span class="rates">−${points}</span></div>`,
      )
      .join('\n');
    const fixes = c.fixes
      .map((fix) => `<li data-rule="${esc(fix.rule)}">${esc(fixText(fix))}</li>`)
      .join('\n');
    return `<div class="readiness-channel" data-channel="${esc(name)}">
<h3>${esc(name)} <small>average ${c.average}; ${c.good} of ${c.products} products at ${section.good} or more (${Math.round(c.good_share * 100)} %)</small></h3>
<svg class="buckets" viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label="products per 10 points of score">${buckets}</svg>
<h4>points lost per product, by field</h4>
${lost}
${fixes ? `<h4>what to fix first</h4>\n<ol class="fixes">\n${fixes}\n</ol>` : ''}
${c.unmapped.length > 0 ? `<p class="unmapped">${esc(unmappedText(c.unmapped))}</p>` : ''}
</div>`;
  });
  return `<section class="readiness channel">
<h2>AI readiness <small>how well each product can be shown by AI shopping surfaces, 0–100</small></h2>
${channels.join('\n')}
</section>`;
}

/** The section's styles, added to the page's. */
export const READINESS_CSS =
  'svg.buckets{display:block;width:100%;height:60px}.buckets .bucket{fill:var(--warn)}.buckets .bucket.good{fill:var(--ok)}svg.lost-bar{display:block;width:100%;height:10px;border-radius:3px}.lost-bar .lost{fill:var(--bad)}.fixes{padding-left:20px}';
