import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Options, parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { splitRecords } from '../../src/sources/csv/fast-split.js';
import { readRecords } from '../../src/sources/csv/parse-batch.js';
import { random } from '../helpers/random.js';
import { ROOT } from '../helpers/run.js';

// The options parse-batch.ts gives csv-parse (its `options` field).
const optionsFor = (delimiter: string): Options => ({
  delimiter,
  record_delimiter: ['\r\n', '\n'],
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
});

type Read = { records: Array<[string[], number]>; error?: string };

/** What csv-parse alone reads: the reference. */
function reference(text: Buffer, delimiter: string): Read {
  const records: Array<[string[], number]> = [];
  try {
    parse(text, {
      ...optionsFor(delimiter),
      on_record: (fields: string[], context: { bytes: number }) => {
        records.push([fields, context.bytes]);
        return undefined;
      },
    });
    return { records };
  } catch (error) {
    return { records, error: (error as { code?: string }).code ?? String(error) };
  }
}

/** What the run reads: the fast cut while it can, csv-parse for the rest. */
function candidate(text: Buffer, delimiter: string): Read {
  const records: Array<[string[], number]> = [];
  try {
    readRecords(text, delimiter.charCodeAt(0), optionsFor(delimiter), (fields, end) => {
      records.push([fields, end]);
    });
    return { records };
  } catch (error) {
    return { records, error: (error as { code?: string }).code ?? String(error) };
  }
}

const PIECES = [
  'a',
  'Lamp',
  ' ',
  '',
  'é',
  '€',
  '😀',
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\n',
  '\r\n',
  '\r',
  'x"y',
  '0,5',
];

/** A generated CSV text: quoted and unquoted fields of awkward pieces, LF or CRLF, ragged rows. */
function generated(next: () => number, delimiter: string, plain: boolean): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const rows: string[] = [];
  const width = 1 + Math.floor(next() * 5);
  const count = 1 + Math.floor(next() * 8);
  for (let r = 0; r < count; r++) {
    const fields: string[] = [];
    const n = plain || next() < 0.8 ? width : 1 + Math.floor(next() * 6);
    for (let f = 0; f < n; f++) {
      let value = '';
      const parts = Math.floor(next() * 4);
      for (let p = 0; p < parts; p++) value += pick(PIECES);
      const special = value.includes('"') || value.includes(delimiter) || /[\r\n]/.test(value);
      if (plain) {
        // Well-formed: quoted when it has to be, quotes doubled inside.
        fields.push(special || next() < 0.2 ? `"${value.replaceAll('"', '""')}"` : value);
      } else if (next() < 0.5) fields.push(`"${value.replaceAll('"', next() < 0.9 ? '""' : '"')}"`);
      else fields.push(value);
    }
    rows.push(fields.join(delimiter));
  }
  const end = plain ? (next() < 0.5 ? '\n' : '\r\n') : pick(['\n', '\r\n', '\r']);
  let text = rows.join(end);
  if (next() < 0.7) text += end;
  // A BOM before a first quoted field makes it unquoted text to csv-parse: messy texts only
  // (batches begin after the header line, where a BOM is read).
  if (!plain && next() < 0.1) text = `\ufeff${text}`;
  return text;
}

describe('the fast record cut', () => {
  it('reads 4,000 generated well-formed texts exactly as csv-parse does, by itself', () => {
    const next = random(1);
    let records = 0;
    for (let n = 0; n < 4000; n++) {
      const delimiter = n % 3 === 0 ? ';' : n % 3 === 1 ? ',' : '\t';
      const text = Buffer.from(generated(next, delimiter, true), 'utf8');
      const expected = reference(text, delimiter);
      const stopped = splitRecords(text, delimiter.charCodeAt(0), () => {});
      // Well-formed text never needs csv-parse: the fast cut is what runs on such files.
      expect(stopped, JSON.stringify(text.toString())).toBe(text.length);
      expect(candidate(text, delimiter), JSON.stringify(text.toString())).toEqual(expected);
      records += expected.records.length;
    }
    expect(records).toBeGreaterThan(10_000);
  });

  it('reads 6,000 generated messy texts (stray quotes, bare CRs, ragged rows) exactly as csv-parse does', () => {
    const next = random(2);
    let handedOver = 0;
    for (let n = 0; n < 6000; n++) {
      const delimiter = n % 2 === 0 ? ',' : ';';
      const text = Buffer.from(generated(next, delimiter, false), 'utf8');
      const read = candidate(text, delimiter);
      expect(read, JSON.stringify(text.toString())).toEqual(reference(text, delimiter));
      if (splitRecords(text, delimiter.charCodeAt(0), () => {}) < text.length) handedOver++;
    }
    // Both paths are exercised: many texts go to csv-parse part way.
    expect(handedOver).toBeGreaterThan(1000);
  });

  it('cuts at every byte of multi-byte text the same (a batch may end anywhere the cutter ends it)', () => {
    const text = Buffer.from('sku;name\nA1;"Café ""noir"" 😀"\r\nA2;€ 5;x\nA3;"a\nb";\n', 'utf8');
    for (let end = 0; end <= text.length; end++) {
      const part = text.subarray(0, end);
      expect(candidate(part, ';'), `first ${end} bytes`).toEqual(reference(part, ';'));
    }
  });

  it('reads every CSV fixture and hostile input as csv-parse does', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(csv|tsv|txt)$/.test(name) && statSync(path).size < 5_000_000) files.push(path);
      }
    };
    walk(join(ROOT, 'fixtures'));
    walk(join(ROOT, 'test'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file);
      for (const delimiter of [',', ';', '\t', '|'])
        expect(candidate(text, delimiter), `${file} with ${JSON.stringify(delimiter)}`).toEqual(
          reference(text, delimiter),
        );
    }
  });
});
