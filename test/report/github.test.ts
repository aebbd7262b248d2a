import { beforeAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, MAX_ANNOTATIONS } from '../../src/report/render/github.js';
import { renderers } from '../../src/report/render/index.js';
import type { Report } from '../../src/report/report.js';
import { exampleReport, HOSTILE, hostileReport } from './example.js';

const github = renderers.github;
const lines = (text: string) => text.trimEnd().split('\n');

describe('github renderer', () => {
  let report: Report;
  beforeAll(async () => {
    report = await exampleReport();
  });

  it('is registered as `github` and writes .txt', () => {
    expect(github.name).toBe('github');
    expect(github.extension).toBe('txt');
  });

  it("escapes as GitHub's toolkit does", () => {
    expect(escapeData('50% a:b,c\r\nd')).toBe('50%25 a:b,c%0D%0Ad');
    expect(escapeProperty('50% a:b,c\r\nd')).toBe('50%25 a%3Ab%2Cc%0D%0Ad');
    // `%` first, or the escapes themselves would be escaped again
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('writes an error per rejected-record sample on its source line, then a summary notice', () => {
    const out = lines(github.render(report));
    const samples = Object.values(report.channels).flatMap((c) =>
      [...c.issues, ...c.warnings].flatMap((i) => i.samples),
    );
    expect(out).toHaveLength(samples.length + 1);
    // Values left out of kept items are warnings, rejected records errors.
    const warnings = Object.values(report.channels).flatMap((c) => c.warnings.flatMap((i) => i.samples));
    expect(warnings.length).toBeGreaterThan(0);
    expect(out.filter((l) => l.startsWith('::warning '))).toHaveLength(warnings.length);
    const file = escapeProperty(report.source.path);
    expect(out[0]).toBe(
      `::error file=${file},line=4,title=google%3A Invalid GTIN::record DK-1003, gtin "5701234000038": Not 8, 12, 13 or 14 digits, a wrong GS1 check digit, or a restricted prefix.`,
    );
    for (const line of out.slice(0, -1))
      expect(line).toMatch(/^::(error|warning) file=[^,]+,line=\d+,title=\w+%3A [^:]+::\S/);
    expect(out.at(-1)).toBe(
      '::notice::feedkit: 13 records; google 5/13 accepted (score 37), meta 8/13 accepted (score 47), klarna 8/13 accepted (score 67), openai 7/13 accepted (score 37)',
    );
  });

  it('escapes supplier values and the source path so each command stays on one line', () => {
    const copy = hostileReport(report);
    copy.source.path = 'in/a,b:c%.csv';
    const text = github.render(copy);
    expect(text).not.toContain('\r');
    const out = lines(text);
    const samples = Object.values(copy.channels).flatMap((c) =>
      [...c.issues, ...c.warnings].flatMap((i) => i.samples),
    );
    expect(out).toHaveLength(samples.length + 1 + 1); // + the mapping warning, + the notice
    const first = out[0] ?? '';
    expect(first.startsWith('::error file=in/a%2Cb%3Ac%25.csv,line=2,title=google%3A Invalid GTIN::')).toBe(
      true,
    );
    expect(first).toContain('%25, a:b%0D%0Anext');
    expect(first).toContain('%250A');
    expect(out).toContain(
      `::warning file=in/a%2Cb%3Ac%25.csv,line=3,title=mapping%3A Invalid number::record DK-1002, weight "1,5 kg ${escapeData(HOSTILE)}": The value could not be read as a number.`,
    );
  });

  it('puts quality failures first, as errors without a file', () => {
    const copy = structuredClone(report);
    copy.quality.failures = ['google: score 39 is below the minimum 45'];
    expect(lines(github.render(copy))[0]).toBe(
      '::error title=feedkit quality::google: score 39 is below the minimum 45',
    );
  });

  it('annotates no file when the input was standard input', () => {
    const copy = structuredClone(report);
    copy.source.path = '-';
    expect(lines(github.render(copy))[0]).toMatch(/^::error title=google%3A Invalid GTIN::/);
  });

  it(`stops at ${MAX_ANNOTATIONS} annotations and says how many more there are`, () => {
    const copy = structuredClone(report);
    for (const c of Object.values(copy.channels)) {
      for (const issue of c.issues) {
        issue.count = 100;
        while (issue.samples.length < 5) issue.samples.push({ line: 99, key: 'X' });
      }
    }
    const total = Object.values(copy.channels).reduce(
      (n, c) => n + [...c.issues, ...c.warnings].reduce((m, i) => m + i.count, 0),
      0,
    );
    const out = lines(github.render(copy));
    expect(out).toHaveLength(MAX_ANNOTATIONS + 1);
    expect(out.filter((l) => l.startsWith('::error '))).toHaveLength(MAX_ANNOTATIONS);
    expect(out.at(-1)).toMatch(
      new RegExp(
        `^::notice::feedkit: ${total - MAX_ANNOTATIONS} more issues not shown; see report\\.json\\. 13 records; google 5/13`,
      ),
    );
  });
});
