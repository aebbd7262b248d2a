import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { requalifyFile } from '../../src/publish/requalify-file.js';
import { Requalifier, requalifyText } from '../../src/sinks/qualifier.js';
import { tempDir } from '../helpers/run.js';

/** Rows as the qualified writer makes them: every field in `"`, inner `"` doubled. */
const qualified = (rows: string[][]) =>
  stringify(rows, { quoted: true, quoted_empty: true, record_delimiter: '\n' });

const rows = [
  ['SKU/ID', 'Name', 'Description'],
  ['P-1', 'Pan 11"', 'Pande, 28 cm\n(11")'],
  ['P-2', '', '"Pro" series'],
  ['P-3', 'Lid', ''],
];

describe('requalifying a file written with " qualifiers', () => {
  it("single: ' qualifies every field, empty ones too, and inner quotes stand as they are", () => {
    const text = requalifyText(qualified(rows), 'single');
    expect(text.split('\n')[0]).toBe("'SKU/ID','Name','Description'");
    expect(text).toContain("'P-2','','\"Pro\" series'");
    expect(parse(text, { quote: "'", escape: "'" })).toEqual(rows);
  });

  it('typographic: " stays the qualifier and a quote inside text opens “ at a word start, closes ” elsewhere', () => {
    const text = requalifyText(qualified(rows), 'typographic');
    expect(parse(text)).toEqual([
      ['SKU/ID', 'Name', 'Description'],
      ['P-1', 'Pan 11”', 'Pande, 28 cm\n(11”)'],
      ['P-2', '', '“Pro” series'],
      ['P-3', 'Lid', ''],
    ]);
  });

  it('gives the same bytes whatever the chunks are cut at (a quote pair split between chunks)', () => {
    const input = new TextEncoder().encode(qualified(rows));
    for (const mode of ['single', 'typographic'] as const) {
      const whole = requalifyText(qualified(rows), mode);
      for (let cut = 1; cut < input.length; cut++) {
        const requalifier = new Requalifier(mode);
        const parts = [
          requalifier.push(input.subarray(0, cut)),
          requalifier.push(input.subarray(cut)),
          requalifier.end(),
        ];
        expect(Buffer.concat(parts).toString('utf8'), `${mode} cut at ${cut}`).toBe(whole);
      }
    }
  });

  it('rewrites a gzipped file in place, beside it, with constant memory', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, '.klarna.csv.gz.tmp');
    writeFileSync(path, gzipSync(qualified(rows)));
    await requalifyFile(path, 'single', true);
    expect(parse(gunzipSync(readFileSync(path)).toString('utf8'), { quote: "'", escape: "'" })).toEqual(rows);
  });
});
