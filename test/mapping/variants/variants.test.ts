import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { convert } from '../../../src/convert.js';
import type { Report } from '../../../src/report/report.js';
import { ROOT, tempDir, tsv } from '../../helpers/run.js';

const fixture = (name: string) => join(ROOT, 'fixtures/inputs/groups', name);

/** Run a bundled mapping (or a variant of it written beside a copy) over a fixture. */
async function run(input: string, mapping: string, edit?: (yaml: string) => string, threads = 1) {
  const dir = tempDir();
  let mappingPath = join(ROOT, 'mappings', mapping);
  if (edit !== undefined) {
    mappingPath = join(dir, mapping);
    writeFileSync(mappingPath, edit(readFileSync(join(ROOT, 'mappings', mapping), 'utf8')));
  }
  const out = join(dir, 'out');
  const result = await convert({ input: fixture(input), mapping: mappingPath, out, threads });
  const rows = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
  const header = rows[0] as string[];
  const items = new Map(
    rows.slice(1).map((row) => [row[0] as string, Object.fromEntries(header.map((h, i) => [h, row[i]]))]),
  );
  const rejects = parse(readFileSync(join(out, 'rejects.csv'), 'utf8'), { columns: true }) as Array<
    Record<string, string>
  >;
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  return { result, items, rejects, report, out };
}

describe('variants: Magento configurable products (the parent lists its children)', () => {
  it('groups children that come before their parent and fills what they lack from it', async () => {
    const { items, report } = await run('magento.csv', 'magento.yaml');
    const small = items.get('MJ1-S-Red');
    const medium = items.get('MJ1-M-Red');
    expect(small?.item_group_id).toBe('MJ1');
    expect(medium?.item_group_id).toBe('MJ1');
    // Inherited: the S size has no description of its own. It has a picture of its own, so it
    // does not take the parent's further pictures (they show the parent's variant).
    expect(small?.description).toBe('Warm, wind-proof jacket.');
    expect(small?.image_link).toBe('https://shop.example.com/media/catalog/product/m/j/mj1-red.jpg');
    expect(small?.additional_image_link).toBe('');
    expect(small?.link).toBe('https://shop.example.com/catalog/product/MJ1.html');
    expect(small?.material).toBe('Wool');
    // Never overwritten: the M size keeps its own text and picture list, takes the main image.
    expect(medium?.description).toBe('Own text of the M size.');
    expect(medium?.additional_image_link).toBe(
      'https://shop.example.com/media/catalog/product/m/j/mj1-m-side.jpg',
    );
    expect(medium?.image_link).toBe('https://shop.example.com/media/catalog/product/m/j/mj1.jpg');
    // A simple product outside any group is left alone.
    expect(items.get('BAG1')?.item_group_id).toBe('');
    expect(items.get('BAG1')?.material).toBe('Nylon');
    expect(report.variants).toEqual({
      style: 'children',
      products: 1,
      parents: 1,
      parents_emitted: 0,
      children: 2,
      orphans: 0,
      inherited: {
        description: 1,
        link: 2,
        image_link: 1,
        material: 2,
        pattern: 2,
      },
    });
  });

  it('does not sell the parent, and accounts for it as a variant-parent reject', async () => {
    const { items, rejects, report } = await run('magento.csv', 'magento.yaml');
    expect(items.has('MJ1')).toBe(false);
    const google = report.channels.google;
    expect(google?.records).toEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(google?.issues.map((i) => [i.type, i.count])).toEqual([['variant-parent', 1]]);
    expect(rejects).toEqual([
      expect.objectContaining({
        record_key: 'MJ1',
        line: '5',
        issue_type: 'variant-parent',
        message: 'parent of 2 variants, not sold itself (variants.emit_parents: true keeps it)',
      }),
    ]);
  });

  it('sells the parent too with emit_parents: true', async () => {
    const { items, report } = await run('magento.csv', 'magento.yaml', (yaml) =>
      yaml.replace('variants:\n', 'variants:\n  emit_parents: true\n'),
    );
    expect(items.get('MJ1')?.title).toBe('Storm Jacket');
    expect(report.channels.google?.records.accepted).toBe(4);
    expect(report.variants?.parents_emitted).toBe(1);
  });
});

describe('variants: WooCommerce variations (the child names its parent)', () => {
  it('inherits by SKU and by id:<ID>, in any order, and counts orphans', async () => {
    const { items, report, rejects } = await run('woocommerce.csv', 'woocommerce.yaml');
    const red = items.get('tee-red');
    const blue = items.get('tee-blue');
    expect(red?.item_group_id).toBe('tee');
    expect(red?.description).toBe('Organic cotton tee.');
    expect(red?.product_type).toBe('Clothing > Tshirts');
    expect(red?.link).toBe('https://shop.example.com/product/tee/');
    expect(red?.image_link).toBe('https://img.example/tee-red.jpg');
    // Named as id:501; keeps its own text, takes the parent's picture.
    expect(blue?.item_group_id).toBe('tee');
    expect(blue?.description).toBe('Own blue text.');
    expect(blue?.image_link).toBe('https://img.example/tee.jpg');
    expect(blue?.additional_image_link).toBe('https://img.example/tee-back.jpg');
    // The cap's parent is not in the file: nothing inherited, so it has no page link and the
    // channel refuses it for that, not for being a variant.
    expect(items.has('cap-green')).toBe(false);
    expect(rejects).toContainEqual(
      expect.objectContaining({ record_key: 'cap-green', issue_type: 'missing-required', field: 'link' }),
    );
    expect(items.has('tee')).toBe(false);
    expect(report.variants).toMatchObject({
      style: 'parent',
      products: 1,
      parents: 1,
      children: 2,
      orphans: 1,
    });
    expect(report.mapping_issues).toEqual([
      expect.objectContaining({
        type: 'orphan-variant',
        count: 1,
        samples: [{ key: 'cap-green', line: 4, field: 'item_group_id', value: 'cap' }],
      }),
    ]);
  });

  it('without parents_when, a parent is a row that some row names', async () => {
    const { items, report } = await run('woocommerce.csv', 'woocommerce.yaml', (yaml) =>
      yaml.replace(/\n {2}parents_when: .*\n/, '\n'),
    );
    expect(items.has('tee')).toBe(false);
    expect(items.has('mug')).toBe(true);
    expect(report.variants?.parents).toBe(1);
  });
});

describe('variants: Shopify handles (the product row fills its variant rows)', () => {
  it('fills rows before and after the product row; a single variant is no group', async () => {
    const { items, report, rejects } = await run('shopify.csv', 'shopify.yaml');
    const large = items.get('SOCK-L');
    expect(large?.title).toBe('Wool Sock');
    expect(large?.description).toBe('Soft merino sock.');
    expect(large?.brand).toBe('Nordic Wool');
    expect(large?.google_product_category).toBe('209');
    expect(large?.item_group_id).toBe('wool-sock');
    expect(large?.image_link).toBe('https://img.example/sock-l.jpg');
    expect(large?.gtin).toBe('');
    expect(items.get('SOCK-M')?.gtin).toBe('4006381333931');
    expect(items.get('SOCK-M')?.item_group_id).toBe('wool-sock');
    expect(items.get('HAT-1')?.item_group_id).toBe('');
    expect(rejects.map((r) => [r.line, r.issue_type])).toEqual([['4', 'excluded']]);
    expect(report.variants).toMatchObject({ style: 'handle', products: 2, parents: 0, children: 2 });
  });
});

describe('variants: order, threads and standard input', () => {
  /** Many products over many batches, every child before its parent. */
  function bigInput(): string {
    const lines = [
      'ID,Type,SKU,Name,Published,Short description,Description,In stock?,Stock,Sale price,Regular price,Categories,Images,Parent,Attribute 1 name,Attribute 1 value(s)',
    ];
    for (let p = 0; p < 120; p++) {
      for (let c = 0; c < 4; c++) {
        const own = c === 1 ? `Own text ${p}-${c}` : '';
        const parent = p % 17 === 3 ? `gone-${p}` : `p-${p}`;
        lines.push(
          `${p * 10 + c + 1},variation,p-${p}-${c},Item ${p}-${c},1,,${own},1,1,,${10 + c},,,${parent},Color,C${c}`,
        );
      }
      lines.push(
        `${p * 10},variable,p-${p},Product ${p},1,,"<p>Text of ${p}, with a comma</p>",1,,,,Cat ${p % 5},"https://img.example/${p}.jpg, https://img.example/${p}-b.jpg",,,`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  it('feeds, rejects and report are byte-identical with 1 and 4 threads', async () => {
    const dir = tempDir();
    const input = join(dir, 'big.csv');
    writeFileSync(input, bigInput());
    const runWith = async (threads: number) => {
      const out = join(dir, `out-${threads}`);
      await convert({
        input,
        mapping: join(ROOT, 'mappings/woocommerce.yaml'),
        out,
        threads,
        batchBytes: 2048,
      });
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      return {
        feed: readFileSync(join(out, 'google.tsv')),
        rejects: readFileSync(join(out, 'rejects.csv')),
        report: { ...report, finished_at: '', source: { ...report.source, seconds: 0 }, channels: {} },
        channels: Object.values(report.channels).map((c) => ({ ...c, output: '' })),
      };
    };
    const one = await runWith(1);
    const four = await runWith(4);
    expect(four.feed.equals(one.feed)).toBe(true);
    expect(four.rejects.equals(one.rejects)).toBe(true);
    expect(four.report).toEqual(one.report);
    expect(four.channels).toEqual(one.channels);
    // 120 parents; the children of 7 (p % 17 === 3) name a parent that is not there: 28 orphans.
    expect(one.report.variants).toMatchObject({ products: 120, parents: 120, children: 452, orphans: 28 });
    expect(one.report.variants?.inherited.description).toBe(452 - 113);
  });

  it('reads standard input twice through a spooled copy, removed after the run', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const mapping = join(ROOT, 'mappings/woocommerce.yaml');
    await convert({ input: fixture('woocommerce.csv'), mapping, out: join(dir, 'file'), threads: 1 });
    const stdin = Readable.from([readFileSync(fixture('woocommerce.csv'))]);
    const result = await convert({ input: '-', stdin, mapping, out, threads: 1 });
    expect(result.report.source.path).toBe('-');
    expect(result.report.variants?.children).toBe(2);
    expect(readFileSync(join(out, 'google.tsv'))).toEqual(readFileSync(join(dir, 'file', 'google.tsv')));
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a child never inherits when its own mapped value exists, even if the parent has one', async () => {
    const { items } = await run('woocommerce.csv', 'woocommerce.yaml');
    expect(items.get('tee-blue')?.sale_price).toBe('15.00 USD');
    expect(items.get('tee-red')?.title).toBe('Tee - Red');
  });
});

describe('variants: XML input', () => {
  it('groups XML records by the parent they name; children inherit what they lack, in either order', async () => {
    const out = join(tempDir(), 'out');
    const result = await convert({
      input: fixture('catalog.xml'),
      mapping: fixture('catalog.yaml'),
      out,
    });
    expect(result.exitCode).toBe(0);
    const rows = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
    const header = rows[0] as string[];
    const items = new Map(
      rows.slice(1).map((row) => [row[0] as string, Object.fromEntries(header.map((h, i) => [h, row[i]]))]),
    );
    expect([...items.keys()]).toEqual(['JK-S', 'JK-M', 'MUG']);
    // JK-S comes before its parent and has no text, brand, link or picture of its own.
    expect(items.get('JK-S')).toMatchObject({
      item_group_id: 'JK',
      description: 'Warm jacket.',
      brand: 'Acme',
      link: 'https://shop.example.com/jk',
      image_link: 'https://shop.example.com/jk.jpg',
      size: 'S',
    });
    expect(items.get('JK-M')).toMatchObject({ item_group_id: 'JK', description: 'Own text.' });
    expect(items.get('MUG')?.item_group_id).toBe('');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.channels.google?.records).toEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(report.variants).toMatchObject({
      style: 'parent',
      products: 1,
      parents: 1,
      children: 2,
      orphans: 0,
    });
  });
});

/** Run a bundled mapping with the OpenAI channel (a seller given) added beside Google. */
async function runOpenai(input: string, mapping: string) {
  const { out, items, rejects, report } = await run(input, mapping, (yaml) =>
    yaml.replace(
      /\nchannels:\n {2}google: \{ output: google.tsv \}\n/,
      '\nchannels:\n  google: { output: google.tsv }\n  openai:\n    fields:\n      seller_name: { value: Nordlys }\n      seller_url: { value: "https://shop.example.com" }\n      target_countries: { value: DK }\n      store_country: { value: DK }\n',
    ),
  );
  const file = readdirSync(out).find((name) => name.startsWith('openai'));
  const text = gunzipSync(readFileSync(join(out, file as string))).toString('utf8');
  const openai = new Map(
    text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .map((item) => [item.item_id as string, item]),
  );
  return { items, openai, rejects, report };
}

describe('variants: options and fill (issue 14)', () => {
  it('Shopify: drafts, archived and unpublished products are excluded; options give colour and size', async () => {
    const { items, openai, rejects } = await runOpenai(
      '../../cases/shopify-status/input.csv',
      'shopify.yaml',
    );
    expect([...items.keys()]).toEqual(['LS-SAND-S', 'LS-SAND-M', 'LS-NAVY-S', 'LS-NAVY-M', 'CT-1']);
    // Option names are on the first row only; Farbe and Größe mean colour and size.
    expect(
      ['LS-SAND-S', 'LS-SAND-M', 'LS-NAVY-S', 'LS-NAVY-M'].map((id) => [
        items.get(id)?.color,
        items.get(id)?.size,
      ]),
    ).toEqual([
      ['Sand', 'S'],
      ['Sand', 'M'],
      ['Navy', 'S'],
      ['Navy', 'M'],
    ]);
    expect(items.get('CT-1')?.material).toBe('Canvas');
    const excluded = rejects.filter((r) => r.channel === 'google').map((r) => [r.record_key, r.message]);
    expect(excluded).toEqual([
      ['', 'excluded: image row (a further picture of the product, no variant)'],
      ['RJ-S', 'excluded: not for sale (Status draft or archived)'],
      ['RJ-M', 'excluded: not for sale (Status draft or archived)'],
      ['OC-1', 'excluded: not for sale (Status draft or archived)'],
      ['WS-1', 'excluded: not published (Published FALSE)'],
    ]);
    expect(openai.get('LS-NAVY-S')).toMatchObject({
      group_id: 'linen-shirt',
      listing_has_variations: true,
      variant_dict: { color: 'Navy', size: 'S' },
    });
    // A product with one variant is no group; its other options are kept under their names.
    expect(openai.get('CT-1')?.listing_has_variations).toBeUndefined();
    expect(openai.get('CT-1')?.variant_dict).toEqual({ material: 'Canvas', Print: 'Logo' });
  });

  it('Magento: children take their options from the parent list; disabled and hidden parts are excluded', async () => {
    const { items, openai, rejects, report } = await runOpenai('magento-online.csv', 'magento.yaml');
    expect([...items.keys()]).toEqual(['RT1-S-Blue', 'RT1-M-Blue', 'MAT1']);
    expect(openai.get('RT1-M-Blue')).toMatchObject({
      group_id: 'RT1',
      listing_has_variations: true,
      variant_dict: { size: 'M', color: 'Blue' },
    });
    expect(openai.get('MAT1')?.listing_has_variations).toBeUndefined();
    expect(report.channels.openai?.records).toEqual({ read: 6, accepted: 3, rejected: 3 });
    expect(
      rejects.filter((r) => r.channel === 'openai').map((r) => [r.record_key, r.issue_type, r.message]),
    ).toEqual([
      ['RT1', 'variant-parent', expect.stringContaining('parent of 2 variants')],
      ['OLD1', 'excluded', 'excluded: not for sale (product_online disabled)'],
      ['LID1', 'excluded', "excluded: not visible individually (and no configurable's variant)"],
    ]);
  });

  it('WooCommerce: attribute pairs are options; a variation names its colour', async () => {
    const { items, openai } = await runOpenai('woocommerce.csv', 'woocommerce.yaml');
    expect(items.get('tee-red')?.color).toBe('Red');
    expect(openai.get('tee-red')).toMatchObject({
      group_id: 'tee',
      listing_has_variations: true,
      variant_dict: { color: 'Red' },
    });
  });
});

describe('variants.fill with a parent column', () => {
  it("a variation takes the parent row's value of an empty fill column before the filters run", async () => {
    const dir = tempDir();
    const input = join(dir, 'woo.csv');
    writeFileSync(
      input,
      'ID,Type,SKU,Name,Published,Short description,Description,In stock?,Stock,Sale price,Regular price,Categories,Images,Parent,Attribute 1 name,Attribute 1 value(s)\n' +
        '511,variation,tee-red,Tee - Red,,,,1,4,,20,,https://img.example/tee-red.jpg,tee,Color,Red\n' +
        '501,variable,tee,Tee,-1,,Soft tee.,1,,,,Tops,https://img.example/tee.jpg,,Color,"Red, Blue"\n' +
        '521,variation,mug-blue,Mug - Blue,,,,1,4,,9,,https://img.example/mug.jpg,mug,Color,Blue\n' +
        '502,variable,mug,Mug,1,,A mug.,1,,,,Kitchen,https://img.example/mug.jpg,,Color,Blue\n',
    );
    const mapping = join(dir, 'woocommerce.yaml');
    writeFileSync(
      mapping,
      readFileSync(join(ROOT, 'mappings/woocommerce.yaml'), 'utf8').replace(
        '  parents_when: \'Type == "variable"\'\n',
        '  parents_when: \'Type == "variable"\'\n  fill: [Published]\n',
      ),
    );
    const out = join(dir, 'out');
    await convert({ input, mapping, out, threads: 1 });
    const rejects = parse(readFileSync(join(out, 'rejects.csv'), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rejects.map((r) => [r.record_key, r.issue_type])).toEqual([
      ['tee-red', 'excluded'],
      ['tee', 'excluded'],
      ['mug', 'variant-parent'],
    ]);
    const rows = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
    expect(rows.slice(1).map((row) => row[0])).toEqual(['mug-blue']);
  });
});
