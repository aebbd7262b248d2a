import { describe, expect, it } from 'vitest';
import { RecordCutter } from '../../src/sources/csv/cutter.js';

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
});
