import type { FieldGroup } from '../../channels/definition.js';
import { ISSUE_TYPES } from '../../model/issues.js';
import type { ChannelReport, FieldReport, IssueSummary, Report } from '../report.js';
import type { IssueSample } from '../stats.js';
import { changesHtml } from './changes-html.js';
import { parserNote } from './parser-note.js';
import { READINESS_CSS, readinessHtml } from './readiness-html.js';
import type { RendererDef } from './renderer.js';

const GROUPS: FieldGroup[] = ['required', 'recommended', 'optional'];

/** Every report string may come from a supplier file, so all of it goes through here. */
function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const pct = (rate: number) => `${(rate * 100).toFixed(1)} %`;
/** A rate as an SVG width in a 0–100 view box. */
const width = (rate: number) => String(Math.round(Math.min(1, Math.max(0, rate)) * 10000) / 100);
const level = (score: number) => (score >= 80 ? 'high' : score >= 50 ? 'mid' : 'low');

// Inline SVG in HTML needs no xmlns, which keeps every URL out of the file.
function gauge(score: number): string {
  return `<svg class="gauge ${level(score)}" data-score="${score}" viewBox="0 0 36 36" width="88" height="88" role="img" aria-label="score ${score} of 100">
<circle class="track" cx="18" cy="18" r="15.9155" pathLength="100"/>
<circle class="value" cx="18" cy="18" r="15.9155" pathLength="100" stroke-dasharray="${width(score / 100)} 100" transform="rotate(-90 18 18)"/>
<text x="18" y="21" text-anchor="middle">${score}</text></svg>`;
}

function recordsBar(c: ChannelReport): string {
  const read = Math.max(c.records.read, 1);
  const accepted = width(c.records.accepted / read);
  return `<svg class="records-bar" data-accepted="${c.records.accepted}" data-rejected="${c.records.rejected}" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="${c.records.accepted} accepted, ${c.records.rejected} rejected">
<rect class="rejected" width="100" height="8"/><rect class="accepted" width="${accepted}" height="8"/></svg>`;
}

function fieldRow(f: FieldReport): string {
  const label = `${f.name}: ${pct(f.fill_rate)} filled, ${pct(f.valid_rate)} valid`;
  return `<div class="field">
<span class="name">${esc(f.name)}</span>
<svg class="field-bar" data-field="${esc(f.name)}" data-group="${esc(f.group)}" data-fill-rate="${f.fill_rate}" data-valid-rate="${f.valid_rate}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${esc(label)}">
<rect class="track" width="100" height="10"/><rect class="filled" width="${width(f.fill_rate)}" height="10"/><rect class="valid" width="${width(f.valid_rate)}" height="10"/></svg>
<span class="rates">${pct(f.valid_rate)} <small>of ${pct(f.fill_rate)}</small></span>
</div>`;
}

function fields(c: ChannelReport): string {
  const groups = GROUPS.map((group) => {
    const rows = c.fields.filter((f) => f.group === group);
    if (rows.length === 0) return '';
    return `<h4>${group} <small>(${rows.length})</small></h4>\n${rows.map(fieldRow).join('\n')}`;
  });
  return `<h3>Fields</h3>
<p class="legend"><span class="key valid"></span> valid <span class="key filled"></span> filled but invalid <span class="key track"></span> empty</p>
${groups.filter(Boolean).join('\n')}`;
}

function issueList(issues: IssueSummary[], read: number): string {
  const rows = issues.map((issue) => {
    const def = ISSUE_TYPES[issue.type];
    const rate = read > 0 ? issue.count / read : 0;
    return `<li class="issue" data-type="${esc(issue.type)}" data-count="${issue.count}">
<span class="name">${esc(def.title)} <code>${esc(issue.type)}</code></span>
<svg class="issue-bar" data-type="${esc(issue.type)}" data-rate="${Math.round(rate * 10000) / 10000}" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="10"/><rect class="value" width="${width(rate)}" height="10"/></svg>
<span class="count">${issue.count}</span>
<small class="description">${esc(def.description)}</small></li>`;
  });
  return `<ul class="issues">\n${rows.join('\n')}\n</ul>`;
}

function sampleTable(issues: IssueSummary[], caption: string): string {
  const samples: { issue: IssueSummary; sample: IssueSample }[] = issues.flatMap((issue) =>
    issue.samples.map((sample) => ({ issue, sample })),
  );
  samples.sort((a, b) => a.sample.line - b.sample.line);
  const rows = samples.map(
    ({ issue, sample }) => `<tr class="sample" data-type="${esc(issue.type)}">
<td class="num line">${sample.line}</td><td class="record">${esc(sample.key ?? '')}</td><td class="field-name">${esc(sample.field ?? '')}</td><td class="value">${esc(sample.value ?? '')}</td><td class="reason">${esc(ISSUE_TYPES[issue.type].title)}${sample.expected ? `: ${esc(sample.expected)}` : ''}</td></tr>`,
  );
  return `<div class="scroll"><table class="samples">
<caption>${esc(caption)}</caption>
<thead><tr><th>line</th><th>record</th><th>field</th><th>value</th><th>reason</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function channel(name: string, c: ChannelReport): string {
  const rejected =
    c.issues.length === 0
      ? '<p>No records rejected.</p>'
      : `<h3>Issues</h3>
${issueList(c.issues, c.records.read)}
<h3>Rejected records</h3>
${sampleTable(c.issues, 'The first records of each issue type; rejects.csv lists every rejected record.')}`;
  return `<section class="channel" id="channel-${esc(name)}" data-channel="${esc(name)}">
<h2>${esc(name)} <small>${esc(c.title)}</small></h2>
<div class="overview">
${gauge(c.score)}
<div class="records">
<p><b>${c.records.accepted}</b> accepted · <b>${c.records.rejected}</b> rejected · ${c.records.read} read</p>
${recordsBar(c)}
<p class="output">${esc(c.format)} → <code>${esc(c.output)}</code>${c.files && c.files.length > 1 ? ` (+${c.files.length - 1} files)` : ''}</p>
</div>
</div>
${fields(c)}
${rejected}${
  c.warnings.length === 0
    ? ''
    : `
<h3>Warnings <small>the items were kept: a value left out or changed, or what the channel will flag</small></h3>
${issueList(c.warnings, c.records.read)}
${sampleTable(c.warnings, 'The first values of each kind, of kept items.')}`
}
</section>`;
}

// Drawn rather than ✅/❌: machines without a colour emoji font show those as empty boxes.
function status(valid: boolean): string {
  const mark = valid ? 'M4.5 8.3l2.3 2.3 4.7-5' : 'M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6';
  return `<span class="status ${valid ? 'valid' : 'invalid'}" data-valid="${valid}"><svg class="icon" viewBox="0 0 16 16" width="20" height="20" aria-hidden="true"><circle cx="8" cy="8" r="8"/><path d="${mark}"/></svg> ${valid ? 'valid' : 'not valid'}</span>`;
}

function header(report: Report): string {
  const s = report.source;
  const shape = [
    s.format,
    s.encoding,
    s.gzip ? 'gzip' : '',
    s.delimiter !== undefined ? `delimiter ${s.delimiter === '\t' ? 'tab' : `"${s.delimiter}"`}` : '',
    s.record !== undefined ? `records at ${s.record}` : '',
    parserNote(s) ?? '',
  ].filter(Boolean);
  const failures = [
    ...report.quality.failures,
    ...(report.publish?.refused ?? []).map((reason) => `not published: ${reason}`),
  ]
    .map((f) => `<li>${esc(f)}</li>`)
    .join('\n');
  const publish = report.publish;
  const compared = Object.entries(report.baseline?.channels ?? {})
    .map(
      ([name, c]) =>
        `<li>${esc(name)}: score ${c.score.before} → ${c.score.after} (${c.score.delta > 0 ? '+' : ''}${c.score.delta}), accepted ${c.accepted.before} → ${c.accepted.after}${c.new_issues.length > 0 ? `, new issues: ${esc(c.new_issues.join(', '))}` : ''}</li>`,
    )
    .join('\n');
  const published =
    publish === undefined
      ? ''
      : `<dt>published</dt><dd>${publish.dry_run ? 'no: dry run, only this report was written' : publish.published ? (publish.forced ? 'yes, forced over the gate' : 'yes') : 'no: the previous feeds were kept'}</dd>`;
  const rows = Object.entries(report.channels).map(
    ([name, c]) =>
      `<tr><td><a href="#channel-${esc(name)}">${esc(name)}</a></td><td class="num score ${level(c.score)}">${c.score}</td><td class="num">${c.records.read}</td><td class="num">${c.records.accepted}</td><td class="num">${c.records.rejected}</td></tr>`,
  );
  return `<header>
<h1>feedkit report ${status(report.valid)}</h1>
<dl>
<dt>source</dt><dd><code>${esc(s.path)}</code> <small>${esc(shape.join(', '))}</small></dd>
<dt>records</dt><dd>${s.records} <small>(${s.lines} lines)</small></dd>
<dt>time</dt><dd>${s.seconds} s</dd>
<dt>mapping</dt><dd><code>${esc(report.mapping)}</code></dd>
${published}
<dt>quality</dt><dd>${report.quality.min_score !== undefined ? `min score ${report.quality.min_score}; ` : ''}${report.quality.failures.length === 0 ? 'every threshold met' : `${report.quality.failures.length} failed`}</dd>
</dl>
${failures ? `<ul class="failures">\n${failures}\n</ul>` : ''}
${changesHtml(report)}${compared ? `<h2>Compared with <code>${esc(report.baseline?.path ?? '')}</code></h2>\n<ul class="baseline">\n${compared}\n</ul>` : ''}
<div class="scroll"><table class="channels">
<thead><tr><th>channel</th><th>score</th><th>read</th><th>accepted</th><th>rejected</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
</header>`;
}

function mappingIssues(report: Report): string {
  if (report.mapping_issues.length === 0) return '';
  return `<section class="mapping-issues">
<h2>Mapping warnings <small>the field was left empty, the record went on</small></h2>
${issueList(report.mapping_issues, report.source.records)}
${sampleTable(report.mapping_issues, 'The first records of each warning.')}
</section>`;
}

function extraction(report: Report): string {
  const x = report.extraction;
  if (x === undefined) return '';
  const rows = Object.entries(x.fields).map(
    ([name, f]) =>
      `<tr><td>${esc(name)}</td><td class="num">${f.supplier}</td><td class="num">${f.extracted}</td><td class="num">${f.empty}</td></tr>`,
  );
  return `<section class="extraction">
<h2>Filled by extraction <small>guesses from ${esc(x.from.join(', '))} (${esc(x.languages.join(', '))}), only where the supplier gave no value</small></h2>
<div class="scroll"><table><thead><tr><th>field</th><th class="num">supplier</th><th class="num">extracted (guess)</th><th class="num">empty</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div>
</section>`;
}

const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--line:#d1d9e0;--track:#e3e8ee;--ok:#1a7f37;--warn:#bf8700;--bad:#cf222e;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--line:#3d444d;--track:#2a313c;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--accent:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:0 0 12px}h2{font-size:1.25rem;margin:0 0 12px}h3{font-size:1.05rem;margin:20px 0 8px}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:14px 0 4px}
small,.muted{color:var(--muted);font-weight:normal}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.status{font-size:1rem;white-space:nowrap}.status .icon{vertical-align:-4px}.icon circle{fill:currentColor}.icon path{fill:none;stroke:var(--bg);stroke-width:2;stroke-linecap:round;stroke-linejoin:round}.status.valid{color:var(--ok)}.status.invalid{color:var(--bad)}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px;margin:0 0 12px}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
.failures{color:var(--bad);padding-left:20px}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:4px}
td.value{overflow-wrap:anywhere;min-width:8rem}
.score.low{color:var(--bad)}.score.mid{color:var(--warn)}.score.high{color:var(--ok)}
.channel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:20px 0}
.channel h2 small{display:block;font-size:.9rem}
.overview{display:flex;flex-wrap:wrap;gap:16px;align-items:center}
.records{flex:1 1 220px;min-width:0}.records p{margin:4px 0}.output{font-size:.85rem;color:var(--muted)}
.gauge{flex:none}.gauge .track{fill:none;stroke:var(--track);stroke-width:3.5}
.gauge .value{fill:none;stroke-width:3.5;stroke-linecap:round}.gauge text{font-size:10px;font-weight:700;fill:var(--fg)}
.gauge.low .value{stroke:var(--bad)}.gauge.mid .value{stroke:var(--warn)}.gauge.high .value{stroke:var(--ok)}
svg.records-bar,svg.field-bar,svg.issue-bar{display:block;width:100%;height:10px;border-radius:3px}
.records-bar .accepted{fill:var(--ok)}.records-bar .rejected{fill:var(--bad)}
.track{fill:var(--track)}.field-bar .filled{fill:var(--warn)}.field-bar .valid{fill:var(--ok)}.issue-bar .value{fill:var(--bad)}
.legend{font-size:.8rem;color:var(--muted);margin:0}.key{display:inline-block;width:10px;height:10px;border-radius:2px;margin-left:8px;vertical-align:-1px}
.key.valid{background:var(--ok)}.key.filled{background:var(--warn)}.key.track{background:var(--track)}
.field{display:grid;grid-template-columns:minmax(0,11rem) minmax(0,1fr) 8.5rem;gap:2px 10px;align-items:center;padding:2px 0}
.field .name,.issue .name{overflow-wrap:anywhere}.rates{text-align:right;font-variant-numeric:tabular-nums;font-size:.9rem}
.issues{list-style:none;padding:0;margin:0}
.issue{display:grid;grid-template-columns:minmax(0,16rem) minmax(0,1fr) 3rem;gap:2px 10px;align-items:center;padding:4px 0}
.issue .count{text-align:right;font-weight:700}.issue .description{grid-column:1/-1}
@media (max-width:600px){
main{padding:10px}.channel{padding:12px}
.field{grid-template-columns:minmax(0,1fr) auto}.field svg{grid-column:1/-1;grid-row:2}
.issue{grid-template-columns:minmax(0,1fr) auto}.issue svg{grid-column:1/-1;grid-row:2}.issue .description{grid-row:3}
table.samples,table.samples tbody{display:block}table.samples thead{display:none}
table.samples tr{display:flex;flex-wrap:wrap;column-gap:8px;padding:6px 0;border-bottom:1px solid var(--line)}
table.samples td{display:block;border:0;padding:0 0 0 calc(3.5rem + 8px);flex:0 0 100%;min-width:0}table.samples td:empty{display:none}
table.samples td.line{order:-2;flex:0 0 3.5rem;padding:0}table.samples td.line::before{content:"line ";color:var(--muted);font-size:.8rem}
table.samples td.reason{order:-1;flex:1 1 0;padding:0;font-weight:600}table.samples td.field-name{color:var(--muted)}
}
footer{color:var(--muted);font-size:.8rem;padding:8px 0 24px}
`;

export default {
  name: 'html',
  summary:
    'One self-contained HTML page (no scripts, no network): scores, field fill and valid rates, issues, rejected samples.',
  extension: 'html',
  render(report) {
    const channels = Object.entries(report.channels).map(([name, c]) => channel(name, c));
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${report.valid ? '✅' : '❌'} feedkit report: ${esc(report.source.path)}</title>
<style>${CSS}${READINESS_CSS}</style>
</head>
<body>
<main>
${header(report)}
${readinessHtml(report)}
${channels.join('\n')}
${mappingIssues(report)}
${extraction(report)}
<footer>feedkit ${esc(report.version)} · finished ${esc(report.finished_at)}</footer>
</main>
</body>
</html>
`;
  },
  examples: ['feedkit convert supplier.csv --mapping mapping.yaml --out feeds --report-format html'],
} satisfies RendererDef;
