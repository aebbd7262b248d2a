import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import { cli, ROOT, tempDir } from '../helpers/run.js';

const CASE = join(ROOT, 'fixtures/cases/readiness');
const args = (out: string) => [
  'convert',
  join(CASE, 'supplier.csv'),
  '--mapping',
  join(CASE, 'mapping.yaml'),
  '--out',
  out,
  '--now',
  '2026-12-01T00:00Z',
  '--threads',
  '1',
];

describe('readiness in the report', () => {
  it('the section of the fixture: distribution, good share, fixes ranked, unmapped fields (golden)', async () => {
    const out = tempDir();
    const run = cli([...args(out), '--print', 'console', '--report-format', 'md,html']);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    await expect(`${JSON.stringify(report.readiness, null, 2)}\n`).toMatchFileSnapshot(
      join(CASE, 'expected', 'readiness.json'),
    );
    const lines = run.stdout.split('\n').filter((line) => /AI readiness|^ {2}/.test(line));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(join(CASE, 'expected', 'console.txt'));
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    await expect(md.slice(md.indexOf('## AI readiness'), md.indexOf('## google —'))).toMatchFileSnapshot(
      join(CASE, 'expected', 'readiness.md'),
    );
    const google = report.readiness.channels.google;
    for (const channel of Object.values(report.readiness.channels) as Array<typeof google>) {
      // Every scored product is in one bucket; the six records are all mapped.
      expect(channel.products).toBe(6);
      expect(channel.buckets.reduce((sum: number, b: { products: number }) => sum + b.products, 0)).toBe(6);
      const share = channel.fixes.reduce((sum: number, f: { share: number }) => sum + f.share, 0);
      expect(share).toBeCloseTo(1, 3);
      const lost = Object.values(channel.lost_by_field as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(lost).toBeCloseTo(100 - channel.average, 0);
    }
    // Klarna carries no Google category: its score ignores the category rules.
    expect(report.readiness.channels.klarna.fixes.map((f: { rule: string }) => f.rule)).not.toContain(
      'category',
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg class="lost-bar" data-field="description"');
    expect(html).toContain('<section class="readiness channel">');
  });

  it('counts merge alike across batches and workers', async () => {
    const base = {
      input: join(CASE, 'supplier.csv'),
      mapping: join(CASE, 'mapping.yaml'),
      now: new Date('2026-12-01T00:00Z'),
    };
    const one = await convert({ ...base, out: tempDir(), threads: 1 });
    const many = await convert({ ...base, out: tempDir(), threads: 2, batchBytes: 300 });
    expect(many.report.readiness).toEqual(one.report.readiness);
  });

  it('--no-readiness leaves the section out', () => {
    const out = tempDir();
    expect(cli([...args(out), '--no-readiness', '--quiet']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).readiness).toBeUndefined();
  });
});
