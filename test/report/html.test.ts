import { beforeAll, describe, expect, it } from 'vitest';
import { renderers } from '../../src/report/render/index.js';
import type { Report } from '../../src/report/report.js';
import { exampleReport, hostileReport } from './example.js';

const html = renderers.html;

/** The markup of each channel section, by channel name. */
function sections(page: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of page.matchAll(
    /<section class="channel"[^>]*data-channel="([^"]*)"[^>]*>([\s\S]*?)<\/section>/g,
  )) {
    out.set(m[1] ?? '', m[2] ?? '');
  }
  return out;
}

/** Attributes of every `<svg class="field-bar">` and the widths of its two rates. */
function fieldBars(markup: string) {
  return [...markup.matchAll(/<svg class="field-bar" ([^>]*)>([\s\S]*?)<\/svg>/g)].map((m) => {
    const attrs = Object.fromEntries(
      [...(m[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]),
    );
    const rect = (cls: string) =>
      Number(new RegExp(`class="${cls}" width="([\\d.]+)"`).exec(m[2] ?? '')?.[1]);
    return { attrs, filled: rect('filled'), valid: rect('valid') };
  });
}

describe('html renderer', () => {
  let report: Report;
  let failing: Report;
  beforeAll(async () => {
    [report, failing] = await Promise.all([exampleReport(), exampleReport(45)]);
  });

  it('is registered as `html` and writes .html', () => {
    expect(html.name).toBe('html');
    expect(html.extension).toBe('html');
  });

  it('is one self-contained page: no scripts, no external resources, viewport for phones', () => {
    const page = html.render(report);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/url\(|@import/i);
    for (const m of page.matchAll(/\b(?:src|href|xlink:href)\s*=\s*"([^"]*)"/gi)) {
      expect(m[1]).not.toMatch(/^(?:[a-z]+:|\/\/)/i);
    }
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*"?\s*https?:/i);
  });

  it('has the header: valid, source, records, seconds', () => {
    const page = html.render(report);
    expect(page).toContain('<title>✅ feedkit report: ');
    expect(page).toMatch(/<span class="status valid" data-valid="true"><svg [\s\S]*?<\/svg> valid<\/span>/);
    expect(page).toContain(`<code>${report.source.path}</code>`);
    expect(page).toContain('csv, windows-1252, delimiter &#34;;&#34;');
    expect(page).toContain(`<dd>13 <small>(15 lines)</small></dd>`);
    expect(page).toContain(`<dd>${report.source.seconds} s</dd>`);
    expect(page).toContain('every threshold met');
  });

  it('shows ❌ and each quality failure when a threshold is not met', () => {
    expect(failing.quality.failures.length).toBeGreaterThan(0);
    const page = html.render(failing);
    expect(page).toContain('<title>❌ feedkit report: ');
    expect(page).toContain('data-valid="false"');
    expect(page).toContain('min score 45;');
    for (const failure of failing.quality.failures) expect(page).toContain(`<li>${failure}</li>`);
  });

  it('has a section per channel with a score gauge, records and a bar per field at its rates', () => {
    const page = sections(html.render(report));
    expect([...page.keys()]).toEqual(Object.keys(report.channels));
    for (const [name, c] of Object.entries(report.channels)) {
      const markup = page.get(name) ?? '';
      expect(markup).toContain(`<svg class="gauge ${c.score < 50 ? 'low' : 'mid'}" data-score="${c.score}"`);
      expect(markup).toContain(`stroke-dasharray="${c.score} 100"`);
      expect(markup).toContain(
        `<b>${c.records.accepted}</b> accepted · <b>${c.records.rejected}</b> rejected`,
      );
      const bars = fieldBars(markup);
      expect(bars.map((b) => b.attrs['data-field'])).toEqual(
        ['required', 'recommended', 'optional'].flatMap((g) =>
          c.fields.filter((f) => f.group === g).map((f) => f.name),
        ),
      );
      for (const bar of bars) {
        const field = c.fields.find((f) => f.name === bar.attrs['data-field']);
        expect(bar.attrs['data-group']).toBe(field?.group);
        expect(Number(bar.attrs['data-valid-rate'])).toBe(field?.valid_rate);
        expect(bar.filled).toBeCloseTo((field?.fill_rate ?? Number.NaN) * 100, 2);
        expect(bar.valid).toBeCloseTo((field?.valid_rate ?? Number.NaN) * 100, 2);
      }
    }
  });

  it('lists issues by type with title, count and a bar, and the rejected samples with their reason', () => {
    const google = sections(html.render(report)).get('google') ?? '';
    const c = report.channels.google;
    for (const issue of c?.issues ?? []) {
      expect(google).toContain(`<li class="issue" data-type="${issue.type}" data-count="${issue.count}">`);
      expect(google).toContain(
        `data-rate="${Math.round((issue.count / (c?.records.read ?? 1)) * 10000) / 10000}"`,
      );
    }
    expect(google).toContain('<span class="name">Invalid GTIN <code>invalid-gtin</code></span>');
    // Rejected samples, then the values left out of kept items (with what they broke).
    const samples = [...(c?.issues ?? []), ...(c?.warnings ?? [])].reduce((n, i) => n + i.samples.length, 0);
    expect(google.match(/<tr class="sample"/g)).toHaveLength(samples);
    expect(google).toContain(
      '<h3>Warnings <small>the items were kept: a value left out or changed, or what the channel will flag</small></h3>',
    );
    expect(google).toContain('<span class="name">Value left out <code>dropped-value</code></span>');
    expect(google).toMatch(
      /<td class="num line">4<\/td><td class="record">DK-1003<\/td><td class="field-name">gtin<\/td><td class="value">5701234000038<\/td><td class="reason">Invalid GTIN<\/td>/,
    );
  });

  it('escapes every value from the supplier file', () => {
    const page = html.render(hostileReport(report));
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('K<1>');
    expect(page).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;q&#39;');
    expect(page).toContain('<td class="record">K&#60;1&#62;</td>');
  });

  it('shows mapping warnings when there are any', () => {
    expect(html.render(report)).not.toContain('Mapping warnings');
    const page = html.render(hostileReport(report));
    expect(page).toContain('Mapping warnings');
    expect(page).toMatch(/<section class="mapping-issues">[\s\S]*data-type="invalid-number" data-count="3"/);
  });
});
