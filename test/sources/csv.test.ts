import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FeedkitError } from '../../src/model/errors.js';
import { MINIMAL_MAPPING, runConvert, tsv } from '../helpers/run.js';

const titles = (feed: string) =>
  tsv(feed)
    .slice(1)
    .map((row) => row[1]);

describe('CSV source: dialects', () => {
  it.each([
    [',', 'sku,title,price\n1,Hat,10\n2,Cap,12\n'],
    [';', 'sku;title;price\n1;Hat;10\n2;Cap;12\n'],
    ['\t', 'sku\ttitle\tprice\n1\tHat\t10\n2\tCap\t12\n'],
    ['|', 'sku|title|price\n1|Hat|10\n2|Cap|12\n'],
  ])('sniffs the delimiter %j', async (delimiter, text) => {
    const result = await runConvert(text);
    expect(result.report.source.delimiter).toBe(delimiter);
    expect(titles(result.feed)).toEqual(['Hat', 'Cap']);
  });

  it('keeps valid UTF-8 as UTF-8', async () => {
    const result = await runConvert('sku,title,price\n1,Blå strømpe,10\n');
    expect(result.report.source.encoding).toBe('utf-8');
    expect(titles(result.feed)).toEqual(['Blå strømpe']);
  });

  it('reads anything else as windows-1252 (€ and æøå)', async () => {
    const bytes = Buffer.from('sku;title;price\n1;Blå strømpe € 5;10\n', 'latin1');
    bytes[bytes.indexOf('€')] = 0x80; // latin1 cannot write €; windows-1252 has it at 0x80
    const result = await runConvert(Buffer.from([...bytes].filter((b) => b !== 0xac && b !== 0x20ac)));
    expect(result.report.source.encoding).toBe('windows-1252');
    expect(titles(result.feed)[0]).toMatch(/^Blå strømpe/);
  });

  it('honours the encoding set in the mapping', async () => {
    const bytes = Buffer.from('sku,title,price\n1,Grüße,10\n', 'latin1');
    const result = await runConvert(
      bytes,
      MINIMAL_MAPPING.replace('source: {', 'source: { encoding: iso-8859-1,'),
    );
    expect(result.report.source.encoding).toBe('iso-8859-1');
    expect(titles(result.feed)).toEqual(['Grüße']);
  });

  it('drops a UTF-8 BOM', async () => {
    const result = await runConvert(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sku,title,price\n1,Hat,10\n')]),
    );
    expect(result.report.source.columns[0]).toBe('sku');
    expect(result.report.channels.google?.records.accepted).toBe(1);
  });

  it.each(['utf-16le', 'utf-16be'] as const)('reads %s by its BOM', async (encoding) => {
    const text = '\ufeffsku;title;price\n1;Blå hat;10\n2;Cap;12\n';
    let bytes = Buffer.from(text, 'utf16le');
    if (encoding === 'utf-16be') bytes = Buffer.from(bytes).swap16();
    const result = await runConvert(bytes);
    expect(result.report.source.encoding).toBe(encoding);
    expect(titles(result.feed)).toEqual(['Blå hat', 'Cap']);
  });

  it('reads quoted fields with newlines and doubled quotes, and counts lines right', async () => {
    const text = 'sku,title,price\n1,"Hat ""Bob""",10\n2,"Two\nlines",12\n3,,5\n';
    const result = await runConvert(text);
    expect(titles(result.feed)).toEqual(['Hat "Bob"', 'Two\nlines']);
    // record 3 (no title) starts on line 5: the quoted newline moved it down one line
    expect(result.rejects[1]?.slice(0, 4)).toEqual(['3', '5', 'google', 'missing-required']);
  });

  it('reads CR-only line ends (Excel "CSV (Macintosh)") as lines, quoted breaks and line numbers too', async () => {
    const text = 'sku,title,price\r1,"Two\rlines",10\r2,Cap,12\r3,,5\r';
    const result = await runConvert(text);
    expect(result.report.source.columns).toEqual(['sku', 'title', 'price']);
    expect(result.report.source.line_ends).toBe('cr');
    expect(titles(result.feed)).toEqual(['Two\nlines', 'Cap']);
    expect(result.rejects[1]?.slice(0, 4)).toEqual(['3', '5', 'google', 'missing-required']);
    expect(result.report.channels.google?.records).toEqual({ read: 3, accepted: 2, rejected: 1 });
  });

  it('keeps line numbers of mixed line ends (CRLF and LF)', async () => {
    const result = await runConvert('sku,title,price\n1,Hat,10\r\n2,Cap,12\n3,,5\r\n4,,5\n');
    expect(result.report.source.line_ends).toBeUndefined();
    expect(titles(result.feed)).toEqual(['Hat', 'Cap']);
    expect(result.rejects.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['3', '4'],
      ['4', '5'],
    ]);
  });

  it('detects gzip by its magic bytes', async () => {
    const result = await runConvert(gzipSync('sku,title,price\n1,Hat,10\n'));
    expect(result.report.source.gzip).toBe(true);
    expect(titles(result.feed)).toEqual(['Hat']);
  });

  it('reads standard input for -', async () => {
    const stdin = Readable.from([Buffer.from('sku,title,price\n1,Hat,10\n')]);
    const result = await runConvert('', MINIMAL_MAPPING, { input: '-', stdin });
    expect(result.report.source.path).toBe('-');
    expect(titles(result.feed)).toEqual(['Hat']);
  });

  it('trims header names', async () => {
    const result = await runConvert(' sku , title ,price \n1,Hat,10\n');
    expect(result.report.source.columns).toEqual(['sku', 'title', 'price']);
  });
});

describe('CSV source: bad input', () => {
  const failing = async (input: string | Uint8Array, mapping = MINIMAL_MAPPING) => {
    const error = await runConvert(input, mapping).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedkitError);
    return error as FeedkitError;
  };

  it('names an empty header column', async () => {
    const error = await failing('sku,,price\n1,Hat,10\n');
    expect(error.code).toBe('input-header');
    expect(error.message).toBe('column 2 of the header has no name');
    expect(error.exitCode).toBe(3);
  });

  it('names a duplicate header column', async () => {
    const error = await failing('sku,title,sku\n1,Hat,10\n');
    expect(error.message).toBe('duplicate column name "sku" (columns 1 and 3)');
  });

  it('sends ragged rows to the rejects with their line and goes on', async () => {
    const result = await runConvert('sku,title,price\n1,Hat,10\n2,Cap\n3,Bag,5,extra\n4,Box,7\n');
    expect(titles(result.feed)).toEqual(['Hat', 'Box']);
    expect(result.rejects.slice(1).map((r) => [r[1], r[3], r[6]])).toEqual([
      ['3', 'ragged-row', 'expected 3 fields, got 2'],
      ['4', 'ragged-row', 'expected 3 fields, got 4'],
    ]);
    const google = result.report.channels.google;
    expect(google?.records).toEqual({ read: 4, accepted: 2, rejected: 2 });
  });

  it("names a ragged row's key when the row is cut short, never when it has fields to spare", async () => {
    // Cap,2 is cut short: its id is where it was. In Bag,x,3,5 a stray delimiter before the id
    // column shifted it ("x" is no id), so a row with fields to spare names none; Mug lacks it.
    const input = 'title,sku,price\nHat,1,10\nCap,2\nBag,x,3,5\nMug\n';
    const result = await runConvert(input, MINIMAL_MAPPING);
    expect(result.rejects.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['2', '3', 'ragged-row'],
      ['', '4', 'ragged-row'],
      ['', '5', 'ragged-row'],
    ]);
  });

  it('sends rows with bytes invalid in UTF-8 to the rejects', async () => {
    const bytes = Buffer.concat([
      Buffer.from('sku,title,price\n1,Hat,10\n2,Bad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(',12\n3,Cap,5\n'),
    ]);
    const result = await runConvert(
      bytes,
      MINIMAL_MAPPING.replace('source: {', 'source: { encoding: utf-8,'),
    );
    expect(titles(result.feed)).toEqual(['Hat', 'Cap']);
    expect(result.rejects[1]?.slice(0, 6)).toEqual(['2', '3', 'google', 'bad-encoding', 'title', 'Bad ??']);
  });

  it('sees bad bytes after a first megabyte of valid UTF-8 (sniffed as UTF-8)', async () => {
    const good = Array.from(
      { length: 20000 },
      (_, i) => `${i},Blå hat nummer ${i} med et langt navn til fyld,10\n`,
    ).join('');
    const bytes = Buffer.concat([
      Buffer.from(`sku,title,price\n${good}`),
      Buffer.from('x,Bad \xe6,1\n', 'latin1'),
    ]);
    const result = await runConvert(bytes);
    expect(result.report.source.encoding).toBe('utf-8');
    expect(result.rejects.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([['x', '20002', 'bad-encoding']]);
  }, 30_000);

  it('keeps a file that is almost all UTF-8 as UTF-8: one stray byte rejects its record, not every é', async () => {
    const bytes = Buffer.concat([
      Buffer.from('sku,title,price\n1,Hué lamp,10\n2,Crème brûlée dish,12\n'),
      Buffer.from([0x33, 0x2c, 0x42, 0x61, 0x64, 0xff, 0x2c, 0x35, 0x0a]), // 3,Bad\xff,5
      Buffer.from('4,Smørrebrød plate,7\n'),
    ]);
    const result = await runConvert(bytes);
    expect(result.report.source.encoding).toBe('utf-8');
    expect(result.report.source.encoding_reason).toBe(
      'mostly UTF-8: 6 valid multi-byte sequences, 1 byte that is not UTF-8 (records with bad bytes are rejected)',
    );
    expect(titles(result.feed)).toEqual(['Hué lamp', 'Crème brûlée dish', 'Smørrebrød plate']);
    expect(result.rejects.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([['3', '4', 'bad-encoding']]);
  });

  it('says why an encoding was chosen', async () => {
    expect((await runConvert('sku,title,price\n1,Hat,10\n')).report.source.encoding_reason).toBe(
      'ASCII only',
    );
    expect((await runConvert('sku,title,price\n1,Blå,10\n')).report.source.encoding_reason).toBe(
      'valid UTF-8',
    );
    const latin = await runConvert(Buffer.from('sku,title,price\n1,Blå strømpe,10\n', 'latin1'));
    expect(latin.report.source.encoding).toBe('windows-1252');
    expect(latin.report.source.encoding_reason).toBe(
      'not UTF-8: 0 valid multi-byte sequences, 2 bytes that are not UTF-8',
    );
  });

  it.each([
    ['an empty file', '', 'input-empty', 'input is empty'],
    ['only whitespace', '\n\n  \n', 'input-empty', 'input is empty'],
    [
      'a binary file',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
      'input-binary',
      'input is not delimited text (binary data)',
    ],
    [
      'a cut-off quoted field',
      'sku,title,price\n1,"Hat,10\n',
      'input-truncated',
      'input ends inside a quoted field (file cut off, or a stray quote)',
    ],
    [
      'truncated gzip',
      gzipSync('sku,title,price\n'.repeat(2000)).subarray(0, 60),
      'input-truncated',
      'gzip data is truncated or corrupt (Z_BUF_ERROR)',
    ],
  ])('exits 3, or 4 when merely cut off, on %s and publishes nothing', async (_, input, code, message) => {
    const error = await failing(input);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(code === 'input-truncated' ? 4 : 3);
  });

  it('leaves the previous outputs in place when a run fails', async () => {
    const first = await runConvert('sku,title,price\n1,Hat,10\n');
    const out = join(first.dir, 'out');
    const before = readFileSync(join(out, 'google.tsv'), 'utf8');
    const { convert } = await import('../../src/convert.js');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(first.dir, 'input.csv'), 'sku,title,price\n2,"Cut off');
    await expect(
      convert({ input: join(first.dir, 'input.csv'), mapping: join(first.dir, 'mapping.yaml'), out }),
    ).rejects.toThrow(/quoted field/);
    expect(readFileSync(join(out, 'google.tsv'), 'utf8')).toBe(before);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('CSV source: batches', () => {
  it('keeps line numbers and order across batch boundaries', async () => {
    const rows = Array.from({ length: 50 }, (_, i) =>
      i % 7 === 3 ? `${i},"multi\nline",1` : i % 11 === 5 ? `${i},ragged` : `${i},T${i},1`,
    );
    const text = `sku,title,price\n${rows.join('\n')}\n`;
    const small = await runConvert(text, MINIMAL_MAPPING, { batchBytes: 40 });
    const big = await runConvert(text);
    expect(small.feed).toBe(big.feed);
    expect(small.rejects).toEqual(big.rejects);
    expect(small.report.channels.google?.records).toEqual(big.report.channels.google?.records);
  });
});
