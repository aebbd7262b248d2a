import { describe, expect, it } from 'vitest';
import { MINIMAL_MAPPING, runConvert, tsv } from '../helpers/run.js';

const MAPPING = `${MINIMAL_MAPPING.replace('brand: { value: Acme }', 'brand: brand')}  condition: { value: new }
  gtin: ean
  gender: { from: køn, map: { Dame: female, Herre: male } }
  color: farve
channels: [google, meta]
`;

const long = 'Mørkeblå med hvide striber og en smule grøn ved kanten, '.repeat(2).trim();

describe('a bad value of a field the channel does not require', () => {
  it('is left out of the item, which is kept, and counted as dropped-value with what it broke', async () => {
    const input = [
      'sku,title,price,brand,ean,køn,farve',
      `A,Hue,"99,00",Acme,5701234000013,Børn,"${long}"`,
      'B,Vante,"49,00",Acme,5701234000038,Dame,Rød',
      'C,Sok,"29,00",N/A,5701234000013,Dame,Sort',
    ].join('\n');
    const { feed, report, rejects } = await runConvert(input, MAPPING, { force: true });
    const rows = tsv(feed);
    const header = rows[0] as string[];
    const a = rows.find((row) => row[0] === 'A') as string[];
    expect([a[header.indexOf('gender')], a[header.indexOf('color')]]).toEqual(['', '']);
    expect(a[header.indexOf('gtin')]).toBe('5701234000013');

    const google = report.channels.google;
    // B: Google disapproves a wrong GTIN itself (on_invalid: reject). C: brand "N/A" is refused,
    // and left out, a new product lacks the brand Google requires: rejected with the first reason.
    expect(google?.records).toEqual({ read: 3, accepted: 1, rejected: 2 });
    expect(rejects.slice(1).map((row) => [row[0], row[2], row[3], row[4]])).toEqual([
      ['B', 'google', 'invalid-gtin', 'gtin'],
      ['C', 'google', 'invalid-value', 'brand'],
    ]);
    const dropped = google?.warnings.find((w) => w.type === 'dropped-value');
    expect(dropped?.samples).toEqual([
      { key: 'A', line: 2, field: 'gender', value: 'Børn', expected: 'is not one of male, female, unisex' },
      {
        key: 'A',
        line: 2,
        field: 'color',
        value: long.slice(0, 79) + '…',
        expected: 'color is longer than 100 characters',
      },
    ]);
    const color = google?.fields.find((f) => f.name === 'color');
    expect([color?.filled, color?.valid]).toEqual([3, 2]);

    // Meta has no such rule for the GTIN: B keeps its item and loses the GTIN.
    const meta = report.channels.meta;
    expect(meta?.records).toEqual({ read: 3, accepted: 3, rejected: 0 });
    expect(
      meta?.warnings.find((w) => w.type === 'dropped-value')?.samples.map((s) => [s.key, s.field]),
    ).toEqual([
      ['A', 'gender'],
      ['B', 'gtin'],
    ]);
    for (const channel of Object.values(report.channels))
      expect(channel.records.accepted + channel.records.rejected).toBe(channel.records.read);
  });
});
