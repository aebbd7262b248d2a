import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import { FeedkitErrors, formatError } from '../../src/model/errors.js';
import type { Report } from '../../src/report/report.js';
import { cli, ROOT, tempDir, tsv } from '../helpers/run.js';

const CASE = join(ROOT, 'fixtures/cases/countries');
const INPUT = readFileSync(join(CASE, 'input.csv'), 'utf8');

/** The case's mapping with `countries` replaced (and the rest kept), written to a folder of its own. */
function mapping(countries: string, extra = ''): string {
  const text = readFileSync(join(CASE, 'mapping.yaml'), 'utf8');
  const head = text.slice(0, text.indexOf('channels:'));
  const dir = tempDir();
  const file = join(dir, 'mapping.yaml');
  writeFileSync(file, `${head}channels:\n  google:\n${extra}    countries:\n${countries}`);
  return file;
}

const THREE = `      DK: { currency: DKK }
      SE: { currency: SEK, fields: { price: { from: Pris_SEK, pipe: [price] } } }
      DE: { currency: EUR, fields: { price: { from: Preis_EUR, pipe: [price] } } }
`;

/** A TSV feed's rows as objects by column name. */
function rows(file: string): Array<Record<string, string>> {
  const [head = [], ...body] = tsv(readFileSync(file, 'utf8'));
  return body.map((row) => Object.fromEntries(head.map((name, i) => [name, row[i] ?? ''])));
}

let server: Server;
let url = '';
let reads = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    reads++;
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': Buffer.byteLength(INPUT) }).end(INPUT);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prices.csv`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('one feed per country (channels.<name>.countries)', () => {
  it('writes DK, SE and DE Google feeds with their own currencies from one read of the input', async () => {
    const out = tempDir();
    reads = 0;
    const result = await convert({ input: url, mapping: mapping(THREE), out });
    expect(reads).toBe(1);
    expect(Object.keys(result.report.channels)).toEqual(['google-dk', 'google-se', 'google-de']);
    const prices = (file: string) => rows(join(out, file)).map((row) => [row.id, row.price]);
    expect(prices('google-dk.tsv')).toEqual([
      ['W-1', '129.95 DKK'],
      ['W-2', '249.00 DKK'],
      ['W-3', '399.00 DKK'],
      ['W-4', '199.00 DKK'],
    ]);
    // W-3 has no Swedish price, W-4 no readable euro price: each leaves its country's feed only.
    expect(prices('google-se.tsv')).toEqual([
      ['W-1', '169.00 SEK'],
      ['W-2', '329.00 SEK'],
      ['W-4', '259.00 SEK'],
    ]);
    expect(prices('google-de.tsv')).toEqual([
      ['W-1', '17.95 EUR'],
      ['W-2', '33.50 EUR'],
      ['W-3', '53.00 EUR'],
    ]);
    for (const [name, channel] of Object.entries(result.report.channels)) {
      expect(channel.records.accepted + channel.records.rejected, name).toBe(channel.records.read);
    }
    expect(result.report.channels['google-se']?.country).toEqual({ code: 'SE', currency: 'SEK' });
    const rejects = readFileSync(join(out, 'rejects.csv'), 'utf8');
    expect(rejects).toContain('W-3,4,google-se,missing-required,price');
    expect(rejects).toContain('W-4,5,google-de,invalid-price,price,n/a');
  });

  it('never relabels a price: one in another currency is left out, the item rejected, a sale price dropped', async () => {
    const out = tempDir();
    const result = await convert({
      input: join(CASE, 'input.csv'),
      mapping: mapping(
        '      NO: { currency: NOK }\n      SE: { currency: SEK, fields: { price: { from: Pris_SEK, pipe: [price] } } }\n',
      ),
      out,
    });
    const no = result.report.channels['google-no'];
    expect(no?.records).toEqual({ read: 4, accepted: 0, rejected: 4 });
    expect(no?.issues.map((i) => [i.type, i.count])).toEqual([['wrong-currency', 4]]);
    // W-1's DKK sale price cannot be shown in the SEK feed; the item stays, at its SEK price.
    const se = result.report.channels['google-se'];
    expect(se?.warnings.map((w) => [w.type, w.count])).toEqual([['wrong-currency', 1]]);
    const w1 = rows(join(out, 'google-se.tsv')).find((row) => row.id === 'W-1');
    expect(w1?.price).toBe('169.00 SEK');
    expect(w1?.sale_price ?? '').toBe('');
    // The gate judges each country: NO has nothing to publish, SE is published.
    expect(result.exitCode).toBe(4);
    expect(result.report.publish?.channels?.['google-no']?.published).toBe(false);
    expect(result.report.publish?.channels?.['google-se']?.published).toBe(true);
    expect(result.files['google-no']).toBeUndefined();
    expect(existsSync(join(out, 'google-se.tsv'))).toBe(true);
  });

  it('names files by a template, and --channel picks one country or all of a channel', () => {
    const file = mapping(THREE, '    output: feed-{country}.tsv\n');
    const out = tempDir();
    const one = cli([
      'convert',
      join(CASE, 'input.csv'),
      '--mapping',
      file,
      '--out',
      out,
      '--channel',
      'google-se',
    ]);
    expect(one.stderr).toBe(
      `feedkit: ${join(CASE, 'input.csv')}: 4 records; google-se 3/4 accepted (score 48)\n`,
    );
    expect(one.code).toBe(0);
    expect(existsSync(join(out, 'feed-se.tsv'))).toBe(true);
    expect(existsSync(join(out, 'feed-dk.tsv'))).toBe(false);
    const all = cli([
      'convert',
      join(CASE, 'input.csv'),
      '--mapping',
      file,
      '--out',
      out,
      '--channel',
      'google',
    ]);
    expect(all.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(Object.values(report.channels).map((c) => c.output.split('/').pop())).toEqual([
      'feed-dk.tsv',
      'feed-se.tsv',
      'feed-de.tsv',
    ]);
  });

  it("points at a country's own problems in the mapping, before anything is read", async () => {
    const file = mapping(
      `      se: { currency: SEK }\n      DE:\n        currency: EUR\n        fields: { price: { from: Preis_EUROS, pipe: [price] } }\n`,
    );
    const error = await convert({ input: join(CASE, 'input.csv'), mapping: file, out: tempDir() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FeedkitErrors);
    const text = (error as FeedkitErrors).errors.map((e) => formatError(e)).join('\n');
    expect(text).toMatch(/mapping\.yaml:\d+:\d+/);
    expect(text).toContain('channels.google.countries has a key "se" that must match pattern');
    // Column names are checked once the mapping's structure is right.
    const columns = mapping(
      '      DE:\n        currency: EUR\n        fields: { price: { from: Preis_EUROS, pipe: [price] } }\n',
    );
    const run = cli(['convert', join(CASE, 'input.csv'), '--mapping', columns, '--out', tempDir()]);
    expect(run.code).toBe(2);
    const line =
      readFileSync(columns, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('Preis_EUROS')) + 1;
    expect(run.stderr).toContain(`mapping.yaml:${line}:`);
    expect(run.stderr).toContain(
      'unknown column "Preis_EUROS" in the input header (did you mean "Preis_EUR"?)',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
