import { describe, expect, it } from 'vitest';
import { packTable, TableReader } from '../../../src/sources/joins/packed-table.js';

describe('packed table', () => {
  it('finds keys of any length and script, one after another with the same reader', () => {
    const long = 'ø'.repeat(300);
    const keys = ['a', 'DK-1', 'Århus', '日本語', '😀 emoji', long, `${long}x`, 'b'];
    const reader = new TableReader(packTable(new Map(keys.map((key, i) => [key, [String(i)]])), 1));
    // Short after long: a reused buffer must not leave bytes of the longer key behind.
    for (const key of [...keys, ...[...keys].reverse()]) {
      const row = reader.find(key);
      expect(row).toBeGreaterThanOrEqual(0);
      expect(reader.value(row, 0)).toBe(String(keys.indexOf(key)));
    }
    expect(reader.find('')).toBe(-1);
    expect(reader.find('Aarhus')).toBe(-1);
    expect(reader.find(long.slice(1))).toBe(-1);
  });

  it('encodes a lone surrogate as Buffer.from does', () => {
    const key = 'x\ud800y';
    const reader = new TableReader(packTable(new Map([[key, ['1']]]), 1));
    expect(reader.find(key)).toBe(0);
  });

  it('an empty table finds nothing', () => {
    expect(new TableReader(packTable(new Map(), 0)).find('a')).toBe(-1);
  });
});
