import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWarnings } from '../../src/channels/checks.js';
import { type ChannelDefinition, loadChannelFile } from '../../src/channels/definition.js';
import { FeedkitErrors, formatError } from '../../src/errors.js';
import { tempDir } from '../helpers/run.js';

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

  it('all_caps: no lower-case letter and at least two upper-case ones, in any script', () => {
    expect(warn?.({ ...item, title: 'ULDHUE I STØRRELSE 56' })?.map((i) => i.type)).toEqual(['all-caps']);
    expect(warn?.({ ...item, title: 'ШАПКА' })?.map((i) => i.type)).toEqual(['all-caps']);
    // An upper-case letter among lower-case ones, one capital, or no letters at all is not shouting.
    for (const title of ['Uldhue XL', 'X', '1234', 'iPhone'])
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
});
