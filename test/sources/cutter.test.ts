import { describe, expect, it } from 'vitest';
import { FeedkitError } from '../../src/model/errors.js';
import { MAX_BATCH_RECORDS, MAX_FIELDS, RecordCutter } from '../../src/sources/csv/cutter.js';

/** Feed `text` in chunks of `chunk` bytes and return the batches as strings. */
function cut(text: string, chunk: number, batchBytes = 1, delimiter = ','): string[] {
  const cutter = new RecordCutter(delimiter.charCodeAt(0), batchBytes, 1 << 20, 'x.csv');
  const bytes = Buffer.from(text);
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const batch of cutter.push(bytes.subarray(i, i + chunk))) out.push(batch.toString());
  }
  const last = cutter.end();
  if (last) out.push(last.toString());
  return out;
}

describe('RecordCutter', () => {
  const text = 'a,b\n1,"x\ny"\n2,"say ""hi""\n, ok"\n3,12" pan\n4,last';

  const records = ['a,b\n', '1,"x\ny"\n', '2,"say ""hi""\n, ok"\n', '3,12" pan\n', '4,last'];
  const boundaries = new Set(records.map((_, i) => records.slice(0, i + 1).join('').length));

  it.each([1, 2, 3, 5, 7])('cuts at every record boundary with %i-byte chunks', (chunk) => {
    expect(cut(text, chunk)).toEqual(records);
  });

  it.each([16, 64, 1024])('cuts only at record boundaries with %i-byte chunks', (chunk) => {
    const batches = cut(text, chunk);
    expect(batches.join('')).toBe(text);
    let end = 0;
    for (const batch of batches) {
      end += batch.length;
      expect(boundaries.has(end)).toBe(true);
    }
  });

  it('groups records up to the batch size', () => {
    expect(cut(text, 4, 16)).toEqual(['a,b\n1,"x\ny"\n', '2,"say ""hi""\n, ok"\n', '3,12" pan\n', '4,last']);
  });

  it('treats a quote inside an unquoted field as a literal, as csv-parse does', () => {
    expect(cut('a;b\n1;2" x\n3;4\n', 3, 1, ';')).toEqual(['a;b\n', '1;2" x\n', '3;4\n']);
  });

  it('fails on input that ends inside a quoted field', () => {
    expect(() => cut('a,b\n1,"open\n2,3\n', 4)).toThrow(/ends inside a quoted field/);
  });

  it('bounds the size of one record', () => {
    const cutter = new RecordCutter(44, 1, 16, 'big.csv');
    expect(() => cutter.push(Buffer.from('1,"a very long quoted value'))).toThrow(
      /not closed within 16 bytes/,
    );
  });

  it('bounds the fields of one record, naming its line after batches already handed out', () => {
    const cutter = new RecordCutter(44, 8, 1 << 20, 'wide.csv');
    const lines = 'a,b\n1,"x\ny"\n2,z\n3,w\n';
    const batches = cutter.push(Buffer.from(lines));
    expect(batches.map((b) => b.toString()).join('')).toBe(lines);
    let error: unknown;
    try {
      cutter.push(Buffer.from('4,v\n5,'));
      for (let i = 0; i < 4; i++) cutter.push(Buffer.from(','.repeat(MAX_FIELDS / 4)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeedkitError);
    expect((error as FeedkitError).message).toBe(`a record has more than ${MAX_FIELDS} fields`);
    // Lines 1–5 came before: the header, a record over two lines, two more; then 4,v on line 6.
    expect((error as FeedkitError).line).toBe(7);
    expect((error as FeedkitError).exitCode).toBe(3);
  });

  it('counts fields per record: many records of many fields are fine', () => {
    const row = `${','.repeat(MAX_FIELDS - 1)}\n`;
    expect(cut(row.repeat(3), 1 << 16, 1 << 20).join('')).toBe(row.repeat(3));
  });

  it('cuts batches of at most MAX_BATCH_RECORDS records, however small the records', () => {
    const text = 'x\n'.repeat(3 * MAX_BATCH_RECORDS + 5);
    for (const chunk of [7, 1 << 14, 1 << 20]) {
      const batches = cut(text, chunk, 1 << 20);
      expect(batches.join('')).toBe(text);
      expect(Math.max(...batches.map((b) => b.split('\n').length - 1))).toBe(MAX_BATCH_RECORDS);
      expect(batches.length).toBe(4);
    }
  });
});
