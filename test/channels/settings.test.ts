import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { FeedkitErrors, formatError } from '../../src/model/errors.js';
import { MINIMAL_MAPPING, runConvert, tempDir, tsv } from '../helpers/run.js';

const INPUT = 'sku,title,price\nA-1,Hue,"129,00"\nA-2,Vanter,"89,50"\n';

describe('channel settings in a mapping', () => {
  it('overrides a field for one channel from the canonical record, templates as plain strings', async () => {
    const mapping = `${MINIMAL_MAPPING}
channels:
  google:
    fields:
      title: "{{ brand }} {{ title }}"
      description: { from: title, pipe: [upper] }
`;
    const { feed, report } = await runConvert(INPUT, mapping);
    const rows = tsv(feed);
    const header = rows[0] as string[];
    const at = (row: number, name: string) => rows[row]?.[header.indexOf(name)];
    expect(at(1, 'title')).toBe('Acme Hue');
    expect(at(1, 'description')).toBe('HUE');
    expect(at(2, 'title')).toBe('Acme Vanter');
    expect(report.channels.google?.records).toEqual({ read: 2, accepted: 2, rejected: 0 });
  });

  it('an override that empties a required field rejects the record for that channel only', async () => {
    const mapping = `${MINIMAL_MAPPING}
channels:
  google:
    fields:
      brand: { from: brand, when: 'title != "Hue"' }
`;
    const { report, rejects } = await runConvert(INPUT, mapping);
    expect(report.channels.google?.records).toEqual({ read: 2, accepted: 1, rejected: 1 });
    expect(rejects[1]?.slice(0, 4)).toEqual(['A-1', '2', 'google', 'missing-required']);
  });

  it('keeps for Klarna an item whose description holds a quote: the file is qualified with the other quote', async () => {
    const input = 'sku,title,price,desc\nP-1,Pan,"299,00","Pande, 28 cm (11"")"\nP-2,Pot,"99,00",\n';
    const mapping = `${MINIMAL_MAPPING.replace('description: { from: title }', 'description: desc')}channels: [google, klarna]\n`;
    const { report, rejects, dir, feed } = await runConvert(input, mapping);
    expect(report.channels.klarna?.records).toEqual({ read: 2, accepted: 2, rejected: 0 });
    expect(rejects.filter((row) => row[2] === 'klarna')).toEqual([]);
    expect(report.channels.klarna?.qualifier).toBe("'");
    const klarna = readFileSync(join(dir, 'out', 'klarna.csv'), 'utf8');
    // Every field qualified, empty ones too; the supplier's " stands as it is.
    expect(klarna.split('\n')).toEqual([
      "'SKU/ID','Name','Price','Stock status','URL','Image URL','Manufacturer','Description'",
      "'P-1','Pan','299.00 DKK','in stock','https://shop.example/p/P-1','https://shop.example/i/P-1.jpg','Acme','Pande, 28 cm (11\")'",
      "'P-2','Pot','99.00 DKK','in stock','https://shop.example/p/P-2','https://shop.example/i/P-2.jpg','Acme',''",
      '',
    ]);
    // Google keeps the supplier's text, quoted the TSV way.
    expect(feed).toContain('Pande, 28 cm (11"")');
  });

  it('replaces the qualifier inside text with its typographic form when values hold both quotes, and counts it', async () => {
    const input =
      'sku,title,price,desc\nP-1,Pan,"299,00","Pande 11"" ""Pro"""\nP-2,Pot,"99,00",Olsen\'s gryde\nP-3,Lid,"9,00",Låg\n';
    const mapping = `${MINIMAL_MAPPING.replace('description: { from: title }', 'description: desc')}channels: [google, klarna]\n`;
    const { report, dir } = await runConvert(input, mapping);
    const klarna = report.channels.klarna;
    expect(klarna?.records).toEqual({ read: 3, accepted: 3, rejected: 0 });
    expect(klarna?.qualifier).toBe('"');
    const replaced = klarna?.warnings.find((w) => w.type === 'qualifier-replaced');
    expect(replaced?.count).toBe(1);
    expect(replaced?.samples).toEqual([
      { key: 'P-1', line: 2, field: 'Description', value: 'Pande 11" "Pro"', expected: '"' },
    ]);
    const text = readFileSync(join(dir, 'out', 'klarna.csv'), 'utf8');
    const description = (row: string) => row.slice(row.lastIndexOf(',"') + 1);
    expect(text.split('\n').slice(1, -1).map(description)).toEqual([
      '"Pande 11” “Pro”"',
      '"Olsen\'s gryde"',
      '"Låg"',
    ]);
  });

  it('points at a problem inside an override with its line and column', async () => {
    const dir = tempDir();
    const path = join(dir, 'm.yaml');
    writeFileSync(
      path,
      `${MINIMAL_MAPPING}\nchannels:\n  google:\n    fields:\n      title: { from: title, pipe: [truncat] }\n`,
    );
    const lines = readFileSync(path, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('truncat')) + 1;
    const error = await check(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedkitErrors);
    const messages = (error as FeedkitErrors).errors.map(formatError);
    expect(messages).toEqual([
      `${path}:${line}:${(lines[line - 1] as string).indexOf('truncat') + 1} unknown transform "truncat" (did you mean "truncate"?) [unknown-transform]`,
    ]);
  });

  it('picks the output by the file name and writes the feed header from the settings', async () => {
    const mapping = `${MINIMAL_MAPPING}
channels:
  google: { output: feed.xml, title: Acme feed, link: "https://shop.example" }
`;
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), INPUT);
    writeFileSync(join(dir, 'm.yaml'), mapping);
    const { convert } = await import('../../src/convert.js');
    const result = await convert({
      input: join(dir, 'in.csv'),
      mapping: join(dir, 'm.yaml'),
      out: join(dir, 'out'),
    });
    expect(result.report.channels.google?.format).toBe('rss');
    const xml = readFileSync(join(dir, 'out', 'feed.xml'), 'utf8');
    expect(xml).toContain('<title>Acme feed</title>\n<link>https://shop.example</link>');
    expect(xml.match(/<item>/g)).toHaveLength(2);
    expect(xml).toContain('<g:price>129.00 DKK</g:price>');
  });

  it('refuses an output format the channel does not have', async () => {
    const mapping = `${MINIMAL_MAPPING}\nchannels:\n  google: { output: feed.jsonl }\n`;
    await expect(runConvert(INPUT, mapping)).rejects.toThrow(
      /channel "google" has no jsonl output \(for feed.jsonl\); it writes tsv, rss/,
    );
  });
});

describe('user-defined channels', () => {
  /** Copy the user-channel fixture into a temp dir, with the schema or definition changed. */
  const setUp = (edit: { schema?: (s: string) => string; definition?: (s: string) => string }) => {
    const dir = tempDir();
    const from = join(import.meta.dirname, '../../fixtures/cases/user-channel');
    for (const name of ['mapping.yaml', 'acme.channel.yaml', 'acme.schema.json']) {
      let text = readFileSync(join(from, name), 'utf8');
      if (name === 'acme.schema.json' && edit.schema) text = edit.schema(text);
      if (name === 'acme.channel.yaml' && edit.definition) text = edit.definition(text);
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };
  const problems = async (dir: string) => {
    const error = await check(join(dir, 'mapping.yaml')).catch((e: unknown) => e);
    const list = error instanceof FeedkitErrors ? error.errors : [error];
    return list.map((e) => formatError(e as never).replace(`${dir}/`, ''));
  };

  it('checks a good one', async () => {
    const dir = setUp({});
    await expect(check(join(dir, 'mapping.yaml'))).resolves.toMatchObject({ channels: ['acme'] });
  });

  it('points at an unknown keyword in the schema (ajv strict mode)', async () => {
    const dir = setUp({ schema: (s) => s.replace('"maxLength": 60', '"maxLenght": 60') });
    expect(await problems(dir)).toEqual([
      'acme.schema.json:10:82 schema: strict mode: unknown keyword: "maxLenght" [channel-invalid]',
    ]);
  });

  it('points at an invalid schema value', async () => {
    const dir = setUp({
      schema: (s) => s.replace('"type": "string", "maxLength": 20', '"type": "text", "maxLength": 20'),
    });
    const [message] = await problems(dir);
    expect(message).toMatch(
      /^acme\.schema\.json:9:71 schema: schema is invalid: data\/properties\/sku\/type must be equal to one of the allowed values/,
    );
  });

  it('points at an unknown canonical field in the definition, with a suggestion', async () => {
    const dir = setUp({ definition: (s) => s.replace('from: title', 'from: titel') });
    expect(await problems(dir)).toEqual([
      'acme.channel.yaml:12:25 unknown canonical field "titel" (did you mean "title"?) [channel-invalid]',
    ]);
  });
});

describe('channel overrides read canonical fields', () => {
  it('names an unknown one with its position and a suggestion', async () => {
    const dir = tempDir();
    const path = join(dir, 'm.yaml');
    writeFileSync(
      path,
      `${MINIMAL_MAPPING}\nchannels:\n  google:\n    fields:\n      title: "{{ brand }} {{ titel }}"\n`,
    );
    const error = await check(path).catch((e: unknown) => e);
    const messages = (error as FeedkitErrors).errors.map(formatError);
    const lines = readFileSync(path, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('titel')) + 1;
    expect(messages).toEqual([
      `${path}:${line}:${(lines[line - 1] as string).indexOf('titel') + 1} unknown canonical field "titel" (overrides read the mapped record) (did you mean "title"?) [unknown-field]`,
    ]);
  });
});
