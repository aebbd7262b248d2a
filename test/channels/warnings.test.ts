import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWarnings, statedImageSide } from '../../src/channels/checks.js';
import { type ChannelDefinition, loadChannelFile } from '../../src/channels/definition.js';
import { FeedkitErrors, formatError } from '../../src/model/errors.js';
import { MINIMAL_MAPPING, runConvert, tempDir } from '../helpers/run.js';

const definition = (warnings: ChannelDefinition['warnings']): ChannelDefinition => ({
  name: 'x',
  title: 'X',
  schema: 'x.schema.json',
  outputs: [{ format: 'csv', file: 'x.csv' }],
  key: 'id',
  fields: [
    { name: 'id', from: 'id', group: 'required' },
    { name: 'title', from: 'title', group: 'required' },
    { name: 'description', from: 'description', group: 'required' },
    { name: 'link', from: 'link', group: 'required' },
  ],
  warnings,
});

describe('channel warnings: checks of accepted items that keep the item', () => {
  const warn = compileWarnings(
    definition([
      { check: 'all_caps', field: 'title', source: 'Meta PROPERTY_VALUE_UPPERCASE' },
      {
        check: 'same_as',
        field: 'description',
        other: 'title',
        source: 'Meta DUPLICATE_TITLE_AND_DESCRIPTION',
      },
      { check: 'home_page', field: 'link', source: 'Meta PRODUCT_URL_EQUALS_DOMAIN' },
    ]),
  );
  const item = { id: '1', title: 'Uldhue', description: 'Varm hue i uld.', link: 'https://shop.example/p/1' };

  it('finds nothing in a plain item', () => {
    expect(warn?.(item)).toBeUndefined();
  });

  it('all_caps: no lower-case letter and four upper-case ones in a row, in any script', () => {
    expect(warn?.({ ...item, title: 'ULDHUE I STØRRELSE 56' })?.map((i) => i.type)).toEqual(['all-caps']);
    expect(warn?.({ ...item, title: 'ШАПКА' })?.map((i) => i.type)).toEqual(['all-caps']);
    // Capitals among lower-case letters, acronyms and numbers, or no letters at all are not shouting.
    for (const title of ['Uldhue XL', 'ULDHUE i uld', 'LG 22" LED TV', 'X', '1234', 'iPhone'])
      expect(warn?.({ ...item, title }), title).toBeUndefined();
  });

  it('same_as: the description repeats the title, ignoring case and outer spaces', () => {
    expect(warn?.({ ...item, description: ' uldhue ' })).toEqual([
      {
        type: 'same-value',
        field: 'description',
        value: ' uldhue ',
        expected: 'title (Meta DUPLICATE_TITLE_AND_DESCRIPTION)',
      },
    ]);
  });

  it('home_page: nothing after the host but an optional slash', () => {
    for (const link of ['https://shop.example', 'https://shop.example/', 'http://SHOP.example/'])
      expect(
        warn?.({ ...item, link })?.map((i) => i.type),
        link,
      ).toEqual(['home-page-link']);
    for (const link of ['https://shop.example/p/1', 'https://shop.example/?id=1', 'https://shop.example/#p1'])
      expect(warn?.({ ...item, link }), link).toBeUndefined();
  });

  it('image_size: the smallest side an image URL states, from the usual CDN spellings', () => {
    expect(statedImageSide('https://cdn.shopify.com/s/files/1/hue_200x300.jpg?v=1')).toBe(200);
    expect(statedImageSide('https://shop.example/wp-content/uploads/hue-150x150.jpg')).toBe(150);
    expect(statedImageSide('https://img.example/hue.jpg?width=320&height=800')).toBe(320);
    expect(statedImageSide('https://res.cloudinary.com/x/image/upload/w_240,h_240/hue.jpg')).toBe(240);
    // No stated size: nothing to judge (a product number is not a size).
    expect(statedImageSide('https://shop.example/img/dk-1001.jpg')).toBeUndefined();
    expect(statedImageSide('https://shop.example/img/2024x.jpg')).toBeUndefined();
    const small = compileWarnings(
      definition([{ check: 'image_size', field: 'link', min: 500, source: 'Google, from 2027-01-31' }]),
    );
    expect(small?.({ ...item, link: 'https://cdn.example/hue_200x200.jpg' })).toEqual([
      {
        type: 'small-image',
        field: 'link',
        value: 'https://cdn.example/hue_200x200.jpg',
        expected: '500×500 px (Google, from 2027-01-31)',
      },
    ]);
    expect(small?.({ ...item, link: 'https://cdn.example/hue_1600x1600.jpg' })).toBeUndefined();
    // A list is checked value by value.
    expect(
      small?.({ ...item, link: ['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg?w=100'] }),
    ).toHaveLength(1);
  });

  it('zero_price: money of amount 0, in minor units or with decimals; any other amount passes', () => {
    const zero = compileWarnings(
      definition([
        { check: 'zero_price', field: 'link', source: 'ACP Price.amount minimum 0: shown as free' },
      ]),
    );
    for (const value of ['0 DKK', '0.00 EUR', '000 JPY'])
      expect(zero?.({ ...item, link: value }), value).toEqual([
        { type: 'zero-price', field: 'link', value, expected: 'ACP Price.amount minimum 0: shown as free' },
      ]);
    for (const value of ['1 DKK', '0.01 EUR', '10 USD', '0', 'free'])
      expect(zero?.({ ...item, link: value }), value).toBeUndefined();
  });

  it('a definition without warnings compiles to nothing', () => {
    expect(compileWarnings(definition(undefined))).toBeUndefined();
  });

  it("refuses a warning on a field the channel does not have, at the warning's position", () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.schema.json'), '{ "type": "object" }');
    writeFileSync(
      join(dir, 'x.channel.yaml'),
      [
        'name: x',
        'title: X',
        'schema: x.schema.json',
        'outputs: [{ format: csv, file: x.csv }]',
        'key: id',
        'fields:',
        '  - { name: id, from: id, group: required }',
        '  - { name: title, from: title, group: required }',
        'warnings:',
        '  - { check: all_caps, field: titel, source: X }',
        '',
      ].join('\n'),
    );
    let error: unknown;
    try {
      loadChannelFile(join(dir, 'x.channel.yaml'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeedkitErrors);
    expect((error as FeedkitErrors).errors.map((e) => formatError(e).replace(dir, ''))).toEqual([
      '/x.channel.yaml:10:31 warning field "titel" is not one of the channel\'s fields (did you mean "title"?) [channel-invalid]',
    ]);
  });

  it("Meta: an item in capitals, with its title as description and the shop's home page as link, is kept with three warnings", async () => {
    const mapping = `${MINIMAL_MAPPING.replace(
      'link: { template: "https://shop.example/p/{{ sku }}" }',
      'link: page',
    )}  condition: { value: new }\nchannels: [google, meta]\n`;
    const input =
      'sku,title,price,page\nA-1,ULDHUE MED KVAST,"129,00",https://shop.example/\nA-2,Uldhue,"89,00",https://shop.example/p/A-2\n';
    const { report } = await runConvert(input, mapping);
    const meta = report.channels.meta;
    expect(meta?.records).toEqual({ read: 2, accepted: 2, rejected: 0 });
    expect(meta?.warnings.map((w) => [w.type, w.count, w.samples.map((s) => `${s.key} ${s.field}`)])).toEqual(
      [
        ['all-caps', 2, ['A-1 title', 'A-1 description']],
        ['same-value', 2, ['A-1 description', 'A-2 description']],
        ['home-page-link', 1, ['A-1 link']],
      ],
    );
    // Google has no such warnings in its definition.
    expect(report.channels.google?.warnings).toEqual([]);
  });
});
