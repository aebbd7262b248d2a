import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinChannel } from '../../src/channels/definition.js';
import { convert } from '../../src/convert.js';
import { MINIMAL_MAPPING, tempDir, tsv } from '../helpers/run.js';

/** Convert `input` with the minimal mapping plus `extra` fields for the channels; feeds by channel. */
async function run(input: string, channels: string, extra = '', edit = (mapping: string) => mapping) {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.csv'), input);
  writeFileSync(
    join(dir, 'm.yaml'),
    `${edit(MINIMAL_MAPPING)}  condition: { value: new }\n${extra}channels: ${channels}\n`,
  );
  const result = await convert({
    input: join(dir, 'in.csv'),
    mapping: join(dir, 'm.yaml'),
    out: join(dir, 'out'),
    now: new Date('2026-12-06T12:00Z'),
  });
  const text = (channel: string) => {
    const file = result.files[channel];
    return file !== undefined && existsSync(file) ? readFileSync(file, 'utf8') : '';
  };
  return { report: result.report, text };
}

describe('Google-format channels: data only, reusing Google rules by $ref', () => {
  it('each is a definition and a schema whose $refs are inlined, with a source and a spec date', () => {
    for (const name of ['microsoft', 'perplexity', 'pinterest', 'tiktok']) {
      const { definition, schema } = loadBuiltinChannel(name);
      expect(definition.source, name).toMatch(/\S/);
      expect(definition.spec_date, name).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(JSON.stringify(schema), name).not.toContain('"$ref"');
    }
    // Perplexity is Google's schema whole, under its own $id.
    const google = loadBuiltinChannel('google').schema;
    const perplexity = loadBuiltinChannel('perplexity').schema;
    expect(perplexity.properties).toEqual(google.properties);
    expect(perplexity.required).toEqual(google.required);
    expect(perplexity.$id).toBe('https://feedkit.dev/schemas/perplexity.schema.json');
  });

  it('microsoft: id ≤50 rejects, GTINs are separated by a comma and a space, description up to 10,000', async () => {
    const long = 'X'.repeat(51);
    const input = `sku,title,price,ean,desc\nA-1,Hue,"129,00",5701234000013|4006381333931,${'d'.repeat(9000)}\n${long},Sok,"49,00",,kort\n`;
    const { report, text } = await run(
      input,
      '[microsoft]',
      '  gtin: { from: ean, pipe: [{ split: "|" }, gtin] }\n',
      (mapping) => mapping.replace('description: { from: title }', 'description: desc'),
    );
    expect(report.channels.microsoft?.records).toEqual({ read: 2, accepted: 1, rejected: 1 });
    expect(report.channels.microsoft?.issues.map((i) => [i.type, i.samples[0]?.field])).toEqual([
      ['too-long', 'id'],
    ]);
    const [header, row] = tsv(text('microsoft')) as [string[], string[]];
    expect(row[header.indexOf('gtin')]).toBe('5701234000013, 4006381333931');
    expect(row[header.indexOf('description')]).toHaveLength(9000);
  });

  it('pinterest: sale dates are written in UTC', async () => {
    const input =
      'sku,title,price,sale,from,to\nA-1,Hue,"129,00","99,00",2026-12-01T08:00+01:00,2026-12-24T23:59+01:00\n';
    const extra =
      '  sale_price: { from: sale, pipe: [price] }\n  sale_price_effective_date: { start: from, end: to }\n';
    const { report, text } = await run(input, '{ pinterest: { output: pinterest.tsv }, google: {} }', extra);
    expect(report.channels.pinterest?.records.accepted).toBe(1);
    const [header, row] = tsv(text('pinterest')) as [string[], string[]];
    expect(row[header.indexOf('sale_price_effective_date')]).toBe('2026-12-01T07:00Z/2026-12-24T22:59Z');
    // Google keeps the supplier's zone.
    const [gHeader, gRow] = tsv(text('google')) as [string[], string[]];
    expect(gRow[gHeader.indexOf('sale_price_effective_date')]).toBe(
      '2026-12-01T08:00+0100/2026-12-24T23:59+0100',
    );
  });

  it("tiktok: its own required fields and spellings (sku_id, Meta's availability, brand, no emoji in the title)", async () => {
    const input = 'sku,title,price,stock\nA-1,Hue,"129,00",0\nA-2,Hue 🧶,"89,00",3\n';
    const { report, text } = await run(input, '[tiktok]', '', (mapping) =>
      mapping.replace(
        'availability: { value: in_stock }',
        'availability: { value: in_stock, when: "number(stock) > 0", default: out_of_stock }',
      ),
    );
    expect(report.channels.tiktok?.records).toEqual({ read: 2, accepted: 1, rejected: 1 });
    expect(report.channels.tiktok?.issues.map((i) => [i.type, i.samples[0]?.field])).toEqual([
      ['invalid-format', 'title'],
    ]);
    const lines = text('tiktok').trim().split('\n');
    expect(lines[0]?.split(',').slice(0, 9)).toEqual([
      'sku_id',
      'title',
      'description',
      'availability',
      'condition',
      'price',
      'link',
      'image_link',
      'brand',
    ]);
    expect(lines[1]).toContain('out of stock');
    const { report: noBrand } = await run('sku,title,price\nA-1,Hue,"129,00"\n', '[tiktok]', '', (mapping) =>
      mapping.replace('brand: { value: Acme }', ''),
    );
    expect(noBrand.channels.tiktok?.issues.map((i) => [i.type, i.samples[0]?.field])).toEqual([
      ['missing-required', 'brand'],
    ]);
  });
});
