import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import { MINIMAL_MAPPING, tempDir, tsv } from '../helpers/run.js';

// Google's attributes of 2025–2026 (channels-2026.md §1.2), each filled from a supplier column.
const FIELDS = `
  gtin: { from: ean, pipe: [{ split: "|" }, gtin] }
  video_link: { from: videos, pipe: [{ split: "|" }] }
  loyalty_program: { value: "my_program:silver:10.00 DKK::50" }
  question_and_answer: { from: qa, pipe: [{ split: "|" }] }
  popularity_rank: rank
  item_group_title: { value: Hue }
  document_link: { value: "https://shop.example/manual.pdf" }
  variant_option: { value: "Farve:Rød" }
  related_product: { value: "accessory:gtin:5701234000013" }
  structured_title: { template: 'trained_algorithmic_media:"{{ title }} i uld"' }
  structured_description: { template: 'default:"{{ title }}"' }
  product_highlight: { value: "Varm|Blød", pipe: [{ split: "|" }] }
  product_detail: { value: "Materiale:Uld:100 %" }
`;
const HEADER = 'sku,title,price,ean,videos,qa,rank\n';
const GOOD =
  'A-1,Hue,"129,00",5701234000013|4006381333931,https://v.example/1.mp4|https://v.example/2.mp4,"""Vaskes?"":""Ja""",87.5\n';

/** Convert the rows for the channels; each written feed's text by channel (absent: no item accepted). */
async function run(rows: string, channels = '[google, meta]', edit = (mapping: string) => mapping) {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.csv'), HEADER + rows);
  writeFileSync(
    join(dir, 'm.yaml'),
    `${edit(MINIMAL_MAPPING)}  condition: { value: new }\n${FIELDS}channels: ${channels}\n`,
  );
  const result = await convert({
    input: join(dir, 'in.csv'),
    mapping: join(dir, 'm.yaml'),
    out: join(dir, 'out'),
  });
  const text = (channel: string) => {
    const file = result.files[channel];
    return file !== undefined && existsSync(file) ? readFileSync(file, 'utf8') : '';
  };
  return { report: result.report, text };
}

describe('Google refresh: repeatable gtin and video_link, loyalty_program, conversational and AI-disclosure attributes', () => {
  it('writes every new attribute, lists comma-separated in TSV; Meta takes the first GTIN', async () => {
    const { text, report } = await run(GOOD);
    expect(report.channels.google?.records).toEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(report.channels.google?.warnings).toEqual([]);
    const [header, row] = tsv(text('google')) as [string[], string[]];
    const at = (name: string) => row[header.indexOf(name)];
    expect(at('gtin')).toBe('5701234000013,4006381333931');
    expect(at('video_link')).toBe('https://v.example/1.mp4,https://v.example/2.mp4');
    expect(at('loyalty_program')).toBe('my_program:silver:10.00 DKK::50');
    expect(at('question_and_answer')).toBe('"Vaskes?":"Ja"');
    expect(at('popularity_rank')).toBe('87.5');
    expect(at('structured_title')).toBe('trained_algorithmic_media:"Hue i uld"');
    expect(at('product_highlight')).toBe('Varm,Blød');
    for (const name of [
      'item_group_title',
      'document_link',
      'variant_option',
      'related_product',
      'product_detail',
    ])
      expect(at(name), name).not.toBe('');
    expect(header).not.toContain('tax');
    expect(report.channels.meta?.records.accepted).toBe(1);
    expect(text('meta')).toContain('5701234000013');
    expect(text('meta')).not.toContain('4006381333931');
  });

  it('repeats the element per value in RSS', async () => {
    const { text } = await run(GOOD, '{ google: { output: google.xml } }');
    const xml = text('google');
    expect(xml.match(/<g:gtin>[0-9]+<\/g:gtin>/g)).toEqual([
      '<g:gtin>5701234000013</g:gtin>',
      '<g:gtin>4006381333931</g:gtin>',
    ]);
    expect(xml.match(/<g:video_link>/g)).toHaveLength(2);
    expect(xml.match(/<g:product_highlight>/g)).toHaveLength(2);
  });

  it('leaves out a value that breaks its limit and keeps the item (dropped-value)', async () => {
    const bad = 'A-2,Sok,"49,00",5701234000013,https://v.example/1.mp4,no pair,150\n';
    const { report, text } = await run(bad);
    expect(report.channels.google?.records).toEqual({ read: 1, accepted: 1, rejected: 0 });
    const dropped = report.channels.google?.warnings.find((w) => w.type === 'dropped-value');
    expect(dropped?.samples.map((s) => s.field).sort()).toEqual(['popularity_rank', 'question_and_answer']);
    const [header] = tsv(text('google')) as [string[]];
    expect(header).toContain('popularity_rank');
  });

  it('rejects more than 10 GTINs (a wrong GTIN disapproves the item)', async () => {
    const eleven = Array.from({ length: 11 }, () => '5701234000013').join('|');
    const { report } = await run(`A-3,Hue,"129,00",${eleven},,,\n`, '[google]');
    expect(report.channels.google?.records).toEqual({ read: 1, accepted: 0, rejected: 1 });
    expect(report.channels.google?.issues.map((i) => i.type)).toEqual(['too-many']);
  });

  it('warns about an image URL that states a size below 500×500 px, and keeps the item', async () => {
    const { report } = await run(GOOD, '[google, meta]', (mapping) =>
      mapping.replace(
        '"https://shop.example/i/{{ sku }}.jpg"',
        '"https://cdn.example/{{ sku }}_200x200.jpg"',
      ),
    );
    for (const channel of ['google', 'meta']) {
      expect(report.channels[channel]?.records.accepted, channel).toBe(1);
      const small = report.channels[channel]?.warnings.find((w) => w.type === 'small-image');
      expect(
        small?.samples.map((s) => [s.field, s.value]),
        channel,
      ).toEqual([['image_link', 'https://cdn.example/A-1_200x200.jpg']]);
    }
  });
});
