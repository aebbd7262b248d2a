import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadBuiltinChannel } from '../../src/channels/definition.js';
import { compileNested } from '../../src/channels/nest.js';
import { convert } from '../../src/convert.js';
import { FeedkitError } from '../../src/model/errors.js';
import type { RecordIssue } from '../../src/model/issues.js';
import { ProductGrouper } from '../../src/pipeline/products.js';
import type { FeedWriter } from '../../src/publish/feed-writer.js';
import { renderers } from '../../src/report/render/index.js';
import acp from '../../src/sinks/acp.js';
import type { SinkDef, SinkOptions } from '../../src/sinks/sink.js';
import { cli, ROOT, tempDir } from '../helpers/run.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/acp.schema.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** A validator of the published schema alone, as a reader of the feed would build it (Ajv2020). */
function readerAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('uri', (value: string) => URL.canParse(value) && /^https?:/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && value.includes('T'));
  // feedkit's format: GS1's check digit, weights 3 and 1 from the right, before the last digit.
  ajv.addFormat('gtin', (value: string) => {
    if (!/^(\d{8}|\d{12,14})$/.test(value)) return false;
    const digits = [...value].map(Number);
    const check = digits.pop() as number;
    const sum = digits.reverse().reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 3 : 1), 0);
    return (10 - (sum % 10)) % 10 === check;
  });
  ajv.addSchema(schema);
  return {
    product: ajv.getSchema('https://feedkit.dev/schemas/acp.schema.json') as ReturnType<Ajv2020['compile']>,
    metadata: ajv.compile({ $ref: 'https://feedkit.dev/schemas/acp.schema.json#/$defs/FeedMetadata' }),
  };
}

const GOLDEN = [
  'fixtures/cases/example-acp/expected/acp/products.jsonl',
  'fixtures/cases/acp-groups/expected/acp/products.jsonl',
];

type Product = { id: string; variants: Array<{ id: string; price?: unknown; list_price?: unknown }> };

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');

async function groups(options: { threads?: number; batchBytes?: number; maxTableBytes?: number } = {}) {
  const out = join(tempDir(), 'out');
  const result = await convert({
    input: join(ROOT, 'fixtures/cases/acp-groups/supplier.csv'),
    mapping: join(ROOT, 'fixtures/cases/acp-groups/mapping.yaml'),
    out,
    now: new Date('2026-12-06T12:00Z'),
    ...options,
  });
  return { out, result, text: readFileSync(join(out, 'acp', 'products.jsonl'), 'utf8') };
}

describe('acp channel', () => {
  it.each(GOLDEN)('writes golden lines that each validate against acp.schema.json (%s)', (file) => {
    const { product } = readerAjv();
    const found = lines(join(ROOT, file));
    expect(found.length).toBeGreaterThan(0);
    for (const line of found) {
      const parsed = JSON.parse(line) as Product;
      expect(product(parsed), `${parsed.id}: ${JSON.stringify(product.errors)}`).toBe(true);
    }
  });

  it('puts the members of a group together however far apart, in the order of their first member', async () => {
    const { out, result, text } = await groups();
    const products = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Product);
    expect(products[0]?.id).toBe('TEE');
    expect(products[0]?.variants.map((v) => v.id)).toEqual(['TEE-S', 'TEE-M', 'TEE-L']);
    expect(products[1]?.variants.map((v) => v.id)).toEqual(['MUG-W', 'MUG-B', 'MUG-G']);
    // OUD's first member is the 10th row: after the singles of rows 5-9.
    expect(products.findIndex((p) => p.id === 'OUD')).toBe(2 + 5);
    expect(products.find((p) => p.id === 'OUD')?.variants.map((v) => v.id)).toEqual(['OUD-50']);
    expect(products.some((p) => p.id === 'CAP')).toBe(false);
    expect(products.filter((p) => p.id === 'TEE')).toHaveLength(1);
    // The sale: the active price and the price before it, in minor units per currency.
    expect(products[0]?.variants[0]).toMatchObject({
      price: { amount: 1499, currency: 'EUR' },
      list_price: { amount: 1999, currency: 'EUR' },
    });
    expect(products[0]?.variants[2]?.price).toEqual({ amount: 2101, currency: 'EUR' });
    expect(products[1]?.variants.map((v) => v.price)).toEqual([
      { amount: 1500, currency: 'JPY' },
      { amount: 1501, currency: 'JPY' },
      { amount: 1499, currency: 'JPY' },
    ]);
    expect(products.find((p) => p.id === 'OUD')?.variants[0]?.price).toEqual({
      amount: 12345,
      currency: 'KWD',
    });
    const report = result.report.channels.acp;
    expect(report?.records).toEqual({ read: 130, accepted: 127, rejected: 3 });
    expect(report?.products).toEqual({ products: 123, variants: 127 });
    expect(products).toHaveLength(123);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).channels.acp.products).toEqual({
      products: 123,
      variants: 127,
    });
  });

  it('counts products and variants in report.json (valid against report.schema.json), the console and Markdown', async () => {
    const { out } = await groups();
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT/);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(renderers.console.render(report)).toMatch(/^acp products: 123 with 127 variants$/m);
    expect(renderers.md.render(report)).toMatch(/^\*\*Products:\*\* acp 123 with 127 variants$/m);
    expect(JSON.parse(renderers.json.render(report)).channels.acp.products).toEqual({
      products: 123,
      variants: 127,
    });
  });

  it('writes metadata.json (FeedMetadata) with the feed id, the target country and the run time', async () => {
    const { out } = await groups();
    const metadata = JSON.parse(readFileSync(join(out, 'acp', 'metadata.json'), 'utf8'));
    expect(metadata).toEqual({
      id: 'feed_shop_example',
      target_country: 'DE',
      updated_at: '2026-12-06T12:00:00Z',
    });
    expect(readerAjv().metadata(metadata)).toBe(true);
  });

  it('writes the same products with one thread and two, batches splitting the groups', async () => {
    const one = await groups({ threads: 1, batchBytes: 2048 });
    const two = await groups({ threads: 2, batchBytes: 2048 });
    const whole = await groups({ threads: 1 });
    expect(two.text).toBe(one.text);
    expect(one.text).toBe(whole.text);
  });

  it('refuses to hold more than --max-table-mb for products waiting for members, naming the limit', async () => {
    const error = await groups({ maxTableBytes: 4000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedkitError);
    expect((error as FeedkitError).code).toBe('input-limit');
    expect((error as FeedkitError).message).toMatch(
      /acp: products waiting for their last variant passed 0 MB/,
    );
    expect((error as FeedkitError).message).toMatch(
      /product "TEE" from line 2 waits for line 121.*--max-table-mb/,
    );
  });

  it('says so on the command line, and publishes nothing', () => {
    const dir = tempDir();
    const filler = 'x'.repeat(200);
    const rows = ['sku;group;name;price'];
    rows.push('A-1;A;First;1.00');
    for (let i = 0; i < 7000; i++) rows.push(`S-${i};;Single ${i} ${filler};2.00`);
    rows.push('A-2;A;Last;1.00');
    writeFileSync(join(dir, 'in.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'm.yaml'),
      'source: { delimiter: ";", currency: EUR }\nchannels: [acp]\nfields:\n  id: sku\n  item_group_id: group\n  title: name\n  price: { from: price, pipe: [price] }\n',
    );
    const out = join(dir, 'out');
    const convertWithin = (mb: string) =>
      cli([
        'convert',
        join(dir, 'in.csv'),
        '--mapping',
        join(dir, 'm.yaml'),
        '--out',
        out,
        '--max-table-mb',
        mb,
      ]);
    const run = convertWithin('1');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /passed 1 MB \(product "A" from line 2 waits for line 7003\); raise the limit with --max-table-mb/,
    );
    expect(run.stderr).toMatch(/\[input-limit\]/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, 'acp'))).toBe(false);
    const ok = convertWithin('8');
    expect(ok.code).toBe(0);
    const first = JSON.parse(
      readFileSync(join(out, 'acp', 'products.jsonl'), 'utf8').split('\n')[0] as string,
    );
    expect(first.variants.map((v: { id: string }) => v.id)).toEqual(['A-1', 'A-2']);
  });

  it('lists acp with its source and spec date, and prints where its fields land', () => {
    const list = cli(['channels']);
    expect(list.stdout).toMatch(
      /^acp +Agentic Commerce Protocol product feed \(2026-04-17\) \(acp, \d+ fields\)$/m,
    );
    expect(list.stdout).toMatch(
      /spec 2026-04-17: github\.com\/agentic-commerce-protocol\/agentic-commerce-protocol/,
    );
    const one = cli(['channels', 'acp']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/\(acp → acp\/products\.jsonl\)/);
    expect(one.stdout).toMatch(
      /^ {2}price +recommended +→ variants\[\]\.price \{amount in minor units, currency\}/m,
    );
    expect(one.stdout).toMatch(/^ {2}gtin +recommended +→ variants\[\]\.barcodes/m);
  });

  it('gzips the products when the mapping names products.jsonl.gz', async () => {
    const dir = tempDir();
    const mapping = readFileSync(join(ROOT, 'fixtures/cases/acp-groups/mapping.yaml'), 'utf8').replace(
      '  acp:\n',
      '  acp:\n    output: products.jsonl.gz\n',
    );
    writeFileSync(join(dir, 'm.yaml'), mapping);
    const result = await convert({
      input: join(ROOT, 'fixtures/cases/acp-groups/supplier.csv'),
      mapping: join(dir, 'm.yaml'),
      out: join(dir, 'out'),
      now: new Date('2026-12-06T12:00Z'),
    });
    expect(result.files.acp).toBe(join(dir, 'out', 'acp', 'products.jsonl.gz'));
    const { gunzipSync } = await import('node:zlib');
    const text = gunzipSync(readFileSync(join(dir, 'out', 'acp', 'products.jsonl.gz'))).toString('utf8');
    expect(text).toBe((await groups()).text);
  });
});

describe('acp products put together', () => {
  const definition = loadBuiltinChannel('acp');
  const options = { output: definition.definition.outputs[0], feed: { title: 'acp' } } as SinkOptions;
  const serialize = (acp as SinkDef).compile([], options);
  const nested = compileNested(definition.schema);

  /** A batch of items as the per-batch path hands it to the merger. */
  function batch(items: Array<Record<string, unknown>>) {
    const texts = items.map((item) => {
      nested.validate(item as never);
      return serialize(item as never);
    });
    const encoder = new TextEncoder();
    const parts = texts.map((text) => encoder.encode(text));
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    const ends = new Uint32Array(parts.length);
    let at = 0;
    parts.forEach((part, i) => {
      data.set(part, at);
      at += part.length;
      ends[i] = at;
    });
    return { data, ends, lines: Uint32Array.from(items.map((_, i) => i + 1)) };
  }

  function writer() {
    const written: string[] = [];
    const decoder = new TextDecoder();
    const feed = {
      append: async (data: Uint8Array, ends: Uint32Array, from: number, to: number) => {
        written.push(decoder.decode(data.subarray(from === 0 ? 0 : ends[from - 1], ends[to - 1])));
      },
      appendText: async (text: string) => {
        written.push(text);
      },
    } as unknown as FeedWriter;
    return { feed, text: () => written.join('') };
  }

  it('rejects every member of a product whose product-level values break its rules, naming the problem', async () => {
    const rejected: Array<[string, number, RecordIssue[]]> = [];
    const { feed, text } = writer();
    const grouper = new ProductGrouper(feed, new Map([['G', 3]]), 1 << 20, (key, line, issues) =>
      rejected.push([key, line, issues]),
    );
    const bad = { id: 'G-2', title: 'Two', product_id: 'G', image_link: 'not a url' };
    expect(nested.validate(bad as never)).toBe(false);
    const issues = nested.validate.issues(bad as never);
    expect(issues).toContainEqual(
      expect.objectContaining({ type: 'invalid-url', field: 'image_link', expected: 'product /media/0/url' }),
    );
    // Every issue is the product's: the record is kept for its product to be rejected whole.
    expect(
      nested.hold(
        bad as never,
        issues.filter((i) => i.expected?.startsWith('product')),
      ),
    ).toBe(true);
    const { data, ends, lines } = batch([
      { id: 'G-1', title: 'One', product_id: 'G' },
      bad,
      { id: 'S', title: 'Single' },
    ]);
    await grouper.append(data, ends, 0, 3, lines, 0);
    await grouper.settle(3);
    expect(rejected.map(([key, line]) => [key, line])).toEqual([
      ['G-1', 1],
      ['G-2', 2],
    ]);
    expect(rejected[0]?.[2]).toContainEqual(
      expect.objectContaining({ type: 'invalid-url', field: 'image_link' }),
    );
    expect(text()).toMatch(/^\{"id":"S",.*\}\n$/);
    expect(grouper.products).toBe(1);
  });

  it('writes a product of one straight from the batch when nothing waits before it', async () => {
    const { feed, text } = writer();
    const grouper = new ProductGrouper(feed, undefined, 1 << 20, () => undefined);
    const { data, ends, lines } = batch([
      { id: 'A', title: 'A', price: '1999 USD' },
      { id: 'B', title: 'B', availability: 'out_of_stock' },
    ]);
    await grouper.append(data, ends, 0, 2, lines, 0);
    await grouper.finish();
    const products = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(products).toEqual([
      { id: 'A', title: 'A', variants: [{ id: 'A', title: 'A', price: { amount: 1999, currency: 'USD' } }] },
      {
        id: 'B',
        title: 'B',
        variants: [{ id: 'B', title: 'B', availability: { available: false, status: 'out_of_stock' } }],
      },
    ]);
  });
});

describe('acp rejects file', () => {
  it('names the variant rejected alone, and keeps its product', () => {
    const rows = parse(readFileSync(join(ROOT, 'fixtures/cases/acp-groups/expected/rejects.csv'), 'utf8'), {
      columns: true,
    }) as Array<Record<string, string>>;
    expect(rows.map((row) => [row.record_key, row.issue_type, row.field])).toEqual([
      ['CAP-1', 'missing-required', 'title'],
      ['CAP-2', 'missing-required', 'title'],
      ['OUD-100', 'missing-required', 'title'],
    ]);
  });
});
