import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFeeds } from '../../src/changes/diff.js';
import { shapeMember } from '../../src/channels/nest.js';
import { flattenProduct } from '../../src/channels/unnest.js';
import { convert } from '../../src/convert.js';
import type { ChannelChanges } from '../../src/report/changes.js';
import { ROOT, tempDir } from '../helpers/run.js';

const CASE = join(ROOT, 'fixtures/cases/change-control');
// The acceptance fixture's two files, A08's title with both quotes: Klarna's file then takes `'` as its qualifier.
const quoted = (file: string) =>
  readFileSync(join(CASE, file), 'utf8').replace('Wool sweater 8,', '"Wool sweater 8, 12"" wide",');
const MAPPING = readFileSync(join(CASE, 'mapping.yaml'), 'utf8')
  .replace(
    /channels:[\s\S]*?fields:/,
    'channels:\n  google: { output: google.xml }\n  klarna: {}\n  openai: { output: openai.jsonl.gz }\nfields:',
  )
  .replace(/changes:[\s\S]*$/, 'changes: { max_removed: 1 }\n')
  .replace(
    'fields:\n',
    'fields:\n  seller_name: { value: Acme }\n  target_countries: { value: DE }\n  store_country: { value: DE }\n',
  );

async function run(dir: string, input: string, out: string, dryRun = false) {
  writeFileSync(join(dir, input), quoted(input));
  return convert({
    input: join(dir, input),
    mapping: join(dir, 'mapping.yaml'),
    out,
    threads: 1,
    dryRun,
    now: new Date('2026-12-01T00:00:00Z'),
  });
}

describe('feedkit diff reads back every format feedkit writes', { timeout: 60_000 }, () => {
  it("Google RSS, Klarna CSV qualified with ', OpenAI JSON Lines gzipped: the convert-time counts", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mapping.yaml'), MAPPING);
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    await run(dir, 'before.csv', a);
    await run(dir, 'after.csv', b);
    expect(readFileSync(join(a, 'klarna.csv'), 'utf8')).toMatch(/^'SKU\/ID'/);
    const atConvert = (await run(dir, 'after.csv', a, true)).report.changes ?? {};
    const counts = (c: ChannelChanges | undefined) =>
      c && [c.before, c.after, c.added, c.removed, c.changed, c.unchanged, c.fields, c.price];
    for (const [name, file] of [
      ['google', 'google.xml'],
      ['klarna', 'klarna.csv'],
      ['openai', 'openai-0001.jsonl.gz'],
    ] as const) {
      const { changes } = await diffFeeds(join(a, file), join(b, file));
      expect(Object.keys(changes), file).toEqual([name]);
      expect(counts(changes[name]), file).toEqual(counts(atConvert[name]));
      expect(changes[name]?.added, file).toBe(1);
    }
    const { changes } = await diffFeeds(a, b);
    for (const name of ['google', 'klarna', 'openai'])
      expect(changes[name]?.rejected, name).toEqual(atConvert[name]?.rejected);
  });

  it('an acp product line comes back as the flat items it was made of', () => {
    const item = {
      id: 'A1-red',
      title: 'Lamp, red',
      product_id: 'A1',
      product_title: 'Lamp',
      description: 'A lamp.',
      url: 'https://x.test/a1',
      price: '1999 EUR',
      sale_price: '1499 EUR',
      availability: 'in_stock',
      condition: 'new',
      gtin: ['4006381333931', '012345678905'],
      image_link: 'https://x.test/a1.jpg',
      google_product_category: '4636',
      product_type: 'Home > Lamps',
      color: 'red',
      seller_name: 'Acme',
      seller_tos: 'https://x.test/tos',
    };
    const { product, variant } = shapeMember(item);
    expect(flattenProduct({ ...product, variants: [variant] })).toEqual([item]);
    const single = { id: 'B1', title: 'Chair', price: '5000 EUR', image_link: 'https://x.test/b.jpg' };
    const one = shapeMember(single);
    expect(flattenProduct({ ...one.product, variants: [one.variant] })).toEqual([single]);
  });
});
