import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { random } from '../../bench/generate.js';
import { CsvBatchParser } from '../../src/sources/csv/parse-batch.js';

/**
 * The rows csv-parse gives with the blank lines left in, each with its first line: the LFs
 * before the record's first byte, plus one.
 */
function reference(text: string, columns: number) {
  const rows: Array<[number, string[]]> = [];
  const bytes = Buffer.from(text);
  let start = 0;
  let line = 1;
  let counted = 0;
  parse(bytes, {
    delimiter: ',',
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    on_record: (fields: string[], context: { bytes: number }) => {
      for (; counted < start; counted++) if (bytes[counted] === 0x0a) line++;
      start = context.bytes;
      if (!(fields.length === 1 && fields[0] === '') && fields.length === columns) rows.push([line, fields]);
      return undefined;
    },
  });
  const lines = text.split('\n').length - (text.endsWith('\n') || text === '' ? 1 : 0);
  return { rows, lines };
}

function generate(next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const field = () =>
    pick([
      '',
      'a',
      'Hat',
      '"q"',
      '"two\nlines"',
      '"blank\n\nline"',
      '"crlf\r\n\r\nx"',
      '"a ""b"" c"',
      '"c,d"',
      'x"y',
    ]);
  const lineEnd = () => pick(['\n', '\r\n']);
  let text = '';
  const records = 1 + Math.floor(next() * 12);
  for (let r = 0; r < records; r++) {
    text += [field(), field(), field()].join(',') + lineEnd();
    const blanks = pick([0, 0, 0, 1, 2, 5]);
    for (let b = 0; b < blanks; b++) text += lineEnd();
  }
  return next() < 0.2 ? text.replace(/\r?\n$/, '') : text;
}

describe('CSV batches with blank lines', () => {
  it('gives the rows and line numbers csv-parse gives with them left in, on 1,000 generated batches', () => {
    const parser = new CsvBatchParser({ encoding: 'utf-8', delimiter: ',' }, ['a', 'b', 'c']);
    const latin = new CsvBatchParser({ encoding: 'windows-1252', delimiter: ',' }, ['a', 'b', 'c']);
    const next = random(7);
    let withBlanks = 0;
    for (let n = 0; n < 1000; n++) {
      const text = generate(next);
      if (/\n\r?\n/.test(text)) withBlanks++;
      const expected = reference(text, 3);
      for (const p of [parser, latin]) {
        const rows: Array<[number, string[]]> = [];
        const lines = p.parse(Buffer.from(text, p === parser ? 'utf8' : 'latin1'), (line, fields, issue) => {
          if (issue === undefined) rows.push([line, fields]);
        });
        if (JSON.stringify({ rows, lines }) !== JSON.stringify(expected))
          expect({ text, rows, lines }).toEqual({ text, ...expected });
      }
    }
    expect(withBlanks).toBeGreaterThan(500);
  });

  it('counts a CRLF inside a quoted field as one line, as an editor shows it', () => {
    const parser = new CsvBatchParser({ encoding: 'utf-8', delimiter: ',' }, ['a', 'b']);
    const rows: Array<[number, string]> = [];
    const text = 'a,b\r\n1,"two\r\nlines"\r\n2,"three\r\n\r\nlines"\r\n3,x\r\n';
    const lines = parser.parse(Buffer.from(text), (line, fields) => rows.push([line, fields[0] as string]));
    expect(rows).toEqual([
      [1, 'a'],
      [2, '1'],
      [4, '2'],
      [7, '3'],
    ]);
    expect(lines).toBe(7);
  });

  it('reads a flood of blank lines as nothing, keeping the line numbers after it', () => {
    const parser = new CsvBatchParser({ encoding: 'utf-8', delimiter: ',' }, ['a', 'b']);
    const rows: number[] = [];
    const text = `a,b\n1,x\n${'\n'.repeat(200_000)}2,y\n${'\r\n'.repeat(1000)}`;
    const lines = parser.parse(Buffer.from(text), (line) => rows.push(line));
    expect(rows).toEqual([1, 2, 200_003]);
    expect(lines).toBe(201_003);
  });
});
