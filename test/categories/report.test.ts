import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/report/render/console.js';
import { renderers } from '../../src/report/render/index.js';
import { MINIMAL_MAPPING, runConvert } from '../helpers/run.js';

const INPUT = [
  'sku,title,price,category',
  'a1,Shirt,10,212',
  'a2,Socks,5,Apparel & Accessories > Clothing > Underwear & Socks > Socks',
  'a3,Scarf,8,Tøj/Tørklæder',
  'a4,Cap,7,',
  'a5,Cap,-1,Tøj og tilbehør > Tøj',
].join('\n');

describe('report: share of records with a valid category', () => {
  it('per channel with a taxonomy-checked category; rejected records with a valid category count', async () => {
    const mapping = `${MINIMAL_MAPPING}  google_product_category: category\n`;
    const { report } = await runConvert(INPUT, mapping, {
      channels: ['google', 'meta', 'klarna'],
      force: true,
    });
    // a1 (id), a2 (English path), a5 (Danish path; rejected for its price) are valid; a3 is not, a4 has none.
    expect(report.channels.google?.category).toEqual({
      field: 'google_product_category',
      valid: 3,
      share: 0.6,
    });
    expect(report.channels.meta?.category).toEqual({
      field: 'google_product_category',
      valid: 3,
      share: 0.6,
    });
    // a3's unknown category is left out, the item kept (dropped-value); a5 is rejected for its price.
    expect(report.channels.google?.records.rejected).toBe(1);
    expect(report.channels.google?.warnings.find((w) => w.type === 'dropped-value')?.samples[0]?.key).toBe(
      'a3',
    );
    expect(report.channels.klarna?.category).toBeUndefined();
    expect(renderConsole(report, false)).toContain(
      'google category: 3 of 5 records (60%) with a valid google_product_category',
    );
    expect(renderers.md.render(report)).toContain(
      '**Valid category:** google 3 of 5 (60.0 %), meta 3 of 5 (60.0 %)',
    );
  });

  it('a mapping without a category: zero in report.json, no line in the console', async () => {
    const { report } = await runConvert(INPUT, MINIMAL_MAPPING);
    expect(report.channels.google?.category).toEqual({
      field: 'google_product_category',
      valid: 0,
      share: 0,
    });
    expect(renderConsole(report, false)).not.toContain('category:');
  });
});
