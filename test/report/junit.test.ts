import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderers } from '../../src/report/render/index.js';
import type { Report } from '../../src/report/report.js';
import { exampleReport, HOSTILE, hostileReport } from './example.js';

const junit = renderers.junit;

interface Case {
  attrs: Record<string, string>;
  failure?: { attrs: Record<string, string>; text: string };
  out?: string;
}
interface Suite {
  attrs: Record<string, string>;
  cases: Case[];
}

/** Parse with saxes (which throws on anything not well-formed) into suites and cases. */
function parseJunit(xml: string): { root: Record<string, string>; suites: Suite[] } {
  const parser = new SaxesParser();
  let root: Record<string, string> = {};
  const suites: Suite[] = [];
  let text = '';
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    text = '';
    if (tag.name === 'testsuites') root = attrs;
    else if (tag.name === 'testsuite') suites.push({ attrs, cases: [] });
    else if (tag.name === 'testcase') suites.at(-1)?.cases.push({ attrs });
    else if (tag.name === 'failure') {
      const c = suites.at(-1)?.cases.at(-1);
      if (c) c.failure = { attrs, text: '' };
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    const c = suites.at(-1)?.cases.at(-1);
    if (tag.name === 'failure' && c?.failure) c.failure.text = text;
    if (tag.name === 'system-out' && c) c.out = text;
  });
  parser.write(xml).close();
  return { root, suites };
}

describe('junit renderer', () => {
  let report: Report;
  let failing: Report;
  beforeAll(async () => {
    [report, failing] = await Promise.all([exampleReport(), exampleReport(45)]);
  });

  it('is registered as `junit` and writes .xml', () => {
    expect(junit.name).toBe('junit');
    expect(junit.extension).toBe('xml');
  });

  it('has a suite per channel: a passing `accepted` case, a failing case per issue type and a passing one per warning type', () => {
    const { root, suites } = parseJunit(junit.render(report));
    const channels = Object.entries(report.channels);
    expect(suites.map((s) => s.attrs.name)).toEqual([...channels.map(([name]) => name), 'quality']);
    for (const [name, c] of channels) {
      const suite = suites.find((s) => s.attrs.name === name);
      expect(suite?.cases.map((t) => t.attrs.name)).toEqual([
        'accepted',
        ...c.issues.map((i) => i.type),
        ...c.warnings.map((i) => i.type),
      ]);
      expect(suite?.attrs.tests).toBe(String(c.issues.length + c.warnings.length + 1));
      expect(suite?.attrs.failures).toBe(String(c.issues.length));
      const accepted = suite?.cases[0];
      expect(accepted?.failure).toBeUndefined();
      expect(accepted?.out).toContain(
        `${c.records.accepted} of ${c.records.read} records accepted, ${c.records.rejected} rejected; score ${c.score}/100`,
      );
      for (const issue of c.issues) {
        const t = suite?.cases.find((x) => x.attrs.name === issue.type);
        expect(t?.attrs.classname).toBe(`feedkit.${name}`);
        expect(t?.failure?.attrs.type).toBe(issue.type);
        expect(t?.failure?.attrs.message).toMatch(new RegExp(`^${issue.count} records? rejected: `));
        for (const s of issue.samples) expect(t?.failure?.text).toContain(`line ${s.line}`);
      }
      for (const warning of c.warnings) {
        const t = suite?.cases.find((x) => x.attrs.name === warning.type);
        expect(t?.failure).toBeUndefined();
        expect(t?.out).toMatch(new RegExp(`^${warning.count} values? left out, items kept: `));
      }
    }
    const quality = suites.at(-1);
    expect(quality?.cases).toHaveLength(1);
    expect(quality?.cases[0]?.failure).toBeUndefined();
    const cases = suites.flatMap((s) => s.cases);
    expect(root.tests).toBe(String(cases.length));
    expect(root.failures).toBe(String(cases.filter((t) => t.failure).length));
    expect(root.failures).toBe(String(channels.reduce((n, [, c]) => n + c.issues.length, 0)));
  });

  it('has a failing case per quality failure', () => {
    const { root, suites } = parseJunit(junit.render(failing));
    const quality = suites.find((s) => s.attrs.name === 'quality');
    expect(failing.quality.failures.length).toBeGreaterThan(0);
    expect(quality?.attrs.failures).toBe(String(failing.quality.failures.length));
    expect(quality?.cases.map((t) => t.failure?.attrs.message)).toEqual(failing.quality.failures);
    const cases = suites.flatMap((s) => s.cases);
    expect(root.failures).toBe(String(cases.filter((t) => t.failure).length));
  });

  it('stays well-formed with any supplier value: escaped, forbidden characters left out', () => {
    const xml = junit.render(hostileReport(report));
    for (const c of ['\u0001', '\u000b', '\uFFFE']) expect(xml).not.toContain(c);
    const { suites } = parseJunit(xml);
    // the parser reads a line end in text as `\n`, as XML says
    const clean = HOSTILE.replace('\u0001', '')
      .replace('\u000b', '')
      .replace('\uFFFE', '')
      .replace('\r\n', '\n');
    const gtin = suites[0]?.cases.find((t) => t.attrs.name === report.channels.google?.issues[0]?.type);
    expect(gtin?.failure?.text).toContain(`line 2, record K<1>, title, "${clean}"`);
    const mapping = suites.find((s) => s.attrs.name === 'mapping');
    expect(mapping?.attrs).toMatchObject({ tests: '1', failures: '0' });
    expect(mapping?.cases[0]?.attrs.name).toBe('invalid-number');
    expect(mapping?.cases[0]?.out).toContain('3 values left empty: Invalid number');
  });

  it('keeps quotes and line ends in attributes', () => {
    const copy = structuredClone(failing);
    copy.quality.failures = [`a "quoted" <failure> & more\nsecond line\u0000`];
    const { suites } = parseJunit(junit.render(copy));
    const t = suites.find((s) => s.attrs.name === 'quality')?.cases[0];
    expect(t?.attrs.name).toBe('a "quoted" <failure> & more\nsecond line');
    expect(t?.failure?.attrs.message).toBe('a "quoted" <failure> & more\nsecond line');
  });
});
