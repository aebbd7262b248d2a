import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import type { ProjectedField } from '../../src/channels/project.js';
import csv from '../../src/sinks/csv.js';
import { quoteField } from '../../src/sinks/delimited.js';
import { RejectWriter, rejectBytes } from '../../src/sinks/rejects.js';
import type { SinkOptions } from '../../src/sinks/sink.js';
import tsv from '../../src/sinks/tsv.js';

const OPTIONS: SinkOptions = { output: { format: 'tsv', file: 'x.tsv' }, feed: { title: 'x' } };

const values = [
  'plain',
  '',
  ' padded ',
  'tab\there',
  'comma, here',
  'semi;colon',
  'quote "inside"',
  '"',
  'line\nbreak',
  'crlf\r\nend',
  'ÆØÅ €',
  'pipe|x',
];

describe.each([
  ['tsv', '\t'],
  ['csv', ','],
])('%s rows', (_, delimiter) => {
  it.each(values.filter((v) => !v.includes('\r')))('writes %j exactly as csv-stringify does', (value) => {
    expect(quoteField(value, delimiter)).toBe(
      stringify([[value]], { delimiter, record_delimiter: '\n' }).slice(0, -1),
    );
  });

  it('also quotes a carriage return, so no reader takes it for a line end', () => {
    expect(quoteField('a\rb', delimiter)).toBe('"a\rb"');
  });

  it('round-trips every value through csv-parse', () => {
    const sink = delimiter === '\t' ? tsv : csv;
    const fields = values.map((_, i) => ({
      field: { name: `f${i}`, from: 'id', group: 'optional' },
      project: () => undefined,
    })) as ProjectedField[];
    const item = Object.fromEntries(values.map((v, i) => [`f${i}`, v]));
    const text = sink.header(fields, OPTIONS) + sink.compile(fields, OPTIONS)(item);
    const rows = parse(text, { delimiter, record_delimiter: '\n' }) as string[][];
    expect(rows[0]).toEqual(values.map((_, i) => `f${i}`));
    expect(rows[1]).toEqual(values);
  });

  it('joins lists with the field separator and leaves missing values empty', () => {
    const sink = delimiter === '\t' ? tsv : csv;
    const fields = [
      { field: { name: 'a', from: 'id', group: 'required' }, project: () => undefined },
      { field: { name: 'b', from: 'additional_image_link', group: 'optional' }, project: () => undefined },
      { field: { name: 'c', from: 'title', group: 'optional' }, project: () => undefined },
    ] as ProjectedField[];
    const row = sink.compile(fields, OPTIONS)({ a: '1', b: ['https://x/1.jpg', 'https://x/2.jpg'] });
    expect(row).toBe(
      delimiter === '\t'
        ? '1\thttps://x/1.jpg,https://x/2.jpg\t\n'
        : '1,"https://x/1.jpg,https://x/2.jpg",\n',
    );
  });
});

describe('the rejects writer', () => {
  it('writes rows csv-stringify would write, and csv-parse reads back, for every kind of value', () => {
    const rows = new RejectWriter();
    const row = values.filter((value) => !value.includes('\r'));
    for (const [i, value] of row.entries()) {
      rows.add(
        {
          line: i,
          key: value,
          channel: 0,
          issues: [{ type: 'invalid-format', field: value, value, expected: 'x' }],
        },
        value,
      );
    }
    const expected = row.map((value, i) => [
      value,
      String(i + 10),
      value,
      'invalid-format',
      value,
      value,
      `${value} "${value}" has the wrong format: expected x`,
    ]);
    const text = Buffer.from(rejectBytes(rows.take(), undefined, 10)).toString('utf8');
    expect(text).toBe(stringify(expected));
    expect(parse(text, { relax_column_count: false })).toEqual(expected);
  });

  it('joins the issues of a record with several', () => {
    const rows = new RejectWriter();
    rows.add(
      {
        line: 1,
        key: 'A-1',
        channel: 0,
        issues: [
          { type: 'missing-required', field: 'price' },
          { type: 'too-long', field: 'title', value: 'x'.repeat(3), limit: 2 },
          { type: 'too-long', field: 'description', value: 'yyy', limit: 2 },
        ],
      },
      'google',
    );
    expect(parse(Buffer.from(rejectBytes(rows.take(), undefined, 1)).toString('utf8'))).toEqual([
      [
        'A-1',
        '2',
        'google',
        'missing-required;too-long',
        'price;title;description',
        'xxx | yyy',
        expect.stringMatching(/^price is required; title .*; description .*$/),
      ],
    ]);
  });

  it("merges the main thread's rows into a batch's by line, then channel, with absolute lines", () => {
    const batch = new RejectWriter();
    const issue = { type: 'missing-required', field: 'price' } as const;
    batch.add({ line: 0, key: 'a', channel: 1, issues: [issue] }, 'meta');
    batch.add({ line: 7, key: 'ø', channel: 0, issues: [issue] }, 'google');
    batch.add({ line: 7, key: 'ø', channel: 2, issues: [issue] }, 'klarna');
    const extra = new RejectWriter();
    const duplicate = { type: 'duplicate-id', field: 'id', value: 'b' } as const;
    extra.add({ line: 3, key: 'b', channel: 0, issues: [duplicate] }, 'google');
    extra.add({ line: 7, key: 'ø', channel: 1, issues: [duplicate] }, 'meta');
    const text = Buffer.from(rejectBytes(batch.take(), extra.take(), 99_998)).toString('utf8');
    expect(parse(text).map((row: string[]) => row.slice(0, 4))).toEqual([
      ['a', '99998', 'meta', 'missing-required'],
      ['b', '100001', 'google', 'duplicate-id'],
      ['ø', '100005', 'google', 'missing-required'],
      ['ø', '100005', 'meta', 'duplicate-id'],
      ['ø', '100005', 'klarna', 'missing-required'],
    ]);
    expect(batch.size).toBe(0);
  });
});
