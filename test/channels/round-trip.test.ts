import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { loadChannel } from '../../src/channels/definition.js';
import { taxonomyOf } from '../../src/channels/taxonomy.js';
import { readGoogleTaxonomy } from '../../src/channels/taxonomy-file.js';
import { compileValidator, createAjv } from '../../src/channels/validate.js';
import { convert } from '../../src/convert.js';
import { ROOT, tempDir } from '../helpers/run.js';

type Item = Record<string, unknown>;

/** RSS items read with a strict XML parser: element name without prefix → text (lists when repeated). */
function readRss(xml: string, lists: ReadonlySet<string>): Item[] {
  const parser = new SaxesParser({ xmlns: true });
  const items: Item[] = [];
  let item: Item | undefined;
  let text = '';
  parser.on('opentag', (tag) => {
    if (tag.local === 'item') item = {};
    text = '';
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'item') {
      items.push(item as Item);
      item = undefined;
    } else if (item !== undefined) {
      if (lists.has(tag.local)) {
        const list = (item[tag.local] as string[] | undefined) ?? [];
        list.push(text);
        item[tag.local] = list;
      } else item[tag.local] = text;
    }
  });
  parser.write(xml).close();
  return items;
}

/** Rows of a delimited feed, with lists split and typed values read back per the schema. */
function readDelimited(text: string, delimiter: string, schema: Item, quote = '"'): Item[] {
  const rows = parse(text, { delimiter, quote, escape: quote, columns: true, relax_quotes: false }) as Array<
    Record<string, string>
  >;
  const properties = schema.properties as Record<string, { type?: string }>;
  return rows.map((row) => {
    const item: Item = {};
    for (const [name, value] of Object.entries(row)) {
      if (value === '') continue;
      const type = properties[name]?.type;
      item[name] =
        type === 'array'
          ? value.split(',')
          : type === 'integer' || type === 'number'
            ? Number(value)
            : type === 'boolean'
              ? value === 'true'
              : value;
    }
    return item;
  });
}

const CHANNELS = [
  { channel: 'google', file: 'google.tsv' },
  { channel: 'google', file: 'google.xml' },
  { channel: 'meta', file: 'meta.csv' },
  { channel: 'meta', file: 'meta.tsv' },
  { channel: 'meta', file: 'meta.xml' },
  { channel: 'klarna', file: 'klarna.csv' },
  { channel: 'klarna', file: 'klarna.tsv' },
  { channel: 'openai', file: 'openai.jsonl.gz' },
  // Google-format channels, as data (channels-2026.md §1.5).
  { channel: 'microsoft', file: 'microsoft.tsv' },
  { channel: 'perplexity', file: 'perplexity.csv' },
  { channel: 'perplexity', file: 'perplexity.xml' },
  { channel: 'pinterest', file: 'pinterest.csv' },
  { channel: 'pinterest', file: 'pinterest.tsv' },
  { channel: 'pinterest', file: 'pinterest.xml' },
  { channel: 'tiktok', file: 'tiktok.csv' },
  { channel: 'tiktok', file: 'tiktok.tsv' },
] as const;

describe('every output, read back by an independent reader, validates against its channel schema', () => {
  it.each(CHANNELS)('$channel → $file', async ({ channel, file }) => {
    const dir = tempDir();
    const base = readFileSync(join(ROOT, 'mappings/example.yaml'), 'utf8');
    // The example mapping with this one output chosen for the channel.
    const mapping = base.replace(
      /^channels:\n(?: {2}.*\n| {4}.*\n)+/m,
      `channels:\n  ${channel}:\n    output: ${file}\n    fields:\n      seller_name: { value: Nordisk Uld ApS }\n      target_countries: { value: DK }\n      store_country: { value: DK }\n`,
    );
    writeFileSync(join(dir, 'm.yaml'), mapping);
    const result = await convert({
      input: join(ROOT, 'fixtures/cases/example/supplier.csv'),
      mapping: join(dir, 'm.yaml'),
      out: join(dir, 'out'),
    });
    const report = result.report.channels[channel];
    const { schema, definition } = loadChannel(channel);
    const lists = new Set(
      Object.entries(schema.properties as Record<string, { type?: string }>)
        .filter(([, p]) => p.type === 'array')
        .map(([name]) => name),
    );
    const path = result.files[channel] as string;
    const raw = readFileSync(path);
    const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    const items = file.endsWith('.xml')
      ? readRss(text, lists)
      : file.includes('.jsonl')
        ? text
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line) as Item)
        : readDelimited(text, file.includes('.tsv') ? '\t' : ',', schema, report?.qualifier);
    expect(items.length).toBe(report?.records.accepted);
    expect(items.length).toBeGreaterThan(0);
    const validate = compileValidator(
      createAjv({ taxonomy: taxonomyOf(readGoogleTaxonomy()) }),
      schema,
      definition.fields.map((f) => f.name),
    );
    for (const item of items) {
      expect(
        validate(item as never),
        `${JSON.stringify(item)} ${JSON.stringify(validate.issues(item as never))}`,
      ).toBe(true);
      expect(Object.keys(item).every((name) => definition.fields.some((f) => f.name === name))).toBe(true);
    }
    expect(new Set(items.map((item) => item[definition.key])).size).toBe(items.length);
  });
});
