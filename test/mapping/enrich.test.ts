import { describe, expect, it } from 'vitest';
import { MINIMAL_MAPPING, runConvert, tsv } from '../helpers/run.js';

describe('prices and identifiers', () => {
  it('leaves out a sale price that is not below the price, with a warning, and keeps the item', async () => {
    const mapping = `${MINIMAL_MAPPING}  sale_price: { from: sale, pipe: [price] }\n`;
    const { feed, report } = await runConvert(
      'sku,title,price,sale\nA,Hat,"100,00","80,00"\nB,Cap,"50,00","50,00"\nC,Bag,"20,00","25,00"\n',
      mapping,
    );
    const rows = tsv(feed);
    const sale = (rows[0] as string[]).indexOf('sale_price');
    expect(rows.slice(1).map((row) => [row[0], row[sale]])).toEqual([
      ['A', '80.00 DKK'],
      ['B', ''],
      ['C', ''],
    ]);
    expect(report.channels.google?.records).toEqual({ read: 3, accepted: 3, rejected: 0 });
    // A rule of the channel's definition (sale.below_price), counted per channel.
    const warning = report.channels.google?.warnings.find((issue) => issue.type === 'sale-not-lower');
    expect(warning?.count).toBe(2);
    expect(warning?.samples.map((s) => [s.key, s.value])).toEqual([
      ['B', '50.00 DKK'],
      ['C', '25.00 DKK'],
    ]);
  });

  it('writes unit pricing from a pack size column, and leaves it out when the size is unreadable', async () => {
    const mapping =
      `${MINIMAL_MAPPING}  unit_pricing_measure: { from: pack, pipe: [unit_measure] }\n` +
      `  unit_pricing_base_measure: { from: pack, pipe: [{ unit_measure: base }] }\n`;
    const { feed, report } = await runConvert(
      'sku,title,price,pack\nA,Cola,"60,00",6 x 33 cl\nB,Kaffe,"45,00","Pose à 500 g"\nC,Olie,"80,00","0,75 L"\nD,Hat,"10,00",one size\n',
      mapping,
    );
    const rows = tsv(feed);
    const header = rows[0] as string[];
    const measure = header.indexOf('unit_pricing_measure');
    const base = header.indexOf('unit_pricing_base_measure');
    expect(rows.slice(1).map((row) => [row[0], row[measure], row[base]])).toEqual([
      ['A', '198cl', '1l'],
      ['B', '500g', '1kg'],
      ['C', '0.75l', '1l'],
      ['D', '', ''],
    ]);
    expect(report.channels.google?.records).toEqual({ read: 4, accepted: 4, rejected: 0 });
    const issue = report.mapping_issues.find((i) => i.type === 'invalid-format');
    expect(issue?.count).toBe(2);
    expect(issue?.samples[0]).toMatchObject({ key: 'D', field: 'unit_pricing_measure', value: 'one size' });
  });

  it('counts a field filled in a rejected record as filled but not valid, once per record', async () => {
    const mapping = `${MINIMAL_MAPPING}  gtin: { from: ean }\n  mpn: { from: title, pipe: [{ truncate: 100 }] }\n`;
    const { report } = await runConvert(
      `sku,title,price,ean\nA,Hat,"10,00",5701234000013\nB,Cap,"10,00",5701234000014\nC,Bag,"10,00",\nD,Pen,n/a,123\n`,
      mapping,
    );
    const google = report.channels.google;
    expect(google?.records).toEqual({ read: 4, accepted: 2, rejected: 2 });
    const field = (name: string) => google?.fields.find((f) => f.name === name);
    // B's GTIN fails the check digit; D's is too short and D has no price: one invalid GTIN each.
    expect([field('gtin')?.filled, field('gtin')?.valid]).toEqual([3, 1]);
    expect([field('price')?.filled, field('price')?.valid]).toEqual([3, 3]);
    expect([field('title')?.filled, field('title')?.valid]).toEqual([4, 4]);
  });

  it('flags a GTIN a spreadsheet turned into a number, and never guesses its digits', async () => {
    const mapping = `${MINIMAL_MAPPING}  gtin: { from: ean, pipe: [gtin] }\n`;
    const { feed, report } = await runConvert(
      'sku,title,price,ean\nA,Hat,"10,00",5.70123E+12\nB,Cap,"10,00",5701234000013\n',
      mapping,
    );
    const rows = tsv(feed);
    const gtin = (rows[0] as string[]).indexOf('gtin');
    expect(rows.slice(1).map((row) => row[gtin])).toEqual(['', '5701234000013']);
    expect(report.mapping_issues.find((issue) => issue.type === 'mangled-gtin')?.samples[0]).toMatchObject({
      key: 'A',
      value: '5.70123E+12',
    });
  });

  it('derives availability from a stock quantity', async () => {
    const mapping = MINIMAL_MAPPING.replace(
      'availability: { value: in_stock }',
      'availability: { from: stock, pipe: [{ stock: { threshold: 2 } }] }',
    );
    const { feed } = await runConvert('sku,title,price,stock\nA,Hat,"10,00",5\nB,Cap,"10,00",1\n', mapping);
    const rows = tsv(feed);
    const at = (rows[0] as string[]).indexOf('availability');
    expect(rows.slice(1).map((row) => row[at])).toEqual(['in_stock', 'out_of_stock']);
  });
});

describe('identifier_exists (Google)', () => {
  it('is "no" only for items with neither a GTIN nor an MPN with a brand (channels.md:57)', async () => {
    const mapping = `${MINIMAL_MAPPING}  gtin: { from: ean, pipe: [gtin] }\n  mpn: mpn\n`;
    const { feed } = await runConvert(
      'sku,title,price,ean,mpn\nA,Hat,"10,00",5701234000013,\nB,Cap,"10,00",,CAP-1\nC,Bag,"10,00",,\n',
      mapping,
    );
    const rows = tsv(feed);
    const at = (rows[0] as string[]).indexOf('identifier_exists');
    expect(at).toBeGreaterThan(0);
    expect(rows.slice(1).map((row) => [row[0], row[at]])).toEqual([
      ['A', ''],
      ['B', ''],
      ['C', 'no'],
    ]);
  });

  it('keeps what the mapping says', async () => {
    const mapping = `${MINIMAL_MAPPING}  identifier_exists: { value: "yes" }\n`;
    const { feed } = await runConvert('sku,title,price\nC,Bag,"10,00"\n', mapping);
    const rows = tsv(feed);
    expect(rows[1]?.[(rows[0] as string[]).indexOf('identifier_exists')]).toBe('yes');
  });
});

describe('google_product_category', () => {
  it('accepts an id or a full path in any bundled language and leaves out the rest, with the closest category', async () => {
    const mapping = `${MINIMAL_MAPPING}  google_product_category: category\n`;
    const { report, rejects } = await runConvert(
      [
        'sku,title,price,category',
        'A,Hat,"10,00",173',
        'B,Cap,"10,00",Apparel & Accessories > Clothing Accessories > Hats',
        'C,Bag,"10,00",Tøj og tilbehør > Tilbehør til tøj > Hatte',
        'D,Box,"10,00",99999999',
        'E,Pot,"10,00",Home > Kitchen',
      ].join('\n'),
      mapping,
    );
    // google_product_category is optional for Google: an unknown one costs the value, not the item.
    expect(report.channels.google?.records).toEqual({ read: 5, accepted: 5, rejected: 0 });
    expect(rejects.slice(1)).toEqual([]);
    const dropped = report.channels.google?.warnings.find((w) => w.type === 'dropped-value');
    expect(dropped?.samples.map((s) => [s.key, s.field, s.value])).toEqual([
      ['D', 'google_product_category', '99999999'],
      ['E', 'google_product_category', 'Home > Kitchen'],
    ]);
    expect(dropped?.samples[1]?.expected).toMatch(
      /^not in Google's product taxonomy; closest: \d+ Home & Garden > Kitchen & Dining/,
    );
    const field = report.channels.google?.fields.find((f) => f.name === 'google_product_category');
    expect([field?.filled, field?.valid]).toEqual([5, 3]);
  });
});
