import { describe, expect, it } from 'vitest';
import { looksBinary, sniffDelimiter } from '../../src/sources/csv/sniff.js';

describe('sniffDelimiter', () => {
  it.each([
    [',', 'sku,title,price\n1,Hat,10\n2,Cap,12\n'],
    [';', 'sku;title;price\n1;Hat, red;10,5\n2;Cap;12,0\n'],
    ['\t', 'sku\ttitle\tprice\n1\tHat, red; big\t10\n2\tCap\t12\n'],
    ['|', 'sku|title|price\n1|Hat|10\n2|Cap|12\n'],
  ])('finds %j', (delimiter, text) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  it('ignores delimiters inside quoted fields', () => {
    expect(sniffDelimiter('a;b\n"x, y, z";1\n"p, q";2\n')).toBe(';');
  });
});

describe('looksBinary', () => {
  it('spots NUL bytes and control characters', () => {
    expect(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toBe(true);
    expect(looksBinary(Buffer.from('sku,title\n1,Hat\n'))).toBe(false);
  });
});
