import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDateRange } from '../../src/model/canonical.js';
import type { Report } from '../../src/report/report.js';
import { cli, MINIMAL_MAPPING, runConvert, tempDir, tsv } from '../helpers/run.js';

const SALES = [
  'sku,title,price,sale,from,to',
  'A,Hat,"100,00","80,00",2026-11-01,2026-11-30',
  'B,Cap,"50,00","40,00",2026-12-24T08:00+01:00,2026-12-31',
  'C,Bag,"20,00","15,00",,',
  'D,Pen,"10,00","8,00",,2027-01-15 18:00',
].join('\n');

const SALE_MAPPING = `${MINIMAL_MAPPING}  condition: { value: new }
  sale_price: { from: sale, pipe: [price] }
  sale_price_effective_date: { start: from, end: to }
channels: [google, meta]
`;

const column = (rows: string[][], name: string) => {
  const i = (rows[0] as string[]).indexOf(name);
  return rows.slice(1).map((row) => [row[0], row[i]]);
};

describe('sale dates', () => {
  it('reads ISO 8601 ranges: a date alone runs from 00:00 to 23:59, no zone means UTC, either end may be open', () => {
    expect(parseDateRange('2026-12-01/2026-12-24')).toEqual({
      start: '2026-12-01T00:00Z',
      end: '2026-12-24T23:59Z',
      start_ms: Date.parse('2026-12-01T00:00Z'),
      end_ms: Date.parse('2026-12-24T23:59:59.999Z'),
    });
    expect(parseDateRange('2026-12-01T08:00:00+0100/')).toMatchObject({ start: '2026-12-01T08:00+01:00' });
    expect(parseDateRange('/2026-12-24 18:30')).toMatchObject({ end: '2026-12-24T18:30Z' });
    for (const bad of ['2026-12-24', '2026-02-30/', '2026-12-24/2026-12-01', '/', 'soon/later'])
      expect(parseDateRange(bad), bad).toBeUndefined();
  });

  it("leaves out a sale that ended before the run's time and writes a coming one with its dates", async () => {
    const { feed, report, dir } = await runConvert(SALES, SALE_MAPPING, {
      now: new Date('2026-12-06T12:00Z'),
    });
    const rows = tsv(feed);
    expect(column(rows, 'sale_price')).toEqual([
      ['A', ''],
      ['B', '40.00 DKK'],
      ['C', '15.00 DKK'],
      ['D', '8.00 DKK'],
    ]);
    // Google spells the zone ±hhmm; an open start is the run's time, an open end 30 days on.
    expect(column(rows, 'sale_price_effective_date')).toEqual([
      ['A', ''],
      ['B', '2026-12-24T08:00+0100/2026-12-31T23:59Z'],
      ['C', ''],
      ['D', '2026-12-06T12:00Z/2027-01-15T18:00Z'],
    ]);
    const meta = tsv(readFileSync(join(dir, 'out', 'meta.csv'), 'utf8').replaceAll(',', '\t'));
    expect(column(meta, 'sale_price_effective_date')[1]).toEqual([
      'B',
      '2026-12-24T08:00+01:00/2026-12-31T23:59Z',
    ]);
    for (const name of ['google', 'meta']) {
      const channel = report.channels[name];
      expect(channel?.records).toEqual({ read: 4, accepted: 4, rejected: 0 });
      const expired = channel?.warnings.find((w) => w.type === 'sale-expired');
      expect(expired?.samples).toEqual([
        { key: 'A', line: 2, field: 'sale_price', value: '80.00 DKK', expected: '2026-11-30T23:59Z' },
      ]);
    }
  });

  it('reads both ends from one column holding start/end', async () => {
    const mapping = `${MINIMAL_MAPPING}  sale_price: { from: sale, pipe: [price] }\n  sale_price_effective_date: period\n`;
    const input =
      'sku,title,price,sale,period\nA,Hat,"100,00","80,00",2026-12-01T00:00+01:00/2026-12-24T23:59+01:00\nB,Cap,"9,00","8,00",next week\n';
    const { feed, report } = await runConvert(input, mapping, { now: new Date('2026-12-06T12:00Z') });
    expect(column(tsv(feed), 'sale_price_effective_date')).toEqual([
      ['A', '2026-12-01T00:00+0100/2026-12-24T23:59+0100'],
      ['B', ''],
    ]);
    const issue = report.mapping_issues.find((i) => i.type === 'invalid-format');
    expect(issue?.samples[0]).toMatchObject({
      key: 'B',
      field: 'sale_price_effective_date',
      value: 'next week',
    });
  });

  it('refuses start and end on a field that is not a date range, with its position', async () => {
    const mapping = `${MINIMAL_MAPPING}  color: { start: from }\n`;
    const error = await runConvert('sku,title,price,from\nA,Hat,"1,00",x\n', mapping).catch((e: Error) => e);
    expect(String(error)).toMatch(/start and end fill a date range; "color" is not one/);
  });
});

describe('--now', () => {
  it('fixes the run time on the command line; a time without a zone is a usage error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), SALES);
    writeFileSync(
      join(dir, 'm.yaml'),
      SALE_MAPPING.replace('channels: [google, meta]', 'channels: [google]'),
    );
    const before = cli(['convert', 'in.csv', '-m', 'm.yaml', '-o', 'a', '--now', '2026-11-15T00:00Z', '-q'], {
      cwd: dir,
    });
    expect(before.code).toBe(0);
    expect(column(tsv(readFileSync(join(dir, 'a', 'google.tsv'), 'utf8')), 'sale_price')[0]).toEqual([
      'A',
      '80.00 DKK',
    ]);
    const after = cli(['convert', 'in.csv', '-m', 'm.yaml', '-o', 'b', '--now', '2026-12-06T00:00Z', '-q'], {
      cwd: dir,
    });
    expect(after.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'b', 'report.json'), 'utf8')) as Report;
    expect(report.channels.google?.warnings.map((w) => [w.type, w.count])).toEqual([['sale-expired', 1]]);
    const bad = cli(['convert', 'in.csv', '-m', 'm.yaml', '--now', '2026-12-06 10:00'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"2026-12-06 10:00" is not an ISO 8601 time with a zone');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('prices of 0', () => {
  it('are invalid-price for every bundled channel', async () => {
    const mapping = `${MINIMAL_MAPPING}  condition: { value: new }\n  seller_name: { value: Acme }\n  target_countries: { value: DK }\n  store_country: { value: DK }\nchannels: [google, meta, klarna, openai]\n`;
    const { report, rejects } = await runConvert('sku,title,price\nA,Hat,"0,00"\nB,Cap,"1,00"\n', mapping);
    for (const name of ['google', 'meta', 'klarna', 'openai']) {
      expect(
        report.channels[name]?.issues.map((i) => [i.type, i.count]),
        name,
      ).toContainEqual(['invalid-price', 1]);
    }
    expect(rejects.filter((row) => row[0] === 'A').map((row) => row[3])).toEqual([
      'invalid-price',
      'invalid-price',
      'invalid-price',
      'invalid-price',
    ]);
  });
});
